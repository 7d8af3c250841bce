/**
 * The single-series recipe's pieces: transforms chosen from the training part (Box-Cox or log, seasonal
 * adjustment), the model space every network sees (transformed, deseasonalised, divided by a scale, windows
 * relative to their last level), an ensemble of networks trained with different seeds on windows drawn from
 * the training part, and the exact way back to original units for forecasts and interval bounds.
 *
 * Positions: a series y[0..n) maps to z[0..n) with z[t] = adjust(boxCox(y[t]), t) / scale. Seasonal factors are
 * fitted on the training part [0, fittedLength) and continue by phase after it (futureSeasonal), so positions in
 * the validation and test parts, and past the end, use only what the training part showed.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../data/errors';
import { buildForecastModel } from './builder';
import type { GlobalForecastConfig } from './global/config';
import { parseGlobalForecastConfig } from './global/config';
import { globalLoss, median, memberSpec, windowShapeOf } from './global/trainer';
import type { WindowShape } from './global/sampler';
import { WindowSampler, inputRowSize, inputSteps, writeWindow } from './global/sampler';
import { windowLevel } from './global/normalise';
import { deriveSeed } from './random';
import type { ForecastConfig, RecipeSettings } from './spec';
import type { EpochSummary, GradientLog, TrainProgress, TrainStatus } from './train';
import { createOptimizer, predictBatched, trainModel } from './train';
import { boxCox, inverseBoxCox } from './transforms/boxCox';
import type { DeseasonaliseMethod, DeseasonaliseState } from './transforms/deseasonalise';
import { fitDeseasonalise, isMultiplicative } from './transforms/deseasonalise';
import { proposeTransforms } from './transforms/plan';

/** The transforms a recipe run uses, with one line per choice saying why. JSON-serialisable. */
export interface RecipeTransforms {
  /** Box-Cox λ (0 = log), or null for none. */
  boxCox: number | null;
  deseasonalise: DeseasonaliseMethod;
  /** Whether each was chosen from the data ('auto') or set by hand. */
  chosen: { boxCox: 'auto' | 'set'; deseasonalise: 'auto' | 'set' };
  reasons: { boxCox: string; deseasonalise: string };
}

/** What maps a series to the model space and back. JSON-serialisable. */
export interface RecipeState {
  boxCox: number | null;
  /** Seasonal component fitted on the training part (null without seasonal adjustment). */
  deseasonalise: DeseasonaliseState | null;
  /** Divides the adjusted series: the mean absolute one-step change of the training part (1 when 0). */
  scale: number;
  /** Length of the part the states were fitted on. */
  fittedLength: number;
}

/**
 * Chooses the recipe's transforms from the training part (`auto`) or takes them as set. Box-Cox and log need
 * every value of the series to be positive (`allPositive`); classical-mult needs positive adjusted values;
 * seasonal adjustment needs two full seasons.
 */
