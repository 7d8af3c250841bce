import { z } from 'zod';
import { InspectionRecordSchema } from '../experiments/inspection';
import { EXPERIMENT_KINDS, PAYLOAD_VERSION, PAYLOADS } from '../experiments/payloads';
import type { ExperimentKind as Kind } from '../experiments/payloads';

/** Binary payloads (file bytes, model weights). */
export const Bytes = z.custom<Uint8Array>(
  (value) => value instanceof Uint8Array,
  'Expected binary data (Uint8Array).',
);

export const DatasetKind = z.enum(['csv', 'midi']);
export type DatasetKind = z.infer<typeof DatasetKind>;

const JsonObject = z.record(z.string(), z.unknown());

/** A dataset as listed: everything but the original bytes. */
export const DatasetInfo = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: DatasetKind,
  size: z.number().int().nonnegative(),
  hash: z.string(),
  /** Parsed summary (columns, time index, tracks ...), JSON as produced by src/core. */
  summary: JsonObject,
  sample: z.boolean(),
  experimentCount: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type DatasetInfo = z.infer<typeof DatasetInfo>;

export const Dataset = DatasetInfo.extend({ bytes: Bytes });
export type Dataset = z.infer<typeof Dataset>;

export const ExperimentKind = z.enum(EXPERIMENT_KINDS);
export type ExperimentKind = Kind;

export const ExperimentStatus = z.enum(['running', 'finished', 'stopped', 'failed', 'diverged']);
export type ExperimentStatus = z.infer<typeof ExperimentStatus>;

/** What every experiment has besides its payload. */
const RunFields = {
  id: z.number().int(),
  /** Stable identity across machines: kept through export and import (detects a run imported twice). */
  uid: z.string(),
  /** The uid of the run this one repeats or was duplicated from; null for an original run. */
  parentUid: z.string().nullable(),
  name: z.string(),
  datasetId: z.number().int().nullable(),
  datasetName: z.string().nullable(),
  status: ExperimentStatus,
  backend: z.string(),
  durationMs: z.number().nonnegative(),
  tags: z.array(z.string()),
  notes: z.string(),
  createdAt: z.string(),
  hasWeights: z.boolean(),
  /** The payload version the row was written with (always the current one once read: older rows are upgraded). */
  payloadVersion: z.literal(PAYLOAD_VERSION),
};

/** One kind's payload schemas, each its own type parameter so the parsed types stay specific. */
interface Parts<C extends z.ZodType, M extends z.ZodType, H extends z.ZodType, P extends z.ZodType> {
  config: C;
  metrics: M;
  history: H;
  predictions: P;
}

const summaryOf = <
  K extends Kind,
  C extends z.ZodType,
  M extends z.ZodType,
  H extends z.ZodType,
  P extends z.ZodType,
>(
  kind: K,
  payload: Parts<C, M, H, P>,
) => z.object({ ...RunFields, kind: z.literal(kind), config: payload.config, metrics: payload.metrics });

const fullOf = <
  K extends Kind,
  C extends z.ZodType,
  M extends z.ZodType,
  H extends z.ZodType,
  P extends z.ZodType,
>(
  kind: K,
  payload: Parts<C, M, H, P>,
) =>
  z.object({
    ...RunFields,
    kind: z.literal(kind),
    config: payload.config,
    metrics: payload.metrics,
    history: payload.history,
    predictions: payload.predictions,
    inspection: InspectionRecordSchema,
    weights: Bytes.nullable(),
  });

const inputOf = <
  K extends Kind,
  C extends z.ZodType,
  M extends z.ZodType,
  H extends z.ZodType,
  P extends z.ZodType,
>(
  kind: K,
  payload: Parts<C, M, H, P>,
) =>
  z.object({
    kind: z.literal(kind),
    name: z.string().trim().min(1, 'An experiment needs a name.').max(200),
    datasetId: z.number().int().nullable(),
    config: payload.config,
    metrics: payload.metrics,
    history: payload.history,
    predictions: payload.predictions,
    inspection: InspectionRecordSchema.default({ latest: null }),
    weights: Bytes.nullable().default(null),
    status: ExperimentStatus,
    backend: z.string().max(40),
    durationMs: z.number().nonnegative(),
    tags: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
    notes: z.string().max(100_000).default(''),
    /** The uid of the run this one repeats (re-run) or was set up from (duplicate). */
    parentUid: z.string().min(1).max(64).nullable().default(null),
  });

