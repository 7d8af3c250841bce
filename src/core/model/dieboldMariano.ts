/**
 * The Diebold-Mariano test of equal predictive accuracy (Diebold & Mariano 1995) with the
 * Harvey-Leybourne-Newbold (1997) small-sample correction and a Student-t reference distribution,
 * as in R's forecast::dm.test.
 *
 * Given the errors e1[t], e2[t] of two forecasts of the same targets at horizon h, the loss
 * differential is d[t] = L(e1[t]) - L(e2[t]) with L = e² (squared) or |e| (absolute). Under equal
 * accuracy E[d] = 0. h-step forecasts from consecutive origins overlap, so d is autocorrelated up to lag
 * h - 1; the long-run variance of the mean uses those h - 1 autocovariances:
 *   V = (γ0 + 2 Σ_{k=1}^{h-1} γk) / n,  γk = (1/n) Σ_{t=k+1}^{n} (d[t] - d̄)(d[t-k] - d̄)
 *   DM = d̄ / √V,  DM* = DM · √((n + 1 - 2h + h(h - 1)/n) / n),  p from Student t with n - 1 df.
 */

export type DmLoss = 'squared' | 'absolute';

export interface DieboldMarianoOptions {
  /** Forecast horizon of the errors (1 = one step ahead): h - 1 autocovariances enter the variance. */
  horizon?: number;
  loss?: DmLoss;
}

export interface DieboldMarianoResult {
  /** Number of paired errors. */
  n: number;
  /** The horizon whose autocovariances were used (1 when the h-step variance was not positive). */
  horizon: number;
  loss: DmLoss;
  /** Mean loss of each forecast, in squared or absolute units of the target. */
  meanLossA: number;
  meanLossB: number;
  /** d̄ = mean(L(eA) - L(eB)): negative when A has the smaller loss. */
  meanDifference: number;
  /** The estimated variance of d̄ (V above). */
  variance: number;
  /** The original DM statistic. */
  dm: number;
  /** The HLN-corrected statistic, compared with Student t (n - 1 df). */
  statistic: number;
  degreesOfFreedom: number;
  /** Two-sided p-value of equal accuracy. */
  pValue: number;
  /** Set when the test could not be run as asked (identical losses, negative h-step variance). */
  note: string | null;
}

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, about 15 significant digits). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), 0 <= x <= 1, a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(T <= t) for Student's t with `df` degrees of freedom (df > 0). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** Two-sided p-value of a t statistic: P(|T| >= |t|). */
export function studentTTwoSided(t: number, df: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, regularizedBeta(df / (df + t * t), df / 2, 0.5));
}

function lossOf(e: number, loss: DmLoss): number {
  return loss === 'squared' ? e * e : Math.abs(e);
}

/**
 * Diebold-Mariano test of H0 "A and B are equally accurate" on paired forecast errors (forecast minus
 * actual, same targets, in time order). Throws RangeError for mismatched lengths, fewer than 3 pairs, a
 * horizon below 1 or non-finite errors.
 */
export function dieboldMariano(
  errorsA: readonly number[],
  errorsB: readonly number[],
  options: DieboldMarianoOptions = {},
): DieboldMarianoResult {
  const loss = options.loss ?? 'squared';
  const h = options.horizon ?? 1;
  if (errorsA.length !== errorsB.length)
    throw new RangeError('the two error series must have the same length');
  const n = errorsA.length;
  if (n < 3) throw new RangeError('the Diebold-Mariano test needs at least 3 paired errors');
  if (!Number.isInteger(h) || h < 1) throw new RangeError('horizon must be a whole number >= 1');
  if (h >= n) throw new RangeError('horizon must be smaller than the number of paired errors');
  const d = new Array<number>(n);
  let sumA = 0;
  let sumB = 0;
  for (let t = 0; t < n; t++) {
    if (!Number.isFinite(errorsA[t]) || !Number.isFinite(errorsB[t]))
      throw new RangeError('errors must be finite numbers');
    const la = lossOf(errorsA[t], loss);
    const lb = lossOf(errorsB[t], loss);
    sumA += la;
    sumB += lb;
    d[t] = la - lb;
  }
  const mean = d.reduce((s, v) => s + v, 0) / n;
  const autocovariance = (k: number) => {
    let s = 0;
    for (let t = k; t < n; t++) s += (d[t] - mean) * (d[t - k] - mean);
    return s / n;
  };
  const gamma0 = autocovariance(0);
  const base = {
    n,
    loss,
    meanLossA: sumA / n,
    meanLossB: sumB / n,
    meanDifference: mean,
    degreesOfFreedom: n - 1,
  };
  if (!(gamma0 > 1e-300 * Math.max(1, mean * mean))) {
    // Every loss differential is the same: no variance to test against.
    return {
      ...base,
      horizon: h,
      variance: 0,
      dm: mean === 0 ? 0 : Number.NaN,
      statistic: mean === 0 ? 0 : Number.NaN,
      pValue: mean === 0 ? 1 : Number.NaN,
      note:
        mean === 0
          ? 'The two forecasts have identical losses.'
          : 'The loss difference is constant, so its variance is zero.',
    };
  }
  let used = h;
  let variance = gamma0;
  for (let k = 1; k < h; k++) variance += 2 * autocovariance(k);
  variance /= n;
  let note: string | null = null;
  if (!(variance > 0)) {
    // The truncated long-run variance can be negative for h > 1; fall back to h = 1 as dm.test does.
    used = 1;
    variance = gamma0 / n;
    note = `The ${h}-step long-run variance was not positive; the one-step variance was used.`;
  }
  const dm = mean / Math.sqrt(variance);
  const correction = Math.sqrt((n + 1 - 2 * used + (used * (used - 1)) / n) / n);
  const statistic = dm * correction;
  return {
    ...base,
    horizon: used,
    variance,
    dm,
    statistic,
    pValue: studentTTwoSided(statistic, n - 1),
    note,
  };
}

