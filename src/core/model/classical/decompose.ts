/**
 * Classical decomposition (R's decompose()): a centred moving average of order m gives the trend, the
 * detrended values averaged per phase give the seasonal indices, normalised to mean 1 (multiplicative) or
 * mean 0 (additive).
 */
import { ConfigError } from '../../data/errors';
import { assertFinite } from './seasonality';

export type DecompositionType = 'multiplicative' | 'additive';

/** A classical decomposition of a series of length n. Phase of position t is t mod m (t = 0 is the first value). */
export interface ClassicalDecomposition {
  type: DecompositionType;
  m: number;
  /** Seasonal index per phase: [m]; ratios (mean 1) or offsets (mean 0) in the series' units. */
  indices: number[];
  /** Centred moving average: [n]; NaN for the first and last floor(m / 2) positions. */
  trend: number[];
  /** Seasonal component: [n], indices[t mod m]. */
  seasonal: number[];
  /** What is left: y / (trend · seasonal) or y - trend - seasonal; NaN where the trend is. */
  remainder: number[];
}

/**
 * Centred moving average of order m as R's filter(x, sides = 2): weights 1/m (odd m) or
 * (0.5, 1, ..., 1, 0.5)/m (even m). Returns [n] with NaN where the window does not fit.
 */
export function centredMovingAverage(values: ArrayLike<number>, m: number): number[] {
  const n = values.length;
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  const out = new Array<number>(n).fill(Number.NaN);
  for (let t = half; t < n - half; t++) {
    let s = 0;
    if (even) {
      s = 0.5 * (values[t - half] + values[t + half]);
      for (let j = t - half + 1; j < t + half; j++) s += values[j];
    } else {
      for (let j = t - half; j <= t + half; j++) s += values[j];
    }
    out[t] = s / m;
  }
  return out;
}

/**
 * Classical decomposition of `values` (at least two full seasons) with period m ≥ 2. Multiplicative needs
 * positive values. Throws a ConfigError saying what to change otherwise.
 */
export function classicalDecomposition(
  values: ArrayLike<number>,
  m: number,
  type: DecompositionType,
): ClassicalDecomposition {
  assertFinite(values);
  const n = values.length;
  if (!Number.isInteger(m) || m < 2) {
    throw new ConfigError(
      'INVALID_CONFIG',
      `A seasonal decomposition needs a whole season length of at least 2 (got ${m}).`,
      'seasonLength',
    );
  }
  if (n < 2 * m) {
    throw new ConfigError(
      'SERIES_TOO_SHORT',
      `A seasonal decomposition needs at least two full seasons (${2 * m} values for season length ${m}); ` +
        `the series has ${n}. Use a shorter season length or more data.`,
      'seasonLength',
    );
  }
  const mult = type === 'multiplicative';
  if (mult) {
    for (let i = 0; i < n; i++) {
      if (!(values[i] > 0)) {
        throw new ConfigError(
          'INVALID_CONFIG',
          `A multiplicative decomposition needs positive values (value ${values[i]} at position ${i + 1}); ` +
            'use an additive decomposition instead.',
        );
      }
    }
  }
  const trend = centredMovingAverage(values, m);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = 0; t < n; t++) {
    if (Number.isNaN(trend[t])) continue;
    sums[t % m] += mult ? values[t] / trend[t] : values[t] - trend[t];
    counts[t % m]++;
  }
  const raw = sums.map((s, i) => s / counts[i]);
  const mean = raw.reduce((a, b) => a + b, 0) / m;
  const indices = raw.map((v) => (mult ? v / mean : v - mean));
  const seasonal = Array.from({ length: n }, (_, t) => indices[t % m]);
  const remainder = Array.from({ length: n }, (_, t) =>
    mult ? values[t] / seasonal[t] / trend[t] : values[t] - seasonal[t] - trend[t],
  );
  return { type, m, indices, trend, seasonal, remainder };
}

/**
 * The seasonal component at positions start .. start + length - 1 (position 0 is the first value of the
 * decomposed series): indices[t mod m]. With start = n this extends the season over a forecast horizon.
 */
export function seasonalSlice(indices: readonly number[], start: number, length: number): number[] {
  const m = indices.length;
  return Array.from({ length }, (_, i) => indices[(((start + i) % m) + m) % m]);
}

/** The seasonal component over the h steps after the decomposed series: [h]. */
export function extendSeasonal(decomposition: ClassicalDecomposition, h: number): number[] {
  return seasonalSlice(decomposition.indices, decomposition.seasonal.length, h);
}
