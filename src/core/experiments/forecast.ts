/**
 * The stored payload of a forecast experiment (kind 'forecast'): the settings it ran with, its scores against the
 * baselines, its training curves and its forecasts. The schemas are the source of the types every reader uses.
 */
import { z } from 'zod';
import type { ExtractOptions } from '../data/types';
import type { SplitBounds } from '../data/windowing';
import { BASELINE_NAMES } from '../model/baselines';
import { CLASSICAL_METHODS } from '../model/classical';
import type { CompetitorComparison } from '../model/competitors';
import type { DataSummary, FutureForecast, RecipeRun, TestPredictions } from '../model/forecastResult';
import type { ForecastMetrics, StepErrors } from '../model/metrics';
import { CELL_TYPES, ForecastConfigSchema } from '../model/spec';
import type { SearchResult } from '../model/searchTable';
import type { TimeStep } from '../model/timeSteps';
import type { Expect, SchemaOf } from './checks';
import { HeadlineSchema, JsonNumber, MaybeNumber, TrainingHistorySchema } from './common';

/** The settings of a forecast run: the forecast configuration and what was forecast. */
export const ForecastRunConfigSchema = ForecastConfigSchema.extend({
  /** The forecast column. */
  target: z.string(),
  /** Extra input columns. */
  features: z.array(z.string()).default([]),
  /** The series of a long-format table (a value of its key column); null for a table holding one series. */
  key: z.string().nullable().default(null),
  /** Season length in steps (1 without a season). */
  seasonLength: z.number().int().min(1).default(1),
});
export type ForecastRunConfig = z.output<typeof ForecastRunConfigSchema>;

/** How a run read its series from the table: what to pass to extractSeries to forecast the same series again. */
export function extractOf(config: ForecastRunConfig): ExtractOptions {
  return {
    target: config.target,
    features: config.features,
    key: config.key ?? undefined,
    missing: config.missing,
  };
}

/** Errors of one forecaster on the test windows, in original units (see metrics.ts). */
export const ForecastMetricsSchema = z.object({
  mae: JsonNumber,
  rmse: JsonNumber,
  mape: MaybeNumber,
  smape: JsonNumber,
  mase: MaybeNumber,
  count: z.number().int(),
});

const BaselineRecord = <T extends z.ZodType>(value: T) =>
  z.object(
    Object.fromEntries(BASELINE_NAMES.map((n) => [n, value])) as Record<(typeof BASELINE_NAMES)[number], T>,
  );

const ClassicalRecord = <T extends z.ZodType>(value: T) =>
  z.object(
    Object.fromEntries(CLASSICAL_METHODS.map((n) => [n, value])) as Record<
      (typeof CLASSICAL_METHODS)[number],
      T
    >,
  );

/** The classical methods next to the model and the baselines on the last test windows (see competitors.ts). */
export const CompetitorComparisonSchema = z.object({
  origins: z.array(z.number().int()),
  model: ForecastMetricsSchema,
  ensembleAlone: ForecastMetricsSchema.nullable().default(null),
  baselines: BaselineRecord(ForecastMetricsSchema),
  classical: ClassicalRecord(z.object({ model: z.string(), metrics: ForecastMetricsSchema })),
  predicted: ClassicalRecord(z.array(z.array(JsonNumber))),
  metric: z.enum(['MASE', 'MAE']),
  best: z.string(),
  verdict: z.string(),
});

/** The model's scores next to the baselines' on the same test windows. */
export const ForecastScoresSchema = z.object({
  model: ForecastMetricsSchema,
  baselines: BaselineRecord(ForecastMetricsSchema),
  /** The one-sentence verdict, e.g. "LSTM is 23% better than seasonal naive on MASE (0.61 vs 0.79)." */
  verdict: z.string(),
  /** The MASE denominator: in-sample seasonal-naive MAE of the training part (original units). */
  maseScale: MaybeNumber,
  /** Share of test (window, step) pairs inside each interval level (INTERVAL_LEVELS order). */
  intervalCoverage: z.array(JsonNumber),
  /** The classical competitors; null for runs saved before they were scored. */
  competitors: CompetitorComparisonSchema.nullable().default(null),
});
export type ForecastScores = z.output<typeof ForecastScoresSchema>;

export const ForecastMetricsPayloadSchema = z.object({
  headline: HeadlineSchema.nullable(),
  /** Null when training diverged before any usable weights. */
  scores: ForecastScoresSchema.nullable(),
});
export type ForecastRunMetrics = z.output<typeof ForecastMetricsPayloadSchema>;

export const ForecastHistorySchema = TrainingHistorySchema;

const StepErrorsSchema = z.object({ mae: z.array(JsonNumber), rmse: z.array(JsonNumber) });

const TimeStepSchema = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('ms'), size: z.number() }),
  z.object({
    unit: z.literal('month'),
    size: z.number().int(),
    day: z.number().int(),
    endOfMonth: z.boolean(),
  }),
]);

