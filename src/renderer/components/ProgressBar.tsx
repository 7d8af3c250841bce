/** A determinate progress bar with a label (fraction 0..1). */
export function ProgressBar({
  fraction,
  label,
  testId,
}: {
  fraction: number;
  label?: string;
  testId?: string;
}) {
  const pct = Math.max(0, Math.min(100, fraction * 100));
  return (
    <div className="progress" data-testid={testId}>
      <div
        className="progress-track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct)}
        aria-label={label}
      >
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      {label && <span className="progress-label">{label}</span>}
    </div>
  );
}
