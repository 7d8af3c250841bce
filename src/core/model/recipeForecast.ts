/**
 * The single-series recipe as a forecast run: split (adapted for short series) -> transforms chosen from the
 * training part -> model space -> an ensemble trained on the training part for a fixed number of epochs ->
 * intervals calibrated on the validation windows, which nothing was tuned on -> test windows scored against the
 * baselines and the classical methods -> the future forecast -> a saved forecaster holding every member.
 */
import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { ConfigError } from '../data/errors';
import { recipeSplit } from './recipeSplit';
import { initBackend } from './backend';
import { autoSearch, type SearchResult } from './autoSearch';
import type { GlobalForecastConfig } from './global/config';
import { memberSpec } from './global/trainer';
import { modelLabel } from './cells';
import type { CompetitorComparison } from './competitors';
import {
  COMBINED_METHODS,
  COMBINED_WITH,
  LEGACY_COMBINED_METHODS,
  combineWithClassical,
  combinedFrom,
  combinedFuture,
  compareWithClassical,
  comparedOrigins,
} from './competitors';
import { CLASSICAL_METHODS, type ClassicalMethod } from './classical';
import type {
  DataSummary,
  ForecastEvaluation,
  ForecastResult,
  FutureForecast,
  IntervalModel,
  RecipeForecaster,
  RunForecastOptions,
  TestPredictions,
} from './forecastResult';
import { SavedTimeStepSchema } from './forecastResult';
import { INTERVAL_LEVELS, conformalHalfWidths } from './intervals';
import { computeMetrics, maseScale, scoreBaselines, stepErrors, verdict } from './metrics';
import type { EnsemblePrediction, RecipeState } from './recipe';
import {
  chooseRecipeTransforms,
  fitRecipeState,
  fromModelSpace,
  modelSpaceAt,
  predictEnsemble,
  recipeNetworkConfig,
  toModelSpace,
  trainEnsemble,
} from './recipe';
import type { SerializedModel } from './serialize';
import { SerializedModelSchema, deserializeModel, serializeModel } from './serialize';
import type { ForecastSeries, PreparedSeries } from './series';
import { prepareSeries } from './series';
import type { ForecastConfig, RecipeSettings } from './spec';
import { ForecastConfigSchema, RecipeSettingsSchema } from './spec';
import type { TimeStep } from './timeSteps';
import { futureTimes, inferTimeStep } from './timeSteps';
import type { EpochSummary, TrainProgress } from './train';
import { yieldToEventLoop } from './train';

/** With fewer validation windows than this, residuals are pooled over the horizon (scaled by √step). */
const POOL_BELOW = 20;
/**
 * A combined forecast is calibrated on this many windows where the series allows (each fits the classical methods
 * once): validation windows first, then earlier ones.
 */
export const COMBINED_CALIBRATION = 12;

/** Origins (last input rows) of windows whose targets all lie in [from, to): t + 1 ≥ from and t + H < to. */
export function originsIn(from: number, to: number, horizon: number, earliest = 0): number[] {
  const out: number[] = [];
  for (let t = Math.max(from - 1, earliest); t + horizon < to; t++) out.push(t);
  return out;
}

/** Model-space actuals at each origin's horizon: [origin][step]. */
function actualZ(z: Float64Array, origins: readonly number[], H: number): number[][] {
  return origins.map((t) => Array.from({ length: H }, (_, h) => z[t + 1 + h]));
}

/**
 * Half-widths in model space, [level][step]: per step with enough windows, otherwise the residuals of every step
 * divided by √step are pooled and the quantile is scaled back by √step. Residuals that are not finite (a forecast
 * the transform could not take) are left out, which always pools; null when none is left.
 */
