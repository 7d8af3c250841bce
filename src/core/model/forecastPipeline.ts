/**
 * The forecasting pipeline: series -> cleaning -> chronological split -> differencing and scaling fitted on
 * the training part -> windows -> training -> metrics against baselines on the same test windows ->
 * prediction intervals -> future forecast -> a saved forecaster. The result is JSON plus one ArrayBuffer.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { ScalerState } from '../data/scaling';
import {
  ScalerStateSchema,
  difference,
  fitScaler,
  integrate,
  inverseColumn,
  transformColumn,
} from '../data/scaling';
import type { WindowSet } from '../data/windowing';
import { chronologicalSplit, lastWindow, splitWindows } from '../data/windowing';
import { ConfigError } from '../data/errors';
import { initBackend } from './backend';
import { compareWithClassical, comparedOrigins } from './competitors';
import { RecipeForecasterSchema, forecastWithRecipe, runRecipeForecast } from './recipeForecast';
import { buildForecastModel } from './builder';
import { INTERVAL_LEVELS, conformalHalfWidths, intervalCoverage } from './intervals';
import { computeMetrics, maseScale, scoreBaselines, stepErrors, verdict } from './metrics';
import { SerializedModelSchema, deserializeModel, serializeModel } from './serialize';
import type { ForecastSeries, PreparedSeries } from './series';
import { prepareSeries } from './series';
import type { BackendName, ForecastConfig, ForecastConfigInput } from './spec';
import { CELL_LABELS, ForecastConfigSchema, modelSpecFromConfig, parseForecastConfig } from './spec';
import type { TimeStep } from './timeSteps';
import type {
  DataSummary,
  ForecastEvaluation,
  ForecastResult,
  FutureForecast,
  IntervalModel,
  RunForecastOptions,
  SavedForecaster,
  TestPredictions,
} from './forecastResult';
import { SavedTimeStepSchema } from './forecastResult';
import { futureTimes, inferTimeStep } from './timeSteps';
import { predictBatched, trainModel } from './train';

export type {
  DataSummary,
  ForecastEvaluation,
  ForecastHistory,
  ForecastResult,
  FutureForecast,
  IntervalModel,
  PredictionInterval,
  RecipeForecaster,
  RecipeRun,
  RunForecastOptions,
  SavedForecaster,
  TestPredictions,
} from './forecastResult';

/** Model input columns aligned to rows: target (or its differences, NaN in row 0) then the features. */
function modelColumns(prepared: PreparedSeries, differencing: boolean): Float64Array[] {
  const target = Float64Array.from(prepared.target);
  const first = differencing ? Float64Array.of(Number.NaN, ...difference(target)) : target;
  return [first, ...prepared.features.map((f) => Float64Array.from(f))];
}

interface Transform {
  scaler: ScalerState;
  differencing: boolean;
}

/** Model outputs [n, horizon] (scaled) -> levels in original units, integrating from each origin's level. */
function toLevels(
  out: Float32Array,
  horizon: number,
  origins: ArrayLike<number>,
  target: ArrayLike<number>,
  tr: Transform,
): number[][] {
  const unscaled = inverseColumn(out, tr.scaler, 0);
  const rows: number[][] = [];
  for (let i = 0; i < origins.length; i++) {
    const row = unscaled.subarray(i * horizon, (i + 1) * horizon);
    rows.push(Array.from(tr.differencing ? integrate(row, target[origins[i]]) : row));
  }
  return rows;
}

function actuals(target: ArrayLike<number>, origins: ArrayLike<number>, horizon: number): number[][] {
  return Array.from(origins, (t) => Array.from({ length: horizon }, (_, h) => target[t + 1 + h]));
}

async function predictWindows(model: tf.LayersModel, ws: WindowSet): Promise<Float32Array> {
  const x = tf.tensor3d(ws.x, ws.xShape);
  try {
    return (await predictBatched(model, x)).data;
  } finally {
    x.dispose();
  }
}

