/**
 * A message about a file, naming the file once: messages from the lab's import already start with the file's
 * name ("bad.csv: This table is wide…"), and prefixing it again would repeat it.
 */
export function aboutFile(fileName: string, message: string): string {
  return message.startsWith(fileName) ? message : `${fileName}: ${message}`;
}

/**
 * The toast after a forecast run was saved, by how it ended. A stopped run's own message already says it
 * stopped ("Stopped after epoch 3, as requested; …"), so the toast does not add a second "Stopped.".
 */
export function savedRunMessage(status: string, message: string, savedName: string): string {
  const saved = `Saved as “${savedName}”.`;
  if (status === 'stopped') {
    const said = /^stopped\b/i.test(message) ? message : `Stopped. ${message}`;
    return `${said.trim()}${/[.!?]$/.test(said.trim()) ? '' : '.'} ${saved}`;
  }
  if (status === 'diverged') return message;
  return saved;
}

/** What "Forecast again" did, for the line shown under the results: when, how far, and whether it changed. */
export function refitMessage(steps: number, changed: boolean, at: Date): string {
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    `Forecast again at ${time} with the saved model: ${steps} step${steps === 1 ? '' : 's'} past the end of the data` +
    (changed
      ? '; the chart shows the new forecast.'
      : '; the data has not changed since the run, so the forecast is the same as the saved one.')
  );
}

/** Whether two forecasts differ in any step (beyond rounding). */
export function forecastsDiffer(a: readonly number[], b: readonly number[] | null | undefined): boolean {
  if (!b || a.length !== b.length) return true;
  return a.some((v, i) => Math.abs(v - b[i]) > 1e-9 * Math.max(1, Math.abs(v)));
}
