/**
 * STL: Seasonal-Trend decomposition by Loess (Cleveland, Cleveland, McRae and Terpenning, "STL: A
 * Seasonal-Trend Decomposition Procedure Based on Loess", Journal of Official Statistics 6 (1990) 3–73).
 *
 * Written from the paper's description: an inner loop of cycle-subseries smoothing, low-pass filtering of
 * the smoothed seasonal, and trend smoothing; an optional outer loop of robustness weights (bisquare of the
 * remainder over six median absolute remainders). Loess fits degree 0 or 1 with tricube weights and
 * evaluates every `jump` points, interpolating linearly in between. Defaults follow R's stats::stl.
 */
import { ConfigError } from '../../data/errors';
import { assertFinite } from './seasonality';

/** STL settings. Windows are spans in observations (made odd, at least 3); jumps are evaluation strides. */
export interface StlOptions {
  /** Seasonal smoothing span (odd ≥ 3), or 'periodic' for a fixed seasonal pattern. Default 13. */
  seasonalWindow?: number | 'periodic';
  /** Degree of the seasonal loess, 0 or 1. Default 0 (R); 'periodic' forces 0. */
  seasonalDegree?: 0 | 1;
  /** Trend span; default the next odd integer ≥ 1.5·m / (1 − 1.5 / seasonalWindow). */
  trendWindow?: number;
  trendDegree?: 0 | 1;
  /** Low-pass filter span; default the next odd integer ≥ m. */
  lowPassWindow?: number;
  /** Default trendDegree. */
  lowPassDegree?: 0 | 1;
  /** Defaults ceil(span / 10). */
  seasonalJump?: number;
  trendJump?: number;
  lowPassJump?: number;
  /** Robustness iterations on: default inner 1, outer 15 (otherwise inner 2, outer 0). */
  robust?: boolean;
  inner?: number;
  outer?: number;
}

/** An STL decomposition: values = seasonal + trend + remainder, each [n] in the series' units. */
export interface StlDecomposition {
  m: number;
  seasonal: number[];
  trend: number[];
  remainder: number[];
  /** Robustness weight per value in [0, 1]; all 1 without outer iterations. */
  weights: number[];
}

const nextOdd = (x: number) => {
  const k = Math.round(x);
  return k % 2 === 0 ? k + 1 : k;
};

/**
 * Loess estimate at abscissa xs (1-based, like the observation indices) from the points nleft..nright of y
 * (1-based, inclusive). Returns null when every weight is 0. `w` is scratch space of length ≥ n.
 */
function loessEstimate(
  y: ArrayLike<number>,
  n: number,
  len: number,
  degree: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  rw: ArrayLike<number> | null,
): number | null {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.floor((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    w[j - 1] = 0;
    const r = Math.abs(j - xs);
    if (r <= h9) {
      w[j - 1] = r <= h1 ? 1 : (1 - (r / h) ** 3) ** 3;
      if (rw) w[j - 1] *= rw[j - 1];
      a += w[j - 1];
    }
  }
  if (a <= 0) return null;
  for (let j = nleft; j <= nright; j++) w[j - 1] /= a;
  if (h > 0 && degree > 0) {
    let mean = 0;
    for (let j = nleft; j <= nright; j++) mean += w[j - 1] * j;
    let c = 0;
    for (let j = nleft; j <= nright; j++) c += w[j - 1] * (j - mean) ** 2;
    if (Math.sqrt(c) > 0.001 * range) {
      const b = (xs - mean) / c;
      for (let j = nleft; j <= nright; j++) w[j - 1] *= b * (j - mean) + 1;
    }
  }
  let ys = 0;
  for (let j = nleft; j <= nright; j++) ys += w[j - 1] * y[j - 1];
  return ys;
}

/**
 * Loess smoothing of y[0..n-1] with span len, evaluated every `jump` points and interpolated linearly in
 * between; the result goes to out[offset .. offset + n - 1].
 */
function loessSmooth(
  y: ArrayLike<number>,
  n: number,
  len: number,
  degree: number,
  jump: number,
  rw: ArrayLike<number> | null,
  out: Float64Array,
  offset: number,
  w: Float64Array,
): void {
  if (n < 2) {
    out[offset] = y[0];
    return;
  }
  const step = Math.min(jump, n - 1);
  let nleft = 1;
  let nright = n;
  const fit = (i: number) => {
    const v = loessEstimate(y, n, len, degree, i, nleft, nright, w, rw);
    out[offset + i - 1] = v ?? y[i - 1];
  };
  if (len >= n) {
    nleft = 1;
    nright = n;
    for (let i = 1; i <= n; i += step) fit(i);
  } else if (step === 1) {
    const half = Math.floor((len + 1) / 2);
    nleft = 1;
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > half && nright !== n) {
        nleft++;
        nright++;
      }
      fit(i);
    }
  } else {
    const half = Math.floor((len + 1) / 2);
    for (let i = 1; i <= n; i += step) {
      if (i < half) {
        nleft = 1;
        nright = len;
      } else if (i >= n - half + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i - half + 1;
        nright = len + i - half;
      }
      fit(i);
    }
  }
  if (step !== 1) {
    for (let i = 1; i <= n - step; i += step) {
      const delta = (out[offset + i + step - 1] - out[offset + i - 1]) / step;
      for (let j = i + 1; j < i + step; j++) out[offset + j - 1] = out[offset + i - 1] + delta * (j - i);
    }
    const k = Math.floor((n - 1) / step) * step + 1;
    if (k !== n) {
      fit(n);
      if (k !== n - 1) {
        const delta = (out[offset + n - 1] - out[offset + k - 1]) / (n - k);
        for (let j = k + 1; j < n; j++) out[offset + j - 1] = out[offset + k - 1] + delta * (j - k);
      }
    }
  }
}