const SplitBoundsSchema = z.object({
  length: z.number().int(),
  firstValid: z.number().int(),
  trainEnd: z.number().int(),
  valEnd: z.number().int(),
});

/** The test windows' forecasts next to the actual values, original units, [window][step]. */
export const TestPredictionsSchema = z.object({
  origins: z.array(z.number().int()),
  time: z.array(z.array(z.number())).nullable(),
  actual: z.array(z.array(JsonNumber)),
  predicted: z.array(z.array(JsonNumber)),
});

/** The forecast past the end of the data with its intervals, original units. */
export const FutureForecastSchema = z.object({
  index: z.array(z.number().int()),
  time: z.array(z.number()).nullable(),
  mean: z.array(JsonNumber),
  intervals: z.array(z.object({ level: z.number(), lower: z.array(JsonNumber), upper: z.array(JsonNumber) })),
  members: z.array(z.array(JsonNumber)).optional(),
});

export const DataSummarySchema = z.object({
  rows: z.number().int(),
  interpolated: z.number().int(),
  dropped: z.number().int(),
  bounds: SplitBoundsSchema,
  windows: z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int() }),
  seasonLength: z.number().int(),
  timeStep: TimeStepSchema.nullable(),
  notes: z.array(z.string()).optional(),
});

/** The Auto setup's search table (see autoSearch.ts); null without Auto and for older runs. */
export const SearchResultSchema = z.object({
  folds: z.array(z.object({ trainEnd: z.number().int(), end: z.number().int() })),
  rows: z.array(
    z.object({
      cell: z.enum(CELL_TYPES),
      lookback: z.number().int(),
      transforms: z.enum(['auto', 'none']),
      ensemble: z.number().int(),
      folds: z.array(JsonNumber),
      score: JsonNumber,
    }),
  ),
  classical: z.array(z.object({ method: z.string(), folds: z.array(JsonNumber), score: JsonNumber })),
  best: z.number().int(),
  beatsClassical: z.boolean(),
  summary: z.string(),
  stopped: z.boolean(),
});

/** What a recipe run used (see RecipeRun); null for the direct pipeline and for older runs. */
export const RecipeRunSchema = z.object({
  transforms: z.object({
    boxCox: z.number().nullable(),
    deseasonalise: z.enum(['none', 'classical-mult', 'classical-add', 'stl']),
    chosen: z.object({ boxCox: z.enum(['auto', 'set']), deseasonalise: z.enum(['auto', 'set']) }),
    reasons: z.object({ boxCox: z.string(), deseasonalise: z.string() }),
  }),
  ensemble: z.object({ members: z.number().int(), used: z.number().int() }),
  lookback: z.number().int(),
  calibration: z.string(),
  combined: z.boolean().default(false),
});

/** The end of the observed series (original units), for the forecast chart. */
export const ObservedSchema = z.object({
  time: z.array(z.number()).nullable(),
  index: z.array(z.number().int()),
  values: z.array(JsonNumber),
});
export type Observed = z.output<typeof ObservedSchema>;

export const ForecastPredictionsSchema = z.object({
  /** The sentence training ended with. */
  message: z.string().default(''),
  test: TestPredictionsSchema.nullable().default(null),
  future: FutureForecastSchema.nullable().default(null),
  /** Errors per horizon step of the model and of each baseline. */
  perHorizon: z
    .object({ model: StepErrorsSchema, baselines: BaselineRecord(StepErrorsSchema) })
    .nullable()
    .default(null),
  data: DataSummarySchema.nullable().default(null),
  observed: ObservedSchema.default({ time: null, index: [], values: [] }),
  recipe: RecipeRunSchema.nullable().default(null),
  search: SearchResultSchema.nullable().default(null),
});
export type ForecastPredictions = z.output<typeof ForecastPredictionsSchema>;

/** What the pipeline produces is what the schemas accept. */
export type ForecastPayloadChecks = [
  Expect<SchemaOf<typeof ForecastMetricsSchema, ForecastMetrics>>,
  Expect<SchemaOf<typeof StepErrorsSchema, StepErrors>>,
  Expect<SchemaOf<typeof TimeStepSchema, TimeStep>>,
  Expect<SchemaOf<typeof SplitBoundsSchema, SplitBounds>>,
  Expect<SchemaOf<typeof TestPredictionsSchema, TestPredictions>>,
  Expect<SchemaOf<typeof FutureForecastSchema, FutureForecast>>,
  Expect<SchemaOf<typeof DataSummarySchema, DataSummary>>,
  Expect<SchemaOf<typeof CompetitorComparisonSchema, CompetitorComparison>>,
  Expect<SchemaOf<typeof RecipeRunSchema, RecipeRun>>,
  Expect<SchemaOf<typeof SearchResultSchema, SearchResult>>,
];