export function chooseRecipeTransforms(
  train: readonly number[],
  m: number,
  settings: Pick<RecipeSettings, 'boxCox' | 'deseasonalise'>,
  allPositive: boolean,
): RecipeTransforms {
  const period = Math.max(1, Math.floor(m));
  const plan = proposeTransforms(train, period);
  let lambda: number | null;
  let boxReason: string;
  if (settings.boxCox === 'auto') {
    lambda = allPositive ? plan.boxCox : null;
    boxReason = allPositive ? plan.reasons.boxCox : 'none: the series has values ≤ 0';
  } else {
    lambda = settings.boxCox === 'none' ? null : settings.boxCox === 'log' ? 0 : settings.boxCox;
    boxReason =
      lambda === null
        ? 'none: set in the setup'
        : lambda === 0
          ? 'log: set in the setup'
          : `Box-Cox λ = ${lambda}: set in the setup`;
    if (lambda !== null && !allPositive) {
      throw new ConfigError(
        'INVALID_CONFIG',
        'A log or Box-Cox transform needs every value to be positive, and this series has values ≤ 0: choose no transform.',
        'recipe.boxCox',
      );
    }
  }
  let method: DeseasonaliseMethod;
  let seasonReason: string;
  if (settings.deseasonalise === 'auto') {
    method = plan.deseasonalise;
    seasonReason = plan.reasons.deseasonalise;
    // the plan chose classical-mult assuming no Box-Cox; on a transformed scale use additive
    if (method === 'classical-mult' && lambda !== null) method = 'classical-add';
  } else {
    method = settings.deseasonalise;
    seasonReason = method === 'none' ? 'none: set in the setup' : `${method}: set in the setup`;
  }
  if (method !== 'none' && (period < 2 || train.length < 2 * period + 1)) {
    if (settings.deseasonalise !== 'auto') {
      throw new ConfigError(
        'INVALID_CONFIG',
        `Seasonal adjustment needs a season length ≥ 2 and two full seasons in the training part (${train.length} steps, season ${period}): choose none.`,
        'recipe.deseasonalise',
      );
    }
    method = 'none';
    seasonReason = 'none: fewer than two full seasons in the training part';
  }
  return {
    boxCox: lambda,
    deseasonalise: method,
    chosen: {
      boxCox: settings.boxCox === 'auto' ? 'auto' : 'set',
      deseasonalise: settings.deseasonalise === 'auto' ? 'auto' : 'set',
    },
    reasons: { boxCox: boxReason, deseasonalise: seasonReason },
  };
}

/** Fits the recipe's states on y[0..trainEnd). */
export function fitRecipeState(
  y: readonly number[],
  trainEnd: number,
  m: number,
  transforms: RecipeTransforms,
): RecipeState {
  const train = y.slice(0, trainEnd);
  const b = transforms.boxCox === null ? train : boxCox(train, transforms.boxCox);
  let deseasonalise: DeseasonaliseState | null = null;
  let adjusted = b;
  if (transforms.deseasonalise !== 'none') {
    if (transforms.deseasonalise === 'classical-mult' && b.some((v) => !(v > 0))) {
      throw new ConfigError(
        'INVALID_CONFIG',
        'Multiplicative seasonal adjustment needs positive values: choose additive or STL.',
        'recipe.deseasonalise',
      );
    }
    deseasonalise = fitDeseasonalise(b, Math.floor(m), transforms.deseasonalise);
    const mult = isMultiplicative(deseasonalise.method);
    const s = deseasonalise.seasonal;
    adjusted = b.map((v, t) => (mult ? v / s[t] : v - s[t]));
  }
  let sum = 0;
  for (let t = 1; t < adjusted.length; t++) sum += Math.abs(adjusted[t] - adjusted[t - 1]);
  const mad = adjusted.length > 1 ? sum / (adjusted.length - 1) : 0;
  const scale = mad > 0 && Number.isFinite(mad) ? mad : 1;
  return { boxCox: transforms.boxCox, deseasonalise, scale, fittedLength: trainEnd };
}

/** The seasonal component at position t: fitted inside the training part, by phase after it. */
function seasonalAt(d: DeseasonaliseState, t: number): number {
  const n = d.seasonal.length;
  if (t < n) return d.seasonal[t];
  return d.seasonal[n - d.m + ((t - n) % d.m)];
}

/** Maps y[0..n) to the model space: Float64Array [n]. Throws ConfigError for a value Box-Cox cannot take. */
export function toModelSpace(state: RecipeState, y: readonly number[]): Float64Array {
  const z = new Float64Array(y.length);
  const b = state.boxCox === null ? y : boxCox(y, state.boxCox);
  const d = state.deseasonalise;
  const mult = d ? isMultiplicative(d.method) : false;
  for (let t = 0; t < y.length; t++) {
    let v = b[t];
    if (d) v = mult ? v / seasonalAt(d, t) : v - seasonalAt(d, t);
    z[t] = v / state.scale;
    if (!Number.isFinite(z[t])) {
      throw new ConfigError(
        'INVALID_CONFIG',
        `The value at row ${t + 1} (${y[t]}) cannot be transformed (log or Box-Cox needs positive values): choose no transform.`,
        'recipe.boxCox',
      );
    }
  }
  return z;
}

