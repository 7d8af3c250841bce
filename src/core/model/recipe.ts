/**
 * The single-series recipe's ensemble: networks trained with different seeds on windows of the model space (see
 * recipeTransforms.ts) drawn from the training part, each window relative to its last level, and their median
 * forecast from any origin.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../data/errors';
import { trainEnsembleMember } from './ensembleMember';
import type { GlobalForecastConfig } from './global/config';
import { parseGlobalForecastConfig } from './global/config';
import { globalLoss, median, memberSpec, windowShapeOf } from './global/trainer';
import type { WindowShape } from './global/sampler';
import { WindowSampler, inputRowSize, inputSteps, originRange, writeWindow } from './global/sampler';
import { windowLevel } from './global/normalise';
import type { ForecastConfig, RecipeSettings } from './spec';
import type { EpochSummary, GradientLog, TrainProgress, TrainStatus } from './train';
import { predictBatched } from './train';
export {
  chooseRecipeTransforms,
  fitRecipeState,
  fromModelSpace,
  modelSpaceAt,
  toModelSpace,
} from './recipeTransforms';
export type { RecipeState, RecipeTransforms } from './recipeTransforms';

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
      const offsetEpochs = epochsRun;
      const { model, trained } = await trainEnsembleMember(values, net, m, {
        spec: memberSpec(net, m),
        shape,
        loss,
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
        onEpoch: (e) =>
          hooks.onEpoch?.({
            ...e,
            epoch: offsetEpochs + e.epoch,
            elapsedSeconds: (performance.now() - started) / 1000,
          }),
      });
      losses.push(...trained.history.loss);
      epochsRun += trained.epochsRun;
      gradients ??= trained.gradients;
      if (model !== null) models.push(model);
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
  const xData = recipeWindows(z, origins, net, false).x;
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

/**
 * The origins of every window a member trains on when the training part is z[0..trainEnd): the range its
 * WindowSampler draws from, in order (empty when the part holds no window).
 */
export function recipeTrainingOrigins(trainEnd: number, net: GlobalForecastConfig): number[] {
  const { first, last } = originRange(trainEnd, windowShapeOf(net), null);
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}

/**
 * The network inputs of the windows at `origins` of z as the members see them in training and forecasting:
 * x [origins, inputSteps, patch], each window minus its level. With `targets`, also y [origins, horizon] (minus the
 * level), which needs z to reach origin + horizon; without, only values up to each origin are read.
 */
export function recipeWindows(
  z: Float64Array,
  origins: readonly number[],
  net: GlobalForecastConfig,
  targets: boolean,
): { x: Float32Array; y: Float32Array | null; xShape: [number, number, number]; yShape: [number, number] } {
  const shape = windowShapeOf(net);
  const O = origins.length;
  const x = new Float32Array(O * inputRowSize(shape));
  const y = targets ? new Float32Array(O * net.horizon) : null;
  origins.forEach((t, i) => writeWindow(targets ? z : z.subarray(0, t + 1), t, shape, x, y, i));
  return { x, y, xShape: [O, inputSteps(shape), net.patch], yShape: [O, net.horizon] };
}
