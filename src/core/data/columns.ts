import { detectDateFormat, parseDate, type DateFormat } from './dates';
import { inferFrequency } from './frequency';
import { isMissing, parseNumber, trimCell } from './numbers';
import type { Column, ColumnKind } from './types';

/** How a column will be stored, decided from a sample of its cells. */
export interface ColumnPlan {
  kind: ColumnKind;
  /** Layout of a date column. */
  format: DateFormat | null;
  /** The day/month order of the dates could not be told from the sample. */
  ambiguousDayMonth: boolean;
}

/**
 * Share of non-missing sample cells that must read as numbers (or dates) for the column to be one; the
 * rest are counted as invalid and stored as missing, with a warning.
 */
export const MIN_TYPED_SHARE = 0.75;

/**
 * Decides a column's kind from trimmed, non-missing sample cells: numeric when at least 75% are numbers,
 * date when one layout reads at least 75%, else text. A column with no values is numeric (and empty).
 */
export function planColumn(values: readonly string[], decimalComma: boolean, dayFirst: boolean): ColumnPlan {
  if (values.length === 0) return { kind: 'numeric', format: null, ambiguousDayMonth: false };
  let numbers = 0;
  for (const v of values) if (!Number.isNaN(parseNumber(v, decimalComma))) numbers++;
  if (numbers >= MIN_TYPED_SHARE * values.length)
    return { kind: 'numeric', format: null, ambiguousDayMonth: false };
  const guess = detectDateFormat(values, dayFirst, MIN_TYPED_SHARE);
  if (guess === null) return { kind: 'text', format: null, ambiguousDayMonth: false };
  if (guess.ambiguousDayMonth) return { kind: 'date', ...settleDayMonth(values, guess.format) };
  return { kind: 'date', format: guess.format, ambiguousDayMonth: false };
}

/**
 * Day/month order when every value reads both ways: the order that gives the more regular time steps
 * (10-minute data read month-first jumps a month at midnight), else day first for dotted dates
 * (`01.02.2020` is a European layout), else the hint, flagged as ambiguous.
 */
function settleDayMonth(
  values: readonly string[],
  hint: DateFormat,
): { format: DateFormat; ambiguousDayMonth: boolean } {
  const regularity = (format: DateFormat): number =>
    inferFrequency(values.map((v) => parseDate(v, format))).regularity;
  const dmy = regularity('dmy');
  const mdy = regularity('mdy');
  if (Math.abs(dmy - mdy) > 1e-9) return { format: dmy > mdy ? 'dmy' : 'mdy', ambiguousDayMonth: false };
  if (values.every((v) => /^\d{1,2}\.\d{1,2}\./.test(v))) return { format: 'dmy', ambiguousDayMonth: false };
  return { format: hint, ambiguousDayMonth: true };
}

const KIND_NUMERIC = 0;
const KIND_DATE = 1;
const KIND_TEXT = 2;

/** Collects one column's cells row by row into compact typed storage. */
export class ColumnBuilder {
  private readonly kindCode: number;
  private numbers: Float64Array;
  private codes: Int32Array;
  private readonly dictionary = new Map<string, number>();
  private readonly categories: string[] = [];
  length = 0;
  missing = 0;
  invalid = 0;
  readonly invalidExamples: string[] = [];

  constructor(
    readonly name: string,
    readonly index: number,
    readonly plan: ColumnPlan,
    private readonly decimalComma: boolean,
    capacity: number,
  ) {
    this.kindCode = plan.kind === 'numeric' ? KIND_NUMERIC : plan.kind === 'date' ? KIND_DATE : KIND_TEXT;
    const size = Math.max(16, capacity);
    this.numbers = new Float64Array(this.kindCode === KIND_TEXT ? 0 : size);
    this.codes = new Int32Array(this.kindCode === KIND_TEXT ? size : 0);
  }

  /** Makes room for `extra` more rows. */
  private reserve(extra: number): void {
    const capacity = this.kindCode === KIND_TEXT ? this.codes.length : this.numbers.length;
    const needed = this.length + extra;
    if (needed <= capacity) return;
    const size = Math.max(16, needed, capacity * 2);
    if (this.kindCode === KIND_TEXT) {
      const next = new Int32Array(size);
      next.set(this.codes.subarray(0, this.length));
      this.codes = next;
    } else {
      const next = new Float64Array(size);
      next.set(this.numbers.subarray(0, this.length));
      this.numbers = next;
    }
  }

  private reject(cell: string): void {
    this.invalid++;
    if (this.invalidExamples.length < 3 && !this.invalidExamples.includes(cell))
      this.invalidExamples.push(cell);
  }

  private code(cell: string): number {
    let code = this.dictionary.get(cell);
    if (code === undefined) {
      code = this.categories.length;
      this.dictionary.set(cell, code);
      this.categories.push(cell);
    }
    return code;
  }

  /** Adds cell `j` of each row (a missing value where a row is too short). */
  pushColumn(rows: readonly string[][], j: number): void {
    this.reserve(rows.length);
    let i = this.length;
    if (this.kindCode === KIND_TEXT) {
      const out = this.codes;
      for (const row of rows) {
        const raw = row[j];
        const cell = raw === undefined ? '' : trimCell(raw);
        if (isMissing(cell)) {
          this.missing++;
          out[i++] = -1;
        } else {
          out[i++] = this.code(cell);
        }
      }
    } else {
      const out = this.numbers;
      const numeric = this.kindCode === KIND_NUMERIC;
      const format = this.plan.format ?? 'iso';
      for (const row of rows) {
        const raw = row[j];
        const cell = raw === undefined ? '' : trimCell(raw);
        if (isMissing(cell)) {
          this.missing++;
          out[i++] = NaN;
          continue;
        }
        const value = numeric ? parseNumber(cell, this.decimalComma) : parseDate(cell, format);
        if (Number.isNaN(value)) this.reject(cell);
        out[i++] = value;
      }
    }
    this.length = i;
  }

  /** Share of non-missing cells that did not fit the planned kind. */
  invalidShare(): number {
    const present = this.length - this.missing;
    return present === 0 ? 0 : this.invalid / present;
  }

  /** The finished column, trimmed to its length. */
  finish(): Column {
    const base = {
      name: this.name,
      index: this.index,
      missing: this.missing,
      invalid: this.invalid,
      invalidExamples: [...this.invalidExamples],
    };
    if (this.plan.kind === 'text') {
      return { ...base, kind: 'text', codes: this.codes.slice(0, this.length), categories: this.categories };
    }
    const values = this.numbers.slice(0, this.length);
    if (this.plan.kind === 'date')
      return { ...base, kind: 'date', format: this.plan.format ?? 'iso', values };
    return { ...base, kind: 'numeric', values };
  }
}

/** Cells of column `j` in `rows`, trimmed, without missing markers. */
export function presentCells(rows: readonly string[][], j: number): string[] {
  const out: string[] = [];
  for (const row of rows) {
    const raw = row[j];
    if (raw === undefined) continue;
    const s = trimCell(raw);
    if (!isMissing(s)) out.push(s);
  }
  return out;
}