export function modelSpaceHalfWidths(
  actual: number[][],
  predicted: number[][],
  levels: readonly number[],
): number[][] | null {
  const n = actual.length;
  if (n === 0) return null;
  const finite = predicted.every((row) => row.every(Number.isFinite));
  if (n >= POOL_BELOW && finite) return conformalHalfWidths(actual, predicted, levels);
  const H = actual[0].length;
  const pooled: number[] = [];
  for (let i = 0; i < n; i++)
    for (let h = 0; h < H; h++) {
      const r = Math.abs(actual[i][h] - predicted[i][h]) / Math.sqrt(h + 1);
      if (Number.isFinite(r)) pooled.push(r);
    }
  if (pooled.length === 0) return null;
  pooled.sort((a, b) => a - b);
  const N = pooled.length;
  return levels.map((level) => {
    const k = Math.min(N, Math.max(1, Math.ceil((N + 1) * level)));
    return Array.from({ length: H }, (_, h) => pooled[k - 1] * Math.sqrt(h + 1));
  });
}

/** At most `k` of `origins` (ascending), evenly spread and always with the last; all of them when there are few. */
export function spreadOrigins(origins: readonly number[], k: number): number[] {
  if (origins.length <= k) return [...origins];
  const last = origins.length - 1;
  return Array.from({ length: k }, (_, i) => origins[Math.round(last - ((k - 1 - i) * last) / (k - 1))]);
}

/**
 * Bounds around forecasts given in original units ([origin][step]): each is taken to the model space at its
 * positions, widened there by `halfWidths` ([level][step]) and brought back. Returns [level][origin][step].
 */
function boundsAround(
  state: RecipeState,
  origins: readonly number[],
  mean: readonly (readonly number[])[],
  halfWidths: number[][],
): { lower: number[][][]; upper: number[][][] } {
  const lower: number[][][] = halfWidths.map(() => []);
  const upper: number[][][] = halfWidths.map(() => []);
  origins.forEach((t, i) => {
    const positions = mean[i].map((_, h) => t + 1 + h);
    // a forecast the transform cannot take (not positive under Box-Cox) is banded as the smallest value it can
    const zc = modelSpaceAt(state, positions, mean[i]).map((v, h) =>
      Number.isFinite(v) ? v : modelSpaceAt(state, [positions[h]], [Number.EPSILON])[0],
    );
    halfWidths.forEach((hw, l) => {
      const lo = fromModelSpace(
        state,
        positions,
        zc.map((v, h) => v - hw[h]),
      );
      const up = fromModelSpace(
        state,
        positions,
        zc.map((v, h) => v + hw[h]),
      );
      lower[l].push(lo.map((v, h) => Math.min(v, mean[i][h])));
      upper[l].push(up.map((v, h) => Math.max(v, mean[i][h])));
    });
  });
  return { lower, upper };
}

/**
 * Interval widths for a forecast combined with the classical methods, from errors nothing was tuned on: in up to
 * COMBINED_CALIBRATION validation windows (`valOrigins`, the ensemble's model-space forecasts `valPred`), the
 * combination itself; when the validation part holds fewer, earlier windows inside the training part make up the
 * number, with the median of the classical methods alone (the networks trained on those values), each fitted only
 * on the values up to its origin. A few overlapping validation windows show one period's errors; the earlier ones
 * bring other periods'. (Chosen on 60 M4 training parts the forecast bench does not use, with Theta still combined:
 * validation windows alone covered 78% / 91% at 80% / 95%, topped up 85% / 94%, twelve earlier windows always
 * 87% / 95%; without Theta, topped up, 86% / 94%.)
 * Null when stopped before any window, or when no residual is finite.
 */
