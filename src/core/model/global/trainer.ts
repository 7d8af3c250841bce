/**
 * The global forecaster: one recurrent network trained across every series of a set (as in Smyl's ES-RNN and
 * N-BEATS), on log-domain, optionally deseasonalised windows normalised by their last level, drawn on the fly by a
 * WindowSampler. Several members with different seeds are trained; a forecast is their median. The networks are the
 * lab's forecast networks (buildForecastModel) trained by the lab's loop (trainModel), so clipping, the gradient-norm
 * log, abort and the lab engine all apply. Local forecasting is the same with one series per call.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../data/errors';
import { trainEnsembleMember } from '../ensembleMember';
import { deriveSeed } from '../random';
import type { ModelSpec } from '../spec';
import type { EpochSummary, LossFunction, TrainProgress, TrainStatus } from '../train';
import { predictBatched } from '../train';
import type { GlobalForecastConfig, GlobalForecastConfigInput, GlobalLoss } from './config';
import { parseGlobalForecastConfig } from './config';
import type { SeriesNormaliser } from './normalise';
import { denormalise, fitNormaliser, windowLevel } from './normalise';
import type { WindowShape } from './sampler';
import { WindowSampler, inputRowSize, inputSteps, writeWindow } from './sampler';

/** Progress of one member's training (see TrainProgress), with the member's index. */
export interface GlobalProgress extends TrainProgress {
  /** Member index from 0. */
  member: number;
  members: number;
}

/** A finished epoch of one member (see EpochSummary), with the member's index. */
export interface GlobalEpoch extends EpochSummary {
  member: number;
  members: number;
}

export interface GlobalTrainHooks {
  /** Abort to stop after the current batch; the members trained so far (and the stopped one) are kept. */
  signal?: AbortSignal;
  onProgress?: (progress: GlobalProgress) => void;
  onEpoch?: (epoch: GlobalEpoch) => void;
}

/** How one member's training went. */
export interface GlobalMemberSummary {
  seed: number;
  status: TrainStatus;
  message: string;
  epochsRun: number;
  /** Mean training loss per epoch. */
  loss: number[];
  seconds: number;
  /** Whether its forecasts enter the median (false when it diverged without usable weights). */
  used: boolean;
}

/** A trained global forecaster; dispose() frees its networks. */
export interface GlobalForecaster {
  readonly config: GlobalForecastConfig;
  /** 'stopped' when training was aborted, 'diverged' when no member is usable, else 'completed'. */
  readonly status: TrainStatus;
  readonly members: readonly GlobalMemberSummary[];
  /** Training time of all members, seconds. */
  readonly trainSeconds: number;
  /**
   * Forecasts `horizon` steps past the end of every series (default: the training series), in original units:
   * [series][step], the median of the members (of the first `members` usable ones when given: to measure what
   * an ensemble's size is worth).
   */
  forecastAll(seriesList?: readonly ArrayLike<number>[], options?: { members?: number }): Promise<number[][]>;
  dispose(): void;
}

/** The loss of a batch on normalised log values: yTrue and yPred [B, horizon]. */
export function globalLoss(loss: GlobalLoss, quantile: number): LossFunction {
  switch (loss) {
    case 'mae':
      return (yTrue, yPred) => tf.mean(tf.abs(tf.sub(yPred, yTrue)));
    case 'mse':
      return (yTrue, yPred) => tf.mean(tf.square(tf.sub(yPred, yTrue)));
    case 'smape':
      return (yTrue, yPred) => tf.mul(2, tf.mean(tf.abs(tf.tanh(tf.mul(0.5, tf.sub(yPred, yTrue))))));
    case 'pinball':
      return (yTrue, yPred) => {
        const d = tf.sub(yTrue, yPred);
        return tf.mean(tf.maximum(tf.mul(quantile, d), tf.mul(quantile - 1, d)));
      };
  }
}

/** The window geometry of a configuration. */
export function windowShapeOf(config: GlobalForecastConfig): WindowShape {
  return {
    inputSize: config.inputSize,
    patch: config.patch,
    horizon: config.horizon,
    levelSpan: config.levelSpan,
    seasonalLags: config.seasonalLags,
  };
}

/** The network spec of member `member`: inputSize / patch steps of `patch` values in, `horizon` values out. */
export function memberSpec(config: GlobalForecastConfig, member: number): ModelSpec {
  return {
    kind: 'forecast',
    cell: config.cell,
    layers: config.layers,
    units: config.units,
    dropout: config.dropout,
    lookback: inputSteps(windowShapeOf(config)),
    features: config.patch,
    horizon: config.horizon,
    seed: deriveSeed(config.seed, member),
    gateInit: config.gateInit,
  };
}

