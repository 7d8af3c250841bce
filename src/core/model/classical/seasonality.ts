/**
 * Autocorrelation and the seasonality test of the M4 competition's benchmark code: a series is seasonal at
 * period m when its lag-m autocorrelation lies beyond the 90% one-sided limit
 * 1.645 · sqrt((1 + 2 · Σ_{k=1}^{m-1} r_k²) / n), computed on the whole training series.
 */
import { ConfigError } from '../../data/errors';

/** Outcome of the M4 seasonality test, with the numbers behind it. */
export interface SeasonalityTestResult {
  seasonal: boolean;
  /** Autocorrelation at lag m; null when the test did not get that far. */
  acf: number | null;
  /** The limit |acf| had to exceed; null when the test did not get that far. */
  limit: number | null;
  /** One line saying why, e.g. "lag-12 autocorrelation 0.76 exceeds 0.31". */
  reason: string;
}

/** Throws a ConfigError unless every value is a finite number. */
export function assertFinite(values: ArrayLike<number>, what = 'series'): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new ConfigError(
        'NO_DATA',
        `The ${what} has a missing or non-finite value at position ${i + 1}; clean or interpolate it first.`,
      );
    }
  }
}

/**
 * Sample autocorrelations r_1..r_maxLag as R's acf(): r_k = Σ_{t<n-k} (x_t - x̄)(x_{t+k} - x̄) / Σ (x_t - x̄)².
 * Returns [maxLag] (lags 1..maxLag; lags ≥ n are 0). A constant series returns NaN at every lag.
 */
export function autocorrelations(values: ArrayLike<number>, maxLag: number): number[] {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  const x = new Float64Array(n);
  let denom = 0;
  for (let i = 0; i < n; i++) {
    x[i] = values[i] - mean;
    denom += x[i] * x[i];
  }
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let s = 0;
    for (let t = 0; t + k < n; t++) s += x[t] * x[t + k];
    out.push(denom > 0 ? s / denom : Number.NaN);
  }
  return out;
}

/**
 * The M4 seasonality test with its numbers. As in the M4 R code, the series must hold at least 3m values,
 * m must be > 1, and m must not exceed R's default acf lag limit min(floor(10·log10(n)), n - 1)
 * (beyond it R returns NA and the series counts as not seasonal; so m = 52 needs n ≥ 158,490).
 * `rLagLimit: false` drops that last condition (same statistic, any m < n).
 */
export function seasonalityTestDetail(
  values: ArrayLike<number>,
  m: number,
  options: { rLagLimit?: boolean } = {},
): SeasonalityTestResult {
  assertFinite(values);
  const n = values.length;
  const period = Math.floor(m);
  if (!(period > 1)) return { seasonal: false, acf: null, limit: null, reason: 'no seasonal period (m = 1)' };
  if (n < 3 * period) {
    return {
      seasonal: false,
      acf: null,
      limit: null,
      reason: `fewer than three seasons (${n} values < 3 × ${period})`,
    };
  }
  const lagMax = options.rLagLimit === false ? n - 1 : Math.min(Math.floor(10 * Math.log10(n)), n - 1);
  if (period > lagMax) {
    return {
      seasonal: false,
      acf: null,
      limit: null,
      reason: `period ${period} is beyond the autocorrelation lags examined (${lagMax} for ${n} values)`,
    };
  }
  const r = autocorrelations(values, period);
  let sum = 1;
  for (let k = 0; k < period - 1; k++) sum += 2 * r[k] * r[k];
  const limit = (1.645 / Math.sqrt(n)) * Math.sqrt(sum);
  const acf = r[period - 1];
  if (!Number.isFinite(acf) || !Number.isFinite(limit)) {
    return { seasonal: false, acf: null, limit: null, reason: 'constant series: no autocorrelation' };
  }
  const seasonal = Math.abs(acf) > limit;
  return {
    seasonal,
    acf,
    limit,
    reason: `lag-${period} autocorrelation ${acf.toFixed(2)} ${seasonal ? 'exceeds' : 'is within'} ±${limit.toFixed(2)}`,
  };
}

/** True when the M4 seasonality test finds the series seasonal at period m (see seasonalityTestDetail). */
export function seasonalityTest(values: ArrayLike<number>, m: number): boolean {
  return seasonalityTestDetail(values, m).seasonal;
}
