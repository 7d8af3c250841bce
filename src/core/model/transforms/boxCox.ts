/**
 * Box-Cox power transforms (λ = 0 is the natural log), λ chosen by Guerrero's method as R's
 * forecast::BoxCox.lambda(method = 'guerrero'), and a test of whether the spread grows with the level.
 */
import { ConfigError } from '../../data/errors';
import { assertFinite } from '../classical/seasonality';
import type { FittedTransform } from './types';

/** A Box-Cox transform; `lambda` 0 means log. JSON-serialisable. */
export interface BoxCoxState {
  kind: 'box-cox';
  lambda: number;
}

/** Outcome of varianceGrowsWithLevel, with the numbers behind it. */
export interface VarianceLevelTest {
  grows: boolean;
  /** Slope of log(spread) on log(level) over consecutive blocks; 1 is proportional growth, 0 none. */
  slope: number | null;
  /** Correlation of log(spread) and log(level) over the blocks. */
  correlation: number | null;
  /** Largest block level over the smallest. */
  levelRatio: number | null;
  blocks: number;
  reason: string;
}

/** Throws a ConfigError naming the first value that is not positive. */
export function assertPositive(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] > 0)) {
      throw new ConfigError(
        'INVALID_CONFIG',
        `${what} needs positive values, but value ${i + 1} is ${values[i]}. ` +
          'Turn the transform off, or add a constant to the series so that every value is above 0.',
      );
    }
  }
}

/** |λ| below this is treated as the log (the difference is below λ·log(y)²/2). */
const LOG_LAMBDA = 1e-10;

/**
 * Box-Cox of positive values: (y^λ − 1) / λ, or log y when λ = 0 (computed as expm1(λ·log y) / λ, accurate
 * for λ near 0). Same length as the input.
 */
export function boxCox(values: ArrayLike<number>, lambda: number): number[] {
  assertPositive(values, 'A Box-Cox or log transform');
  const out = new Array<number>(values.length);
  const log = Math.abs(lambda) < LOG_LAMBDA;
  for (let i = 0; i < values.length; i++) {
    const l = Math.log(values[i]);
    out[i] = log ? l : Math.expm1(lambda * l) / lambda;
  }
  return out;
}

/**
 * Inverse Box-Cox: (λx + 1)^(1/λ) (as exp(log1p(λx) / λ)), or exp x when λ = 0. Where λx + 1 ≤ 0 (beyond the range the transform
 * reaches) the result is +Infinity for λ < 0 (the limit from inside) and 0 for λ > 0.
 */
export function inverseBoxCox(values: ArrayLike<number>, lambda: number): number[] {
  const out = new Array<number>(values.length);
  const log = Math.abs(lambda) < LOG_LAMBDA;
  for (let i = 0; i < values.length; i++) {
    if (log) {
      out[i] = Math.exp(values[i]);
      continue;
    }
    const base = lambda * values[i];
    out[i] = base > -1 ? Math.exp(Math.log1p(base) / lambda) : lambda < 0 ? Number.POSITIVE_INFINITY : 0;
  }
  return out;
}

/** The transform object for a fixed λ: forward = boxCox, inverse = inverseBoxCox, pointwise. */
export function boxCoxTransform(state: BoxCoxState): FittedTransform<BoxCoxState> {
  return {
    state,
    forward: (values) => boxCox(values, state.lambda),
    inverse: (values) => inverseBoxCox(values, state.lambda),
    inverseForecast: (values) => inverseBoxCox(values, state.lambda),
  };
}

/**
 * Brent's minimiser of a unimodal f on [lower, upper] (golden section with parabolic steps, as R's
 * optimize()); tol is the absolute tolerance on x. Returns the minimising x.
 */
export function brentMinimise(
  f: (x: number) => number,
  lower: number,
  upper: number,
  tol = Math.pow(2.220446049250313e-16, 0.25),
): number {
  const c = (3 - Math.sqrt(5)) * 0.5;
  const eps = Math.sqrt(2.220446049250313e-16);
  let a = lower;
  let b = upper;
  let v = a + c * (b - a);
  let w = v;
  let x = v;
  let d = 0;
  let e = 0;
  let fx = f(x);
  let fv = fx;
  let fw = fx;
  const tol3 = tol / 3;
  for (;;) {
    const xm = (a + b) * 0.5;
    const tol1 = eps * Math.abs(x) + tol3;
    const t2 = tol1 * 2;
    if (Math.abs(x - xm) <= t2 - (b - a) * 0.5) break;
    let p = 0;
    let q = 0;
    let r = 0;
    if (Math.abs(e) > tol1) {
      r = (x - w) * (fx - fv);
      q = (x - v) * (fx - fw);
      p = (x - v) * q - (x - w) * r;
      q = (q - r) * 2;
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = d;
    }
    if (Math.abs(p) >= Math.abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x)) {
      e = x < xm ? b - x : a - x;
      d = c * e;
    } else {
      d = p / q;
      const u = x + d;
      if (u - a < t2 || b - u < t2) {
        d = tol1;
        if (x >= xm) d = -d;
      }
    }
    let u: number;
    if (Math.abs(d) >= tol1) u = x + d;
    else if (d > 0) u = x + tol1;
    else u = x - tol1;
    const fu = f(u);
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return x;
}

