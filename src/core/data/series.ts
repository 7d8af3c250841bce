import { formatUtc } from './dates';
import { DataError } from './errors';
import { findGaps, inferFrequencyOfSorted, stepForward } from './frequency';
import { isIdLike } from './summary';
import type {
  Column,
  ExtractOptions,
  ExtractReport,
  ForecastDefaults,
  FrequencyInfo,
  NumericColumn,
  Series,
  Table,
} from './types';

/** Refuse to insert more rows for gaps than this multiple of the series length. */
const MAX_FILL_FACTOR = 4;

function columnList(columns: readonly Column[]): string {
  return columns.map((c) => `"${c.name}"`).join(', ');
}

function numericColumn(table: Table, name: string, role: string): NumericColumn {
  const column = table.columns.find((c) => c.name === name);
  if (column === undefined) {
    throw new DataError(
      'unknown-column',
      `There is no column "${name}" to use as ${role}. The columns are ${columnList(table.columns)}.`,
    );
  }
  if (column.kind !== 'numeric') {
    const numeric = table.columns.filter((c) => c.kind === 'numeric');
    throw new DataError(
      'not-numeric-column',
      `"${name}" holds ${column.kind === 'date' ? 'dates' : 'text'}, not numbers, so it cannot be the ${role}. ` +
        (numeric.length > 0 ? `Choose one of ${columnList(numeric)}.` : 'The file has no column of numbers.'),
    );
  }
  return column;
}

/** Rows of the chosen series: all rows, or the rows of one key of a long-format table. */
function selectRows(table: Table, key: string | undefined): Int32Array {
  if (table.key === null) {
    if (key !== undefined) {
      throw new DataError(
        'unknown-key',
        `This table holds a single series, so there is no series "${key}" to choose.`,
      );
    }
    return Int32Array.from({ length: table.rowCount }, (_, i) => i);
  }
  const column = table.columns.find((c) => c.name === table.key?.column);
  if (column === undefined || column.kind !== 'text')
    throw new Error(`Key column ${table.key.column} is missing or not text.`);
  const keys = table.key.keys.map((k) => k.value);
  const shown =
    keys
      .slice(0, 5)
      .map((k) => `"${k}"`)
      .join(', ') + (keys.length > 5 ? ', ...' : '');
  if (key === undefined) {
    throw new DataError(
      'key-required',
      `This table stacks ${keys.length} series told apart by "${table.key.column}" (${shown}). Choose which one to forecast.`,
    );
  }
  const code = column.categories.indexOf(key);
  if (code < 0)
    throw new DataError(
      'unknown-key',
      `There is no series "${key}" in "${table.key.column}". Choose one of ${shown}.`,
    );
  const rows: number[] = [];
  column.codes.forEach((c, i) => {
    if (c === code) rows.push(i);
  });
  return Int32Array.from(rows);
}

/** Fills NaN by linear interpolation in `x` (time or position); ends take the nearest value. Returns the count filled. */
function interpolate(values: Float64Array, x: Float64Array): number {
  let filled = 0;
  let prev = -1;
  for (let i = 0; i <= values.length; i++) {
    if (i < values.length && Number.isNaN(values[i])) continue;
    if (prev < 0 && i === values.length) return 0;
    const from = prev + 1;
    for (let j = from; j < i; j++) {
      if (prev < 0) values[j] = values[i];
      else if (i === values.length) values[j] = values[prev];
      else {
        // A convex combination: no overflow even for values near the float limit.
        const w = (x[j] - x[prev]) / (x[i] - x[prev]);
        values[j] = values[prev] * (1 - w) + values[i] * w;
      }
      filled++;
    }
    prev = i;
  }
  return filled;
}

/**
 * Takes a clean numeric series out of a table: the target column (plus feature columns) of all rows or
 * of one key, ordered by time, rows without a time dropped, rows sharing a time averaged, missing steps
 * of a regular index inserted (`fillGaps`), and missing values linearly interpolated in time (ends take
 * the nearest value) or their rows dropped. Time is epoch ms (UTC). Throws DataError for an unknown or
 * non-numeric column, a missing or unknown key, a column without values, or fewer than two rows left.
 */
