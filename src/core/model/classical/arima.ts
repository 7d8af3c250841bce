/**
 * Seasonal ARIMA(p,d,q)(P,D,Q)[m] models and the Hyndman-Khandakar automatic choice (Hyndman and Khandakar,
 * "Automatic time series forecasting: the forecast package for R", JSS 27 (2008)), following the
 * conventions of R's stats::arima and forecast::auto.arima:
 * - D from seasonal strength (nsdiffs), then d from KPSS (ndiffs) on the seasonally differenced series;
 * - a constant (mean, or drift when d + D = 1) is allowed when d + D ≤ 1;
 * - stepwise search from (2,d,2)(1,D,1), (0,d,0)(0,D,0), (1,d,0)(1,D,0), (0,d,1)(0,D,1), moving one
 *   order at a time (restarting after each improvement) while AICc improves, with p, q ≤ 5, P, Q ≤ 2;
 * - models are scored by conditional sum of squares (CSS) when n > 150 or m > 12, otherwise by exact
 *   maximum likelihood; the chosen model is refitted by CSS-ML (CSS start, then exact Gaussian likelihood
 *   of the differenced series by a Kalman filter, AR parameters kept stationary through the partial
 *   autocorrelation transform);
 * - models with an AR or MA root inside |z| = 1.01 are rejected.
 * When scoring by CSS, a candidate starts from the best model's coefficients and uses forward-difference
 * gradients, which keeps long seasonal series fast. (The `arima` npm package, ctsa's auto ARIMA in
 * WebAssembly, was considered instead: it took 30–60 s on 1,000 seasonal points and chose another model for
 * AirPassengers with its default approximation.)
 */
import { ConfigError } from '../../data/errors';
import { difference, undifference } from '../transforms/difference';
import { bfgs } from './optimise';
import { assertFinite } from './seasonality';
import { isConstant, ndiffs, nsdiffs } from './unitRoot';

/** Orders of a seasonal ARIMA model; m = 1 for none. */
export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
  m: number;
}

export type ArimaMethod = 'CSS' | 'CSS-ML';

/** A fitted ARIMA model. Coefficients follow R: (1 − Σφ B^i)(1 − ΣΦ B^{im}) w = (1 + Σθ B^i)(1 + ΣΘ B^{im}) e. */
export interface ArimaFit {
  order: ArimaOrder;
  /** Mean of the differenced series (a mean when d + D = 0, a drift per difference when d + D = 1), or null. */
  constant: number | null;
  ar: number[];
  ma: number[];
  sar: number[];
  sma: number[];
  method: ArimaMethod;
  /** Innovation variance (ML or CSS estimate), series units squared. */
  sigma2: number;
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** Observations after differencing. */
  nUsed: number;
  /** e.g. "ARIMA(2,1,1)(0,1,0)[12]" or "ARIMA(0,1,1) with drift". */
  name: string;
  /** Smallest modulus of the AR and MA roots (≥ 1.01 for an accepted model). */
  minRoot: number;
  /** What forecasting needs: the filtered state and the values to undo the differencing. */
  forecastState: { a: number[]; phi: number[]; levels: number[][] };
}

/** "ARIMA(p,d,q)(P,D,Q)[m]" plus " with drift" / " with non-zero mean". */
export function arimaName(order: ArimaOrder, constant: boolean): string {
  let s = `ARIMA(${order.p},${order.d},${order.q})`;
  if (order.m > 1 && order.P + order.D + order.Q > 0) s += `(${order.P},${order.D},${order.Q})[${order.m}]`;
  const diffs = order.d + order.D;
  if (constant) s += diffs === 0 ? ' with non-zero mean' : ' with drift';
  else if (diffs === 0) s += ' with zero mean';
  return s;
}

/** Full AR and MA coefficient vectors of the multiplicative seasonal polynomials. */
function expand(ar: number[], ma: number[], sar: number[], sma: number[], m: number) {
  const pFull = ar.length + m * sar.length;
  const qFull = ma.length + m * sma.length;
  const phi = new Array<number>(pFull).fill(0);
  const theta = new Array<number>(qFull).fill(0);
  ar.forEach((v, i) => (phi[i] += v));
  sar.forEach((v, j) => {
    phi[(j + 1) * m - 1] += v;
    ar.forEach((u, i) => (phi[(j + 1) * m + i] -= u * v));
  });
  ma.forEach((v, i) => (theta[i] += v));
  sma.forEach((v, j) => {
    theta[(j + 1) * m - 1] += v;
    ma.forEach((u, i) => (theta[(j + 1) * m + i] += u * v));
  });
  return { phi, theta };
}