async function combinedCalibration(input: {
  state: RecipeState;
  y: readonly number[];
  /** y in the model space. */
  z: Float64Array;
  seasonLength: number;
  horizon: number;
  trainEnd: number;
  valOrigins: readonly number[];
  /** The ensemble's model-space forecasts at valOrigins, [origin][step]. */
  valPred: number[][];
  signal?: AbortSignal;
}): Promise<{ halfWidths: number[][]; validation: number; training: number } | null> {
  const { state, y, z, seasonLength: m, horizon: H, trainEnd, valOrigins, valPred, signal } = input;
  const val = spreadOrigins(valOrigins, COMBINED_CALIBRATION);
  const valMean = toOriginal(
    state,
    val,
    val.map((t) => valPred[valOrigins.indexOf(t)]),
    null,
  ).mean;
  // at least two seasons (or horizons) of history before the first earlier window
  const earliest = Math.max(2 * m, 2 * H) - 1;
  // topped up to COMBINED_CALIBRATION windows with earlier ones when the validation part holds fewer
  const earlier = spreadOrigins(
    originsIn(0, trainEnd, H, earliest),
    Math.max(0, COMBINED_CALIBRATION - val.length),
  );
  const origins: number[] = [];
  const forecastZ: number[][] = [];
  let validation = 0;
  const windows = [...earlier.map((t) => ({ t, i: -1 })), ...val.map((t, i) => ({ t, i }))];
  for (const { t, i } of windows) {
    // each window fits the classical methods once (up to half a second): a Stop gets through in between
    await yieldToEventLoop();
    if (signal?.aborted) break;
    const positions = Array.from({ length: H }, (_, h) => t + 1 + h);
    const mean = combinedFrom(y, t, i >= 0 ? valMean[i] : null, H, m);
    forecastZ.push(modelSpaceAt(state, positions, mean));
    origins.push(t);
    if (i >= 0) validation++;
  }
  const halfWidths = modelSpaceHalfWidths(actualZ(z, origins, H), forecastZ, INTERVAL_LEVELS);
  return halfWidths ? { halfWidths, validation, training: origins.length - validation } : null;
}

/** Original-unit forecast and bounds for each origin from model-space medians: the exact inverse per position. */
function toOriginal(
  state: RecipeState,
  origins: readonly number[],
  pred: number[][],
  halfWidths: number[][] | null,
): { mean: number[][]; lower: number[][][]; upper: number[][][] } {
  const mean: number[][] = [];
  const lower: number[][][] = halfWidths ? halfWidths.map(() => []) : [];
  const upper: number[][][] = halfWidths ? halfWidths.map(() => []) : [];
  origins.forEach((t, i) => {
    const positions = pred[i].map((_, h) => t + 1 + h);
    mean.push(fromModelSpace(state, positions, pred[i]));
    halfWidths?.forEach((hw, l) => {
      lower[l].push(
        fromModelSpace(
          state,
          positions,
          pred[i].map((v, h) => v - hw[h]),
        ),
      );
      upper[l].push(
        fromModelSpace(
          state,
          positions,
          pred[i].map((v, h) => v + hw[h]),
        ),
      );
    });
  });
  return { mean, lower, upper };
}

/** Share of (window, step) pairs with lower ≤ actual ≤ upper. */
export function boundsCoverage(actual: number[][], lower: number[][], upper: number[][]): number {
  let inside = 0;
  let count = 0;
  actual.forEach((row, i) =>
    row.forEach((v, h) => {
      if (v >= lower[i][h] && v <= upper[i][h]) inside++;
      count++;
    }),
  );
  return count === 0 ? 0 : inside / count;
}

/**
 * Coverage of the combined forecast's bands on the compared test windows (the ones the classical methods were
 * fitted for): per level, the share of (window, step) pairs inside.
 */
function combinedCoverage(
  state: RecipeState,
  y: readonly number[],
  compared: readonly number[],
  competitors: CompetitorComparison,
  ensembleMean: readonly number[][],
  testOrigins: readonly number[],
  halfWidths: number[][],
): number[] {
  const H = ensembleMean[0].length;
  const mine = compared.map((t) => ensembleMean[testOrigins.indexOf(t)]);
  const combined = combineWithClassical(mine, competitors.predicted);
  const bands = boundsAround(state, compared, combined, halfWidths);
  const actual = compared.map((t) => Array.from({ length: H }, (_, h) => y[t + 1 + h]));
  return halfWidths.map((_, l) => boundsCoverage(actual, bands.lower[l], bands.upper[l]));
}