/** Forecast `horizon` steps past the last row of `prepared` with a trained model. */
async function forecastFuture(
  model: tf.LayersModel,
  prepared: PreparedSeries,
  config: ForecastConfig,
  tr: Transform,
  intervals: IntervalModel,
  fallbackStep: TimeStep | null,
): Promise<FutureForecast> {
  const columns = modelColumns(prepared, tr.differencing);
  const scaled = columns.map((c, k) => transformColumn(c, tr.scaler, k));
  const firstValid = tr.differencing ? 1 : 0;
  const xData = lastWindow(scaled, config.lookback, firstValid);
  const n = prepared.target.length;
  const x = tf.tensor3d(xData, [1, config.lookback, columns.length]);
  let out: Float32Array;
  try {
    out = (await predictBatched(model, x)).data;
  } finally {
    x.dispose();
  }
  const [mean] = toLevels(out, config.horizon, [n - 1], prepared.target, tr);
  const step = prepared.time && prepared.time.length >= 2 ? inferTimeStep(prepared.time) : fallbackStep;
  return {
    index: Array.from({ length: config.horizon }, (_, h) => n + h),
    time: prepared.time && step ? futureTimes(prepared.time[n - 1], step, config.horizon) : null,
    mean,
    intervals: intervals.levels.map((level, l) => ({
      level,
      lower: mean.map((v, h) => v - intervals.halfWidths[l][h]),
      upper: mean.map((v, h) => v + intervals.halfWidths[l][h]),
    })),
  };
}

/**
 * Trains and evaluates a forecaster on one series. Throws ConfigError for bad settings or data (before any
 * training); training problems (divergence, a stop request) come back as the result's status and message.
 * Shapes: windows x [n, lookback, 1 + features.length], y [n, horizon]. All tensors are disposed.
 */
