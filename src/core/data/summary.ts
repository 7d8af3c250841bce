import { formatUtc } from './dates';
import { numericTimeMs } from './time';
import type { Column, ColumnRole, ColumnSummary, Table, TableSummary, TimeSummary } from './types';

const ID_NAME = /^(id|index|idx|row|rownum|row_?id|row_?number|no|nr|#|unnamed(: ?\d+)?)$|(^|_)id$/i;

/**
 * True for a numeric column that numbers rows instead of measuring something: named like an id
 * (`id`, `index`, `row`, `*_id`), or integers rising by exactly one on every row.
 */
export function isIdLike(column: Column): boolean {
  if (column.kind !== 'numeric') return false;
  if (ID_NAME.test(column.name)) return true;
  const v = column.values;
  if (v.length < 3) return false;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isInteger(v[i])) return false;
    if (i > 0 && v[i] - v[i - 1] !== 1) return false;
  }
  return true;
}

/** The part each column plays: time index, long-format key, row id, or a value to forecast. */
export function columnRole(table: Table, column: Column): ColumnRole {
  if (table.time?.columns.includes(column.name)) return 'time';
  if (table.key?.column === column.name) return 'key';
  if (isIdLike(column)) return 'id';
  return 'value';
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Count, min, max, mean and sample standard deviation of the finite values. */
export function numericStats(values: Float64Array): {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
} {
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let mean = 0;
  let m2 = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
    const delta = v - mean;
    mean += delta / count;
    m2 += delta * (v - mean);
  }
  if (count === 0) return { count, min: null, max: null, mean: null, std: null };
  return { count, min, max, mean: finite(mean), std: count > 1 ? finite(Math.sqrt(m2 / (count - 1))) : null };
}

function summarizeColumn(table: Table, column: Column): ColumnSummary {
  const base = {
    name: column.name,
    kind: column.kind,
    role: columnRole(table, column),
    missing: column.missing,
    invalid: column.invalid,
    invalidExamples: [...column.invalidExamples],
  };
  if (column.kind === 'text') {
    const counts = new Int32Array(column.categories.length);
    let count = 0;
    for (const code of column.codes) {
      if (code >= 0) {
        counts[code]++;
        count++;
      }
    }
    const top = [...counts.keys()]
      .sort((a, b) => counts[b] - counts[a] || a - b)
      .slice(0, 5)
      .map((code) => ({ value: column.categories[code], count: counts[code] }));
    return {
      ...base,
      count,
      min: null,
      max: null,
      mean: null,
      std: null,
      distinct: column.categories.length,
      top,
      dateFormat: null,
    };
  }
  const stats = numericStats(column.values);
  if (column.kind === 'date') {
    return {
      ...base,
      count: stats.count,
      min: stats.min,
      max: stats.max,
      mean: null,
      std: null,
      distinct: null,
      top: null,
      dateFormat: column.format,
    };
  }
  return { ...base, ...stats, distinct: null, top: null, dateFormat: null };
}

/**
 * Everything about a parsed table except its big columns, as plain JSON (no NaN, no typed arrays): the
 * dataset's stored "parsed summary" and what the import screen shows. Times are epoch ms (UTC), with
 * `startText`/`endText` as ISO text.
 */
export function summarizeTable(table: Table): TableSummary {
  let time: TimeSummary | null = null;
  if (table.time !== null) {
    const { values: _values, ...rest } = table.time;
    time = {
      ...rest,
      columns: [...rest.columns],
      frequency: { ...rest.frequency },
      gaps: rest.gaps.map((g) => ({ ...g })),
      duplicateExamples: [...rest.duplicateExamples],
      startText: formatUtc(rest.start),
      endText: formatUtc(rest.end),
    };
  }
  return {
    rows: table.rowCount,
    delimiter: table.delimiter,
    header: table.header,
    decimalComma: table.decimalComma,
    encoding: table.encoding,
    skippedLines: table.skippedLines,
    columns: table.columns.map((c) => summarizeColumn(table, c)),
    time,
    key:
      table.key === null ? null : { column: table.key.column, keys: table.key.keys.map((k) => ({ ...k })) },
    preview: table.preview.map((row) => [...row]),
    warnings: [...table.warnings],
  };
}

/**
 * The smallest and largest value a column's stats show, and whether they are dates (epoch ms): true for a date
 * column and for the one number column the time index is read from (YYYYMMDD or YYYYMM integers, Unix time), so
 * 20150101…20201231 reads as 2015-01-01…2020-12-31 rather than as numbers.
 */
export function columnRange(
  column: Pick<ColumnSummary, 'name' | 'kind' | 'min' | 'max'>,
  time: Pick<TimeSummary, 'columns' | 'source'> | null,
): { min: number | null; max: number | null; dates: boolean } {
  if (column.kind === 'date') return { min: column.min, max: column.max, dates: true };
  const isIndex = column.kind === 'numeric' && time?.columns.length === 1 && time.columns[0] === column.name;
  if (isIndex && column.min !== null && column.max !== null) {
    const min = numericTimeMs(column.min, time.source);
    const max = numericTimeMs(column.max, time.source);
    if (min !== null && max !== null) return { min, max, dates: true };
  }
  return { min: column.min, max: column.max, dates: false };
}
