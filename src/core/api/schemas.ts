import { z } from 'zod';

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

export const ExperimentKind = z.enum(['forecast', 'melody', 'memory']);
export type ExperimentKind = z.infer<typeof ExperimentKind>;

export const ExperimentStatus = z.enum(['running', 'finished', 'stopped', 'failed', 'diverged']);
export type ExperimentStatus = z.infer<typeof ExperimentStatus>;

/** What the list shows: never weights or predictions. */
export const ExperimentSummary = z.object({
  id: z.number().int(),
  /** Stable identity across machines: kept through export and import (detects a run imported twice). */
  uid: z.string(),
  /** The uid of the run this one repeats or was duplicated from; null for an original run. */
  parentUid: z.string().nullable(),
  kind: ExperimentKind,
  name: z.string(),
  datasetId: z.number().int().nullable(),
  datasetName: z.string().nullable(),
  config: JsonObject,
  metrics: JsonObject,
  status: ExperimentStatus,
  backend: z.string(),
  durationMs: z.number().nonnegative(),
  tags: z.array(z.string()),
  notes: z.string(),
  createdAt: z.string(),
  hasWeights: z.boolean(),
});
export type ExperimentSummary = z.infer<typeof ExperimentSummary>;

export const Experiment = ExperimentSummary.extend({
  history: JsonObject,
  predictions: JsonObject,
  inspection: JsonObject,
  weights: Bytes.nullable(),
});
export type Experiment = z.infer<typeof Experiment>;

/** What a client sends to save a run. */
export const ExperimentInput = z.object({
  kind: ExperimentKind,
  name: z.string().trim().min(1, 'An experiment needs a name.').max(200),
  datasetId: z.number().int().nullable(),
  config: JsonObject,
  metrics: JsonObject.default({}),
  history: JsonObject.default({}),
  predictions: JsonObject.default({}),
  inspection: JsonObject.default({}),
  weights: Bytes.nullable().default(null),
  status: ExperimentStatus,
  backend: z.string().max(40),
  durationMs: z.number().nonnegative(),
  tags: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
  notes: z.string().max(100_000).default(''),
  /** The uid of the run this one repeats (re-run) or was set up from (duplicate). */
  parentUid: z.string().min(1).max(64).nullable().default(null),
});
export type ExperimentInput = z.input<typeof ExperimentInput>;

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