export async function runForecast(
  series: ForecastSeries,
  configInput: ForecastConfigInput | ForecastConfig,
  options: RunForecastOptions = {},
): Promise<ForecastResult> {
  const started = performance.now();
  const config = parseForecastConfig(configInput);
  if (config.recipe) return runRecipeForecast(series, { ...config, recipe: config.recipe }, options);
  const prepared = prepareSeries(series, config.missing);
  const firstValid = config.differencing ? 1 : 0;
  const bounds = chronologicalSplit(prepared.target.length, config.split, config, firstValid);
  const m = prepared.seasonLength;
  if (m >= bounds.trainEnd) {
    throw new ConfigError(
      'SEASON_TOO_LONG',
      `The season length (${m}) must be shorter than the training part (${bounds.trainEnd} steps): lower it, or load a longer series.`,
      'seasonLength',
    );
  }
  const columns = modelColumns(prepared, config.differencing);
  const scaler = fitScaler(columns, config.scaling, firstValid, bounds.trainEnd);
  const scaled = columns.map((c, k) => transformColumn(c, scaler, k));
  const windows = splitWindows(scaled, bounds, config);
  const tr: Transform = { scaler, differencing: config.differencing };
  const timeStep = prepared.time ? inferTimeStep(prepared.time) : null;
  const data: DataSummary = {
    rows: prepared.target.length,
    interpolated: prepared.interpolated,
    dropped: prepared.dropped,
    bounds,
    windows: {
      train: windows.train.origins.length,
      val: windows.val.origins.length,
      test: windows.test.origins.length,
    },
    seasonLength: m,
    timeStep,
  };

  const backend = (await initBackend(config.backend)).name;
  const spec = modelSpecFromConfig(config, columns.length);
  const model = buildForecastModel(spec, { engine: config.engine });
  const tensors = {
    xTrain: tf.tensor3d(windows.train.x, windows.train.xShape),
    yTrain: tf.tensor2d(windows.train.y, windows.train.yShape),
    xVal: tf.tensor3d(windows.val.x, windows.val.xShape),
    yVal: tf.tensor2d(windows.val.y, windows.val.yShape),
  };
  try {
    const trained = await trainModel({
      model,
      loss: (yTrue, yPred) => tf.losses.meanSquaredError(yTrue, yPred),
      train: { x: tensors.xTrain, y: tensors.yTrain },
      validation: { x: tensors.xVal, y: tensors.yVal },
      optimizer: { name: config.optimizer, learningRate: config.learningRate },
      batchSize: config.batchSize,
      epochs: config.epochs,
      patience: config.patience,
      clipNorm: config.clipNorm,
      seed: config.seed,
      signal: options.signal,
      onProgress: options.onProgress,
      onEpoch: options.onEpoch,
    });
    const base = {
      status: trained.status,
      message: trained.message,
      config,
      backend,
      data,
      history: {
        loss: trained.history.loss,
        valLoss: trained.history.valLoss,
        bestEpoch: trained.bestEpoch,
        earlyStopped: trained.earlyStopped,
        epochsRun: trained.epochsRun,
      },
      gradients: trained.gradients,
      scaler,
      recipe: null,
      search: null,
      trainingMs: trained.durationMs,
    };
    const usable = trained.status !== 'diverged' || trained.bestEpoch !== null;
    if (!usable) {
      return {
        ...base,
        evaluation: null,
        test: null,
        future: null,
        saved: null,
        durationMs: performance.now() - started,
      };
    }

    const target = prepared.target;
    const H = config.horizon;
    const valPred = toLevels(await predictWindows(model, windows.val), H, windows.val.origins, target, tr);
    const valActual = actuals(target, windows.val.origins, H);
    const intervals: IntervalModel = {
      method: 'split-conformal',
      levels: [...INTERVAL_LEVELS],
      halfWidths: conformalHalfWidths(valActual, valPred, INTERVAL_LEVELS),
      calibrationWindows: valActual.length,
    };

    const testOrigins = windows.test.origins;
    const testPred = toLevels(await predictWindows(model, windows.test), H, testOrigins, target, tr);
    const testActual = actuals(target, testOrigins, H);
    const scale = maseScale(target.slice(0, bounds.trainEnd), m);
    const { metrics: baselineMetrics, steps: baselineSteps } = scoreBaselines(
      target,
      testOrigins,
      H,
      m,
      testActual,
      scale,
    );
    const modelMetrics = computeMetrics(testActual, testPred, scale);
    const evaluation: ForecastEvaluation = {
      model: modelMetrics,
      baselines: baselineMetrics,
      perHorizon: { model: stepErrors(testActual, testPred), baselines: baselineSteps },
      maseScale: scale,
      intervalCoverage: intervals.halfWidths.map((hw) => intervalCoverage(testActual, testPred, hw)),
      verdict: '',
      competitors: null,
    };
    const label = CELL_LABELS[config.cell];
    const compared = comparedOrigins(Array.from(testOrigins), H);
    evaluation.competitors = compareWithClassical({
      target,
      origins: compared,
      modelPred: compared.map((t) => testPred[Array.from(testOrigins).indexOf(t)]),
      horizon: H,
      seasonLength: m,
      scale,
      modelLabel: label,
    });
    evaluation.verdict = `${verdict(label, modelMetrics, baselineMetrics, m)} ${evaluation.competitors.verdict}`;
    const time = prepared.time;
    const test: TestPredictions = {
      origins: Array.from(testOrigins),
      time: time
        ? Array.from(testOrigins, (t) => Array.from({ length: H }, (_, h) => time[t + 1 + h]))
        : null,
      actual: testActual,
      predicted: testPred,
    };
    const future = await forecastFuture(model, prepared, config, tr, intervals, timeStep);
    const saved: SavedForecaster = {
      format: 'rnn-lab.forecaster',
      version: 1,
      config,
      seasonLength: m,
      scaler,
      timeStep,
      intervals,
      model: await serializeModel(model, spec),
    };
    return { ...base, evaluation, test, future, saved, durationMs: performance.now() - started };
  } finally {
    model.dispose();
    tf.dispose(Object.values(tensors));
  }
}

