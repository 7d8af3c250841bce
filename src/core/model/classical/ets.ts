/**
 * Exponential smoothing state space models ETS(error, trend, season) (Hyndman, Koehler, Ord and Snyder,
 * "Forecasting with Exponential Smoothing", 2008), fitted by maximum likelihood and chosen automatically by
 * AICc among error A/M, trend N/A/Ad, season N/A/M, following the conventions of R's forecast::ets:
 * parameters bounded to α ∈ [1e-4, 0.9999], β ∈ [1e-4, α], γ ∈ [1e-4, 1 − α], φ ∈ [0.8, 0.98]; initial
 * states estimated together with them by Nelder-Mead from a decomposition-based start; multiplicative
 * error and season only for positive data; no multiplicative trend; models with more parameters than the
 * data support are skipped.
 */
import { ConfigError } from '../../data/errors';
import { classicalDecomposition } from './decompose';
import { nelderMead } from './optimise';
import { assertFinite } from './seasonality';
import { isConstant } from './unitRoot';

export type EtsErrorType = 'A' | 'M';
export type EtsTrendType = 'N' | 'A' | 'Ad';
export type EtsSeasonType = 'N' | 'A' | 'M';

/** Which ETS model: error, trend (Ad = damped additive) and season types. */
export interface EtsSpec {
  error: EtsErrorType;
  trend: EtsTrendType;
  season: EtsSeasonType;
}

/** A fitted ETS model. All numbers in the series' units unless said otherwise. */
export interface EtsFit {
  spec: EtsSpec;
  /** e.g. "ETS(M,Ad,M)". */
  name: string;
  m: number;
  alpha: number;
  /** Trend smoothing (state-space β = α·β*); null without trend. */
  beta: number | null;
  gamma: number | null;
  phi: number | null;
  /** Initial level, trend and seasonal states; seasonal[0] is the most recent (the phase before y[0]). */
  initial: { level: number; trend: number | null; seasonal: number[] };
  /** State after the last observation, same layout. */
  final: { level: number; trend: number | null; seasonal: number[] };
  /** −2·log-likelihood up to a constant: n·log(Σe²) (+ 2·Σ log|ŷ| for multiplicative errors). */
  lik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** Number of estimated parameters, counting the error variance. */
  parameters: number;
  /** Residual variance Σe² / (n − estimated parameters); relative errors for multiplicative errors. */
  sigma2: number;
  fitted: number[];
  residuals: number[];
}

const LOWER = { alpha: 1e-4, beta: 1e-4, gamma: 1e-4, phi: 0.8 };
const UPPER = { alpha: 0.9999, beta: 0.9999, gamma: 0.9999, phi: 0.98 };

