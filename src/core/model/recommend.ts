/**
 * Settings proposed from the data itself, shared by the app and the CLI so both pick the same defaults.
 */
import type { ForecastConfig } from './spec';
import { DEFAULT_FORECAST_CONFIG, proposedRecipe } from './spec';

/**
 * What the recipe changes from the direct pipeline's defaults: the local M4 recipe's training (20 epochs of 512
 * windows in batches of 64, no early stopping, which needs no validation loss).
 */
export const RECIPE_TRAINING = { epochs: 20, batchSize: 64, patience: null } as const;

/**
 * True when the level of the series drifts so far that the most recent part (the test part by default)
 * leaves the range seen in the training part: a network fed scaled levels then has to extrapolate, which
 * it cannot, while modelling first differences keeps every input in range.
 * `values` are finite numbers in time order; fractions are of the series length.
 */
export function needsDifferencing(
  values: readonly number[],
  trainFraction = 0.7,
  recentFraction = 0.15,
): boolean {
  const n = values.length;
  const trainEnd = Math.floor(n * trainFraction);
  const recentStart = Math.floor(n * (1 - recentFraction));
  if (trainEnd < 8 || recentStart >= n) return false;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < trainEnd; i++) {
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  const range = max - min;
  if (!(range > 0)) return false;
  let outside = 0;
  for (let i = recentStart; i < n; i++) {
    if (values[i] > max + 0.05 * range || values[i] < min - 0.05 * range) outside++;
  }
  return outside / (n - recentStart) > 0.5;
}

/**
 * Data-derived proposal for a forecast configuration: the defaults plus lookback and horizon, and the recipe
 * (transforms chosen from the data, per-window levels, an ensemble) for a series without extra input columns;
 * with extra columns, the direct pipeline with differencing when the level drifts out of the training range.
 */
export function recommendForecastConfig(
  target: readonly number[],
  proposal: { lookback: number; horizon: number },
  base: Readonly<ForecastConfig> = DEFAULT_FORECAST_CONFIG,
  options: { features?: number } = {},
): ForecastConfig {
  const withFeatures = (options.features ?? 0) > 0;
  if (!withFeatures) {
    const fromDirect = base.recipe === null;
    return {
      ...base,
      ...(fromDirect ? RECIPE_TRAINING : {}),
      lookback: proposal.lookback,
      horizon: proposal.horizon,
      differencing: false,
      recipe: base.recipe ?? proposedRecipe(),
    };
  }
  return {
    ...base,
    lookback: proposal.lookback,
    horizon: proposal.horizon,
    differencing: needsDifferencing(target, base.split.train, base.split.test),
    recipe: null,
  };
}

/**
 * The setup proposed when another dataset is opened: every model and training setting back to the proposal for
 * the new data (so a 2-layer model tried on the last file does not appear unasked), keeping only where the run
 * executes (backend and engine), which belongs to the machine rather than to the data.
 */
export function proposalForNewData(
  target: readonly number[],
  proposal: { lookback: number; horizon: number },
  previous: Readonly<ForecastConfig>,
): ForecastConfig {
  return recommendForecastConfig(target, proposal, {
    ...DEFAULT_FORECAST_CONFIG,
    backend: previous.backend,
    engine: previous.engine,
  });
}