function futureOf(
  state: RecipeState,
  prepared: PreparedSeries,
  prediction: EnsemblePrediction,
  intervals: IntervalModel,
  horizon: number,
  fallbackStep: TimeStep | null,
  /** The classical methods combined with the ensemble; empty for the ensemble alone. */
  combineWith: readonly ClassicalMethod[],
): FutureForecast {
  const n = prepared.target.length;
  const out = toOriginal(state, [n - 1], prediction.median, intervals.halfWidths);
  const step = prepared.time && prepared.time.length >= 2 ? inferTimeStep(prepared.time) : fallbackStep;
  const positions = Array.from({ length: horizon }, (_, h) => n + h);
  const ensembleMean = out.mean[0];
  // combined: the median of the ensemble and the classical methods, banded in the model space like the ensemble
  const combine = combineWith.length > 0;
  const mean = combine
    ? combinedFuture(prepared.target, ensembleMean, prepared.seasonLength, combineWith)
    : ensembleMean;
  const bands = combine ? boundsAround(state, [n - 1], [mean], intervals.halfWidths) : null;
  return {
    index: positions,
    time: prepared.time && step ? futureTimes(prepared.time[n - 1], step, horizon) : null,
    mean,
    intervals: intervals.levels.map((level, l) => ({
      level,
      lower: bands ? bands.lower[l][0] : out.lower[l][0],
      upper: bands ? bands.upper[l][0] : out.upper[l][0],
    })),
    members: prediction.members.map((m) => fromModelSpace(state, positions, m[0])),
  };
}

/**
 * Runs the recipe on one series (the target only; extra feature columns are refused). Throws ConfigError for bad
 * settings or data before any training; training problems come back as the status and message.
 */
