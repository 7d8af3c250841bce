/**
 * Per-series normalisation for global forecasters: a log transform (with an offset when a series has values
 * <= 0), optional additive seasonal profiles in the log domain (e.g. daily and weekly cycles of hourly data),
 * and per-window normalisation by the level at the end of the input window. Everything has an exact inverse.
 *
 * A series of n values becomes `values` (Float64Array, n): log(y + offset) minus its seasonal profiles. A window
 * with origin t (its last input step) has inputs values[t - inputSize + 1 .. t] and targets values[t + 1 .. t + H],
 * both minus the window's level, the mean of values[t - levelSpan + 1 .. t].
 */

/** How a series is mapped to the log domain and back. */
export interface SeriesNormaliser {
  /** Added to every value before the log (0 when all values are positive). */
  offset: number;
  /** Seasonal periods removed, in steps (e.g. [24, 168]). */
  periods: number[];
  /** Per period: the additive log-domain profile, indexed by step mod period (step 0 = first value). */
  profiles: Float64Array[];
  /** The normalised values: log(y + offset) minus the profiles. */
  values: Float64Array;
}

export interface NormaliserOptions {
  /** Seasonal periods to remove, in order (each on what the previous ones left); [] = none. */
  periods?: readonly number[];
  /** Estimate each profile on at most this many recent cycles (null = all). */
  seasonalCycles?: number | null;
}

/** Offset that makes every value positive before the log: 0 when the minimum is > 0, else 1 - minimum. */
export function logOffset(values: ArrayLike<number>): number {
  let min = Infinity;
  for (let i = 0; i < values.length; i++) min = Math.min(min, values[i]);
  return min > 0 ? 0 : 1 - min;
}

/**
 * Additive profile of `x` with period p, estimated on its last `cycles` cycles: the mean, per phase, of x minus
 * its centred moving average over one period (2 x p for even p), then centred to sum zero. Zeros when the data
 * hold fewer than two cycles.
 */
export function seasonalProfile(x: Float64Array, p: number, cycles: number | null): Float64Array {
  const profile = new Float64Array(p);
  const n = x.length;
  if (p < 2 || n < 2 * p + 1) return profile;
  const start = cycles === null ? 0 : Math.max(0, n - cycles * p - p);
  const even = p % 2 === 0;
  const half = Math.floor(p / 2);
  const sums = new Float64Array(p);
  const counts = new Float64Array(p);
  // running window sum for the centred average
  for (let t = start + half; t < n - half; t++) {
    let s = 0;
    if (even) {
      s = 0.5 * x[t - half] + 0.5 * x[t + half];
      for (let j = t - half + 1; j < t + half; j++) s += x[j];
    } else {
      for (let j = t - half; j <= t + half; j++) s += x[j];
    }
    sums[t % p] += x[t] - s / p;
    counts[t % p]++;
  }
  let mean = 0;
  for (let j = 0; j < p; j++) {
    profile[j] = counts[j] > 0 ? sums[j] / counts[j] : 0;
    mean += profile[j];
  }
  mean /= p;
  for (let j = 0; j < p; j++) profile[j] -= mean;
  return profile;
}

/** Fits the normaliser of one series (all its values, in time order) and returns it with the normalised values. */
export function fitNormaliser(series: ArrayLike<number>, options: NormaliserOptions = {}): SeriesNormaliser {
  const periods = [...(options.periods ?? [])];
  const offset = logOffset(series);
  const values = new Float64Array(series.length);
  for (let t = 0; t < series.length; t++) values[t] = Math.log(series[t] + offset);
  const profiles: Float64Array[] = [];
  for (const p of periods) {
    const profile = seasonalProfile(values, p, options.seasonalCycles ?? null);
    for (let t = 0; t < values.length; t++) values[t] -= profile[t % p];
    profiles.push(profile);
  }
  return { offset, periods, profiles, values };
}

/** Sum of the seasonal profiles at step t (t may lie past the end of the series). */
export function seasonalAt(norm: SeriesNormaliser, t: number): number {
  let s = 0;
  for (let k = 0; k < norm.periods.length; k++) s += norm.profiles[k][t % norm.periods[k]];
  return s;
}

/** The original value of a normalised value x at step t: exp(x + seasonal(t)) - offset. */
export function denormalise(norm: SeriesNormaliser, t: number, x: number): number {
  return Math.exp(x + seasonalAt(norm, t)) - norm.offset;
}

/** The normalised value of an original value y at step t (inverse of denormalise). */
export function normalise(norm: SeriesNormaliser, t: number, y: number): number {
  return Math.log(y + norm.offset) - seasonalAt(norm, t);
}

/** Level of the window ending at `origin`: the mean of values[origin - levelSpan + 1 .. origin] (clipped at 0). */
export function windowLevel(values: Float64Array, origin: number, levelSpan: number): number {
  const from = Math.max(0, origin - levelSpan + 1);
  let s = 0;
  for (let t = from; t <= origin; t++) s += values[t];
  return s / (origin - from + 1);
}

/**
 * Writes the input window ending at `origin` into out[offset .. offset + inputSize), minus `level`. Steps before
 * the first value repeat the first value (edge padding), so short series still give a full window.
 */
export function writeInputWindow(
  values: Float64Array,
  origin: number,
  inputSize: number,
  level: number,
  out: Float32Array,
  offset: number,
): void {
  const first = origin - inputSize + 1;
  for (let j = 0; j < inputSize; j++)
    out[offset + j] = values[Math.max(0, Math.min(origin, first + j))] - level;
}