/** Maps model-space values at positions `positions` back to original units (the exact inverse of toModelSpace). */
export function fromModelSpace(
  state: RecipeState,
  positions: readonly number[],
  z: readonly number[],
): number[] {
  const d = state.deseasonalise;
  const mult = d ? isMultiplicative(d.method) : false;
  const adjusted = z.map((v, i) => {
    const a = v * state.scale;
    if (!d) return a;
    const s = seasonalAt(d, positions[i]);
    return mult ? a * s : a + s;
  });
  return state.boxCox === null ? adjusted : inverseBoxCox(adjusted, state.boxCox);
}

/** The global-forecaster settings an ensemble member is built and trained with (one series, no seasonal lags). */
export function recipeNetworkConfig(config: ForecastConfig, recipe: RecipeSettings): GlobalForecastConfig {
  const patch = Math.max(1, Math.ceil(config.lookback / 24));
  return parseGlobalForecastConfig({
    horizon: config.horizon,
    inputSize: patch * Math.ceil(config.lookback / patch),
    patch,
    levelSpan: recipe.levelSpan,
    seasonalLags: [],
    seasonalPeriods: [],
    cell: config.cell,
    layers: config.layers,
    units: config.units,
    dropout: config.dropout,
    loss: 'mae',
    optimizer: config.optimizer,
    learningRate: config.learningRate,
    batchSize: config.batchSize,
    epochs: config.epochs,
    windowsPerEpoch: recipe.windowsPerEpoch,
    clipNorm: config.clipNorm,
    members: recipe.ensemble,
    seed: config.seed,
    engine: config.engine,
  });
}

/** How the ensemble's training went. */
export interface EnsembleTraining {
  models: tf.LayersModel[];
  status: TrainStatus;
  message: string;
  /** Per member, its epochs' mean losses, one after the other. */
  loss: number[];
  epochsRun: number;
  gradients: GradientLog | null;
  trainingMs: number;
}

/**
 * Trains `net.members` networks (seeds derived from net.seed) on windows of z[0..trainEnd) drawn at random;
 * targets never pass trainEnd. Progress and epochs are reported over the whole ensemble. The caller disposes the
 * models. Deterministic for a seed, backend and engine.
 */
