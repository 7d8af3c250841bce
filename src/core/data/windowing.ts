import { ConfigError } from './errors';

/**
 * Chronological train / validation / test splits and sliding windows for direct multi-step forecasting.
 *
 * Rows are time steps. A window with origin t (its last input row) has inputs rows t - lookback + 1 .. t
 * and targets rows t + 1 .. t + horizon. A window belongs to the part that holds all its targets, so no
 * validation or test target is ever inside a training window's y (inputs may reach back into earlier parts:
 * they are the past, known at forecast time).
 */

export interface SplitFractions {
  train: number;
  val: number;
  test: number;
}

export const DEFAULT_SPLIT: Readonly<SplitFractions> = { train: 0.7, val: 0.15, test: 0.15 };

/** Row boundaries: train [firstValid, trainEnd), validation [trainEnd, valEnd), test [valEnd, length). */
export interface SplitBounds {
  length: number;
  /** First usable row (1 after differencing, whose first row has no difference). */
  firstValid: number;
  trainEnd: number;
  valEnd: number;
}

export interface WindowSize {
  lookback: number;
  horizon: number;
}

/**
 * Splits `length` rows chronologically (test = the most recent part) and checks that each part can hold
 * at least one window. Fractions apply to the whole series. Throws ConfigError saying what to change.
 */
export function chronologicalSplit(
  length: number,
  fractions: SplitFractions,
  size: WindowSize,
  firstValid = 0,
): SplitBounds {
  const { lookback, horizon } = size;
  const { train, val, test } = fractions;
  if (
    ![train, val, test].every((f) => Number.isFinite(f) && f > 0 && f < 1) ||
    Math.abs(train + val + test - 1) > 1e-6
  ) {
    throw new ConfigError(
      'INVALID_SPLIT',
      `Split fractions must each be between 0 and 1 and add up to 1 (got train ${train}, validation ${val}, test ${test}).`,
      'split',
    );
  }
  if (!Number.isInteger(lookback) || lookback < 1 || !Number.isInteger(horizon) || horizon < 1) {
    throw new ConfigError(
      'INVALID_CONFIG',
      'Lookback and horizon must be whole numbers of at least 1.',
      'lookback',
    );
  }
  const usable = length - firstValid;
  const needed = lookback + 3 * horizon;
  if (usable < needed) {
    throw new ConfigError(
      'SERIES_TOO_SHORT',
      `The series has ${usable} usable steps, but lookback (${lookback}) + horizon (${horizon}) for training, plus ` +
        `one horizon each for validation and testing, needs at least ${needed}. Shorten the lookback or the horizon, ` +
        `or load a longer series.`,
      'lookback',
    );
  }
  const trainEnd = Math.round(length * train);
  const valEnd = Math.round(length * (train + val));
  if (trainEnd - firstValid < lookback + horizon) {
    throw new ConfigError(
      'TRAIN_TOO_SHORT',
      `The training part has ${trainEnd - firstValid} steps, fewer than lookback + horizon = ${lookback + horizon}, so ` +
        `it holds no window. Shorten the lookback or the horizon, or raise the training fraction (now ${train}).`,
      'lookback',
    );
  }
  if (valEnd - trainEnd < horizon) {
    throw new ConfigError(
      'VALIDATION_TOO_SHORT',
      `The validation part has ${valEnd - trainEnd} steps, fewer than the horizon (${horizon}). Raise the validation ` +
        `fraction (now ${val}) or shorten the horizon.`,
      'split',
    );
  }
  if (length - valEnd < horizon) {
    throw new ConfigError(
      'TEST_TOO_SHORT',
      `The test part has ${length - valEnd} steps, fewer than the horizon (${horizon}). Raise the test fraction ` +
        `(now ${test}) or shorten the horizon.`,
      'split',
    );
  }
  return { length, firstValid, trainEnd, valEnd };
}

