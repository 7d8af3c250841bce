/** The shapes a forecast run produces: its result, evaluation, forecasts, intervals and saved forecaster. */
import { z } from 'zod';
import type { ScalerState } from '../data/scaling';
import type { SplitBounds } from '../data/windowing';
import type { SearchResult } from './searchTable';
import type { BaselineName } from './baselines';
import type { ClassicalMethod } from './classical';
import type { CompetitorComparison } from './competitors';
import type { ForecastMetrics, StepErrors } from './metrics';
import type { RecipeState, RecipeTransforms } from './recipeTransforms';
import type { SerializedModel } from './serialize';
import type { BackendName, ForecastConfig } from './spec';
import type { TimeStep } from './timeSteps';
import type { EpochSummary, GradientLog, TrainProgress, TrainStatus } from './train';

export interface RunForecastOptions {
  /** Abort to stop training after the current batch; the result then has status 'stopped'. */
  signal?: AbortSignal;
  onProgress?: (progress: TrainProgress) => void;
  onEpoch?: (summary: EpochSummary) => void;
}

export interface PredictionInterval {
  /** e.g. 0.8 for an 80% interval. */
  level: number;
  lower: number[];
  upper: number[];
}

/** Forecast past the last observation, in original units. */
export interface FutureForecast {
  /** Row numbers continuing the series: n, n + 1, ... (n = rows after cleaning). */
  index: number[];
  /** Epoch ms per step, from the series' time step (calendar months where they apply); null without time. */
  time: number[] | null;
  mean: number[];
  intervals: PredictionInterval[];
  /** Each ensemble member's own forecast, [member][step] in original units (the recipe only). */
  members?: number[][];
}

/**
 * Split-conformal intervals calibrated on held-out windows. In the original units (direct pipeline), or in the
 * recipe's model space ('model'), where bounds are mapped back through the exact inverse transforms.
 */
export interface IntervalModel {
  method: 'split-conformal';
  space?: 'original' | 'model';
  levels: number[];
  /** Half-widths in original units, [level][horizon step]. */
  halfWidths: number[][];
  calibrationWindows: number;
}

/** The model's test-window forecasts next to the actual values, original units, [window][step]. */
export interface TestPredictions {
  /** Per window: the row of its last input step. */
  origins: number[];
  /** Per window and step: the epoch ms of the forecast step; null without time. */
  time: number[][] | null;
  actual: number[][];
  predicted: number[][];
}

export interface ForecastEvaluation {
  model: ForecastMetrics;
  baselines: Record<BaselineName, ForecastMetrics>;
  perHorizon: { model: StepErrors; baselines: Record<BaselineName, StepErrors> };
  /** The MASE denominator: in-sample seasonal-naive MAE of the training part (original units). */
  maseScale: number | null;
  /** Share of test (window, step) pairs inside each interval level. */
  intervalCoverage: number[];
  verdict: string;
  /** The classical methods, the model and the baselines on the last test windows; null when not scored. */
  competitors: CompetitorComparison | null;
}

export interface DataSummary {
  rows: number;
  interpolated: number;
  dropped: number;
  bounds: SplitBounds;
  windows: { train: number; val: number; test: number };
  seasonLength: number;
  timeStep: TimeStep | null;
  /** One line per setting the data made the pipeline change (a short series' split or lookback). */
  notes?: string[];
}

/** Validates the time step a saved forecaster (either version) keeps for dating its forecasts. */
export const SavedTimeStepSchema = z.union([
  z.object({ unit: z.literal('ms'), size: z.number().positive() }),
  z.object({
    unit: z.literal('month'),
    size: z.number().int().positive(),
    day: z.number().int().min(1).max(31),
    endOfMonth: z.boolean(),
  }),
]);

export interface SavedForecaster {
  format: 'rnn-lab.forecaster';
  version: 1;
  config: ForecastConfig;
  seasonLength: number;
  /** Fitted on the training part: column 0 is the target (its differences when config.differencing). */
  scaler: ScalerState;
  timeStep: TimeStep | null;
  intervals: IntervalModel;
  model: SerializedModel;
}

/** A run's training curves: per-epoch losses (valLoss empty for the recipe) and where training ended. */
export interface ForecastHistory {
  loss: number[];
  valLoss: number[];
  /** Epoch (from 0) whose weights were kept; null when none was. */
  bestEpoch: number | null;
  earlyStopped: boolean;
  epochsRun: number;
}

/** Everything an experiment stores. JSON-serialisable except `saved.model.weightData` (an ArrayBuffer). */
export interface ForecastResult {
  status: TrainStatus;
  message: string;
  config: ForecastConfig;
  backend: BackendName;
  data: DataSummary;
  /** Null when training diverged before any usable weights. */
  evaluation: ForecastEvaluation | null;
  /** Losses are MSE on the scaled target (per epoch). */
  history: ForecastHistory;
  gradients: GradientLog;
  test: TestPredictions | null;
  future: FutureForecast | null;
  /** The direct pipeline's scaler; null for the recipe (see `recipe`). */
  scaler: ScalerState | null;
  /** The recipe's transforms and ensemble; null for the direct pipeline. */
  recipe: RecipeRun | null;
  /** The Auto setup's search table; null without Auto. */
  search: SearchResult | null;
  saved: SavedForecaster | RecipeForecaster | null;
  trainingMs: number;
  durationMs: number;
}

/** What a recipe run used: the transforms (chosen or set) and the ensemble. */
export interface RecipeRun {
  transforms: RecipeTransforms;
  /** Members trained and members whose forecasts entered the median. */
  ensemble: { members: number; used: number };
  /** Lookback in steps that the networks read. */
  lookback: number;
  /** How the intervals were calibrated, in words. */
  calibration: string;
  /** Whether the forecast is the median of the ensemble and the COMBINED_METHODS (RecipeSettings.combine). */
  combined: boolean;
}

/** A saved recipe forecaster: the transforms' states, the interval widths and every member's weights. */
export interface RecipeForecaster {
  format: 'rnn-lab.forecaster';
  version: 2;
  config: ForecastConfig;
  seasonLength: number;
  timeStep: TimeStep | null;
  state: RecipeState;
  intervals: IntervalModel;
  /**
   * The classical methods its forecast is combined with (empty: the ensemble alone). Forecasters saved before the
   * list was kept combined ETS, Theta and AutoARIMA when config.recipe.combine was on.
   */
  combinedWith: ClassicalMethod[];
  /** Each member's spec and weight specs; their data lie back to back in model.weightData, in member order. */
  members: Omit<SerializedModel, 'weightData'>[];
  model: { weightData: ArrayBuffer };
}
