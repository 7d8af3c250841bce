import { MS_PER_DAY, MS_PER_HOUR, monthFromName, parseTimeOfDay, utcMs } from './dates';
import { findGaps, inferFrequencyOfSorted } from './frequency';
import type {
  Column,
  DateColumn,
  Gap,
  KeyInfo,
  NumericColumn,
  TextColumn,
  TimeIndex,
  TimeOrder,
  TimeSource,
} from './types';

/** Time columns found in a table and the per-row times built from them. */
export interface TimeColumns {
  /** Indices into the table's columns. */
  indices: number[];
  source: TimeSource;
  /** Epoch ms (UTC) per row, NaN when unknown. */
  values: Float64Array;
}

const DATE_LIKE_NAME = /date|time|period|day|month|week|year|quarter|stamp|datum|fecha|jahr|zeit|^dt$/i;
const YEAR_NAME = /^(year|yr|yyyy|jahr|ann[ée]e|a[ñn]o|anno|jaar)$/i;
const QUARTER_NAME = /^(q|qtr|quarter|quartal|trimestre)$/i;
const MONTH_NAME = /^(m|mo|mon|month|mm|monat|mois|mes|mese|maand)$/i;
const DAY_NAME = /^(d|dd|day|dom|tag|jour|d[ií]a|giorno|dag)$/i;
const HOUR_NAME = /^(h|hr|hh|hour|stunde|heure|hora|ora)$/i;
const UNIX_NAME = /^(timestamp|time_?stamp|unix|unix_?time(stamp)?|epoch|time|ts|datetime|date)$/i;

/** True when the column has at least two values and every value is an integer in min..max. */
function integersIn(column: NumericColumn, min: number, max: number): boolean {
  let count = 0;
  for (const v of column.values) {
    if (Number.isNaN(v)) continue;
    if (!(v >= min && v <= max && Number.isInteger(v))) return false;
    count++;
  }
  return count >= 2;
}

/** Finite values of a numeric column in row order. */
function finiteValues(column: NumericColumn): number[] {
  const out: number[] = [];
  for (const v of column.values) if (Number.isFinite(v)) out.push(v);
  return out;
}

function nonDecreasing(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] < values[i - 1]) return false;
  return true;
}

function numericColumns(columns: readonly Column[], skip: ReadonlySet<number>): NumericColumn[] {
  return columns.filter((c): c is NumericColumn => c.kind === 'numeric' && !skip.has(c.index));
}

function findYearColumn(columns: readonly Column[]): NumericColumn | null {
  const numeric = numericColumns(columns, new Set());
  const named = numeric.find((c) => YEAR_NAME.test(c.name) && integersIn(c, 1000, 2999));
  if (named !== undefined) return named;
  for (const c of numeric) {
    if (c.missing + c.invalid > 0 || !integersIn(c, 1000, 2999)) continue;
    const v = c.values;
    const step = v[1] - v[0];
    if (step >= 1 && v.every((x, i) => i === 0 || x - v[i - 1] === step)) return c;
  }
  return null;
}

/** A column of small integers (or text codes) that completes a year into a date. */
interface Part {
  column: Column;
  /** Per-row number (1..4 for quarters, 1..12 for months, 1..31 for days), NaN when missing. */
  at: (row: number) => number;
}

function numericPart(
  columns: readonly Column[],
  name: RegExp,
  min: number,
  max: number,
  skip: ReadonlySet<number>,
): Part | null {
  for (const c of numericColumns(columns, skip)) {
    if (name.test(c.name) && integersIn(c, min, max)) return { column: c, at: (i) => c.values[i] };
  }
  return null;
}

function textPart(
  columns: readonly Column[],
  accept: (category: string, column: TextColumn) => number,
  skip: ReadonlySet<number>,
): Part | null {
  for (const c of columns) {
    if (c.kind !== 'text' || skip.has(c.index) || c.categories.length === 0) continue;
    const mapped = c.categories.map((cat) => accept(cat, c));
    if (mapped.every((v) => v > 0))
      return { column: c, at: (i) => (c.codes[i] < 0 ? NaN : mapped[c.codes[i]]) };
  }
  return null;
}

function quarterOf(category: string, column: TextColumn): number {
  const m = /^(Q)?([1-4])$/i.exec(category.trim());
  if (!m) return 0;
  return m[1] !== undefined || QUARTER_NAME.test(column.name) ? Number(m[2]) : 0;
}