export async function trainEnsemble(
  z: Float64Array,
  trainEnd: number,
  net: GlobalForecastConfig,
  hooks: {
    signal?: AbortSignal;
    onProgress?: (p: TrainProgress) => void;
    onEpoch?: (e: EpochSummary) => void;
  } = {},
): Promise<EnsembleTraining> {
  const shape = windowShapeOf(net);
  const values = [z.subarray(0, trainEnd)];
  const probe = new WindowSampler(values, shape, { windowsPerEpoch: 1, seed: 0 });
  if (probe.trainable.length === 0) {
    throw new ConfigError(
      'TRAIN_TOO_SHORT',
      `The training part (${trainEnd} steps) holds no window of horizon ${net.horizon}: shorten the horizon or load a longer series.`,
      'horizon',
    );
  }
  const loss = globalLoss(net.loss, net.quantile);
  const models: tf.LayersModel[] = [];
  const losses: number[] = [];
  let status: TrainStatus = 'completed';
  let message = '';
  let gradients: GradientLog | null = null;
  let epochsRun = 0;
  const started = performance.now();
  const batchesPerMember = Math.ceil(net.windowsPerEpoch / net.batchSize) * net.epochs;
  try {
    for (let m = 0; m < net.members && status !== 'stopped'; m++) {
      const spec = memberSpec(net, m);
      const model = buildForecastModel(spec, { engine: net.engine });
      const sampler = new WindowSampler(values, shape, {
        windowsPerEpoch: net.windowsPerEpoch,
        seed: deriveSeed(net.seed, 100 + m),
      });
      const optimizer = createOptimizer({ name: net.optimizer, learningRate: net.learningRate });
      const offsetEpochs = epochsRun;
      let trained;
      try {
        trained = await trainModel({
          model,
          loss,
          train: sampler,
          optimizer,
          batchSize: net.batchSize,
          epochs: net.epochs,
          clipNorm: net.clipNorm,
          seed: spec.seed,
          signal: hooks.signal,
          onProgress: hooks.onProgress
            ? (p) => {
                const total = batchesPerMember * net.members;
                const step = m * batchesPerMember + p.step;
                const rate = p.elapsedSeconds / Math.max(1, p.step);
                hooks.onProgress?.({
                  ...p,
                  epoch: offsetEpochs + p.epoch,
                  step,
                  totalSteps: total,
                  etaSeconds: rate * (total - step),
                  elapsedSeconds: (performance.now() - started) / 1000,
                });
              }
            : undefined,
          onEpoch: hooks.onEpoch
            ? (e) =>
                hooks.onEpoch?.({
                  ...e,
                  epoch: offsetEpochs + e.epoch,
                  elapsedSeconds: (performance.now() - started) / 1000,
                })
            : undefined,
        });
      } catch (error) {
        model.dispose();
        throw error;
      } finally {
        optimizer.dispose();
      }
      losses.push(...trained.history.loss);
      epochsRun += trained.epochsRun;
      gradients ??= trained.gradients;
      if (trained.status === 'diverged') model.dispose();
      else models.push(model);
      if (trained.status === 'stopped') {
        status = 'stopped';
        message = `Stopped during member ${m + 1} of ${net.members}; the forecast is the median of the ${models.length} member(s) trained so far.`;
      }
    }
  } catch (error) {
    for (const model of models) model.dispose();
    throw error;
  }
  if (models.length === 0 && status === 'completed') {
    status = 'diverged';
    message = 'Every member of the ensemble diverged: lower the learning rate or turn on gradient clipping.';
  }
  if (status === 'completed') {
    message = `Trained an ensemble of ${models.length} network(s) for ${net.epochs} epochs each; the forecast is their median.`;
  }
  return {
    models,
    status,
    message,
    loss: losses,
    epochsRun,
    gradients,
    trainingMs: performance.now() - started,
  };
}

/** Model-space forecasts from each origin: median of the members, and each member's own, with the level added. */
export interface EnsemblePrediction {
  /** [origin][step], model space (level added). */
  median: number[][];
  /** [member][origin][step], model space (level added). */
  members: number[][][];
}

/**
 * Forecasts from every origin t (its last input step) of z with each member: inputs z[t - inputSize + 1 .. t]
 * (edge-padded), relative to the window's level. Only values up to each origin are read.
 */
export async function predictEnsemble(
  models: readonly tf.LayersModel[],
  z: Float64Array,
  origins: readonly number[],
  net: GlobalForecastConfig,
): Promise<EnsemblePrediction> {
  const shape: WindowShape = windowShapeOf(net);
  const H = net.horizon;
  const O = origins.length;
  if (O === 0 || models.length === 0) return { median: [], members: models.map(() => []) };
  const xData = new Float32Array(O * inputRowSize(shape));
  origins.forEach((t, i) => writeWindow(z.subarray(0, t + 1), t, shape, xData, null, i));
  const x = tf.tensor3d(xData, [O, inputSteps(shape), net.patch]);
  const outputs: Float32Array[] = [];
  try {
    for (const model of models) outputs.push((await predictBatched(model, x, 512)).data);
  } finally {
    x.dispose();
  }
  const levels = origins.map((t) => windowLevel(z, t, shape.levelSpan));
  const members = outputs.map((o) =>
    origins.map((_, i) => Array.from({ length: H }, (_, h) => levels[i] + o[i * H + h])),
  );
  const med = origins.map((_, i) =>
    Array.from({ length: H }, (_, h) => levels[i] + median(outputs.map((o) => o[i * H + h]))),
  );
  return { median: med, members };
}