/**
 * The test's outcome in words, e.g. "A is significantly more accurate than B at the 5% level (DM = -2.81,
 * p = 0.006; 85 one-step-ahead forecasts, squared error)."
 */
export function describeDieboldMariano(
  result: DieboldMarianoResult,
  nameA: string,
  nameB: string,
  level = 0.05,
): string {
  const pct = `${+(level * 100).toFixed(2)}%`;
  const steps = result.horizon === 1 ? 'one-step-ahead' : `${result.horizon}-step-ahead`;
  const facts = `${result.n} ${steps} forecasts, ${result.loss} error`;
  if (!Number.isFinite(result.pValue))
    return `The test cannot be run: ${result.note ?? 'the loss difference has no variance'} (${facts}).`;
  const stats = `DM = ${result.statistic.toFixed(2)}, ${formatP(result.pValue)}; ${facts}`;
  if (result.pValue < level && result.meanDifference !== 0) {
    const [better, worse] = result.meanDifference < 0 ? [nameA, nameB] : [nameB, nameA];
    return `${better} is significantly more accurate than ${worse} at the ${pct} level (${stats}).`;
  }
  return `No significant difference in accuracy between ${nameA} and ${nameB} at the ${pct} level (${stats}).`;
}

function formatP(p: number): string {
  if (p < 0.0001) return 'p < 0.0001';
  return `p = ${p < 0.01 ? p.toFixed(4) : p.toFixed(3)}`;
}

/** Test-window forecasts as stored with a forecast run: [window][step], original units. */
export interface TestWindows {
  /** Per window: the row of its last input step. */
  origins: readonly number[];
  actual: readonly (readonly number[])[];
  predicted: readonly (readonly number[])[];
}

export type PairedErrors =
  | { ok: true; step: number; origins: number[]; errorsA: number[]; errorsB: number[] }
  | { ok: false; reason: string };

/**
 * The `step`-ahead errors (forecast - actual) of two runs on the windows they share (same origin row),
 * in origin order. Refuses pairs whose actual values differ at a shared origin: they do not forecast the
 * same test set (another target, key or cleaning).
 */
export function pairedErrors(a: TestWindows, b: TestWindows, step: number): PairedErrors {
  const horizonA = a.predicted[0]?.length ?? 0;
  const horizonB = b.predicted[0]?.length ?? 0;
  if (step < 1 || step > Math.min(horizonA, horizonB)) {
    return {
      ok: false,
      reason: `Step ${step} is outside the horizons of the two runs (${horizonA} and ${horizonB}).`,
    };
  }
  const h = step - 1;
  const rowOfB = new Map<number, number>();
  b.origins.forEach((origin, w) => rowOfB.set(origin, w));
  const pairs: { origin: number; ea: number; eb: number }[] = [];
  for (let w = 0; w < a.origins.length; w++) {
    const v = rowOfB.get(a.origins[w]);
    if (v === undefined) continue;
    const actualA = a.actual[w][h];
    const actualB = b.actual[v][h];
    const tolerance = 1e-9 * Math.max(1, Math.abs(actualA), Math.abs(actualB));
    if (Math.abs(actualA - actualB) > tolerance) {
      return {
        ok: false,
        reason:
          'The two runs forecast different values at the same time: they do not share a test set (another target, key or cleaning).',
      };
    }
    pairs.push({ origin: a.origins[w], ea: a.predicted[w][h] - actualA, eb: b.predicted[v][h] - actualB });
  }
  if (pairs.length < 3)
    return {
      ok: false,
      reason: `The two runs share ${pairs.length} test windows; the test needs at least 3.`,
    };
  pairs.sort((p, q) => p.origin - q.origin);
  return {
    ok: true,
    step,
    origins: pairs.map((p) => p.origin),
    errorsA: pairs.map((p) => p.ea),
    errorsB: pairs.map((p) => p.eb),
  };
}