function fromYear(columns: readonly Column[], rows: number): TimeColumns | null {
  const year = findYearColumn(columns);
  if (year === null) return null;
  const skip = new Set([year.index]);
  const quarter =
    numericPart(columns, QUARTER_NAME, 1, 4, skip) ?? textPart(columns, (cat, c) => quarterOf(cat, c), skip);
  const month =
    quarter === null
      ? (numericPart(columns, MONTH_NAME, 1, 12, skip) ??
        textPart(columns, (cat) => monthFromName(cat), skip))
      : null;
  const day = month !== null ? numericPart(columns, DAY_NAME, 1, 31, skip) : null;
  const values = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const y = year.values[i];
    if (quarter) values[i] = utcMs(y, (quarter.at(i) - 1) * 3 + 1, 1);
    else if (month) values[i] = utcMs(y, month.at(i), day ? day.at(i) : 1);
    else values[i] = utcMs(y, 1, 1);
  }
  const parts = [quarter, month, day].filter((p): p is Part => p !== null).map((p) => p.column.index);
  const source: TimeSource = quarter
    ? 'year-quarter'
    : month
      ? day
        ? 'year-month-day'
        : 'year-month'
      : 'year';
  return { indices: [year.index, ...parts], source, values };
}

/**
 * Epoch ms (UTC) of a number a time index is read from: YYYYMMDD (20150131) or YYYYMM integers, Unix seconds or
 * milliseconds. Null for other sources or a number that is not such a time.
 */
export function numericTimeMs(v: number, source: TimeSource): number | null {
  if (!Number.isFinite(v)) return null;
  let ms: number;
  if (source === 'yyyymmdd') ms = utcMs(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100);
  else if (source === 'yyyymm') ms = utcMs(Math.floor(v / 100), v % 100, 1);
  else if (source === 'unix-seconds') ms = v * 1000;
  else if (source === 'unix-ms') ms = v;
  else return null;
  return Number.isNaN(ms) ? null : ms;
}

function fromCompactIntegers(columns: readonly Column[], rows: number): TimeColumns | null {
  for (const c of numericColumns(columns, new Set())) {
    const eight = integersIn(c, 10000101, 29991231);
    const six = !eight && integersIn(c, 100001, 299912);
    if (!eight && !six) continue;
    if (!DATE_LIKE_NAME.test(c.name)) {
      const values = finiteValues(c);
      if (!(eight ? nonDecreasing(values) : values.every((v, i) => i === 0 || v > values[i - 1]))) continue;
    }
    const out = new Float64Array(rows);
    let valid = true;
    for (let i = 0; i < rows && valid; i++) {
      const v = c.values[i];
      if (Number.isNaN(v)) {
        out[i] = NaN;
        continue;
      }
      out[i] = numericTimeMs(v, eight ? 'yyyymmdd' : 'yyyymm') ?? NaN;
      valid = !Number.isNaN(out[i]);
    }
    if (valid) return { indices: [c.index], source: eight ? 'yyyymmdd' : 'yyyymm', values: out };
  }
  return null;
}

function fromUnix(columns: readonly Column[]): TimeColumns | null {
  for (const c of numericColumns(columns, new Set())) {
    if (!UNIX_NAME.test(c.name)) continue;
    if (integersIn(c, 1e8, 4.2e9))
      return { indices: [c.index], source: 'unix-seconds', values: c.values.map((v) => v * 1000) };
    if (integersIn(c, 1e11, 4.2e12))
      return { indices: [c.index], source: 'unix-ms', values: Float64Array.from(c.values) };
  }
  return null;
}

function withTimeOfDay(date: DateColumn, columns: readonly Column[], rows: number): TimeColumns {
  const plain: TimeColumns = { indices: [date.index], source: 'date', values: date.values };
  for (const v of date.values) if (Number.isFinite(v) && v % MS_PER_DAY !== 0) return plain;
  const skip = new Set([date.index]);
  let offsetAt: ((row: number) => number) | null = null;
  let partIndex = -1;
  for (const c of columns) {
    if (c.kind !== 'text' || skip.has(c.index) || c.categories.length === 0) continue;
    const offsets = c.categories.map(parseTimeOfDay);
    if (offsets.every((o) => !Number.isNaN(o))) {
      offsetAt = (i) => (c.codes[i] < 0 ? NaN : offsets[c.codes[i]]);
      partIndex = c.index;
      break;
    }
  }
  if (offsetAt === null) {
    const hour = numericPart(columns, HOUR_NAME, 0, 24, skip);
    if (hour !== null && hour.column.kind === 'numeric') {
      const hourEnding = !integersIn(hour.column, 0, 23) && integersIn(hour.column, 1, 24);
      offsetAt = (i) => (hour.at(i) - (hourEnding ? 1 : 0)) * MS_PER_HOUR;
      partIndex = hour.column.index;
    }
  }
  if (offsetAt === null) return plain;
  const values = new Float64Array(rows);
  for (let i = 0; i < rows; i++) values[i] = date.values[i] + offsetAt(i);
  return { indices: [date.index, partIndex], source: 'date+time', values };
}