export async function runRecipeForecast(
  series: ForecastSeries,
  config: ForecastConfig & { recipe: RecipeSettings },
  options: RunForecastOptions = {},
): Promise<ForecastResult> {
  const started = performance.now();
  const prepared = prepareSeries(series, config.missing);
  if (prepared.features.length > 0) {
    throw new ConfigError(
      'INVALID_CONFIG',
      'The recipe forecasts from the target alone: remove the extra input columns, or turn the recipe off to use them.',
      'features',
    );
  }
  const y = prepared.target;
  const n = y.length;
  const H = config.horizon;
  const m = prepared.seasonLength;
  const split = recipeSplit(n, config);
  const { bounds } = split;
  let run: ForecastConfig & { recipe: RecipeSettings } = { ...config, lookback: split.lookback };
  let search: SearchResult | null = null;
  if (config.recipe.auto) {
    search = await autoSearch(y, bounds.valEnd, m, run, {
      signal: options.signal,
      onProgress: options.onProgress,
    });
    if (search.stopped) {
      const windows = { train: 0, val: 0, test: 0 };
      const { interpolated, dropped } = prepared;
      const data = { rows: n, interpolated, dropped, bounds, windows, seasonLength: m, timeStep: null };
      return stoppedResult(config, search, { ...data, notes: split.notes }, started);
    }
    const b = search.rows[search.best];
    run = {
      ...run,
      cell: b.cell,
      lookback: Math.min(b.lookback, split.lookback),
      recipe: {
        ...run.recipe,
        boxCox: b.transforms === 'none' ? 'none' : config.recipe.boxCox,
        deseasonalise: b.transforms === 'none' ? 'none' : config.recipe.deseasonalise,
        ensemble: b.ensemble,
      },
    };
  }
  const combineWith: readonly ClassicalMethod[] = run.recipe.combine ? COMBINED_METHODS : [];
  const allPositive = y.every((v) => v > 0);
  const transforms = chooseRecipeTransforms(y.slice(0, bounds.trainEnd), m, run.recipe, allPositive);
  const state = fitRecipeState(y, bounds.trainEnd, m, transforms, H);
  const z = toModelSpace(state, y);
  const net = recipeNetworkConfig(run, run.recipe);
  const valOrigins = originsIn(bounds.trainEnd, bounds.valEnd, H);
  const testOrigins = originsIn(bounds.valEnd, n, H);
  const timeStep = prepared.time ? inferTimeStep(prepared.time) : null;
  const data: DataSummary = {
    rows: n,
    interpolated: prepared.interpolated,
    dropped: prepared.dropped,
    bounds,
    windows: {
      train: Math.max(0, bounds.trainEnd - H - (net.levelSpan - 1)),
      val: valOrigins.length,
      test: testOrigins.length,
    },
    seasonLength: m,
    timeStep,
    notes: split.notes,
  };
  const backend = (await initBackend(config.backend)).name;
  const refit = config.recipe.refit && bounds.trainEnd < n;
  const stages = refit ? 2 : 1;
  const stageHooks = (stage: number) => ({
    signal: options.signal,
    onProgress: options.onProgress
      ? (p: TrainProgress) =>
          options.onProgress?.({
            ...p,
            epoch: p.epoch + stage * net.epochs * net.members,
            step: p.step + stage * p.totalSteps,
            totalSteps: p.totalSteps * stages,
            etaSeconds: p.etaSeconds + (stages - 1 - stage) * (p.elapsedSeconds + p.etaSeconds),
          })
      : undefined,
    onEpoch: options.onEpoch
      ? (e: EpochSummary) => options.onEpoch?.({ ...e, epoch: e.epoch + stage * net.epochs * net.members })
      : undefined,
  });
  const trained = await trainEnsemble(z, bounds.trainEnd, net, stageHooks(0));
  const { models } = trained;
  const extra: tf.LayersModel[] = [];
  try {
    const base = {
      status: trained.status,
      message: trained.message,
      config: run,
      backend,
      data,
      history: {
        loss: trained.loss,
        valLoss: [],
        bestEpoch: null,
        earlyStopped: false,
        epochsRun: trained.epochsRun,
      },
      gradients: trained.gradients ?? emptyGradients(config.clipNorm),
      scaler: null,
      search,
      trainingMs: trained.trainingMs,
    };
    if (models.length === 0) {
      return {
        ...base,
        recipe: null,
        evaluation: null,
        test: null,
        future: null,
        saved: null,
        durationMs: performance.now() - started,
      };
    }

    // calibration: the validation windows (never trained or tuned on); without them, the last training windows
    const calibrationOrigins =
      valOrigins.length > 0 ? valOrigins : originsIn(0, bounds.trainEnd, H, net.levelSpan - 1).slice(-200);
    const where =
      valOrigins.length > 0
        ? 'validation window(s) the networks never trained on'
        : 'training window(s) (no validation part): likely too narrow';
    const calPred = await predictEnsemble(models, z, calibrationOrigins, net);
    const ensembleWidths = modelSpaceHalfWidths(
      actualZ(z, calibrationOrigins, H),
      calPred.median,
      INTERVAL_LEVELS,
    ) as number[][];
    let calibration = `split conformal on ${calibrationOrigins.length} ${where}`;
    let halfWidths = ensembleWidths;
    let calibrationWindows = calibrationOrigins.length;
    if (run.recipe.combine) {
      const combined = await combinedCalibration({
        state,
        y,
        z,
        seasonLength: m,
        horizon: H,
        trainEnd: bounds.trainEnd,
        valOrigins,
        valPred: valOrigins.length > 0 ? calPred.median : [],
        signal: options.signal,
      });
      if (combined) {
        halfWidths = combined.halfWidths;
        calibrationWindows = combined.validation + combined.training;
        calibration = `split conformal on the errors of ${[
          combined.validation > 0
            ? `the combined forecast in ${combined.validation} validation window(s) the networks never trained on`
            : '',
          combined.training > 0
            ? `the classical methods' median in ${combined.training} window(s) of the training part, each fitted only on the values before it`
            : '',
        ]
          .filter(Boolean)
          .join(' and of ')}`;
      } else {
        calibration += '; their widths are drawn around the combined forecast';
      }
    }
    const intervals: IntervalModel = {
      method: 'split-conformal',
      space: 'model',
      levels: [...INTERVAL_LEVELS],
      halfWidths,
      calibrationWindows,
    };

    const label = `${modelLabel(run)} ensemble`;
    let evaluation: ForecastEvaluation | null = null;
    let test: TestPredictions | null = null;
    if (testOrigins.length > 0) {
      const testPred = await predictEnsemble(models, z, testOrigins, net);
      const back = toOriginal(state, testOrigins, testPred.median, intervals.halfWidths);
      const testActual = testOrigins.map((t) => Array.from({ length: H }, (_, h) => y[t + 1 + h]));
      const scale = maseScale(y.slice(0, bounds.trainEnd), m);
      const { metrics: baselineMetrics, steps: baselineSteps } = scoreBaselines(
        y,
        testOrigins,
        H,
        m,
        testActual,
        scale,
      );
      const modelMetrics = computeMetrics(testActual, back.mean, scale);
      const compared = comparedOrigins(testOrigins, H);
      const competitors = compareWithClassical({
        target: y,
        origins: compared,
        modelPred: compared.map((t) => back.mean[testOrigins.indexOf(t)]),
        horizon: H,
        seasonLength: m,
        scale,
        modelLabel: run.recipe.combine ? `${label} + ${COMBINED_WITH} (median)` : label,
        combine: run.recipe.combine,
      });
      evaluation = {
        model: modelMetrics,
        baselines: baselineMetrics,
        perHorizon: { model: stepErrors(testActual, back.mean), baselines: baselineSteps },
        maseScale: scale,
        intervalCoverage: run.recipe.combine
          ? combinedCoverage(state, y, compared, competitors, back.mean, testOrigins, halfWidths)
          : INTERVAL_LEVELS.map((_, l) => boundsCoverage(testActual, back.lower[l], back.upper[l])),
        verdict: `${search ? `${search.summary} ` : ''}${verdict(label, modelMetrics, baselineMetrics, m)} ${competitors.verdict}`,
        competitors,
      };
      const time = prepared.time;
      test = {
        origins: testOrigins,
        time: time ? testOrigins.map((t) => Array.from({ length: H }, (_, h) => time[t + 1 + h])) : null,
        actual: testActual,
        predicted: back.mean,
      };
    }
    // the forecast past the end: the first ensemble, or one trained again on every value
    let final = { models, state, z, status: trained.status, note: '' };
    if (refit && trained.status === 'completed') {
      const fullState = fitRecipeState(y, n, m, transforms, H);
      const fullZ = toModelSpace(fullState, y);
      const again = await trainEnsemble(fullZ, n, net, stageHooks(1));
      if (again.models.length > 0) {
        final = {
          models: again.models,
          state: fullState,
          z: fullZ,
          status: again.status,
          note: ' The forecast past the end comes from the ensemble trained again on the whole series.',
        };
        extra.push(...again.models);
        base.history.loss = [...base.history.loss, ...again.loss];
        base.history.epochsRun += again.epochsRun;
        base.trainingMs += again.trainingMs;
      }
      if (again.status === 'stopped') {
        base.status = 'stopped';
        base.message = `${again.message} (while training again on the whole series; the scores are complete)`;
      }
    }
    base.message += final.note;
    const future = futureOf(
      final.state,
      prepared,
      await predictEnsemble(final.models, final.z, [n - 1], net),
      intervals,
      H,
      timeStep,
      combineWith,
    );
    const saved = await saveRecipe(final.models, run, m, timeStep, final.state, intervals, net, combineWith);
    return {
      ...base,
      recipe: {
        transforms,
        ensemble: { members: run.recipe.ensemble, used: models.length },
        lookback: split.lookback,
        calibration,
        combined: run.recipe.combine,
      },
      evaluation,
      test,
      future,
      saved,
      durationMs: performance.now() - started,
    };
  } finally {
    for (const model of [...models, ...extra]) model.dispose();
  }
}

function stoppedResult(
  config: ForecastConfig,
  search: SearchResult,
  data: DataSummary,
  started: number,
): ForecastResult {
  return {
    status: 'stopped',
    message: 'Stopped during the Auto search, before the chosen configuration was trained.',
    config,
    backend: config.backend,
    data,
    evaluation: null,
    history: { loss: [], valLoss: [], bestEpoch: null, earlyStopped: false, epochsRun: 0 },
    gradients: emptyGradients(config.clipNorm),
    test: null,
    future: null,
    scaler: null,
    recipe: null,
    search,
    saved: null,
    trainingMs: 0,
    durationMs: performance.now() - started,
  };
}

function emptyGradients(clipNorm: number | null): ForecastResult['gradients'] {
  return {
    clipNorm,
    epoch: [],
    before: [],
    after: [],
    clipped: [],
    variables: [],
    perEpoch: [],
    perEpochLayer: [],
    layers: [],
  };
}

async function saveRecipe(
  models: readonly tf.LayersModel[],
  config: ForecastConfig,
  seasonLength: number,
  timeStep: TimeStep | null,
  state: RecipeState,
  intervals: IntervalModel,
  net: GlobalForecastConfig,
  combinedWith: readonly ClassicalMethod[],
): Promise<RecipeForecaster> {
  const parts: SerializedModel[] = [];
  for (let i = 0; i < models.length; i++) parts.push(await serializeModel(models[i], memberSpec(net, i)));
  const total = parts.reduce((s, p) => s + p.weightData.byteLength, 0);
  const all = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    all.set(new Uint8Array(p.weightData), offset);
    offset += p.weightData.byteLength;
  }
  return {
    format: 'rnn-lab.forecaster',
    version: 2,
    config,
    seasonLength,
    timeStep,
    state,
    intervals,
    combinedWith: [...combinedWith],
    members: parts.map(({ spec, weightSpecs }) => ({ spec, weightSpecs })),
    model: { weightData: all.buffer },
  };
}

const DeseasonaliseStateSchema = z.object({
  kind: z.literal('deseasonalise'),
  method: z.enum(['classical-mult', 'classical-add', 'stl']),
  m: z.number().int().min(1),
  seasonal: z.array(z.number()),
});

/** Validates a saved recipe forecaster (version 2). */
export const RecipeForecasterSchema = z.object({
  format: z.literal('rnn-lab.forecaster'),
  version: z.literal(2),
  config: ForecastConfigSchema.extend({ recipe: RecipeSettingsSchema }),
  seasonLength: z.number().int().min(1),
  timeStep: SavedTimeStepSchema.nullable(),
  state: z.object({
    boxCox: z.number().nullable(),
    deseasonalise: DeseasonaliseStateSchema.nullable(),
    scale: z.number().positive(),
    fittedLength: z.number().int().min(1),
  }),
  intervals: z.object({
    method: z.literal('split-conformal'),
    space: z.literal('model').optional(),
    levels: z.array(z.number().gt(0).lt(1)),
    halfWidths: z.array(z.array(z.number())),
    calibrationWindows: z.number().int().min(0),
  }),
  /** Missing in forecasters saved before the list was kept. */
  combinedWith: z.array(z.enum(CLASSICAL_METHODS)).optional(),
  members: z.array(SerializedModelSchema.omit({ weightData: true })).min(1),
  model: z.object({ weightData: SerializedModelSchema.shape.weightData }),
});

/**
 * Member `index` of a saved recipe forecaster (already validated) as a serialized network: its spec, weight specs
 * and its slice of the packed weights (members are stored one after the other). `bytes` defaults to the packed data.
 */
export function recipeMember(
  saved: z.output<typeof RecipeForecasterSchema>,
  index: number,
  bytes: Uint8Array = new Uint8Array(saved.model.weightData),
): SerializedModel {
  const floatsOf = (m: (typeof saved.members)[number]) =>
    m.weightSpecs.reduce((s, w) => s + w.shape.reduce((p, q) => p * q, 1), 0);
  let offset = 0;
  for (let i = 0; i < index; i++) offset += floatsOf(saved.members[i]) * 4;
  const member = saved.members[index];
  const weightData = bytes.slice(offset, offset + floatsOf(member) * 4).buffer;
  return { ...member, weightData };
}

/**
 * Forecasts `horizon` steps past the end of `series` with a saved recipe forecaster (already validated): the
 * members are rebuilt, forecast from the last value, and freed.
 */
export async function forecastWithRecipe(
  saved: z.output<typeof RecipeForecasterSchema>,
  series: ForecastSeries,
): Promise<FutureForecast> {
  const config = saved.config;
  await initBackend(config.backend);
  const prepared = prepareSeries(series, config.missing);
  const bytes = new Uint8Array(saved.model.weightData);
  const models: tf.LayersModel[] = [];
  try {
    for (let i = 0; i < saved.members.length; i++) {
      models.push(deserializeModel(recipeMember(saved, i, bytes), { engine: config.engine }));
    }
    const state: RecipeState = saved.state;
    const z = toModelSpace(state, prepared.target);
    const net = recipeNetworkConfig(config, config.recipe);
    const prediction = await predictEnsemble(models, z, [prepared.target.length - 1], net);
    return futureOf(
      state,
      prepared,
      prediction,
      saved.intervals,
      config.horizon,
      saved.timeStep,
      saved.combinedWith ?? (config.recipe.combine ? LEGACY_COMBINED_METHODS : []),
    );
  } finally {
    for (const model of models) model.dispose();
  }
}
