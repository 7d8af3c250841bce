/**
 * A transform plan: which variance-stabilising transform, seasonal adjustment and differencing a series
 * gets before a model sees it, chosen from the data with a reason per choice, applied in that order and
 * inverted in reverse for forecasts and interval bounds.
 */
import { ConfigError } from '../../data/errors';
import { seasonalityTestDetail } from '../classical/seasonality';
import { isConstant, kpssTest, ndiffs } from '../classical/unitRoot';
import type { BoxCoxState } from './boxCox';
import { boxCox, boxCoxTransform, guerreroLambda, varianceGrowsWithLevel } from './boxCox';
import type { DeseasonaliseMethod, DeseasonaliseState } from './deseasonalise';
import { deseasonaliseTransform, fitDeseasonalise, seasonalPatternChanges } from './deseasonalise';
import type { DifferenceState } from './difference';
import { differenceTransform, fitDifference } from './difference';
import type { FittedTransform } from './types';

/** What to do to a series before modelling it. JSON-serialisable. */
export interface TransformPlan {
  /** Seasonal period the plan was made for (1 = none). */
  m: number;
  /** Box-Cox λ (0 = log), or null for none. */
  boxCox: number | null;
  deseasonalise: DeseasonaliseMethod;
  /** Number of first differences (0..2) and of seasonal differences at lag m (0 or 1). */
  differencing: { first: number; seasonal: number };
  /** One line per choice saying why. */
  reasons: { boxCox: string; deseasonalise: string; differencing: string };
}

/** A plan fitted to one series: the states that invert it exactly. JSON-serialisable. */
export interface FittedPlan {
  plan: TransformPlan;
  /** Length of the series the plan was fitted to. */
  n: number;
  boxCox: BoxCoxState | null;
  deseasonalise: DeseasonaliseState | null;
  /** Differencing steps in the order applied (seasonal first, then first differences). */
  differences: DifferenceState[];
}

/** A prediction interval in the scale it was produced in: bounds [h]. */
export interface IntervalBounds {
  level: number;
  lower: number[];
  upper: number[];
}

/** Guerrero λ within this distance of 0 becomes a plain log. */
const LOG_SNAP = 0.1;

/**
 * Proposes a plan for a series with seasonal period m (1 = none):
 * - Box-Cox when all values are positive and the spread grows with the level (varianceGrowsWithLevel);
 *   λ by Guerrero's method, a plain log when |λ| ≤ 0.1, none when λ ≥ 0.9;
 * - seasonal adjustment when the M4 seasonality test (without R's acf lag limit, so that long periods
 *   such as 52 can pass) passes on the (transformed) series: STL when the
 *   pattern changes between halves, otherwise classical decomposition (multiplicative for positive,
 *   untransformed data as in M4, additive otherwise);
 * - first differences as forecast::ndiffs (KPSS) on the adjusted series; no seasonal differences, since
 *   seasonal adjustment already removes the season.
 */
export function proposeTransforms(values: ArrayLike<number>, m: number): TransformPlan {
  const y = Array.from(values);
  if (y.length < 3) {
    throw new ConfigError(
      'SERIES_TOO_SHORT',
      `Choosing transforms needs at least 3 values; the series has ${y.length}.`,
    );
  }
  const period = Math.max(1, Math.floor(m));
  let lambda: number | null = null;
  let boxCoxReason: string;
  const spread = varianceGrowsWithLevel(y, period);
  if (!spread.grows) boxCoxReason = `none: ${spread.reason}`;
  else {
    const g = guerreroLambda(y, period);
    if (g >= 0.9) boxCoxReason = `none: ${spread.reason}, but Guerrero's λ is ${g.toFixed(2)} (≈ 1)`;
    else if (Math.abs(g) <= LOG_SNAP) {
      lambda = 0;
      boxCoxReason = `log: ${spread.reason}; Guerrero's λ ${g.toFixed(2)} is close to 0`;
    } else {
      lambda = g;
      boxCoxReason = `Box-Cox λ = ${g.toFixed(2)} (Guerrero): ${spread.reason}`;
    }
  }
  const transformed = lambda === null ? y : boxCox(y, lambda);

  let deseasonalise: DeseasonaliseMethod = 'none';
  let seasonReason: string;
  let adjusted = transformed;
  if (period < 2) seasonReason = 'none: no seasonal period';
  else {
    const test = seasonalityTestDetail(transformed, period, { rLagLimit: false });
    if (!test.seasonal) seasonReason = `none: not seasonal (${test.reason})`;
    else {
      const change = seasonalPatternChanges(transformed, period);
      if (change.changes) {
        deseasonalise = 'stl';
        seasonReason = `STL: seasonal (${test.reason}) and the pattern changes (${change.reason})`;
      } else if (lambda === null && transformed.every((v) => v > 0)) {
        deseasonalise = 'classical-mult';
        seasonReason = `classical multiplicative: seasonal (${test.reason}), stable pattern, positive values`;
      } else {
        deseasonalise = 'classical-add';
        seasonReason = `classical additive: seasonal (${test.reason}), stable pattern${lambda === null ? ', values not all positive' : ' on the transformed scale'}`;
      }
      adjusted = deseasonaliseTransform(fitDeseasonalise(transformed, period, deseasonalise)).forward(
        transformed,
      );
    }
  }

  let first = 0;
  let diffReason: string;
  if (isConstant(adjusted)) diffReason = 'none: the series is constant';
  else {
    first = ndiffs(adjusted);
    const k = kpssTest(adjusted);
    diffReason =
      first === 0
        ? `none: KPSS does not reject a stable level (statistic ${k.statistic.toFixed(3)}, 5% limit 0.463)`
        : `${first === 1 ? 'first differences' : 'twice differenced'}: KPSS rejects a stable level (statistic ${k.statistic.toFixed(3)} > 0.463)`;
  }
  return {
    m: period,
    boxCox: lambda,
    deseasonalise,
    differencing: { first, seasonal: 0 },
    reasons: { boxCox: boxCoxReason, deseasonalise: seasonReason, differencing: diffReason },
  };
}