/** Nonzero coefficients of a lag polynomial: lags (1-based) and values. */
interface Sparse {
  lags: Int32Array;
  values: Float64Array;
}

function sparse(coefs: readonly number[]): Sparse {
  const lags: number[] = [];
  const values: number[] = [];
  coefs.forEach((c, i) => {
    if (c !== 0) {
      lags.push(i + 1);
      values.push(c);
    }
  });
  return { lags: Int32Array.from(lags), values: Float64Array.from(values) };
}

/**
 * The nonzero pattern of a multiplicative lag polynomial (1 ∓ Σ a_i B^i)(1 ∓ Σ A_j B^{jm}) written as
 * 1 − Σ c_k B^k (AR, sign −1) or 1 + Σ c_k B^k (MA, sign +1): fixed lags, values refilled per evaluation.
 */
function lagPattern(n: number, N: number, m: number, sign: 1 | -1) {
  const index = new Map<number, number>();
  const terms: Array<[number, number, number]> = []; // [slot, i or -1, j or -1]
  const slot = (lag: number) => {
    let k = index.get(lag);
    if (k === undefined) {
      k = index.size;
      index.set(lag, k);
    }
    return k;
  };
  for (let i = 0; i < n; i++) terms.push([slot(i + 1), i, -1]);
  for (let j = 0; j < N; j++) {
    terms.push([slot((j + 1) * m), -1, j]);
    for (let i = 0; i < n; i++) terms.push([slot((j + 1) * m + i + 1), i, j]);
  }
  const lags = Int32Array.from([...index.keys()]);
  const values = new Float64Array(lags.length);
  const sp: Sparse = { lags, values };
  /** Refills the values from the factor coefficients a (length n) and A (length N). */
  const fill = (a: readonly number[], A: readonly number[]): Sparse => {
    values.fill(0);
    for (const [k, i, j] of terms) {
      if (j < 0) values[k] += a[i];
      else if (i < 0) values[k] += A[j];
      else values[k] += sign * a[i] * A[j];
    }
    return sp;
  };
  return { fill, order: n + N * m };
}

/** Complex roots of c[0] + c[1] z + ... + c[k] z^k (Durand-Kerner); trailing zeros are dropped. */
function polyRoots(coefs: readonly number[]): Array<[number, number]> {
  let k = coefs.length - 1;
  while (k > 0 && Math.abs(coefs[k]) <= 1e-8) k--;
  if (k <= 0) return [];
  const a = coefs.slice(0, k + 1).map((c) => c / coefs[k]);
  const re: number[] = [];
  const im: number[] = [];
  for (let i = 0; i < k; i++) {
    const ang = (2 * Math.PI * i) / k + 0.4;
    re.push(0.9 * Math.cos(ang) * 1.5);
    im.push(0.9 * Math.sin(ang) * 1.5);
  }
  for (let iter = 0; iter < 500; iter++) {
    let moved = 0;
    for (let i = 0; i < k; i++) {
      // p(z) by Horner
      let pr = 1;
      let pi = 0;
      for (let j = k - 1; j >= 0; j--) {
        const nr = pr * re[i] - pi * im[i] + a[j];
        const ni = pr * im[i] + pi * re[i];
        pr = nr;
        pi = ni;
      }
      let dr = 1;
      let di = 0;
      for (let j = 0; j < k; j++) {
        if (j === i) continue;
        const xr = re[i] - re[j];
        const xi = im[i] - im[j];
        const nr = dr * xr - di * xi;
        const ni = dr * xi + di * xr;
        dr = nr;
        di = ni;
      }
      const den = dr * dr + di * di;
      if (den === 0) continue;
      const qr = (pr * dr + pi * di) / den;
      const qi = (pi * dr - pr * di) / den;
      re[i] -= qr;
      im[i] -= qi;
      moved = Math.max(moved, Math.hypot(qr, qi));
    }
    if (moved < 1e-14) break;
  }
  return re.map((r, i) => [r, im[i]]);
}

/** Smallest root modulus of 1 + sign·Σ c_i z^i (Infinity when the polynomial is constant). */
function minRootModulus(c: readonly number[], sign: 1 | -1): number {
  const roots = polyRoots([1, ...c.map((v) => sign * v)]);
  return roots.reduce((m, [r, i]) => Math.min(m, Math.hypot(r, i)), Number.POSITIVE_INFINITY);
}

