/** Cell values that mean "no value", compared after trimming and lower-casing. */
export const MISSING_MARKERS: readonly string[] = [
  '',
  'na',
  'n/a',
  'nan',
  'null',
  '-',
  'none',
  '#n/a',
  '?',
  '..',
];

const missingSet = new Set(MISSING_MARKERS);

/** Longest marker, so that long cells skip the set lookup. */
const MAX_MARKER_LENGTH = 4;

/** True when a trimmed cell is a missing-value marker (`''`, `NA`, `N/A`, `NaN`, `null`, `-`, ...). */
export function isMissing(trimmed: string): boolean {
  if (trimmed.length === 0) return true;
  const first = trimmed.charCodeAt(0);
  if (trimmed.length > MAX_MARKER_LENGTH || (first >= 48 && first <= 57)) return false;
  return missingSet.has(trimmed.toLowerCase());
}

/** Trims spaces, tabs and stray carriage returns, allocating only when there is something to trim. */
export function trimCell(cell: string): string {
  const n = cell.length;
  if (n === 0) return cell;
  if (cell.charCodeAt(0) > 32 && cell.charCodeAt(n - 1) > 32) return cell;
  return cell.trim();
}

const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA_DECIMAL = /^[+-]?\d+,\d*$/;
const THOUSANDS_COMMA = /^([+-]?)(\d{1,3}(?:,\d{3})+)(\.\d+)?$/;
const THOUSANDS_DOT_DECIMAL_COMMA = /^([+-]?)(\d{1,3}(?:\.\d{3})+)(,\d*)?$/;
const THOUSANDS_SPACE = /^([+-]?)(\d{1,3}(?:[ \u00a0\u202f']\d{3})+)([.,]\d+)?$/;
const DECORATED = /^([+-]?)[$€£¥]\s?(.+)$|^(.+?)\s?%$/;

/**
 * Parses one trimmed, non-missing cell as a number. With `decimalComma` the comma is the decimal
 * separator and dots group thousands (`1.234,5` = 1234.5); without it commas group thousands
 * (`1,234.5`). A leading currency sign and a trailing `%` are ignored (`12%` = 12). Returns NaN when the
 * cell is not a number.
 */
export function parseNumber(s: string, decimalComma: boolean): number {
  let value: number;
  if (PLAIN_NUMBER.test(s)) {
    value = decimalComma && THOUSANDS_DOT_DECIMAL_COMMA.test(s) ? Number(s.replace(/\./g, '')) : Number(s);
  } else {
    value = parseNumberSlow(s, decimalComma);
  }
  return Number.isFinite(value) ? value : NaN;
}

function parseNumberSlow(s: string, decimalComma: boolean): number {
  if (decimalComma) {
    if (COMMA_DECIMAL.test(s)) return Number(s.replace(',', '.'));
    const m = THOUSANDS_DOT_DECIMAL_COMMA.exec(s);
    if (m) return Number(m[1] + m[2].replace(/\./g, '') + (m[3] ? '.' + m[3].slice(1) : ''));
  } else {
    const m = THOUSANDS_COMMA.exec(s);
    if (m) return Number(m[1] + m[2].replace(/,/g, '') + (m[3] ?? ''));
  }
  const spaced = THOUSANDS_SPACE.exec(s);
  if (spaced) {
    const fraction = spaced[3] ?? '';
    if (fraction !== '' && (fraction[0] === ',') !== decimalComma) return NaN;
    return Number(
      spaced[1] + spaced[2].replace(/[ \u00a0\u202f']/g, '') + (fraction ? '.' + fraction.slice(1) : ''),
    );
  }
  const decorated = DECORATED.exec(s);
  if (decorated) {
    const inner = decorated[2] !== undefined ? decorated[1] + decorated[2] : decorated[3];
    if (inner !== undefined && inner !== s && !DECORATED.test(inner))
      return parseNumber(inner.trim(), decimalComma);
  }
  return NaN;
}

/** True when a cell is a number written with a decimal comma (`1,5`, `-0,25`, `1.234,5`). */
export function looksLikeDecimalComma(s: string): boolean {
  return /^[+-]?\d+,\d+$/.test(s) || /^[+-]?\d{1,3}(?:\.\d{3})+,\d+$/.test(s);
}

/** True when a cell is a number written with a decimal point that cannot be a thousands group (`1.5`). */
export function looksLikeDecimalPoint(s: string): boolean {
  return /^[+-]?\d*\.\d+$/.test(s) && !/^[+-]?\d{1,3}(?:\.\d{3})+$/.test(s);
}