function meanSd(xs: ArrayLike<number>, from: number, to: number): [number, number] {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i];
  const mean = s / (to - from);
  let q = 0;
  for (let i = from; i < to; i++) q += (xs[i] - mean) ** 2;
  return [mean, Math.sqrt(q / (to - from - 1))];
}

/**
 * Guerrero's (1993) Box-Cox λ in [lower, upper]: minimises the coefficient of variation of sd / mean^(1−λ)
 * over consecutive blocks of max(2, m) values (the last whole blocks), as forecast::BoxCox.lambda. Returns
 * 1 (no transform) when the series holds at most two blocks, as R does. Needs positive values.
 */
export function guerreroLambda(values: ArrayLike<number>, m: number, lower = -1, upper = 2): number {
  assertFinite(values);
  assertPositive(values, "Guerrero's choice of a Box-Cox λ");
  const period = Math.round(Math.max(2, m));
  const n = values.length;
  if (n <= 2 * period) return 1;
  const blocks = Math.floor(n / period);
  const start = n - blocks * period;
  const means: number[] = [];
  const sds: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const [mu, sd] = meanSd(values, start + b * period, start + (b + 1) * period);
    means.push(mu);
    sds.push(sd);
  }
  const cv = (lam: number) => {
    const rat = sds.map((sd, i) => sd / means[i] ** (1 - lam));
    const [mu, sd] = meanSd(rat, 0, rat.length);
    return sd / mu;
  };
  return brentMinimise(cv, lower, upper);
}

/**
 * Whether the spread of the series grows with its level, the case for a log or Box-Cox transform. The
 * series is cut into consecutive blocks (m values when m ≥ 4, otherwise 12 or n/8, at least 4); log block
 * standard deviation is regressed on log block mean. It grows when the values are positive, the block
 * levels differ by at least 1.5×, the slope is at least 0.5 and the correlation at least 0.5.
 */
export function varianceGrowsWithLevel(values: ArrayLike<number>, m: number): VarianceLevelTest {
  assertFinite(values);
  const n = values.length;
  const none = (reason: string, blocks = 0): VarianceLevelTest => ({
    grows: false,
    slope: null,
    correlation: null,
    levelRatio: null,
    blocks,
    reason,
  });
  for (let i = 0; i < n; i++) {
    if (!(values[i] > 0)) return none(`not all values are positive (value ${i + 1} is ${values[i]})`);
  }
  const len = m >= 4 ? Math.round(m) : Math.max(4, Math.min(12, Math.floor(n / 8)));
  const blocks = Math.floor(n / len);
  if (blocks < 4)
    return none(`too short to compare spread and level (${n} values, blocks of ${len})`, blocks);
  const start = n - blocks * len;
  const lx: number[] = [];
  const ly: number[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let b = 0; b < blocks; b++) {
    const [mu, sd] = meanSd(values, start + b * len, start + (b + 1) * len);
    lo = Math.min(lo, mu);
    hi = Math.max(hi, mu);
    if (sd > 0) {
      lx.push(Math.log(mu));
      ly.push(Math.log(sd));
    }
  }
  if (lx.length < 4) return none('the series is (nearly) constant within blocks', blocks);
  const [mx] = meanSd(lx, 0, lx.length);
  const [my] = meanSd(ly, 0, ly.length);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
    syy += (ly[i] - my) ** 2;
  }
  const levelRatio = hi / lo;
  if (!(sxx > 0) || !(syy > 0)) {
    return { ...none('the level or the spread does not vary between blocks', blocks), levelRatio };
  }
  const slope = sxy / sxx;
  const correlation = sxy / Math.sqrt(sxx * syy);
  const grows = levelRatio >= 1.5 && slope >= 0.5 && correlation >= 0.5;
  const numbers = `slope ${slope.toFixed(2)}, correlation ${correlation.toFixed(2)}, level range ${levelRatio.toFixed(1)}×`;
  const reason = grows
    ? `the spread grows with the level (${numbers})`
    : levelRatio < 1.5
      ? `the level varies too little to tell (${numbers})`
      : `the spread does not grow with the level (${numbers})`;
  return { grows, slope, correlation, levelRatio, blocks, reason };
}