/** Moving average of span len over x[0..n-1] into out[0..n-len]. */
function movingAverage(x: ArrayLike<number>, n: number, len: number, out: Float64Array): void {
  let sum = 0;
  for (let i = 0; i < len; i++) sum += x[i];
  out[0] = sum / len;
  for (let j = 1; j <= n - len; j++) {
    sum += x[j + len - 1] - x[j - 1];
    out[j] = sum / len;
  }
}

interface StlSettings {
  np: number;
  ns: number;
  nt: number;
  nl: number;
  isdeg: number;
  itdeg: number;
  ildeg: number;
  nsjump: number;
  ntjump: number;
  nljump: number;
  ni: number;
  no: number;
}

/** The inner loop: `ni` passes updating season and trend in place. */
function innerLoop(
  y: ArrayLike<number>,
  s: StlSettings,
  rw: Float64Array | null,
  season: Float64Array,
  trend: Float64Array,
): void {
  const n = y.length;
  const np = s.np;
  const cycle = new Float64Array(n + 2 * np);
  const detrended = new Float64Array(n);
  const low1 = new Float64Array(n + 2 * np);
  const low2 = new Float64Array(n + 2 * np);
  const lowPass = new Float64Array(n);
  const w = new Float64Array(n + 2 * np);
  const sub = new Float64Array(Math.ceil(n / np) + 2);
  const subW = new Float64Array(Math.ceil(n / np) + 2);
  const subOut = new Float64Array(Math.ceil(n / np) + 2);
  const deseason = new Float64Array(n);
  for (let pass = 0; pass < s.ni; pass++) {
    for (let i = 0; i < n; i++) detrended[i] = y[i] - trend[i];
    // cycle-subseries smoothing, each subseries extended by one point at both ends
    for (let j = 0; j < np; j++) {
      const k = Math.floor((n - 1 - j) / np) + 1;
      for (let i = 0; i < k; i++) {
        sub[i] = detrended[i * np + j];
        if (rw) subW[i] = rw[i * np + j];
      }
      const wts = rw ? subW : null;
      loessSmooth(sub, k, s.ns, s.isdeg, s.nsjump, wts, subOut, 1, w);
      const first = loessEstimate(sub, k, s.ns, s.isdeg, 0, 1, Math.min(s.ns, k), w, wts);
      subOut[0] = first ?? subOut[1];
      const last = loessEstimate(sub, k, s.ns, s.isdeg, k + 1, Math.max(1, k - s.ns + 1), k, w, wts);
      subOut[k + 1] = last ?? subOut[k];
      for (let i = 0; i < k + 2; i++) cycle[i * np + j] = subOut[i];
    }
    // low-pass filter: moving averages of spans np, np, 3, then loess
    movingAverage(cycle, n + 2 * np, np, low1);
    movingAverage(low1, n + np + 1, np, low2);
    movingAverage(low2, n + 2, 3, low1);
    loessSmooth(low1, n, s.nl, s.ildeg, s.nljump, null, lowPass, 0, w);
    for (let i = 0; i < n; i++) {
      season[i] = cycle[np + i] - lowPass[i];
      deseason[i] = y[i] - season[i];
    }
    loessSmooth(deseason, n, s.nt, s.itdeg, s.ntjump, rw, trend, 0, w);
  }
}