/** Reflects MA roots inside the unit circle to their inverses (R's maInvert), keeping the autocorrelations. */
export function maInvert(ma: number[]): number[] {
  const q = ma.length;
  let q0 = q;
  while (q0 > 0 && ma[q0 - 1] === 0) q0--;
  if (q0 === 0) return ma;
  const roots = polyRoots([1, ...ma.slice(0, q0)]);
  if (roots.every(([r, i]) => Math.hypot(r, i) >= 1)) return ma;
  // rebuild prod (1 - z / root) with inside roots replaced by 1 / conj(root)
  let pr = [1];
  let pi = [0];
  for (const [r0, i0] of roots) {
    let r = r0;
    let i = i0;
    const mod2 = r * r + i * i;
    if (mod2 < 1) {
      r = r0 / mod2;
      i = i0 / mod2;
    }
    // factor (1 - z/root): coefficient of z is -1/root
    const d = r * r + i * i;
    const cr = -r / d;
    const ci = i / d;
    const nr = new Array<number>(pr.length + 1).fill(0);
    const ni = new Array<number>(pr.length + 1).fill(0);
    for (let j = 0; j < pr.length; j++) {
      nr[j] += pr[j];
      ni[j] += pi[j];
      nr[j + 1] += pr[j] * cr - pi[j] * ci;
      ni[j + 1] += pr[j] * ci + pi[j] * cr;
    }
    pr = nr;
    pi = ni;
  }
  const out = pr.slice(1).map((v) => v);
  return [...out, ...new Array<number>(q - q0).fill(0)];
}

/** AR coefficients from unconstrained values via the PACF (tanh) transform, as R's partrans. */
function arFromRaw(raw: readonly number[]): number[] {
  const p = raw.length;
  const out = raw.map((v) => Math.tanh(v));
  const work = [...out];
  for (let j = 1; j < p; j++) {
    const a = out[j];
    for (let k = 0; k < j; k++) work[k] -= a * out[j - k - 1];
    for (let k = 0; k < j; k++) out[k] = work[k];
  }
  return out;
}

/** Inverse of arFromRaw; null when the AR part is not stationary. */
function rawFromAr(ar: readonly number[]): number[] | null {
  const p = ar.length;
  const out = [...ar];
  const work = [...ar];
  for (let j = p - 1; j > 0; j--) {
    const a = out[j];
    if (Math.abs(a) >= 1) return null;
    for (let k = 0; k < j; k++) work[k] = (out[k] + a * out[j - k - 1]) / (1 - a * a);
    for (let k = 0; k < j; k++) out[k] = work[k];
  }
  if (out.some((v) => Math.abs(v) >= 1)) return null;
  return out.map((v) => Math.atanh(v));
}

