/** Small inline icons (SVG, so they render the same on every system). */
const base = {
  width: 15,
  height: 15,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;

export const TrashIcon = () => (
  <svg {...base} aria-hidden>
    <path d="M3 6h18M8 6V4h8v2M6 6l1 14h10l1-14" />
  </svg>
);
export const PencilIcon = () => (
  <svg {...base} aria-hidden>
    <path d="M4 20h4L19 9l-4-4L4 16v4z" />
  </svg>
);
export const InfoIcon = () => (
  <svg {...base} aria-hidden>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v6M12 7.5v.5" />
  </svg>
);