/** "ETS(M,Ad,M)" for a spec. */
export function etsName(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

interface Params {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

interface RunOutput {
  lik: number;
  fitted?: number[];
  residuals?: number[];
  finalLevel?: number;
  finalTrend?: number;
  finalSeasonal?: number[];
}

/**
 * Runs the model through y from initial states (seasonal given most recent first, m values) and returns
 * n·log(Σe²) (+ 2·Σ log|ŷ| for M errors); Infinity when a forecast turns invalid.
 */
function runEts(
  y: Float64Array,
  spec: EtsSpec,
  m: number,
  p: Params,
  level0: number,
  trend0: number,
  seasonal0: ArrayLike<number>,
  keep: boolean,
  s: Float64Array,
): RunOutput {
  const n = y.length;
  const hasTrend = spec.trend !== 'N';
  const seasonal = spec.season !== 'N';
  const multSeason = spec.season === 'M';
  const multError = spec.error === 'M';
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  const alpha = p.alpha;
  const gamma = p.gamma;
  const bOverA = p.beta / p.alpha;
  if (seasonal) for (let k = 0; k < m; k++) s[k] = seasonal0[k];
  let oldest = seasonal ? m - 1 : 0;
  let l = level0;
  let b = hasTrend ? trend0 : 0;
  let sse = 0;
  let logSum = 0;
  // product of |forecast| in chunks: one log per overflow instead of one per step
  let prod = 1;
  const fitted = keep ? new Array<number>(n) : null;
  const residuals = keep ? new Array<number>(n) : null;
  for (let t = 0; t < n; t++) {
    const phib = phi * b;
    const q = l + phib;
    const sOld = seasonal ? s[oldest] : 0;
    const f = !seasonal ? q : multSeason ? q * sOld : q + sOld;
    const yt = y[t];
    let e: number;
    if (multError) {
      const af = Math.abs(f);
      if (!(af >= 1e-10) || af === Number.POSITIVE_INFINITY) return { lik: Number.POSITIVE_INFINITY };
      e = (yt - f) / f;
      prod *= af;
      if (prod > 1e200 || prod < 1e-200) {
        logSum += Math.log(prod);
        prod = 1;
      }
    } else e = yt - f;
    sse += e * e;
    if (fitted !== null && residuals !== null) {
      fitted[t] = f;
      residuals[t] = e;
    }
    const lNew = q + alpha * ((!seasonal ? yt : multSeason ? yt / sOld : yt - sOld) - q);
    if (hasTrend) b = phib + bOverA * (lNew - l - phib);
    if (seasonal) {
      s[oldest] = sOld + gamma * ((multSeason ? yt / q : yt - q) - sOld);
      oldest = oldest === 0 ? m - 1 : oldest - 1;
    }
    l = lNew;
  }
  logSum += Math.log(prod);
  let lik = n * Math.log(sse) + (multError ? 2 * logSum : 0);
  if (!Number.isFinite(lik)) lik = lik === Number.NEGATIVE_INFINITY ? -1e10 : Number.POSITIVE_INFINITY;
  if (lik < -1e10) lik = -1e10;
  const out: RunOutput = { lik };
  if (fitted !== null && residuals !== null) {
    out.fitted = fitted;
    out.residuals = residuals;
    out.finalLevel = l;
    out.finalTrend = b;
    // most recent first: the slot after `oldest` holds s_0
    out.finalSeasonal = seasonal ? Array.from({ length: m }, (_, k) => s[(oldest + 1 + k) % m]) : [];
  }
  return out;
}

/**
 * The likelihood part of runEts without bookkeeping (the optimiser's hot loop): no trend is a trend fixed
 * at 0, no damping is φ = 1, and each season type has its own loop.
 */
function etsLik(
  y: Float64Array,
  season: EtsSeasonType,
  multError: boolean,
  m: number,
  alpha: number,
  bOverA: number,
  gamma: number,
  phi: number,
  level0: number,
  trend0: number,
  seasonal0: Float64Array,
  s: Float64Array,
): number {
  const n = y.length;
  let l = level0;
  let b = trend0;
  let sse = 0;
  let logSum = 0;
  let prod = 1;
  if (season === 'N') {
    for (let t = 0; t < n; t++) {
      const phib = phi * b;
      const f = l + phib;
      const yt = y[t];
      let e: number;
      if (multError) {
        const af = f < 0 ? -f : f;
        if (!(af >= 1e-10) || af === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
        e = (yt - f) / f;
        prod *= af;
        if (prod > 1e200 || prod < 1e-200) {
          logSum += Math.log(prod);
          prod = 1;
        }
      } else e = yt - f;
      sse += e * e;
      const lNew = f + alpha * (yt - f);
      b = phib + bOverA * (lNew - l - phib);
      l = lNew;
    }
  } else {
    const mult = season === 'M';
    for (let k = 0; k < m; k++) s[k] = seasonal0[k];
    let oldest = m - 1;
    for (let t = 0; t < n; t++) {
      const phib = phi * b;
      const q = l + phib;
      const sOld = s[oldest];
      const f = mult ? q * sOld : q + sOld;
      const yt = y[t];
      let e: number;
      if (multError) {
        const af = f < 0 ? -f : f;
        if (!(af >= 1e-10) || af === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
        e = (yt - f) / f;
        prod *= af;
        if (prod > 1e200 || prod < 1e-200) {
          logSum += Math.log(prod);
          prod = 1;
        }
      } else e = yt - f;
      sse += e * e;
      const lNew = q + alpha * ((mult ? yt / sOld : yt - sOld) - q);
      b = phib + bOverA * (lNew - l - phib);
      s[oldest] = sOld + gamma * ((mult ? yt / q : yt - q) - sOld);
      oldest = oldest === 0 ? m - 1 : oldest - 1;
      l = lNew;
    }
  }
  logSum += Math.log(prod);
  let lik = n * Math.log(sse) + (multError ? 2 * logSum : 0);
  if (!Number.isFinite(lik)) lik = lik === Number.NEGATIVE_INFINITY ? -1e10 : Number.POSITIVE_INFINITY;
  return lik < -1e10 ? -1e10 : lik;
}

/** Starting states as forecast::ets: decomposition for the season, a regression on the first values. */
function initialStates(y: readonly number[], spec: EtsSpec, m: number): { states: number[] } {
  const n = y.length;
  let adjusted = y;
  let seasonStates: number[] = [];
  if (spec.season !== 'N') {
    const mult = spec.season === 'M';
    const dec = classicalDecomposition(y, m, mult ? 'multiplicative' : 'additive');
    // most recent first: phases m-1, m-2, ..., 1 (phase 0 follows from the normalisation)
    let init = Array.from({ length: m - 1 }, (_, k) => dec.seasonal[m - 1 - k]);
    if (mult) {
      init = init.map((v) => Math.max(v, 1e-2));
      const sum = init.reduce((a, v) => a + v, 0);
      if (sum > m) init = init.map((v) => v / (sum + 1e-2 * init.length));
      adjusted = y.map((v, t) => v / Math.max(dec.seasonal[t], 1e-2));
    } else adjusted = y.map((v, t) => v - dec.seasonal[t]);
    seasonStates = init;
  }
  const maxn = Math.min(Math.max(10, 2 * (spec.season === 'N' ? 1 : m)), n);
  const states: number[] = [];
  if (spec.trend === 'N') {
    let s = 0;
    for (let i = 0; i < maxn; i++) s += adjusted[i];
    states.push(s / maxn);
  } else {
    // least squares on t = 1..maxn
    let st = 0;
    let sy = 0;
    for (let i = 0; i < maxn; i++) {
      st += i + 1;
      sy += adjusted[i];
    }
    const mt = st / maxn;
    const my = sy / maxn;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < maxn; i++) {
      sxy += (i + 1 - mt) * (adjusted[i] - my);
      sxx += (i + 1 - mt) ** 2;
    }
    let b0 = sxx > 0 ? sxy / sxx : 0;
    let l0 = my - b0 * mt;
    if (Math.abs(l0 + b0) < 1e-8) {
      l0 *= 1 + 1e-3;
      b0 *= 1 - 1e-3;
    }
    states.push(l0, b0);
  }
  return { states: [...states, ...seasonStates] };
}

/** Number of estimated parameters (smoothing + free initial states), without the error variance. */
function freeParameters(spec: EtsSpec, m: number): number {
  const hasTrend = spec.trend !== 'N';
  const seasonal = spec.season !== 'N';
  return (
    1 +
    (hasTrend ? 1 : 0) +
    (seasonal ? 1 : 0) +
    (spec.trend === 'Ad' ? 1 : 0) +
    1 +
    (hasTrend ? 1 : 0) +
    (seasonal ? m - 1 : 0)
  );
}

/**
 * Fits one ETS model to y by maximum likelihood (Nelder-Mead, at most 2000 evaluations). Returns null
 * when the model has too many parameters for the data (as forecast::ets, which then skips it).
 */
export function fitEts(values: ArrayLike<number>, m: number, spec: EtsSpec): EtsFit | null {
  assertFinite(values);
  const y = Array.from(values);
  const n = y.length;
  const period = spec.season === 'N' ? 1 : m;
  if (spec.season !== 'N' && (m < 2 || n < 2 * m)) {
    throw new ConfigError(
      'SERIES_TOO_SHORT',
      `A seasonal ETS model needs two full seasons (${2 * m} values); the series has ${n}.`,
      'seasonLength',
    );
  }
  if ((spec.error === 'M' || spec.season === 'M') && y.some((v) => !(v > 0))) {
    throw new ConfigError(
      'INVALID_CONFIG',
      'Multiplicative ETS models need positive values; choose additive error and season.',
    );
  }
  const np = freeParameters(spec, period);
  if (np >= n - 1) return null;
  const yf = Float64Array.from(y);
  const scratch = new Float64Array(period);
  const hasTrend = spec.trend !== 'N';
  const seasonal = spec.season !== 'N';
  const damped = spec.trend === 'Ad';
  const alpha0 = LOWER.alpha + (0.2 * (UPPER.alpha - LOWER.alpha)) / period;
  const start: number[] = [alpha0];
  if (hasTrend) start.push(LOWER.beta + 0.1 * (Math.min(UPPER.beta, alpha0) - LOWER.beta));
  if (seasonal) start.push(LOWER.gamma + 0.05 * (Math.min(UPPER.gamma, 1 - alpha0) - LOWER.gamma));
  if (damped) start.push(LOWER.phi + 0.99 * (UPPER.phi - LOWER.phi));
  start.push(...initialStates(y, spec, period).states);

  const seasonBuf = new Float64Array(seasonal ? period : 0);
  /** Reads parameters and initial states from x; the full seasonal start goes to seasonBuf. */
  const unpack = (x: readonly number[]) => {
    let k = 0;
    const alpha = x[k++];
    const beta = hasTrend ? x[k++] : 0;
    const gamma = seasonal ? x[k++] : 0;
    const phi = damped ? x[k++] : 1;
    const level = x[k++];
    const trend = hasTrend ? x[k++] : 0;
    if (seasonal) {
      let sum = 0;
      for (let i = 0; i < period - 1; i++) {
        seasonBuf[i] = x[k + i];
        sum += x[k + i];
      }
      seasonBuf[period - 1] = (spec.season === 'M' ? period : 0) - sum;
    }
    return { p: { alpha, beta, gamma, phi }, level, trend };
  };
  const valid = (p: Params) => {
    if (p.alpha < LOWER.alpha || p.alpha > UPPER.alpha) return false;
    if (hasTrend && (p.beta < LOWER.beta || p.beta > p.alpha || p.beta > UPPER.beta)) return false;
    if (damped && (p.phi < LOWER.phi || p.phi > UPPER.phi)) return false;
    if (seasonal && (p.gamma < LOWER.gamma || p.gamma > 1 - p.alpha || p.gamma > UPPER.gamma)) return false;
    return true;
  };
  const multError = spec.error === 'M';
  const objective = (x: readonly number[]) => {
    const u = unpack(x);
    if (!valid(u.p)) return Number.POSITIVE_INFINITY;
    if (spec.season === 'M') {
      for (let i = 0; i < period; i++) if (seasonBuf[i] < 0) return Number.POSITIVE_INFINITY;
    }
    const { alpha, beta, gamma, phi } = u.p;
    return etsLik(
      yf,
      spec.season,
      multError,
      period,
      alpha,
      beta / alpha,
      gamma,
      phi,
      u.level,
      u.trend,
      seasonBuf,
      scratch,
    );
  };
  if (!Number.isFinite(objective(start))) return null;
  const opt = nelderMead(objective, start, { maxEvaluations: 2000 });
  const u = unpack(opt.x);
  const seasonalStates = Array.from(seasonBuf);
  const run = runEts(yf, spec, period, u.p, u.level, u.trend, seasonalStates, true, scratch);
  if (!Number.isFinite(run.lik)) return null;
  const k = np + 1;
  const aic = run.lik + 2 * k;
  const residuals = run.residuals as number[];
  const sse = residuals.reduce((a, e) => a + e * e, 0);
  return {
    spec,
    name: etsName(spec),
    m: period,
    alpha: u.p.alpha,
    beta: hasTrend ? u.p.beta : null,
    gamma: seasonal ? u.p.gamma : null,
    phi: damped ? u.p.phi : null,
    initial: { level: u.level, trend: hasTrend ? u.trend : null, seasonal: seasonalStates },
    final: {
      level: run.finalLevel as number,
      trend: hasTrend ? (run.finalTrend as number) : null,
      seasonal: run.finalSeasonal as number[],
    },
    lik: run.lik,
    aic,
    aicc: aic + (2 * k * (k + 1)) / (n - k - 1),
    bic: run.lik + Math.log(n) * k,
    parameters: k,
    sigma2: sse / (n - np),
    fitted: run.fitted as number[],
    residuals,
  };
}

/** Point forecasts for h steps after the data from a fitted ETS model: [h]. */
export function forecastEts(fit: EtsFit, h: number): number[] {
  const { level, trend, seasonal } = fit.final;
  const phi = fit.phi ?? 1;
  const out: number[] = [];
  let phiStar = phi;
  for (let i = 0; i < h; i++) {
    let f = trend === null ? level : level + phiStar * trend;
    if (fit.spec.season !== 'N') {
      const sv = seasonal[(((fit.m - 1 - i) % fit.m) + fit.m) % fit.m];
      f = fit.spec.season === 'M' ? f * sv : f + sv;
    }
    out.push(f);
    phiStar += fit.phi === null ? 1 : phi ** (i + 2);
  }
  return out;
}

/** The candidate models forecast::ets tries for a series with period m (default settings). */
export function etsCandidates(values: ArrayLike<number>, m: number): EtsSpec[] {
  const positive = Array.from(values).every((v) => v > 0);
  const seasonalAllowed = m >= 2 && m <= 24 && values.length >= 2 * m;
  const out: EtsSpec[] = [];
  for (const error of ['A', 'M'] as const) {
    if (error === 'M' && !positive) continue;
    for (const trend of ['N', 'A', 'Ad'] as const) {
      for (const season of ['N', 'A', 'M'] as const) {
        if (season !== 'N' && !seasonalAllowed) continue;
        if (error === 'A' && season === 'M') continue;
        if (season === 'M' && !positive) continue;
        out.push({ error, trend, season });
      }
    }
  }
  return out;
}

/** An automatically chosen ETS model with what it was chosen from. */
export interface AutoEtsResult {
  fit: EtsFit;
  /** AICc of every candidate tried (Infinity when it could not be fitted). */
  candidates: Array<{ name: string; aicc: number }>;
}

/**
 * Fits every candidate (etsCandidates) and keeps the lowest AICc, as forecast::ets(y). A constant series
 * gets SES with α = 0.99999 and the value as level; seasons need m ≤ 24 and two full seasons.
 */
export function autoEts(values: ArrayLike<number>, m: number): AutoEtsResult {
  assertFinite(values);
  const y = Array.from(values);
  if (y.length < 1) throw new ConfigError('NO_DATA', 'ETS needs at least one value.');
  if (isConstant(y) || y.length < 4) return { fit: constantFit(y), candidates: [] };
  const candidates: Array<{ name: string; aicc: number }> = [];
  let best: EtsFit | null = null;
  for (const spec of etsCandidates(y, m)) {
    const fit = fitEts(y, m, spec);
    candidates.push({ name: etsName(spec), aicc: fit ? fit.aicc : Number.POSITIVE_INFINITY });
    if (fit && (best === null || fit.aicc < best.aicc)) best = fit;
  }
  return { fit: best ?? constantFit(y), candidates };
}

/** SES with α ≈ 1 started at the first value: the forecast is the last value (for constant or tiny series). */
function constantFit(y: number[]): EtsFit {
  const spec: EtsSpec = { error: 'A', trend: 'N', season: 'N' };
  const p = { alpha: 0.99999, beta: 0, gamma: 0, phi: 1 };
  const run = runEts(Float64Array.from(y), spec, 1, p, y[0], 0, [], true, new Float64Array(1));
  const residuals = run.residuals as number[];
  return {
    spec,
    name: etsName(spec),
    m: 1,
    alpha: p.alpha,
    beta: null,
    gamma: null,
    phi: null,
    initial: { level: y[0], trend: null, seasonal: [] },
    final: { level: run.finalLevel as number, trend: null, seasonal: [] },
    lik: Number.NaN,
    aic: Number.NaN,
    aicc: Number.NaN,
    bic: Number.NaN,
    parameters: 0,
    sigma2: residuals.reduce((a, e) => a + e * e, 0) / Math.max(1, y.length),
    fitted: run.fitted as number[],
    residuals,
  };
}