/**
 * Finds the time index of a table: a date column (plus a time-of-day or hour column when the dates have
 * no time), else a year column (with quarter, month and day columns when present), else YYYYMMDD or
 * YYYYMM integers, else Unix timestamps in a column named like one. Null when there is none.
 */
export function detectTimeColumns(columns: readonly Column[], rows: number): TimeColumns | null {
  const dates = columns.filter((c): c is DateColumn => c.kind === 'date');
  if (dates.length > 0) {
    const usable = (c: DateColumn): number => c.values.length - c.missing - c.invalid;
    const named = dates.filter((c) => DATE_LIKE_NAME.test(c.name));
    const pool = named.length > 0 ? named : dates;
    const best = pool.reduce((a, b) => (usable(b) > usable(a) ? b : a));
    return withTimeOfDay(best, columns, rows);
  }
  return fromYear(columns, rows) ?? fromCompactIntegers(columns, rows) ?? fromUnix(columns);
}

function countDuplicates(values: Float64Array): number {
  const sorted = values.filter(Number.isFinite).sort();
  let dups = 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) dups++;
  return dups;
}

/** Row indices per code of a text column (rows with a missing key are left out). */
function groupRows(key: TextColumn): Int32Array[] {
  const counts = new Int32Array(key.categories.length);
  for (const code of key.codes) if (code >= 0) counts[code]++;
  const groups = Array.from(counts, (n) => new Int32Array(n));
  const fill = new Int32Array(key.categories.length);
  key.codes.forEach((code, row) => {
    if (code >= 0) groups[code][fill[code]++] = row;
  });
  return groups;
}

/** An integer column re-coded as categories (`101`, `102`, ...) in order of first appearance. */
function integerKeyColumn(column: NumericColumn): TextColumn {
  const codes = new Int32Array(column.values.length);
  const categories: string[] = [];
  const seen = new Map<number, number>();
  column.values.forEach((v, i) => {
    if (Number.isNaN(v)) {
      codes[i] = -1;
      return;
    }
    let code = seen.get(v);
    if (code === undefined) {
      code = categories.length;
      seen.set(v, code);
      categories.push(String(v));
    }
    codes[i] = code;
  });
  const { values: _values, kind: _kind, ...base } = column;
  return { ...base, kind: 'text', codes, categories };
}

function fewIntegers(column: NumericColumn, maxDistinct: number): boolean {
  if (column.invalid > 0) return false;
  const distinct = new Set<number>();
  for (const v of column.values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) return false;
    distinct.add(v);
    if (distinct.size > maxDistinct) return false;
  }
  return distinct.size >= 2;
}

/**
 * Finds the column that tells stacked series apart in a long-format table: at least 10% of the rows
 * repeat a time, but hardly ever within one value of the column. Text columns are tried first, then columns of
 * a few distinct integers (station numbers), which are returned re-coded as text. Null when times do
 * not repeat or no column explains the repeats.
 */
export function detectKeyColumn(
  columns: readonly Column[],
  time: Float64Array,
  skip: ReadonlySet<number>,
): TextColumn | null {
  const total = countDuplicates(time);
  const rows = time.length;
  // A few repeated times are a glitch in one series; stacked series repeat most times.
  if (total === 0 || total < 0.1 * rows) return null;
  const maxDistinct = Math.max(2, Math.min(10_000, rows / 2));
  const pick = (candidates: readonly TextColumn[]): TextColumn | null => {
    let best: TextColumn | null = null;
    let bestDups = Infinity;
    for (const c of candidates.slice(0, 10)) {
      let dups = 0;
      for (const rowsOfKey of groupRows(c))
        dups += countDuplicates(Float64Array.from(rowsOfKey, (r) => time[r]));
      if (
        dups < bestDups ||
        (dups === bestDups && best !== null && c.categories.length < best.categories.length)
      ) {
        best = c;
        bestDups = dups;
      }
    }
    return best !== null && bestDups <= 0.05 * total ? best : null;
  };
  const text = columns.filter(
    (c): c is TextColumn =>
      c.kind === 'text' &&
      !skip.has(c.index) &&
      c.categories.length >= 2 &&
      c.categories.length <= maxDistinct,
  );
  const integers = columns
    .filter(
      (c): c is NumericColumn => c.kind === 'numeric' && !skip.has(c.index) && fewIntegers(c, maxDistinct),
    )
    .map(integerKeyColumn);
  return pick(text) ?? (total >= 0.25 * rows ? pick(integers) : null);
}

