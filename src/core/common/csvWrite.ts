/**
 * Writing CSV files that are safe to open in a spreadsheet. A text cell that starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return would be run as a formula by Excel, LibreOffice or Sheets (CSV injection: a run named
 * `=HYPERLINK(...)` or a column named `@SUM(...)`), so it is written with a leading `'`, which spreadsheets show
 * as text. Numbers are written as numbers; text that is only a number ("-3.5") is left as it is.
 */

/** Characters that make a spreadsheet read a cell as a formula when they start it. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Text a spreadsheet reads as a plain number, not a formula. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Text as a spreadsheet should show it: with a leading `'` when it would otherwise start a formula. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One CSV cell: empty for null, undefined and non-finite numbers; text neutralised and quoted when needed. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutralizeFormula(String(value));
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text from a header and rows (every cell through {@link csvCell}), ending with a newline. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