export function extractSeries(table: Table, options: ExtractOptions): Series {
  const target = numericColumn(table, options.target, 'target');
  const featureNames = [...new Set(options.features ?? [])];
  const features = featureNames.map((name) => numericColumn(table, name, 'feature'));
  const sources = [target, ...features];
  const selected = selectRows(table, options.key);
  const report: ExtractReport = {
    rowsIn: selected.length,
    rowsOut: 0,
    filled: 0,
    filledByColumn: {},
    droppedRows: 0,
    droppedWithoutTime: 0,
    mergedDuplicates: 0,
    insertedRows: 0,
    warnings: [],
  };
  const label = options.key === undefined ? '' : ` for "${options.key}"`;

  let rows = selected;
  let times: Float64Array | null = null;
  if (table.time !== null) {
    const t = table.time.values;
    const timed = Array.from(selected).filter((r) => Number.isFinite(t[r]));
    report.droppedWithoutTime = selected.length - timed.length;
    timed.sort((a, b) => t[a] - t[b] || a - b);
    rows = Int32Array.from(timed);
    times = Float64Array.from(timed, (r) => t[r]);
  }
  let columns: Float64Array[] = sources.map((c) => Float64Array.from(rows, (r) => c.values[r]));
  sources.forEach((c, k) => {
    if (!columns[k].some(Number.isFinite)) {
      throw new DataError(
        'no-values',
        `"${c.name}" has no values${label}. Choose a column that holds numbers.`,
      );
    }
  });

  if (times !== null) {
    const merged = mergeDuplicates(times, columns);
    report.mergedDuplicates = times.length - merged.times.length;
    times = merged.times;
    columns = merged.columns;
  }

  let frequency: FrequencyInfo | null = times === null ? null : inferFrequencyOfSorted([times]);
  const fillGaps = options.fillGaps ?? options.missing === 'interpolate';
  if (fillGaps && times !== null && frequency !== null && frequency.frequency !== 'irregular') {
    const gaps = findGaps(times, frequency);
    const inserted = gaps.reduce((s, g) => s + g.missing, 0);
    if (inserted > MAX_FILL_FACTOR * times.length) {
      report.warnings.push(
        `The gaps add up to ${inserted} missing steps, more than ${MAX_FILL_FACTOR} times the ${times.length} rows; they were not filled.`,
      );
    } else if (inserted > 0) {
      ({ times, columns } = insertGapRows(times, columns, gaps, frequency));
      report.insertedRows = inserted;
      report.warnings.push(
        `${inserted} missing time step${inserted > 1 ? 's were' : ' was'} inserted, the first after ${formatUtc(gaps[0].after)}.`,
      );
    }
  }

  if (options.missing === 'drop') {
    const keep: number[] = [];
    for (let i = 0; i < columns[0].length; i++) if (columns.every((c) => !Number.isNaN(c[i]))) keep.push(i);
    report.droppedRows = columns[0].length - keep.length;
    columns = columns.map((c) => Float64Array.from(keep, (i) => c[i]));
    if (times !== null) {
      const before = times;
      times = Float64Array.from(keep, (i) => before[i]);
    }
  } else {
    const x = times ?? Float64Array.from({ length: columns[0].length }, (_, i) => i);
    sources.forEach((c, k) => {
      const n = interpolate(columns[k], x);
      report.filledByColumn[c.name] = (report.filledByColumn[c.name] ?? 0) + n;
      report.filled += n;
    });
  }

  const length = columns[0].length;
  report.rowsOut = length;
  if (length < 2) {
    throw new DataError(
      'too-short',
      `Only ${length} row${length === 1 ? '' : 's'} of "${target.name}"${label} ${length === 1 ? 'is' : 'are'} left after removing missing values. ` +
        'A series needs many rows; choose another column, or fill missing values instead of dropping them.',
    );
  }
  if (times !== null && (report.mergedDuplicates > 0 || report.droppedRows > 0))
    frequency = inferFrequencyOfSorted([times]);
  return {
    time: times === null ? null : Array.from(times),
    targetName: target.name,
    target: Array.from(columns[0]),
    featureNames,
    features: columns.slice(1).map((c) => Array.from(c)),
    key: options.key ?? null,
    frequency,
    report,
  };
}

