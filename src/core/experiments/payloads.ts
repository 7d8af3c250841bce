/**
 * The payload schemas of every experiment kind, in one table: what `config`, `metrics`, `history` and `predictions`
 * hold for a forecast, a melody and a memory challenge. A new kind (global forecasts, sweeps) adds a row here, an
 * upgrade entry in upgrade.ts, and nothing else in the store.
 */
import type { z } from 'zod';
import {
  ForecastHistorySchema,
  ForecastMetricsPayloadSchema,
  ForecastPredictionsSchema,
  ForecastRunConfigSchema,
} from './forecast';
import {
  GlobalHistorySchema,
  GlobalMetricsSchema,
  GlobalPredictionsSchema,
  GlobalRunConfigSchema,
} from './global';
import {
  MelodyHistorySchema,
  MelodyMetricsSchema,
  MelodyPredictionsSchema,
  MelodyRunConfigSchema,
} from './melody';
import {
  MemoryHistorySchema,
  MemoryMetricsSchema,
  MemoryPredictionsSchema,
  MemoryRunConfigSchema,
} from './memory';

/**
 * The version of the payload shapes this build writes. Rows and export files of an older version are upgraded
 * (upgrade.ts) before they are parsed; a newer one is refused.
 */
export const PAYLOAD_VERSION = 2;

/** The experiment kinds. */
export const EXPERIMENT_KINDS = ['forecast', 'melody', 'memory', 'global'] as const;
export type ExperimentKind = (typeof EXPERIMENT_KINDS)[number];

/** The four JSON payload parts of an experiment. */
export type PayloadPart = 'config' | 'metrics' | 'history' | 'predictions';

/** Per kind, the schema of each payload part. */
export const PAYLOADS = {
  forecast: {
    config: ForecastRunConfigSchema,
    metrics: ForecastMetricsPayloadSchema,
    history: ForecastHistorySchema,
    predictions: ForecastPredictionsSchema,
  },
  melody: {
    config: MelodyRunConfigSchema,
    metrics: MelodyMetricsSchema,
    history: MelodyHistorySchema,
    predictions: MelodyPredictionsSchema,
  },
  memory: {
    config: MemoryRunConfigSchema,
    metrics: MemoryMetricsSchema,
    history: MemoryHistorySchema,
    predictions: MemoryPredictionsSchema,
  },
  global: {
    config: GlobalRunConfigSchema,
    metrics: GlobalMetricsSchema,
    history: GlobalHistorySchema,
    predictions: GlobalPredictionsSchema,
  },
} as const satisfies Record<ExperimentKind, Record<PayloadPart, z.ZodType>>;

/** The parsed type of one payload part of one kind, e.g. `Payload<'forecast', 'metrics'>`. */
export type Payload<K extends ExperimentKind, P extends PayloadPart> = z.output<(typeof PAYLOADS)[K][P]>;
/** What a writer passes for one payload part of one kind (defaults may be left out). */
export type PayloadInput<K extends ExperimentKind, P extends PayloadPart> = z.input<(typeof PAYLOADS)[K][P]>;