/** Fits the normaliser of every series with a configuration's seasonal settings. */
export function fitNormalisers(
  seriesList: readonly ArrayLike<number>[],
  config: GlobalForecastConfig,
): SeriesNormaliser[] {
  return seriesList.map((s) =>
    fitNormaliser(s, { periods: config.seasonalPeriods, seasonalCycles: config.seasonalCycles }),
  );
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function checkSeries(seriesList: readonly ArrayLike<number>[]): void {
  if (seriesList.length === 0) throw new ConfigError('NO_DATA', 'Give at least one series to forecast.');
  seriesList.forEach((s, i) => {
    if (s.length < 2)
      throw new ConfigError(
        'SERIES_TOO_SHORT',
        `Series ${i + 1} has ${s.length} value(s); a forecast needs at least 2.`,
      );
    for (let t = 0; t < s.length; t++)
      if (!Number.isFinite(s[t]))
        throw new ConfigError(
          'NO_DATA',
          `Series ${i + 1} has a missing or non-numeric value at step ${t + 1}: fill or drop it first.`,
        );
  });
}

/**
 * Trains the members of a global forecaster on `seriesList` (each series its values in time order, all of the same
 * frequency) and returns the forecaster. Throws ConfigError for bad settings or when no series is long enough for
 * one training window (horizon + levelSpan values). Deterministic for a seed, backend and engine.
 */
export async function trainGlobalForecaster(
  seriesList: readonly ArrayLike<number>[],
  settings: GlobalForecastConfigInput | GlobalForecastConfig = {},
  hooks: GlobalTrainHooks = {},
): Promise<GlobalForecaster> {
  const config = parseGlobalForecastConfig(settings);
  checkSeries(seriesList);
  const shape = windowShapeOf(config);
  const normalisers = fitNormalisers(seriesList, config);
  const values = normalisers.map((n) => n.values);
  const loss = globalLoss(config.loss, config.quantile);
  const probe = new WindowSampler(values, shape, {
    windowsPerEpoch: 1,
    seed: 0,
    maxHistory: config.maxHistory,
  });
  if (probe.trainable.length === 0) {
    throw new ConfigError(
      'SERIES_TOO_SHORT',
      `No series is long enough for one training window (${config.horizon + config.levelSpan} values): ` +
        'lower the horizon or the level span, or give longer series.',
      'horizon',
    );
  }

  const models: tf.LayersModel[] = [];
  const summaries: GlobalMemberSummary[] = [];
  let status: TrainStatus = 'completed';
  const started = performance.now();
  try {
    for (let m = 0; m < config.members && status !== 'stopped'; m++) {
      const memberStart = performance.now();
      const spec = memberSpec(config, m);
      const { model, trained } = await trainEnsembleMember(values, config, m, {
        spec,
        shape,
        loss,
        signal: hooks.signal,
        onProgress: hooks.onProgress
          ? (p) => hooks.onProgress?.({ ...p, member: m, members: config.members })
          : undefined,
        onEpoch: (e) => hooks.onEpoch?.({ ...e, member: m, members: config.members }),
      });
      if (model !== null) models.push(model);
      if (trained.status === 'stopped') status = 'stopped';
      summaries.push({
        seed: spec.seed,
        status: trained.status,
        message: trained.message,
        epochsRun: trained.epochsRun,
        loss: trained.history.loss,
        seconds: (performance.now() - memberStart) / 1000,
        used: model !== null,
      });
    }
  } catch (error) {
    for (const model of models) model.dispose();
    throw error;
  }
  if (models.length === 0 && status === 'completed') status = 'diverged';
  const trainSeconds = (performance.now() - started) / 1000;

  let disposed = false;
  return {
    config,
    status,
    members: summaries,
    trainSeconds,
    async forecastAll(
      list?: readonly ArrayLike<number>[],
      options: { members?: number } = {},
    ): Promise<number[][]> {
      if (disposed) throw new Error('this global forecaster has been disposed');
      if (models.length === 0)
        throw new Error(
          'no member of this forecaster has usable weights: train again with a lower learning rate',
        );
      const norms = list ? (checkSeries(list), fitNormalisers(list, config)) : normalisers;
      const used = options.members !== undefined ? models.slice(0, Math.max(1, options.members)) : models;
      return forecastWith(used, norms, config);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const model of models) model.dispose();
    },
  };
}

/**
 * Median forecast of `models` for every normalised series, in original units: [series][step]. Each series is forecast
 * from its last value (window origin n - 1).
 */
export async function forecastWith(
  models: readonly tf.LayersModel[],
  normalisers: readonly SeriesNormaliser[],
  config: GlobalForecastConfig,
): Promise<number[][]> {
  const shape = windowShapeOf(config);
  const S = normalisers.length;
  const H = config.horizon;
  const xData = new Float32Array(S * inputRowSize(shape));
  normalisers.forEach((n, i) => writeWindow(n.values, n.values.length - 1, shape, xData, null, i));
  const x = tf.tensor3d(xData, [S, inputSteps(shape), config.patch]);
  const outputs: Float32Array[] = [];
  try {
    for (const model of models) outputs.push((await predictBatched(model, x, 512)).data);
  } finally {
    x.dispose();
  }
  return normalisers.map((norm, i) => {
    const n = norm.values.length;
    // the level is added back after the median, as every member shares it
    const level = windowLevel(norm.values, n - 1, shape.levelSpan);
    return Array.from({ length: H }, (_, h) => {
      const z = median(outputs.map((o) => o[i * H + h]));
      return denormalise(norm, n + h, level + z);
    });
  });
}

/** Trains a global forecaster, forecasts every series and frees the networks: [series][step] in original units. */
export async function forecastGlobal(
  seriesList: readonly ArrayLike<number>[],
  settings: GlobalForecastConfigInput | GlobalForecastConfig = {},
  hooks: GlobalTrainHooks = {},
): Promise<{ forecasts: number[][]; forecaster: Omit<GlobalForecaster, 'forecastAll' | 'dispose'> }> {
  const forecaster = await trainGlobalForecaster(seriesList, settings, hooks);
  try {
    const forecasts = await forecaster.forecastAll();
    const { config, status, members, trainSeconds } = forecaster;
    return { forecasts, forecaster: { config, status, members, trainSeconds } };
  } finally {
    forecaster.dispose();
  }
}
