/** Series transforms: Box-Cox, seasonal adjustment, differencing, per-window normalisation and plans. */
export {
  assertPositive,
  boxCox,
  boxCoxTransform,
  brentMinimise,
  guerreroLambda,
  inverseBoxCox,
  varianceGrowsWithLevel,
} from './boxCox';
export type { BoxCoxState, VarianceLevelTest } from './boxCox';
export {
  DESEASONALISE_METHODS,
  deseasonaliseTransform,
  fitDeseasonalise,
  futureSeasonal,
  isMultiplicative,
  seasonalPatternChanges,
} from './deseasonalise';
export type { DeseasonaliseMethod, DeseasonaliseState, SeasonalChangeTest } from './deseasonalise';
export { difference, differenceTransform, fitDifference, undifference } from './difference';
export type { DifferenceState } from './difference';
export {
  denormaliseValues,
  fitWindow,
  normaliseValues,
  normaliseWindow,
  windowLevel,
  windowTransform,
} from './normalise';
export type { NormalisedWindow, WindowNormalisation, WindowState } from './normalise';
export { applyPlan, invertPlan, invertPlanInSample, proposeTransforms } from './plan';
export type { FittedPlan, IntervalBounds, TransformPlan } from './plan';
export type { FittedTransform } from './types';