/** The fitted plan's steps as transform objects, in the order they apply. */
function steps(fitted: FittedPlan): FittedTransform<unknown>[] {
  const out: FittedTransform<unknown>[] = [];
  if (fitted.boxCox) out.push(boxCoxTransform(fitted.boxCox));
  if (fitted.deseasonalise) out.push(deseasonaliseTransform(fitted.deseasonalise));
  for (const d of fitted.differences) out.push(differenceTransform(d));
  return out;
}

/**
 * Fits a plan to a series and transforms it: Box-Cox, then seasonal adjustment, then seasonal and first
 * differences. Returns the fitted plan (to invert with) and the transformed series, shorter by the
 * differencing lags.
 */
export function applyPlan(
  values: ArrayLike<number>,
  plan: TransformPlan,
): { fitted: FittedPlan; transformed: number[] } {
  let x = Array.from(values);
  const fitted: FittedPlan = { plan, n: x.length, boxCox: null, deseasonalise: null, differences: [] };
  if (plan.boxCox !== null) {
    fitted.boxCox = { kind: 'box-cox', lambda: plan.boxCox };
    x = boxCoxTransform(fitted.boxCox).forward(x);
  }
  if (plan.deseasonalise !== 'none') {
    fitted.deseasonalise = fitDeseasonalise(x, plan.m, plan.deseasonalise);
    x = deseasonaliseTransform(fitted.deseasonalise).forward(x);
  }
  const lags = [
    ...new Array<number>(plan.differencing.seasonal).fill(plan.m),
    ...new Array<number>(plan.differencing.first).fill(1),
  ];
  for (const lag of lags) {
    const d = fitDifference(x, lag);
    fitted.differences.push(d);
    x = differenceTransform(d).forward(x);
  }
  return { fitted, transformed: x };
}

/** Maps a transformed fitted series (as applyPlan returned it) back to the original scale: [n]. */
export function invertPlanInSample(fitted: FittedPlan, transformed: readonly number[]): number[] {
  let x = [...transformed];
  for (const step of steps(fitted).reverse()) x = step.inverse(x);
  return x;
}

/**
 * Maps an h-step forecast made on the transformed scale, and optionally its interval bounds, back to the
 * original scale. Box-Cox, seasonal adjustment and window levels are monotone per step, so bounds map
 * exactly. Through differencing a bound path is integrated like the forecast, which is exact when the
 * step errors are perfectly correlated and otherwise gives wider bands than a joint model would.
 */
export function invertPlan(
  fitted: FittedPlan,
  forecast: readonly number[],
  intervals: readonly IntervalBounds[] = [],
): { mean: number[]; intervals: IntervalBounds[] } {
  const back = (x: readonly number[]) => {
    let y = [...x];
    for (const step of steps(fitted).reverse()) y = step.inverseForecast(y);
    return y;
  };
  for (const iv of intervals) {
    if (iv.lower.length !== forecast.length || iv.upper.length !== forecast.length) {
      throw new ConfigError(
        'LENGTH_MISMATCH',
        `An interval has ${iv.lower.length}/${iv.upper.length} bounds for a ${forecast.length}-step forecast.`,
      );
    }
  }
  return {
    mean: back(forecast),
    intervals: intervals.map((iv) => ({ level: iv.level, lower: back(iv.lower), upper: back(iv.upper) })),
  };
}