/** Averages the finite values of rows that share a time (times sorted ascending). */
function mergeDuplicates(
  times: Float64Array,
  columns: Float64Array[],
): { times: Float64Array; columns: Float64Array[] } {
  let hasDuplicates = false;
  for (let i = 1; i < times.length; i++) if (times[i] === times[i - 1]) hasDuplicates = true;
  if (!hasDuplicates) return { times, columns };
  const outTimes: number[] = [];
  const outColumns: number[][] = columns.map(() => []);
  for (let i = 0; i < times.length;) {
    let j = i;
    while (j < times.length && times[j] === times[i]) j++;
    outTimes.push(times[i]);
    columns.forEach((c, k) => {
      let sum = 0;
      let n = 0;
      for (let r = i; r < j; r++) {
        if (!Number.isNaN(c[r])) {
          sum += c[r];
          n++;
        }
      }
      outColumns[k].push(n === 0 ? NaN : sum / n);
    });
    i = j;
  }
  return { times: Float64Array.from(outTimes), columns: outColumns.map((c) => Float64Array.from(c)) };
}

function insertGapRows(
  times: Float64Array,
  columns: Float64Array[],
  gaps: { after: number; missing: number }[],
  frequency: FrequencyInfo,
): { times: Float64Array; columns: Float64Array[] } {
  const missingAfter = new Map(gaps.map((g) => [g.after, g.missing]));
  const outTimes: number[] = [];
  const outColumns: number[][] = columns.map(() => []);
  for (let i = 0; i < times.length; i++) {
    outTimes.push(times[i]);
    columns.forEach((c, k) => outColumns[k].push(c[i]));
    const missing = missingAfter.get(times[i]) ?? 0;
    for (let s = 1; s <= missing; s++) {
      outTimes.push(stepForward(times[i], frequency, s));
      outColumns.forEach((c) => c.push(NaN));
    }
  }
  return { times: Float64Array.from(outTimes), columns: outColumns.map((c) => Float64Array.from(c)) };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * Proposes forecast settings for a table: the first numeric column that is neither time, key nor an id
 * (preferring one that varies), the key with the most rows in a long table, the season length of the
 * frequency, a lookback of a few seasons (2-4x, clamped to 8..256 steps and to a third of the series)
 * and a horizon of one season (or 10 steps without a season, at most a fifth of the series). Lengths are
 * in steps.
 */
export function proposeForecastDefaults(table: Table, options: { key?: string } = {}): ForecastDefaults {
  let key: string | null = options.key ?? null;
  let length = table.rowCount;
  if (table.key !== null) {
    const chosen =
      key === null
        ? [...table.key.keys].sort((a, b) => b.rows - a.rows)[0]
        : table.key.keys.find((k) => k.value === key);
    if (chosen === undefined)
      throw new DataError('unknown-key', `There is no series "${key ?? ''}" in "${table.key.column}".`);
    key = chosen.value;
    length = chosen.rows;
  }
  const timeColumns = new Set(table.time?.columns ?? []);
  const candidates = table.columns.filter(
    (c): c is NumericColumn =>
      c.kind === 'numeric' &&
      !timeColumns.has(c.name) &&
      c.name !== table.key?.column &&
      c.missing + c.invalid < c.values.length,
  );
  const values = candidates.filter((c) => !isIdLike(c));
  const varies = (c: NumericColumn): boolean => {
    let first = NaN;
    for (const v of c.values) {
      if (Number.isNaN(v)) continue;
      if (Number.isNaN(first)) first = v;
      else if (v !== first) return true;
    }
    return false;
  };
  const target = values.find(varies) ?? values[0] ?? candidates[0];
  if (target === undefined) {
    throw new DataError(
      'no-numeric-column',
      'No column holds numbers to forecast. A forecast needs at least one column of numbers.',
    );
  }
  const frequency = table.time?.frequency ?? null;
  const seasonLength = frequency?.seasonLength ?? 1;
  const cycles = seasonLength <= 12 ? 4 : seasonLength <= 52 ? 3 : 2;
  const lookback = Math.max(
    1,
    Math.min(clamp(seasonLength > 1 ? seasonLength * cycles : 12, 8, 256), Math.floor(length / 3)),
  );
  const horizon = Math.max(
    1,
    Math.min(clamp(seasonLength > 1 ? seasonLength : 10, 1, 256), Math.floor(length / 5)),
  );
  return { target: target.name, features: [], key, lookback, horizon, seasonLength, length };
}