/** What the list shows: the settings and metrics, never curves, predictions or weights. */
export const ExperimentSummary = z.discriminatedUnion('kind', [
  summaryOf('forecast', PAYLOADS.forecast),
  summaryOf('melody', PAYLOADS.melody),
  summaryOf('memory', PAYLOADS.memory),
  summaryOf('global', PAYLOADS.global),
]);
export type ExperimentSummary = z.infer<typeof ExperimentSummary>;

/** A whole experiment: its payload typed by kind. */
export const Experiment = z.discriminatedUnion('kind', [
  fullOf('forecast', PAYLOADS.forecast),
  fullOf('melody', PAYLOADS.melody),
  fullOf('memory', PAYLOADS.memory),
  fullOf('global', PAYLOADS.global),
]);
export type Experiment = z.infer<typeof Experiment>;
/** An experiment of one kind. */
export type ExperimentOf<K extends Kind> = Extract<Experiment, { kind: K }>;
/** True when `e` is an experiment (or summary) of `kind`; narrows its payload types. */
export function isExperimentOf<K extends Kind, E extends { kind: Kind }>(
  e: E,
  kind: K,
): e is Extract<E, { kind: K }> {
  return e.kind === kind;
}
/** A summary of one kind. */
export type ExperimentSummaryOf<K extends Kind> = Extract<ExperimentSummary, { kind: K }>;

/** What a client sends to save a run. */
export const ExperimentInput = z.discriminatedUnion('kind', [
  inputOf('forecast', PAYLOADS.forecast),
  inputOf('melody', PAYLOADS.melody),
  inputOf('memory', PAYLOADS.memory),
  inputOf('global', PAYLOADS.global),
]);
export type ExperimentInput = z.input<typeof ExperimentInput>;
/** A validated save request. */
export type ParsedExperimentInput = z.output<typeof ExperimentInput>;
/** A save request of one kind. */
export type ExperimentInputOf<K extends Kind> = Extract<ExperimentInput, { kind: K }>;

/** Columns the experiment history can be sorted by (config fields are read from the stored JSON). */
export const ExperimentSort = z.enum([
  'created',
  'name',
  'kind',
  'dataset',
  'cell',
  'layers',
  'units',
  'lookback',
  'horizon',
  'epochs',
  'metric',
  'status',
  'duration',
]);
export type ExperimentSort = z.infer<typeof ExperimentSort>;

/** A value in use and how many experiments have it, for the history's filter menus. */
export const FacetCount = z.object({ value: z.string(), count: z.number().int().nonnegative() });
export type FacetCount = z.infer<typeof FacetCount>;

export const ExperimentFacets = z.object({
  total: z.number().int().nonnegative(),
  kinds: z.array(FacetCount),
  statuses: z.array(FacetCount),
  cells: z.array(FacetCount),
  tags: z.array(FacetCount),
  datasets: z.array(
    z.object({ id: z.number().int(), name: z.string(), count: z.number().int().nonnegative() }),
  ),
});
export type ExperimentFacets = z.infer<typeof ExperimentFacets>;

/** What importing an export file did. */
export const ImportReport = z.object({
  imported: z.array(ExperimentSummary),
  /** Experiments already in this database (same uid): not imported again. */
  duplicates: z.array(z.object({ uid: z.string(), name: z.string(), existingId: z.number().int() })),
  datasets: z.object({ added: z.number().int().nonnegative(), existing: z.number().int().nonnegative() }),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const SampleInfo = z.object({
  file: z.string(),
  title: z.string(),
  rows: z.number().int(),
  frequency: z.string(),
  source: z.string(),
  licence: z.string(),
});
export type SampleInfo = z.infer<typeof SampleInfo>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['electron', 'http']),
  dbPath: z.string(),
  schemaVersion: z.number().int(),
  samples: z.array(SampleInfo),
  dataAttribution: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const Id = z.object({ id: z.number().int().positive() });
