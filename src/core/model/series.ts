/** The forecaster's input boundary: clean numeric columns, checked, with missing values handled. */
import { ConfigError } from '../data/errors';

/** A series to forecast. Missing values are NaN (or any non-finite number). */
export interface ForecastSeries {
  /** Epoch milliseconds per step, strictly increasing; null when the series has no time column. */
  time: number[] | null;
  /** The column to forecast. */
  target: number[];
  /** Extra input columns, each the length of target. */
  features: number[][];
  /** Steps per season (e.g. 12 for monthly data with a yearly cycle); 1 when there is none. */
  seasonLength: number;
}

export interface PreparedSeries {
  time: number[] | null;
  target: number[];
  features: number[][];
  seasonLength: number;
  /** Values filled by linear interpolation (missing = 'interpolate'). */
  interpolated: number;
  /** Rows removed because a value was missing (missing = 'drop'). */
  dropped: number;
}

function isNumberArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'number');
}

/**
 * Checks a series and handles missing values: 'interpolate' fills gaps linearly between the nearest known
 * values (the nearest known value at either end); 'drop' removes rows with any missing value. Throws
 * ConfigError for mismatched lengths, columns without data, or time stamps that do not increase.
 */
export function prepareSeries(series: ForecastSeries, missing: 'interpolate' | 'drop'): PreparedSeries {
  const { target, features, time } = series;
  if (!isNumberArray(target) || target.length === 0) {
    throw new ConfigError(
      'NO_DATA',
      'The target column is empty: choose a numeric column with values.',
      'target',
    );
  }
  const n = target.length;
  if (!Array.isArray(features) || features.some((f) => !isNumberArray(f) || f.length !== n)) {
    throw new ConfigError(
      'LENGTH_MISMATCH',
      `Every extra feature column must have one value per row of the target (${n} rows).`,
      'features',
    );
  }
  if (time !== null && (!isNumberArray(time) || time.length !== n)) {
    throw new ConfigError(
      'LENGTH_MISMATCH',
      `The time column must have one value per row (${n} rows).`,
      'time',
    );
  }
  const m = series.seasonLength;
  if (!Number.isInteger(m) || m < 1) {
    throw new ConfigError(
      'INVALID_CONFIG',
      `Season length must be a whole number of at least 1 (got ${m}).`,
      'seasonLength',
    );
  }

  let columns = [target, ...features];
  let times = time;
  let interpolated = 0;
  let dropped = 0;
  if (missing === 'drop') {
    const keep: number[] = [];
    for (let i = 0; i < n; i++) {
      if (columns.every((c) => Number.isFinite(c[i])) && (times === null || Number.isFinite(times[i])))
        keep.push(i);
    }
    dropped = n - keep.length;
    if (dropped > 0) {
      columns = columns.map((c) => keep.map((i) => c[i]));
      times = times === null ? null : keep.map((i) => times![i]);
    }
    if (keep.length === 0) {
      throw new ConfigError(
        'NO_DATA',
        'Every row has a missing value, so nothing is left after dropping them.',
        'missing',
      );
    }
  } else {
    columns = columns.map((c, k) => {
      const filled = fillLinear(c);
      if (filled === null) {
        throw new ConfigError(
          'NO_DATA',
          k === 0
            ? 'The target column has no numeric values.'
            : `Feature column ${k} has no numeric values: remove it.`,
          k === 0 ? 'target' : 'features',
        );
      }
      interpolated += filled.filled;
      return filled.values;
    });
  }
  if (times !== null) {
    for (let i = 0; i < times.length; i++) {
      if (!Number.isFinite(times[i])) {
        throw new ConfigError('BAD_TIME', `Row ${i + 1} has no valid time stamp: fix or remove it.`, 'time');
      }
      if (i > 0 && !(times[i] > times[i - 1])) {
        throw new ConfigError(
          'BAD_TIME',
          `Time stamps must increase: row ${i + 1} is not after row ${i}. Sort the data by time and remove duplicate rows.`,
          'time',
        );
      }
    }
  }
  return {
    time: times,
    target: columns[0],
    features: columns.slice(1),
    seasonLength: m,
    interpolated,
    dropped,
  };
}

/** Linear interpolation of non-finite values; ends take the nearest known value. Null when nothing is known. */
function fillLinear(values: number[]): { values: number[]; filled: number } | null {
  const out = values.slice();
  let prev = -1;
  let filled = 0;
  for (let i = 0; i <= out.length; i++) {
    if (i < out.length && !Number.isFinite(out[i])) continue;
    const gap = i - prev - 1;
    if (gap > 0) {
      if (prev < 0 && i === out.length) return null;
      for (let j = prev + 1; j < i; j++) {
        if (prev < 0) out[j] = out[i];
        else if (i === out.length) out[j] = out[prev];
        else out[j] = out[prev] + ((out[i] - out[prev]) * (j - prev)) / (i - prev);
      }
      filled += gap;
    }
    prev = i;
  }
  return { values: out, filled };
}