const SavedForecasterSchema = z.object({
  format: z.literal('rnn-lab.forecaster'),
  version: z.literal(1),
  config: ForecastConfigSchema,
  seasonLength: z.number().int().min(1),
  scaler: ScalerStateSchema,
  timeStep: SavedTimeStepSchema.nullable(),
  intervals: z.object({
    method: z.literal('split-conformal'),
    levels: z.array(z.number().gt(0).lt(1)),
    halfWidths: z.array(z.array(z.number())),
    calibrationWindows: z.number().int().min(0),
  }),
  model: SerializedModelSchema,
});

/** A trained forecaster loaded from a SavedForecaster; dispose() frees its weights. */
export interface Forecaster {
  readonly config: ForecastConfig;
  /** Forecasts `horizon` steps past the last row of `series` (original units, with intervals). */
  forecast(series: ForecastSeries): Promise<FutureForecast>;
  dispose(): void;
}

/**
 * Validates a SavedForecaster (e.g. read back from SQLite; weightData may be an ArrayBuffer or a byte
 * array) and rebuilds its model on `backend` (default: the one it was trained on). Throws
 * ConfigError('INCOMPATIBLE_MODEL') when the object is not a saved forecaster of this version.
 */
export async function loadForecaster(
  saved: unknown,
  options: { backend?: BackendName } = {},
): Promise<Forecaster> {
  if (typeof saved === 'object' && saved !== null && (saved as { version?: unknown }).version === 2) {
    return loadRecipeForecaster(saved);
  }
  const s = parseSaved(SavedForecasterSchema, saved);
  const features = s.model.spec.features;
  if (s.scaler.offset.length !== features) {
    throw new ConfigError(
      'INCOMPATIBLE_MODEL',
      'The saved scaler does not match the saved model: train the model again.',
    );
  }
  await initBackend(options.backend ?? s.config.backend);
  const model = deserializeModel(s.model, { engine: s.config.engine });
  const tr: Transform = { scaler: s.scaler, differencing: s.config.differencing };
  let disposed = false;
  return {
    config: s.config,
    async forecast(series: ForecastSeries): Promise<FutureForecast> {
      if (disposed) throw new Error('this forecaster has been disposed');
      const prepared = prepareSeries(series, s.config.missing);
      if (prepared.features.length !== features - 1) {
        throw new ConfigError(
          'INCOMPATIBLE_MODEL',
          `The saved model expects ${features - 1} extra feature column(s); this series has ${prepared.features.length}. ` +
            'Choose the same columns it was trained with.',
          'features',
        );
      }
      return forecastFuture(model, prepared, s.config, tr, s.intervals, s.timeStep);
    },
    dispose() {
      if (!disposed) model.dispose();
      disposed = true;
    },
  };
}

/** `saved` validated by `schema`; ConfigError('INCOMPATIBLE_MODEL') naming the first mismatch otherwise. */
function parseSaved<S extends z.ZodTypeAny>(schema: S, saved: unknown): z.output<S> {
  const parsed = schema.safeParse(saved);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      'INCOMPATIBLE_MODEL',
      `This is not a saved forecaster this version can load (${issue.path.map(String).join('.') || 'root'}: ${issue.message}): train the model again.`,
    );
  }
  return parsed.data as z.output<S>;
}

function loadRecipeForecaster(saved: unknown): Forecaster {
  const s = parseSaved(RecipeForecasterSchema, saved);
  return {
    config: s.config,
    forecast: (series: ForecastSeries) => forecastWithRecipe(s, series),
    dispose() {},
  };
}

/**
 * Forecasts again with a saved forecaster, without retraining: `horizon` steps past the last row of
 * `series` (which may have grown since training), using the saved scaler and intervals.
 */
export async function forecastAgain(
  saved: unknown,
  series: ForecastSeries,
  options: { backend?: BackendName } = {},
): Promise<FutureForecast> {
  const forecaster = await loadForecaster(saved, options);
  try {
    return await forecaster.forecast(series);
  } finally {
    forecaster.dispose();
  }
}
