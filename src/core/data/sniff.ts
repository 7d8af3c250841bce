import Papa from 'papaparse';
import { guessDateFormat } from './dates';
import { isMissing, looksLikeDecimalComma, looksLikeDecimalPoint, parseNumber, trimCell } from './numbers';
import type { Delimiter } from './types';

export type Newline = '\n' | '\r\n' | '\r';

/** Candidate delimiters, most specific first (used to break ties). */
export const DELIMITERS: readonly Delimiter[] = ['\t', ';', '|', ','];

/** The line ending of the first line break in the text (`\n` when there is none). */
export function detectNewline(text: string): Newline {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr < 0) return '\n';
  if (lf === cr + 1) return '\r\n';
  if (lf < 0 || cr < lf) return '\r';
  return '\n';
}

function countQuotes(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('"', from); i >= 0 && i < to; i = text.indexOf('"', i + 1)) count++;
  return count;
}

/**
 * Offset just after the first line break at or after `approx` that is not inside a quoted field, given
 * that `from` is the start of a row. Returns `text.length` when there is none. Quote state is tracked by
 * parity, which holds for well-formed CSV (an escaped quote `""` counts twice).
 */
export function nextRowBoundary(
  text: string,
  from: number,
  approx: number,
  newline: Newline,
  hasQuotes: boolean,
): number {
  let pos = Math.max(from, approx);
  if (pos >= text.length) return text.length;
  let quotes = hasQuotes ? countQuotes(text, from, pos) : 0;
  for (;;) {
    const nl = text.indexOf(newline, pos);
    if (nl < 0) return text.length;
    if (hasQuotes) quotes += countQuotes(text, pos, nl);
    if (quotes % 2 === 0) return nl + newline.length;
    pos = nl + newline.length;
  }
}

/** Rows of a CSV text and the offset just after each row. */
export interface RowsWithEnds {
  rows: string[][];
  ends: number[];
}

/** Parses up to `limit` rows of `text` with papaparse, keeping where each row ends. */
export function parseRows(text: string, delimiter: string, newline: Newline, limit = 0): RowsWithEnds {
  const rows: string[][] = [];
  const ends: number[] = [];
  Papa.parse<string[]>(text, {
    delimiter,
    newline,
    quoteChar: '"',
    preview: limit,
    step: (result) => {
      rows.push(result.data);
      ends.push(result.meta.cursor);
    },
  });
  return { rows, ends };
}

/** True for a row that holds nothing but blanks. */
export function isBlankRow(row: readonly string[]): boolean {
  for (const cell of row) if (trimCell(cell) !== '') return false;
  return true;
}

/** Where the table starts after leading blank lines and `#` comment lines. */
export interface LeadingComments {
  offset: number;
  /** Comment lines skipped. */
  lines: number;
  /** The last comment line without its `#` (some tools write the header as a comment), or null. */
  last: string | null;
}

/** Skips the blank lines and `#` comment lines starting at offset `from`. */
export function skipLeadingComments(text: string, newline: Newline, from = 0): LeadingComments {
  let offset = from;
  let lines = 0;
  let last: string | null = null;
  for (;;) {
    let i = offset;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    const isComment = text[i] === '#';
    const nl = text.indexOf(newline, offset);
    const lineEnd = nl < 0 ? text.length : nl;
    const blank =
      !isComment &&
      text.slice(offset, Math.min(lineEnd, offset + 1000)).trim() === '' &&
      lineEnd - offset < 1000;
    if (!isComment && !blank) return { offset, lines, last };
    if (isComment) {
      lines++;
      last = text.slice(i + 1, lineEnd).trim();
    }
    if (nl < 0) return { offset: text.length, lines, last };
    offset = nl + newline.length;
  }
}

/** What a single cell looks like. */
export type CellClass = 'missing' | 'number' | 'date' | 'text';

/** Classifies a raw cell as missing, a number, a date (any known layout) or text. */
export function classifyCell(raw: string, decimalComma: boolean): CellClass {
  const s = trimCell(raw);
  if (isMissing(s)) return 'missing';
  if (!Number.isNaN(parseNumber(s, decimalComma))) return 'number';
  if (guessDateFormat(s, true) !== null) return 'date';
  return 'text';
}

function mode(counts: readonly number[]): number {
  const freq = new Map<number, number>();
  for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
  let best = 0;
  let bestFreq = 0;
  for (const [value, f] of freq) {
    if (f > bestFreq || (f === bestFreq && value > best)) {
      best = value;
      bestFreq = f;
    }
  }
  return best;
}

/** The row layout of a candidate delimiter on the first rows of a file. */
export interface DelimiterLayout {
  delimiter: Delimiter;
  /** Fields per row (the most common count). */
  fields: number;
  /** Leading title rows with clearly fewer fields, to be skipped. */
  preambleRows: number;
  /** Share of the remaining rows with exactly `fields` fields. */
  consistency: number;
  /** Share of body cells that read as numbers, dates or missing markers. */
  typed: number;
}

/** Measures how well `delimiter` splits the given non-blank rows. */
export function measureDelimiter(delimiter: Delimiter, rows: readonly string[][]): DelimiterLayout {
  const counts = rows.map((r) => r.length);
  const fields = mode(counts);
  let preambleRows = 0;
  while (
    preambleRows < Math.min(20, counts.length - 1) &&
    counts[preambleRows] < fields &&
    counts[preambleRows] <= Math.max(1, Math.floor(fields / 2))
  ) {
    preambleRows++;
  }
  const rest = counts.slice(preambleRows);
  const consistency = rest.length === 0 ? 0 : rest.filter((c) => c === fields).length / rest.length;
  let typed = 0;
  let cells = 0;
  for (const row of rows.slice(preambleRows + 1, preambleRows + 51)) {
    for (const cell of row) {
      cells++;
      if (classifyCell(cell, delimiter !== ',') !== 'text') typed++;
    }
  }
  return { delimiter, fields, preambleRows, consistency, typed: cells === 0 ? 0 : typed / cells };
}