/** Bisquare robustness weights from the remainder: B(|r| / (6 · median |r|)). */
function robustnessWeights(y: ArrayLike<number>, fit: Float64Array, rw: Float64Array): void {
  const n = y.length;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = Math.abs(y[i] - fit[i]);
  const sorted = Float64Array.from(r).sort();
  const mid1 = Math.floor(n / 2) + 1;
  const mid2 = n - mid1 + 1;
  const cmad = 3 * (sorted[mid1 - 1] + sorted[mid2 - 1]);
  const c9 = 0.999 * cmad;
  const c1 = 0.001 * cmad;
  for (let i = 0; i < n; i++) {
    if (r[i] <= c1) rw[i] = 1;
    else if (r[i] <= c9) rw[i] = (1 - (r[i] / cmad) ** 2) ** 2;
    else rw[i] = 0;
  }
}

function checkSpan(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 1) {
    throw new ConfigError('INVALID_CONFIG', `STL ${name} must be a positive number (got ${v}).`);
  }
  return Math.floor(v);
}

/**
 * STL decomposition of `values` with period m ≥ 2; needs more than two full periods. Additive:
 * values = seasonal + trend + remainder (decompose a log or Box-Cox transform for multiplicative patterns).
 */
export function stl(values: ArrayLike<number>, m: number, options: StlOptions = {}): StlDecomposition {
  assertFinite(values);
  const n = values.length;
  if (!Number.isInteger(m) || m < 2) {
    throw new ConfigError(
      'INVALID_CONFIG',
      `STL needs a whole season length of at least 2 (got ${m}).`,
      'seasonLength',
    );
  }
  if (n <= 2 * m) {
    throw new ConfigError(
      'SERIES_TOO_SHORT',
      `STL needs more than two full seasons (over ${2 * m} values for season length ${m}); the series has ${n}.`,
      'seasonLength',
    );
  }
  const window = options.seasonalWindow ?? 13;
  const periodic = window === 'periodic';
  const robust = options.robust ?? false;
  const nsRaw = window === 'periodic' ? 10 * n + 1 : checkSpan('seasonal window', window);
  const isdeg = periodic ? 0 : (options.seasonalDegree ?? 0);
  const itdeg = options.trendDegree ?? 1;
  const ns = Math.max(3, nsRaw % 2 === 0 ? nsRaw + 1 : nsRaw);
  const ntDefault = nextOdd(Math.ceil((1.5 * m) / (1 - 1.5 / ns)));
  const ntRaw = checkSpan('trend window', options.trendWindow ?? ntDefault);
  const nlRaw = checkSpan('low-pass window', options.lowPassWindow ?? nextOdd(m));
  const nt = Math.max(3, ntRaw % 2 === 0 ? ntRaw + 1 : ntRaw);
  const nl = Math.max(3, nlRaw % 2 === 0 ? nlRaw + 1 : nlRaw);
  const s: StlSettings = {
    np: m,
    ns,
    nt,
    nl,
    isdeg,
    itdeg,
    ildeg: options.lowPassDegree ?? itdeg,
    nsjump: checkSpan('seasonal jump', options.seasonalJump ?? Math.ceil(ns / 10)),
    ntjump: checkSpan('trend jump', options.trendJump ?? Math.ceil(nt / 10)),
    nljump: checkSpan('low-pass jump', options.lowPassJump ?? Math.ceil(nl / 10)),
    ni: Math.max(1, Math.floor(options.inner ?? (robust ? 1 : 2))),
    no: Math.max(0, Math.floor(options.outer ?? (robust ? 15 : 0))),
  };
  const season = new Float64Array(n);
  const trend = new Float64Array(n);
  const rw = new Float64Array(n).fill(1);
  const fit = new Float64Array(n);
  let useWeights = false;
  for (let k = 0; ; k++) {
    innerLoop(values, s, useWeights ? rw : null, season, trend);
    if (k + 1 > s.no) break;
    for (let i = 0; i < n; i++) fit[i] = trend[i] + season[i];
    robustnessWeights(values, fit, rw);
    useWeights = true;
  }
  if (s.no <= 0) rw.fill(1);
  if (periodic) {
    const sums = new Array<number>(m).fill(0);
    const counts = new Array<number>(m).fill(0);
    for (let i = 0; i < n; i++) {
      sums[i % m] += season[i];
      counts[i % m]++;
    }
    for (let i = 0; i < n; i++) season[i] = sums[i % m] / counts[i % m];
  }
  const seasonal = Array.from(season);
  const trendOut = Array.from(trend);
  return {
    m,
    seasonal,
    trend: trendOut,
    remainder: Array.from({ length: n }, (_, i) => values[i] - seasonal[i] - trendOut[i]),
    weights: Array.from(rw),
  };
}
