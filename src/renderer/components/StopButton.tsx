/** The Stop button of a running job: it turns into a disabled "Stopping…" once pressed, until the job ends. */
export function StopButton({
  onStop,
  stopping,
  title,
  testId,
}: {
  onStop(): void;
  stopping: boolean;
  /** What Stop keeps, for the tooltip. */
  title: string;
  testId: string;
}) {
  return (
    <button className="danger" onClick={onStop} disabled={stopping} data-testid={testId} title={title}>
      {stopping ? 'Stopping…' : 'Stop'}
    </button>
  );
}