function lexicographicallyGreater(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

/**
 * Picks the delimiter among tab, `;`, `|` and `,` that splits the rows into a consistent number (>= 2)
 * of fields; among equally consistent ones, the one whose cells read best as numbers and dates (so that
 * `1,5;2,5` splits on `;`), then the one with more fields. Falls back to `,` (one column).
 */
export function chooseDelimiter(rowsByDelimiter: ReadonlyMap<Delimiter, string[][]>): DelimiterLayout {
  let best: DelimiterLayout | null = null;
  let bestKey: number[] = [];
  for (const delimiter of DELIMITERS) {
    const layout = measureDelimiter(delimiter, rowsByDelimiter.get(delimiter) ?? []);
    if (layout.fields < 2 || layout.consistency < 0.8) continue;
    const key = [layout.consistency >= 0.98 ? 1 : layout.consistency, layout.typed, layout.fields];
    if (best === null || lexicographicallyGreater(key, bestKey)) {
      best = layout;
      bestKey = key;
    }
  }
  return best ?? measureDelimiter(',', rowsByDelimiter.get(',') ?? []);
}

/**
 * Decides from sample cells whether commas are decimal separators: only when the delimiter is not a
 * comma and numbers such as `1,5` outnumber numbers such as `1.5`.
 */
export function detectDecimalComma(rows: readonly string[][], delimiter: Delimiter): boolean {
  if (delimiter === ',') return false;
  let comma = 0;
  let point = 0;
  for (const row of rows) {
    for (const raw of row) {
      const s = trimCell(raw);
      if (looksLikeDecimalComma(s)) comma++;
      else if (looksLikeDecimalPoint(s)) point++;
    }
  }
  return comma > 0 && comma >= point;
}

type BodyKind = 'number' | 'date' | 'text' | 'empty';

function bodyKinds(body: readonly string[][], columns: number, decimalComma: boolean): BodyKind[] {
  const kinds: BodyKind[] = [];
  for (let j = 0; j < columns; j++) {
    let numbers = 0;
    let dates = 0;
    let present = 0;
    for (const row of body) {
      const c = classifyCell(row[j] ?? '', decimalComma);
      if (c === 'missing') continue;
      present++;
      if (c === 'number') numbers++;
      else if (c === 'date') dates++;
    }
    if (present === 0) kinds.push('empty');
    else if (numbers + dates < 0.9 * present) kinds.push('text');
    else kinds.push(dates > numbers ? 'date' : 'number');
  }
  return kinds;
}

function isYearLabel(s: string): boolean {
  return /^[12]\d{3}$/.test(s);
}

/**
 * Decides whether the first row holds column names: its cells are text where the rows below hold
 * numbers or dates (and not the other way round), or it is a row of years or dates above numbers (a wide table),
 * or every cell of an all-text table is text never repeated below. A lone row of text is a header.
 */
export function detectHeader(
  first: readonly string[],
  body: readonly string[][],
  decimalComma: boolean,
): boolean {
  const firstKinds = first.map((c) => classifyCell(c, decimalComma));
  const nonMissing = firstKinds.filter((k) => k !== 'missing');
  if (nonMissing.length === 0) return false;
  if (body.length === 0) return nonMissing.every((k) => k === 'text');
  const columns = Math.max(first.length, ...body.map((r) => r.length));
  const kinds = bodyKinds(body, columns, decimalComma);
  let forHeader = 0;
  let against = 0;
  for (let j = 0; j < first.length; j++) {
    const f = firstKinds[j];
    const b = kinds[j];
    if (f === 'text' && (b === 'number' || b === 'date')) forHeader++;
    else if ((f === 'number' || f === 'date') && (b === 'number' || b === 'date')) against++;
  }
  if (forHeader > 0 && forHeader >= against) return true;
  const trimmed = first.map(trimCell);
  // A wide table: years or dates as column names above numbers, other names text.
  const periodLabel = (j: number): boolean => isYearLabel(trimmed[j]) || firstKinds[j] === 'date';
  const periods = first.map((_, j) => j).filter((j) => periodLabel(j) && kinds[j] === 'number');
  const othersText = firstKinds.every((k, j) => k === 'text' || k === 'missing' || periodLabel(j));
  if (periods.length >= 3 && othersText && new Set(periods.map((j) => trimmed[j])).size === periods.length)
    return true;
  if (nonMissing.every((k) => k === 'text') && kinds.every((k) => k === 'text' || k === 'empty')) {
    const names = trimmed.filter((s) => s !== '');
    const distinct = new Set(names).size === names.length;
    const repeated = trimmed.some(
      (name, j) => name !== '' && body.some((row) => trimCell(row[j] ?? '') === name),
    );
    return distinct && !repeated;
  }
  return false;
}

/** Column names from a header row: trimmed, blanks named colN, duplicates suffixed `_2`, `_3`. */
export function columnNames(header: readonly string[] | null, columns: number): string[] {
  const names: string[] = [];
  const seen = new Map<string, number>();
  for (let j = 0; j < columns; j++) {
    let name = header !== null && j < header.length ? trimCell(header[j]) : '';
    if (name === '') name = `col${j + 1}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    if (count > 1) {
      let candidate = `${name}_${count}`;
      while (seen.has(candidate)) candidate += '_';
      seen.set(candidate, 1);
      name = candidate;
    }
    names.push(name);
  }
  return names;
}
