/**
 * How many differences a series needs, as forecast::ndiffs and nsdiffs decide it: the KPSS test of level
 * stationarity (Kwiatkowski et al. 1992; Bartlett long-run variance with trunc(3·sqrt(n)/13) lags, 5% level)
 * for first differences, and seasonal strength from STL above 0.64 (Wang, Smith and Hyndman 2006) for
 * seasonal differences.
 */
import { difference } from '../transforms/difference';
import { assertFinite } from './seasonality';
import { stl } from './stl';

/** KPSS level-stationarity statistic with its lag truncation. */
export interface KpssResult {
  statistic: number;
  lags: number;
  /** p-value interpolated in the published table (0.10, 0.05, 0.025, 0.01), clamped to [0.01, 0.10]. */
  pValue: number;
}

/** True when every value equals the first (up to rounding). */
export function isConstant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) {
    if (Math.abs(values[i] - values[0]) > 1e-12 * Math.max(1, Math.abs(values[0]))) return false;
  }
  return true;
}

const KPSS_CRITICAL = [0.347, 0.463, 0.574, 0.739];
const KPSS_LEVELS = [0.1, 0.05, 0.025, 0.01];

/**
 * KPSS test that the series is stationary around a constant level; `lags` defaults to trunc(3·sqrt(n)/13).
 * A small p-value says the series needs differencing.
 */
export function kpssTest(values: ArrayLike<number>, lags?: number): KpssResult {
  assertFinite(values);
  const n = values.length;
  const l = lags ?? Math.trunc((3 * Math.sqrt(n)) / 13);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  const e = Array.from(values, (v) => v - mean);
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += e[i] * e[i];
  s2 /= n;
  for (let k = 1; k <= l; k++) {
    let c = 0;
    for (let t = k; t < n; t++) c += e[t] * e[t - k];
    s2 += (2 / n) * (1 - k / (l + 1)) * c;
  }
  let cum = 0;
  let eta = 0;
  for (let i = 0; i < n; i++) {
    cum += e[i];
    eta += cum * cum;
  }
  const statistic = eta / (n * n) / s2;
  let pValue: number;
  if (statistic <= KPSS_CRITICAL[0]) pValue = KPSS_LEVELS[0];
  else if (statistic >= KPSS_CRITICAL[3]) pValue = KPSS_LEVELS[3];
  else {
    let i = 0;
    while (statistic > KPSS_CRITICAL[i + 1]) i++;
    const f = (statistic - KPSS_CRITICAL[i]) / (KPSS_CRITICAL[i + 1] - KPSS_CRITICAL[i]);
    pValue = KPSS_LEVELS[i] + f * (KPSS_LEVELS[i + 1] - KPSS_LEVELS[i]);
  }
  return { statistic, lags: l, pValue };
}

/**
 * Number of first differences (0..maxD) after which the KPSS test no longer rejects stationarity at
 * level alpha, as forecast::ndiffs(test = 'kpss'). A constant series needs none.
 */
export function ndiffs(values: ArrayLike<number>, alpha = 0.05, maxD = 2): number {
  let x = Array.from(values);
  let d = 0;
  if (x.length < 3 || isConstant(x)) return 0;
  let reject = kpssTest(x).pValue < alpha;
  while (reject && d < maxD) {
    d++;
    x = difference(x, 1);
    if (x.length < 3 || isConstant(x)) return d;
    reject = kpssTest(x).pValue < alpha;
  }
  return d;
}

/**
 * Strength of seasonality in [0, 1] from an STL decomposition (seasonal window 11, as forecast::mstl):
 * max(0, 1 − var(remainder) / var(seasonal + remainder)). Null when the series is too short for STL.
 */
export function seasonalStrength(values: ArrayLike<number>, m: number): number | null {
  if (m < 2 || values.length <= 2 * m) return null;
  const d = stl(values, m, { seasonalWindow: 11 });
  const variance = (xs: number[]) => {
    const mu = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.reduce((a, b) => a + (b - mu) ** 2, 0) / (xs.length - 1);
  };
  const vr = variance(d.remainder);
  const vsr = variance(d.remainder.map((r, i) => r + d.seasonal[i]));
  if (!(vsr > 0)) return 0;
  return Math.max(0, Math.min(1, 1 - vr / vsr));
}

/**
 * Number of seasonal differences (0 or 1) at period m, as forecast::nsdiffs(test = 'seas'): 1 when the
 * seasonal strength exceeds 0.64.
 */
export function nsdiffs(values: ArrayLike<number>, m: number): number {
  if (m < 2 || values.length <= m || isConstant(values)) return 0;
  const s = seasonalStrength(values, m);
  return s !== null && s > 0.64 ? 1 : 0;
}
