/** Human-readable byte size: 1.2 MB, 340 kB, 12 B. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(bytes < 1e4 ? 1 : 0)} kB`;
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}

/** Local date and time of an ISO timestamp, minutes precision. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameYear = d.getFullYear() === new Date().getFullYear();
  return d.toLocaleString(undefined, {
    ...(sameYear ? {} : { year: 'numeric' }),
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}

/** One line about a dataset's content from its stored summary: "741 rows · monthly", "32 notes · 100 bpm". */
export function describeDataset(d: { kind: 'csv' | 'midi'; summary: Record<string, unknown> }): string {
  const s = d.summary as {
    rows?: number;
    columns?: unknown[];
    time?: { frequency?: { label?: string } } | null;
    key?: { keys?: unknown[] } | null;
    notes?: number;
    bpm?: number;
    tracks?: unknown[];
  };
  if (d.kind === 'csv') {
    const parts = [`${(s.rows ?? 0).toLocaleString()} rows`];
    if (s.columns) parts.push(`${s.columns.length} cols`);
    if (s.time?.frequency?.label) parts.push(s.time.frequency.label);
    if (s.key?.keys) parts.push(`${s.key.keys.length} series`);
    return parts.join(' · ');
  }
  const parts = [`${s.notes ?? 0} notes`];
  if (s.bpm) parts.push(`${Math.round(s.bpm)} bpm`);
  if (s.tracks && s.tracks.length > 1) parts.push(`${s.tracks.length} tracks`);
  return parts.join(' · ');
}
