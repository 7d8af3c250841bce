/**
 * The stored payload of a global forecast experiment (kind 'global'): one recurrent network trained across many
 * series (or one network per series, mode 'local'), scored as in M4 (sMAPE, MASE, OWA against Naive2) and against
 * seasonal naive and the classical methods, series by series and in aggregate.
 */
import { z } from 'zod';
import { CELL_TYPES } from '../model/cells';
import { GlobalForecastConfigSchema } from '../model/global/config';
import { HeadlineSchema, JsonNumber, MaybeNumber, TrainingHistorySchema } from './common';

/** Where the series came from: a table (long format, told apart by a key column) or M4 files. */
export const GlobalSourceSchema = z.object({
  kind: z.enum(['table', 'm4']),
  /** The forecast column of a table; null for M4 files. */
  target: z.string().nullable().default(null),
  /** The key column of a long-format table; null for M4 files or a table holding one series. */
  key: z.string().nullable().default(null),
  /** File names read (M4 train and test files), for the record. */
  files: z.array(z.string()).default([]),
  /** Series taken, counted from 1 in the source's order: [from, to]. */
  from: z.number().int().min(1),
  to: z.number().int().min(1),
});
export type GlobalSource = z.output<typeof GlobalSourceSchema>;

/** The settings of a global run. */
export const GlobalRunConfigSchema = z.object({
  /** The recurrent cell (the history's column). */
  cell: z.enum(CELL_TYPES),
  /** 'global': one network for every series; 'local': one network per series. */
  mode: z.enum(['global', 'local']),
  /** Steps forecast and scored. */
  horizon: z.number().int().min(1),
  /** Seasonal period of MASE and Naive2 (1 = none). */
  seasonLength: z.number().int().min(1),
  /** Classical competitors run: 'fast' (Naive2, seasonal naive, Theta) or 'all' (also ETS and ARIMA). */
  classical: z.enum(['fast', 'all']),
  /** Whether every series was also forecast by a network of its own, to compare. */
  compareLocal: z.boolean(),
  /** The forecaster's settings. */
  settings: GlobalForecastConfigSchema,
  source: GlobalSourceSchema,
});
export type GlobalRunConfig = z.output<typeof GlobalRunConfigSchema>;

/** Mean sMAPE and MASE of a method over the series, and its OWA against Naive2. */
export const AggregateScoreSchema = z.object({
  smape: JsonNumber,
  mase: JsonNumber,
  owa: JsonNumber,
});
export type AggregateScore = z.output<typeof AggregateScoreSchema>;

/** The competitors scored next to the network. */
export const GLOBAL_COMPETITORS = ['naive2', 'snaive', 'theta', 'ets', 'arima'] as const;
export type GlobalCompetitor = (typeof GLOBAL_COMPETITORS)[number];

/**
 * Above this many series a run leaves out its slow parts unless asked: ETS and ARIMA (about a second per series) and,
 * in the app, one network per series to compare.
 */
export const MANY_SERIES = 50;

export const GlobalMetricsSchema = z.object({
  headline: HeadlineSchema.nullable(),
  /** The network's mean sMAPE (percent), mean MASE and OWA against Naive2, over every series. */
  smape: JsonNumber,
  mase: JsonNumber,
  owa: JsonNumber,
  naive2: z.object({ smape: JsonNumber, mase: JsonNumber }),
  series: z.number().int().min(0),
  /** Share (0-1) of series where the network's MASE is below seasonal naive's. */
  beatsSeasonalNaive: JsonNumber,
  /** Share (0-1) of series where the network's MASE is below that of the best classical method on that series. */
  beatsBestClassical: JsonNumber,
  /** Aggregate scores of each competitor run (absent methods were not run). */
  competitors: z.partialRecord(z.enum(GLOBAL_COMPETITORS), AggregateScoreSchema),
  /** The same series forecast one at a time (one network each); null when not compared. */
  local: AggregateScoreSchema.nullable(),
  /** Central coverage of the stored intervals (e.g. 0.8). */
  intervalLevel: z.number().gt(0).lt(1),
  /** Wall-clock seconds of the whole run (training, forecasting, competitors). */
  seconds: z.number().nonnegative(),
});
export type GlobalMetrics = z.output<typeof GlobalMetricsSchema>;

/** One member network's training. */
export const GlobalMemberSchema = z.object({
  seed: z.number().int(),
  status: z.string(),
  epochsRun: z.number().int().min(0),
  loss: z.array(JsonNumber),
  seconds: z.number().nonnegative(),
  used: z.boolean(),
});

/** Training curves: `loss` is the mean over members per epoch; each member's own curve is kept too. */
export const GlobalHistorySchema = TrainingHistorySchema.extend({
  members: z.array(GlobalMemberSchema).default([]),
  trainSeconds: z.number().nonnegative().default(0),
});
export type GlobalHistory = z.output<typeof GlobalHistorySchema>;

/** One series: its recent history, the scored forecast, the forecast past the end and their scores. */
export const GlobalSeriesSchema = z.object({
  id: z.string(),
  /** Values of the series the network read (the training part), for the chart: at most the last few hundred. */
  history: z.array(JsonNumber),
  /** Index (from 0) of history[0] in the whole series. */
  historyStart: z.number().int().min(0),
  /** The held-out values scored (the last `horizon` values of a table's series, or M4's test part). */
  actual: z.array(JsonNumber),
  /** The network's forecast of `actual`. */
  forecast: z.array(JsonNumber),
  /** Forecast past the end of the whole series and its interval ([] when there is no future part, e.g. M4). */
  future: z.array(JsonNumber).default([]),
  lower: z.array(JsonNumber).default([]),
  upper: z.array(JsonNumber).default([]),
  smape: JsonNumber,
  mase: MaybeNumber,
  naive2Smape: JsonNumber,
  naive2Mase: MaybeNumber,
  snaiveMase: MaybeNumber,
  /** The classical method with the lowest MASE on this series and that MASE. */
  bestClassical: z.object({ method: z.enum(GLOBAL_COMPETITORS), mase: MaybeNumber }),
  /** MASE of this series forecast by a network of its own; null when not compared. */
  localMase: MaybeNumber.default(null),
});
export type GlobalSeriesResult = z.output<typeof GlobalSeriesSchema>;

export const GlobalPredictionsSchema = z.object({
  series: z.array(GlobalSeriesSchema),
});
export type GlobalPredictions = z.output<typeof GlobalPredictionsSchema>;

/** OWA over every series against Naive2 (1 = as good as Naive2; lower is better). */
export function globalHeadline(owaValue: number): z.output<typeof HeadlineSchema> | null {
  if (!Number.isFinite(owaValue)) return null;
  return {
    name: 'OWA',
    value: owaValue,
    lowerIsBetter: true,
    hint: 'OWA over every series against Naive2, as in M4: below 1 beats Naive2',
  };
}
