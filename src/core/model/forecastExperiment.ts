/** How a forecast run is stored as an experiment and read back: one mapping for the app and the CLI. */
import type { DatasetInfo, ExperimentInputOf, ExperimentOf, ExperimentStatus } from '../api';
import { extractOf, type ForecastRunConfig } from '../experiments/forecast';
import { forecastHeadline } from '../experiments/headline';
import type { ExtractOptions, Series } from '../data';
import type {
  DataSummary,
  ForecastEvaluation,
  ForecastHistory,
  ForecastResult,
  RecipeRun,
  FutureForecast,
  TestPredictions,
} from './forecastPipeline';
import type { SearchResult } from './searchTable';
import { modelLabel } from './cells';
import type { ForecastConfig } from './spec';
import type { GradientLog, TrainStatus } from './train';

/** A forecast result with its saved model packed into one blob (see weightsFile.ts). */
export type ForecastOutcome = Omit<ForecastResult, 'saved'> & { weights: Uint8Array | null };

/** At most this many points of the observed series are stored with a run, for its chart. */
const HISTORY_POINTS = 5000;

/** A forecast run as the results view shows it, fresh or reopened. */
export interface SavedForecast {
  experimentId: number;
  name: string;
  status: ExperimentStatus;
  message: string;
  config: ForecastRunConfig;
  extract: ExtractOptions;
  seasonLength: number;
  datasetName: string | null;
  backend: string;
  durationMs: number;
  createdAt: string;
  evaluation: ForecastEvaluation | null;
  history: ForecastHistory;
  gradients: GradientLog | null;
  test: TestPredictions | null;
  future: FutureForecast | null;
  data: DataSummary | null;
  /** The recipe's transforms and ensemble; null for the direct pipeline. */
  recipe: RecipeRun | null;
  /** The Auto setup's search table; null without Auto. */
  search: SearchResult | null;
  /** The end of the observed series (original units), for the forecast chart. */
  observed: { time: number[] | null; index: number[]; values: number[] };
  /** Experiment id holding the weights, when a model was saved. */
  weightsId: number | null;
}

const STATUS: Record<TrainStatus, ExperimentStatus> = {
  completed: 'finished',
  stopped: 'stopped',
  diverged: 'diverged',
};

/**
 * A short name for a run, e.g. "LSTM 1×32 · CO2 · co2-concentration.csv", with the series of a long file:
 * "GRU 1×32 · temp_max · Seattle · weather.csv".
 */
export function runName(
  config: ForecastConfig,
  target: string,
  datasetName: string,
  seriesKey?: string | null,
): string {
  return [modelLabel(config), target, seriesKey, datasetName].filter(Boolean).join(' · ');
}

/** Turns a forecast outcome into what `experiments:save` stores. */
export function experimentFromOutcome(
  outcome: ForecastOutcome,
  ctx: {
    dataset: Pick<DatasetInfo, 'id' | 'name'>;
    extract: ExtractOptions;
    seasonLength: number;
    series: Series | null;
  },
): ExperimentInputOf<'forecast'> {
  const { config, evaluation } = outcome;
  const series = ctx.series;
  const n = series ? series.target.length : 0;
  const from = Math.max(0, n - HISTORY_POINTS);
  return {
    kind: 'forecast',
    name: runName(config, ctx.extract.target, ctx.dataset.name, ctx.extract.key),
    datasetId: ctx.dataset.id,
    config: {
      ...config,
      target: ctx.extract.target,
      features: ctx.extract.features ?? [],
      key: ctx.extract.key ?? null,
      seasonLength: ctx.seasonLength,
    },
    metrics: {
      headline: forecastHeadline(evaluation?.model),
      scores: evaluation
        ? {
            model: evaluation.model,
            baselines: evaluation.baselines,
            verdict: evaluation.verdict,
            maseScale: evaluation.maseScale,
            intervalCoverage: evaluation.intervalCoverage,
            competitors: evaluation.competitors,
          }
        : null,
    },
    history: { ...outcome.history, gradients: outcome.gradients },
    predictions: {
      message: outcome.message,
      test: outcome.test,
      future: outcome.future,
      perHorizon: evaluation?.perHorizon ?? null,
      data: outcome.data,
      recipe: outcome.recipe,
      search: outcome.search,
      observed: series
        ? {
            time: series.time ? series.time.slice(from) : null,
            index: Array.from({ length: n - from }, (_, i) => from + i),
            values: series.target.slice(from),
          }
        : { time: null, index: [], values: [] },
    },
    weights: outcome.weights,
    status: STATUS[outcome.status],
    backend: outcome.backend,
    durationMs: outcome.durationMs,
  };
}

/** Reads a stored forecast experiment back into the results view's shape. */
export function savedForecastFromExperiment(e: ExperimentOf<'forecast'>): SavedForecast {
  const { config, metrics, predictions: p, history: h } = e;
  const scores = metrics.scores;
  const evaluation: ForecastEvaluation | null =
    scores && p.perHorizon ? { ...scores, perHorizon: p.perHorizon } : null;
  return {
    experimentId: e.id,
    name: e.name,
    status: e.status,
    message: p.message,
    config,
    extract: extractOf(config),
    seasonLength: config.seasonLength,
    datasetName: e.datasetName,
    backend: e.backend,
    durationMs: e.durationMs,
    createdAt: e.createdAt,
    evaluation,
    history: {
      loss: h.loss,
      valLoss: h.valLoss,
      bestEpoch: h.bestEpoch,
      earlyStopped: h.earlyStopped,
      epochsRun: h.epochsRun,
    },
    gradients: h.gradients,
    test: p.test,
    future: p.future,
    data: p.data,
    recipe: p.recipe,
    search: p.search,
    observed: p.observed,
    weightsId: e.hasWeights ? e.id : null,
  };
}