/** Windows as flat Float32Arrays with their shapes, ready for tf.tensor3d / tf.tensor2d. */
export interface WindowSet {
  /** Inputs, row-major [count, lookback, features]; feature 0 is the target column. */
  x: Float32Array;
  /** Targets, row-major [count, horizon]: the target column at origin + 1 .. origin + horizon. */
  y: Float32Array;
  xShape: [number, number, number];
  yShape: [number, number];
  /** Per window, its origin: the row of its last input step. */
  origins: Int32Array;
}

/**
 * Sliding windows (stride 1) for origins originStart..originEnd inclusive over aligned columns
 * (columns[0] is the target). x: [n, lookback, columns.length], y: [n, horizon]. Empty when originEnd < originStart.
 */
export function makeWindows(
  columns: ReadonlyArray<ArrayLike<number>>,
  size: WindowSize,
  originStart: number,
  originEnd: number,
): WindowSet {
  const { lookback, horizon } = size;
  const f = columns.length;
  if (f === 0) throw new RangeError('makeWindows needs at least the target column');
  const length = columns[0].length;
  for (const c of columns)
    if (c.length !== length) throw new RangeError('makeWindows columns differ in length');
  const n = Math.max(0, originEnd - originStart + 1);
  if (n > 0 && (originStart - lookback + 1 < 0 || originEnd + horizon >= length)) {
    throw new RangeError(`windows with origins ${originStart}..${originEnd} fall outside ${length} rows`);
  }
  const x = new Float32Array(n * lookback * f);
  const y = new Float32Array(n * horizon);
  const origins = new Int32Array(n);
  const target = columns[0];
  for (let i = 0; i < n; i++) {
    const t = originStart + i;
    origins[i] = t;
    const first = t - lookback + 1;
    for (let j = 0; j < lookback; j++) {
      const base = (i * lookback + j) * f;
      for (let k = 0; k < f; k++) x[base + k] = columns[k][first + j];
    }
    for (let h = 0; h < horizon; h++) y[i * horizon + h] = target[t + 1 + h];
  }
  return { x, y, xShape: [n, lookback, f], yShape: [n, horizon], origins };
}

export interface SplitWindows {
  bounds: SplitBounds;
  train: WindowSet;
  val: WindowSet;
  test: WindowSet;
}

/**
 * Windows for each part of a chronological split: a window is in the part that holds all of its targets,
 * and no input row lies before `bounds.firstValid`.
 */
export function splitWindows(
  columns: ReadonlyArray<ArrayLike<number>>,
  bounds: SplitBounds,
  size: WindowSize,
): SplitWindows {
  const { lookback, horizon } = size;
  const { firstValid, trainEnd, valEnd, length } = bounds;
  return {
    bounds,
    train: makeWindows(columns, size, firstValid + lookback - 1, trainEnd - 1 - horizon),
    val: makeWindows(columns, size, Math.max(trainEnd - 1, firstValid + lookback - 1), valEnd - 1 - horizon),
    test: makeWindows(columns, size, Math.max(valEnd - 1, firstValid + lookback - 1), length - 1 - horizon),
  };
}

/**
 * The input window ending at the last row, to forecast `horizon` steps past the end: [1, lookback, features].
 * Throws ConfigError when the series is shorter than the lookback.
 */
export function lastWindow(
  columns: ReadonlyArray<ArrayLike<number>>,
  lookback: number,
  firstValid = 0,
): Float32Array {
  const length = columns[0]?.length ?? 0;
  if (length - firstValid < lookback) {
    throw new ConfigError(
      'SERIES_TOO_SHORT',
      `Forecasting needs the last ${lookback} steps (the lookback), but the series has only ${length - firstValid} usable steps.`,
      'lookback',
    );
  }
  const f = columns.length;
  const x = new Float32Array(lookback * f);
  for (let j = 0; j < lookback; j++) {
    for (let k = 0; k < f; k++) x[j * f + k] = columns[k][length - lookback + j];
  }
  return x;
}