/** Solves A x = b by Gaussian elimination with partial pivoting; null when singular. */
function solve(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    if (Math.abs(A[piv][c]) < 1e-300) return null;
    [A[c], A[piv]] = [A[piv], A[c]];
    [b[c], b[piv]] = [b[piv], b[c]];
    for (let r = c + 1; r < n; r++) {
      const f = A[r][c] / A[c][c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r][k] -= f * A[c][k];
      b[r] -= f * b[c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= A[r][k] * x[k];
    x[r] = s / A[r][r];
  }
  return x;
}

/** ψ weights ψ_0..ψ_{k-1} of the ARMA (ψ_0 = 1). */
function psiWeights(phi: readonly number[], theta: readonly number[], k: number): number[] {
  const psi = new Array<number>(k).fill(0);
  for (let j = 0; j < k; j++) {
    let s = j === 0 ? 1 : j - 1 < theta.length ? theta[j - 1] : 0;
    for (let i = 1; i <= Math.min(j, phi.length); i++) s += phi[i - 1] * psi[j - i];
    psi[j] = s;
  }
  return psi;
}

/** Autocovariances γ(0..k-1) of the ARMA with unit innovation variance; null when not stationary. */
export function autocovariances(
  phi: readonly number[],
  theta: readonly number[],
  k: number,
): number[] | null {
  const p = phi.length;
  const q = theta.length;
  const th = [1, ...theta];
  const psi = psiWeights(phi, theta, Math.max(q + 1, k) + 1);
  // right-hand sides Σ_{j=h}^{q} θ_j ψ_{j-h}
  const rhs = (h: number) => {
    let s = 0;
    for (let j = h; j <= q; j++) s += th[j] * psi[j - h];
    return s;
  };
  const gamma = new Array<number>(Math.max(k, p + 1)).fill(0);
  if (p === 0) {
    for (let h = 0; h < gamma.length; h++) gamma[h] = rhs(h);
  } else {
    const A: number[][] = Array.from({ length: p + 1 }, () => new Array<number>(p + 1).fill(0));
    const b: number[] = [];
    for (let h = 0; h <= p; h++) {
      A[h][h] += 1;
      for (let j = 1; j <= p; j++) A[h][Math.abs(h - j)] -= phi[j - 1];
      b.push(rhs(h));
    }
    const g = solve(A, b);
    if (!g || !(g[0] > 0)) return null;
    for (let h = 0; h <= p; h++) gamma[h] = g[h];
    for (let h = p + 1; h < gamma.length; h++) {
      let s = rhs(h);
      for (let j = 1; j <= p; j++) s += phi[j - 1] * gamma[h - j];
      gamma[h] = s;
    }
  }
  return gamma.slice(0, k);
}

interface LikelihoodOutput {
  /** Σ v_t² / F_t with unit innovation variance. */
  ssq: number;
  /** Σ log F_t (the log-determinant of the covariance matrix). */
  sumlog: number;
  nu: number;
  /** Predicted state a_{n+1|n} after the last observation. */
  a: number[];
}

/** Applies the companion transition T (last row φ, given sparse) to v in place: v <- T v. */
function applyT(v: Float64Array, phi: Sparse): void {
  const r = v.length;
  let last = 0;
  for (let j = 0; j < phi.lags.length; j++) last += phi.values[j] * v[r - phi.lags[j]];
  v.copyWithin(0, 1);
  v[r - 1] = last;
}

/**
 * Exact Gaussian likelihood pieces of a stationary ARMA for x (mean removed): the Kalman filter on the
 * forecast-form state (y_t, E_t y_{t+1}, ...) started from its stationary covariance, with the covariance
 * propagated by the Chandrasekhar recursions (Morf, Sidhu and Kailath 1974): from a stationary start the
 * covariance changes by a rank-one term each step, so a step costs O(state size) instead of its square.
 * Null when the ARMA is not stationary.
 */
export function armaKalman(
  x: Float64Array,
  phi: readonly number[],
  theta: readonly number[],
): LikelihoodOutput | null {
  const p = phi.length;
  const r = Math.max(p, theta.length + 1);
  const gamma = autocovariances(phi, theta, r);
  if (!gamma) return null;
  const sphi = sparse(phi);
  // first column of the stationary state covariance: P0[i][0] = γ(i)
  const K = new Float64Array(r);
  for (let i = 0; i < r; i++) K[i] = gamma[i];
  let F = gamma[0];
  if (!(F > 0) || !Number.isFinite(F)) return null;
  applyT(K, sphi);
  for (let i = 0; i < r; i++) K[i] /= F;
  // ΔP = W M W' with W = K_1, M = −F_1
  const W = Float64Array.from(K);
  let M = -F;
  const a = new Float64Array(r);
  const TW = new Float64Array(r);
  let ssq = 0;
  let sumlog = 0;
  let steady = false;
  const n = x.length;
  for (let t = 0; t < n; t++) {
    const v = x[t] - a[0];
    ssq += (v * v) / F;
    sumlog += Math.log(F);
    // a_{t+1} = T a_t + K_t v_t
    applyT(a, sphi);
    for (let i = 0; i < r; i++) a[i] += K[i] * v;
    if (steady || t === n - 1) continue;
    const zw = W[0];
    const Fn = F + zw * M * zw;
    if (!(Fn > 0) || !Number.isFinite(Fn)) return null;
    TW.set(W);
    applyT(TW, sphi);
    // K_{t+1} = (K_t F_t + T W M W' Z') / F_{t+1}
    for (let i = 0; i < r; i++) K[i] = (K[i] * F + TW[i] * M * zw) / Fn;
    // W_{t+1} = (T − K_t Z) W_t uses the old gain: recompute it from the new one
    // K_t F_t = K_{t+1} F_{t+1} − T W M zw, so (T − K_t Z) W = TW − zw·(K_{t+1} F_{t+1} − TW·M·zw) / F_t
    for (let i = 0; i < r; i++) W[i] = TW[i] - (zw * (K[i] * Fn - TW[i] * M * zw)) / F;
    M = M - (M * zw * zw * M) / Fn;
    F = Fn;
    if (Math.abs(zw * M * zw) < 1e-14 * F && Math.abs(F - 1) < 1e-9) steady = true;
  }
  return { ssq, sumlog, nu: n, a: Array.from(a) };
}

/**
 * CSS residual sum of squares of w − μ, conditioning on the first `p` values (p = AR order with seasonal
 * lags); `e` is scratch space of w's length.
 */
function cssSsq(w: Float64Array, mu: number, p: number, sp: Sparse, sq: Sparse, e: Float64Array): number {
  const n = w.length;
  let ssq = 0;
  for (let t = 0; t < p; t++) e[t] = 0;
  for (let t = p; t < n; t++) {
    let v = w[t] - mu;
    for (let j = 0; j < sp.lags.length; j++) v -= sp.values[j] * (w[t - sp.lags[j]] - mu);
    const lim = t - p;
    for (let j = 0; j < sq.lags.length; j++) {
      const lag = sq.lags[j];
      if (lag <= lim) v -= sq.values[j] * e[t - lag];
    }
    e[t] = v;
    ssq += v * v;
  }
  return ssq;
}

/** Differences y as the order says: D seasonal differences at lag m, then d first differences. */
function differenceSeries(y: readonly number[], order: ArimaOrder): { w: number[]; levels: number[][] } {
  // levels[k] holds the series before the k-th differencing step, to undo it later
  const levels: number[][] = [];
  let w = [...y];
  for (let i = 0; i < order.D; i++) {
    levels.push(w);
    w = difference(w, order.m);
  }
  for (let i = 0; i < order.d; i++) {
    levels.push(w);
    w = difference(w, 1);
  }
  return { w, levels };
}

/** Search-time shortcuts for fitArima. */
export interface FitArimaOptions {
  /** Starting coefficients [ar, ma, sar, sma, constant] for the CSS step (default zeros and the mean). */
  start?: readonly number[];
  /** Forward-difference gradients and no filtered state: for scoring candidates, not for forecasting. */
  quick?: boolean;
  /** Forward-difference gradients in the maximum-likelihood step (long or long-period series). */
  quickMl?: boolean;
}

/**
 * Fits an ARIMA model to y. `constant` adds a mean to the differenced series (only when d + D ≤ 1).
 * 'CSS' minimises the conditional sum of squares; 'CSS-ML' starts from CSS and maximises the exact
 * likelihood. Returns null when the model cannot be fitted (non-stationary CSS start, failed optimiser,
 * too few observations).
 */
export function fitArima(
  values: ArrayLike<number>,
  order: ArimaOrder,
  constant: boolean,
  method: ArimaMethod = 'CSS-ML',
  options: FitArimaOptions = {},
): ArimaFit | null {
  assertFinite(values);
  const y = Array.from(values);
  const m = order.P + order.D + order.Q > 0 ? order.m : 1;
  const ord: ArimaOrder = { ...order, m };
  const hasConst = constant && ord.d + ord.D <= 1;
  const { w, levels } = differenceSeries(y, ord);
  const nw = w.length;
  const nCoef = ord.p + ord.q + ord.P + ord.Q + (hasConst ? 1 : 0);
  if (nw < Math.max(3, ord.p + ord.m * ord.P + 1) || nw <= nCoef + 1) return null;
  let wMean = 0;
  for (const v of w) wMean += v;
  wMean /= nw;
  let wSd = 0;
  for (const v of w) wSd += (v - wMean) ** 2;
  wSd = Math.sqrt(wSd / Math.max(1, nw - 1));
  const scale = [
    ...new Array<number>(ord.p + ord.q + ord.P + ord.Q).fill(1),
    ...(hasConst ? [Math.max(1e-8, (10 * wSd) / Math.sqrt(nw))] : []),
  ];
  const split = (x: readonly number[]) => {
    let k = 0;
    const ar = x.slice(k, (k += ord.p));
    const ma = x.slice(k, (k += ord.q));
    const sar = x.slice(k, (k += ord.P));
    const sma = x.slice(k, (k += ord.Q));
    const mu = hasConst ? x[k] : 0;
    return { ar, ma, sar, sma, mu };
  };
  const centred = (mu: number) => {
    const x = new Float64Array(nw);
    for (let i = 0; i < nw; i++) x[i] = w[i] - mu;
    return x;
  };
  const wf = Float64Array.from(w);
  const scratch = new Float64Array(nw);
  const arPattern = lagPattern(ord.p, ord.P, m, -1);
  const maPattern = lagPattern(ord.q, ord.Q, m, 1);
  const cssObjective = (par: readonly number[]) => {
    const s = split(par);
    const nu = nw - arPattern.order;
    if (nu <= 0) return Number.POSITIVE_INFINITY;
    const sp = arPattern.fill(s.ar, s.sar);
    const sq = maPattern.fill(s.ma, s.sma);
    return 0.5 * Math.log(cssSsq(wf, s.mu, arPattern.order, sp, sq, scratch) / nu);
  };
  const zeros = [...new Array<number>(nCoef - (hasConst ? 1 : 0)).fill(0), ...(hasConst ? [wMean] : [])];
  const init = options.start && options.start.length === nCoef ? [...options.start] : zeros;
  const css = bfgs(cssObjective, init, { scale, forwardDifferences: options.quick ?? false });
  if (!css) return null;
  let par = css.converged ? css.x : init;
  let sigma2: number;
  let loglik: number;
  let a: number[];
  const finalSplit = () => split(par);
  if (method === 'CSS') {
    const s = finalSplit();
    const { phi, theta } = expand(s.ar, s.ma, s.sar, s.sma, m);
    const nu = nw - phi.length;
    sigma2 = cssSsq(wf, s.mu, phi.length, sparse(phi), sparse(theta), scratch) / nu;
    loglik = -0.5 * nu * (Math.log(2 * Math.PI * sigma2) + 1);
    const kal = options.quick ? null : armaKalman(centred(s.mu), phi, theta);
    a = kal ? kal.a : new Array<number>(Math.max(phi.length, theta.length + 1)).fill(0);
  } else {
    let s = finalSplit();
    const rawAr = rawFromAr(s.ar);
    const rawSar = rawFromAr(s.sar);
    if (!rawAr || !rawSar) return null; // non-stationary AR part from CSS
    s = { ...s, ma: maInvert(s.ma), sma: maInvert(s.sma) };
    const start = [...rawAr, ...s.ma, ...rawSar, ...s.sma, ...(hasConst ? [s.mu] : [])];
    const untransform = (x: readonly number[]) => {
      const t = split(x);
      return { ...t, ar: arFromRaw(t.ar), sar: arFromRaw(t.sar) };
    };
    const mlObjective = (x: readonly number[]) => {
      const t = untransform(x);
      const { phi, theta } = expand(t.ar, t.ma, t.sar, t.sma, m);
      const r = armaKalman(centred(t.mu), phi, theta);
      if (!r) return Number.POSITIVE_INFINITY;
      return 0.5 * Math.log(r.ssq / r.nu) + (0.5 * r.sumlog) / r.nu;
    };
    const ml = bfgs(mlObjective, start, { scale, forwardDifferences: options.quickMl ?? false });
    if (!ml) return null;
    const t = untransform(ml.x);
    const fitted = { ...t, ma: maInvert(t.ma), sma: maInvert(t.sma) };
    par = [...fitted.ar, ...fitted.ma, ...fitted.sar, ...fitted.sma, ...(hasConst ? [fitted.mu] : [])];
    const { phi, theta } = expand(fitted.ar, fitted.ma, fitted.sar, fitted.sma, m);
    const r = armaKalman(centred(fitted.mu), phi, theta);
    if (!r) return null;
    sigma2 = r.ssq / r.nu;
    loglik = -0.5 * (r.nu * Math.log(2 * Math.PI * sigma2) + r.sumlog + r.nu);
    a = r.a;
  }
  const s = split(par);
  const npar = nCoef + 1;
  const aic = -2 * loglik + 2 * npar;
  const minRoot = Math.min(
    minRootModulus(s.ar, -1),
    minRootModulus(s.sar, -1) ** (1 / m),
    minRootModulus(s.ma, 1),
    minRootModulus(s.sma, 1) ** (1 / m),
  );
  const { phi } = expand(s.ar, s.ma, s.sar, s.sma, m);
  return {
    order: ord,
    constant: hasConst ? s.mu : null,
    ar: s.ar,
    ma: s.ma,
    sar: s.sar,
    sma: s.sma,
    method,
    sigma2,
    loglik,
    aic,
    aicc: aic + (2 * npar * (npar + 1)) / (nw - npar - 1),
    bic: aic + npar * (Math.log(nw) - 2),
    nUsed: nw,
    name: arimaName(ord, hasConst),
    minRoot,
    forecastState: { a, phi, levels: levels.map((l) => l.slice(-Math.max(ord.m, 1))) },
  };
}

/** Point forecasts for the h steps after the fitted series: [h], series units. */
export function forecastArima(fit: ArimaFit, h: number): number[] {
  const { a, phi, levels } = fit.forecastState;
  const r = a.length;
  const state = [...a];
  const mu = fit.constant ?? 0;
  let w: number[] = [];
  for (let i = 0; i < h; i++) {
    w.push(state[0] + mu);
    let last = 0;
    for (let k = 1; k <= phi.length; k++) last += phi[k - 1] * state[r - k];
    for (let j = 0; j < r - 1; j++) state[j] = state[j + 1];
    state[r - 1] = last;
  }
  // undo differencing in reverse: first differences, then seasonal
  const o = fit.order;
  const lags = [...new Array<number>(o.D).fill(o.m), ...new Array<number>(o.d).fill(1)];
  for (let k = lags.length - 1; k >= 0; k--) {
    const lag = lags[k];
    w = undifference(w, levels[k].slice(-lag), lag);
  }
  return w;
}

/** An automatically chosen ARIMA model with the search behind it. */
export interface AutoArimaResult {
  fit: ArimaFit;
  /** Every model scored in the search with its AICc (Infinity when rejected). */
  candidates: Array<{ name: string; aicc: number }>;
  approximation: boolean;
}

/**
 * forecast::auto.arima (stepwise) for a series with seasonal period m (1 = none). Seasonal terms need two
 * full seasons (fewer: the seasonal part is dropped); a constant series gets ARIMA(0,0,0) with its mean.
 */
export function autoArima(values: ArrayLike<number>, m: number): AutoArimaResult {
  assertFinite(values);
  const y = Array.from(values);
  const n = y.length;
  if (n === 0) throw new ConfigError('NO_DATA', 'ARIMA needs at least one value.');
  let period = Math.max(1, Math.round(m));
  if (n < 2 * period) period = 1;
  if (isConstant(y) || n < 4) {
    const fit = constantArima(y);
    return { fit, candidates: [], approximation: false };
  }
  let D = 0;
  if (period > 1) D = nsdiffs(y, period);
  const dx = D > 0 ? difference(y, period) : y;
  let d = ndiffs(dx);
  if (isConstant(dx) || dx.length < 3) d = 0;
  const serieslength = n;
  let maxP = 2;
  let maxQ = 2;
  let maxp = Math.min(5, Math.floor(serieslength / 3));
  let maxq = Math.min(5, Math.floor(serieslength / 3));
  if (period === 1) {
    maxP = 0;
    maxQ = 0;
  } else {
    maxP = Math.min(maxP, Math.floor(serieslength / 3 / period));
    maxQ = Math.min(maxQ, Math.floor(serieslength / 3 / period));
    if (maxP > 0) maxp = Math.min(maxp, period - 1);
    if (maxQ > 0) maxq = Math.min(maxq, period - 1);
  }
  const approximation = n > 150 || period > 12;
  let constant = d + D <= 1;
  const ic = (fit: ArimaFit | null) => (fit && fit.minRoot >= 1.01 ? fit.aicc : Number.POSITIVE_INFINITY);
  const seen = new Map<string, number>();
  const candidates: Array<{ name: string; aicc: number }> = [];
  let best: { fit: ArimaFit | null; value: number; key: string } = {
    fit: null,
    value: Number.POSITIVE_INFINITY,
    key: '',
  };
  const keyOf = (p: number, q: number, P: number, Q: number, c: boolean) => `${p},${q},${P},${Q},${c}`;
  const tryModel = (p: number, q: number, P: number, Q: number, c: boolean): boolean => {
    const key = keyOf(p, q, P, Q, c);
    if (seen.has(key)) return false;
    const order: ArimaOrder = { p, d, q, P, D, Q, m: period };
    // when scoring by CSS, start from the best model so far (orders that overlap keep their coefficients)
    let start: number[] | undefined;
    const b = best.fit;
    if (approximation && b && (b.constant !== null) === (c && d + D <= 1)) {
      const take = (src: number[], k: number) => Array.from({ length: k }, (_, i) => src[i] ?? 0);
      start = [...take(b.ar, p), ...take(b.ma, q), ...take(b.sar, P), ...take(b.sma, Q)];
      if (b.constant !== null) start.push(b.constant);
    }
    const fit = approximation
      ? fitArima(y, order, c, 'CSS', { quick: true, start })
      : fitArima(y, order, c, 'CSS-ML');
    let value = ic(fit);
    if (approximation && fit && Number.isFinite(value)) {
      // CSS scores: n·log(σ²) + constant offset + 2·npar, AICc-corrected
      const npar = p + q + P + Q + (fit.constant !== null ? 1 : 0) + 1;
      const aic = fit.nUsed * Math.log(fit.sigma2) + fit.nUsed * (1 + Math.log(2 * Math.PI)) + 2 * npar;
      value = aic + (2 * npar * (npar + 1)) / (fit.nUsed - npar - 1);
    }
    seen.set(key, value);
    candidates.push({ name: arimaName(order, c && d + D <= 1), aicc: value });
    if (value < best.value) {
      best = { fit, value, key };
      return true;
    }
    return false;
  };
  let p = Math.min(2, maxp);
  let q = Math.min(2, maxq);
  let P = Math.min(1, maxP);
  let Q = Math.min(1, maxQ);
  tryModel(p, q, P, Q, constant);
  if (tryModel(0, 0, 0, 0, constant)) [p, q, P, Q] = [0, 0, 0, 0];
  if ((maxp > 0 || maxP > 0) && tryModel(maxp > 0 ? 1 : 0, 0, period > 1 && maxP > 0 ? 1 : 0, 0, constant)) {
    [p, q, P, Q] = [maxp > 0 ? 1 : 0, 0, period > 1 && maxP > 0 ? 1 : 0, 0];
  }
  if ((maxq > 0 || maxQ > 0) && tryModel(0, maxq > 0 ? 1 : 0, 0, period > 1 && maxQ > 0 ? 1 : 0, constant)) {
    [p, q, P, Q] = [0, maxq > 0 ? 1 : 0, 0, period > 1 && maxQ > 0 ? 1 : 0];
  }
  if (constant && tryModel(0, 0, 0, 0, false)) {
    [p, q, P, Q] = [0, 0, 0, 0];
    constant = false;
  }
  const moves: Array<[number, number, number, number]> = [
    [0, 0, -1, 0],
    [0, 0, 0, -1],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
    [0, 0, -1, -1],
    [0, 0, -1, 1],
    [0, 0, 1, -1],
    [0, 0, 1, 1],
    [-1, 0, 0, 0],
    [0, -1, 0, 0],
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [-1, -1, 0, 0],
    [-1, 1, 0, 0],
    [1, -1, 0, 0],
    [1, 1, 0, 0],
  ];
  let improved = true;
  let steps = 0;
  while (improved && steps < 94) {
    improved = false;
    for (const [dp, dq, dP, dQ] of moves) {
      const np = p + dp;
      const nq = q + dq;
      const nP = P + dP;
      const nQ = Q + dQ;
      if (np < 0 || nq < 0 || nP < 0 || nQ < 0 || np > maxp || nq > maxq || nP > maxP || nQ > maxQ) continue;
      steps++;
      if (tryModel(np, nq, nP, nQ, constant)) {
        [p, q, P, Q] = [np, nq, nP, nQ];
        improved = true;
        break;
      }
    }
    if (!improved && d + D <= 1) {
      steps++;
      if (tryModel(p, q, P, Q, !constant)) {
        constant = !constant;
        improved = true;
      }
    }
  }
  let fit = best.fit;
  if (fit && approximation) {
    const refit = fitArima(y, fit.order, fit.constant !== null, 'CSS-ML', { quickMl: true });
    if (refit && refit.minRoot >= 1.01) fit = refit;
  }
  if (!fit) fit = fitArima(y, { p: 0, d, q: 0, P: 0, D, Q: 0, m: period }, d + D <= 1, 'CSS-ML');
  return { fit: fit ?? constantArima(y), candidates, approximation };
}

/** ARIMA(0,0,0) with the series mean: forecasts repeat the mean (a constant series repeats itself). */
function constantArima(y: number[]): ArimaFit {
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  const order: ArimaOrder = { p: 0, d: 0, q: 0, P: 0, D: 0, Q: 0, m: 1 };
  const sigma2 = y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length;
  return {
    order,
    constant: mean,
    ar: [],
    ma: [],
    sar: [],
    sma: [],
    method: 'CSS',
    sigma2,
    loglik: Number.NaN,
    aic: Number.NaN,
    aicc: Number.NaN,
    bic: Number.NaN,
    nUsed: y.length,
    name: arimaName(order, true),
    minRoot: Number.POSITIVE_INFINITY,
    forecastState: { a: [0], phi: [], levels: [] },
  };
}