const MAX_LISTED_GAPS = 100;

interface SeriesFacts {
  sorted: Float64Array;
  duplicates: number;
  duplicateExamples: number[];
  ascending: boolean;
  descending: boolean;
}

function seriesFacts(times: Float64Array): SeriesFacts {
  let ascending = true;
  let descending = true;
  let prev = NaN;
  const finite = times.filter(Number.isFinite);
  for (const t of finite) {
    if (t < prev) ascending = false;
    if (t > prev) descending = false;
    prev = t;
  }
  finite.sort();
  let n = 0;
  let duplicates = 0;
  const duplicateExamples: number[] = [];
  for (let i = 0; i < finite.length; i++) {
    if (n > 0 && finite[i] === finite[n - 1]) {
      duplicates++;
      if (duplicateExamples.length < 5 && !duplicateExamples.includes(finite[i]))
        duplicateExamples.push(finite[i]);
    } else {
      finite[n++] = finite[i];
    }
  }
  return { sorted: finite.slice(0, n), duplicates, duplicateExamples, ascending, descending };
}

/**
 * Describes a time index: frequency (pooled over the series of a long table), first and last time, gaps,
 * duplicates and row order. With a key column each series is examined on its own, and the key's values
 * are listed with their row counts.
 */
export function analyseTime(
  found: TimeColumns,
  columns: readonly Column[],
  key: TextColumn | null,
): { time: TimeIndex; key: KeyInfo | null } {
  const values = found.values;
  const groups: { label: string | undefined; rows: number; times: Float64Array }[] = [];
  if (key === null) groups.push({ label: undefined, rows: values.length, times: values });
  else {
    const byCode = groupRows(key);
    const firstSeen = new Int32Array(key.categories.length).fill(-1);
    key.codes.forEach((code, row) => {
      if (code >= 0 && firstSeen[code] < 0) firstSeen[code] = row;
    });
    const order = [...key.categories.keys()].sort((a, b) => firstSeen[a] - firstSeen[b]);
    for (const code of order) {
      groups.push({
        label: key.categories[code],
        rows: byCode[code].length,
        times: Float64Array.from(byCode[code], (r) => values[r]),
      });
    }
  }
  const facts = groups.map((g) => seriesFacts(g.times));
  const frequency = inferFrequencyOfSorted(facts.map((f) => f.sorted));
  const gaps: Gap[] = [];
  let gapCount = 0;
  let missingSteps = 0;
  let start = Infinity;
  let end = -Infinity;
  facts.forEach((f, i) => {
    for (const gap of findGaps(f.sorted, frequency, groups[i].label)) {
      gapCount++;
      missingSteps += gap.missing;
      if (gaps.length < MAX_LISTED_GAPS) gaps.push(gap);
    }
    if (f.sorted.length > 0) {
      start = Math.min(start, f.sorted[0]);
      end = Math.max(end, f.sorted[f.sorted.length - 1]);
    }
  });
  gaps.sort((a, b) => a.after - b.after);
  let order: TimeOrder = 'unordered';
  if (facts.every((f) => f.ascending)) order = 'ascending';
  else if (facts.every((f) => f.descending)) order = 'descending';
  let missing = 0;
  for (const v of values) if (!Number.isFinite(v)) missing++;
  const time: TimeIndex = {
    columns: found.indices.map((i) => columns[i].name),
    source: found.source,
    values,
    frequency,
    start: Number.isFinite(start) ? start : NaN,
    end: Number.isFinite(end) ? end : NaN,
    gaps,
    gapCount,
    missingSteps,
    duplicates: facts.reduce((s, f) => s + f.duplicates, 0),
    duplicateExamples: facts.flatMap((f) => f.duplicateExamples).slice(0, 5),
    order,
    missing,
  };
  const keyInfo: KeyInfo | null =
    key === null
      ? null
      : {
          column: key.name,
          keys: groups.map((g, i) => ({
            value: g.label ?? '',
            rows: g.rows,
            start: facts[i].sorted.length > 0 ? facts[i].sorted[0] : null,
            end: facts[i].sorted.length > 0 ? facts[i].sorted[facts[i].sorted.length - 1] : null,
          })),
        };
  return { time, key: keyInfo };
}
