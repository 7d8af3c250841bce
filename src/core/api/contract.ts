import { z } from 'zod';
import { InspectionRecordSchema } from '../experiments/inspection';
import {
  AppInfo,
  Bytes,
  Dataset,
  DatasetInfo,
  DatasetKind,
  Experiment,
  ExperimentInput,
  ExperimentKind,
  ExperimentStatus,
  ExperimentFacets,
  ExperimentSort,
  ExperimentSummary,
  Id,
  ImportReport,
} from './schemas';

const MAX_NAME = 200;

/**
 * The LabApi contract: every operation the UI can ask of the backend, named `domain:verb`, with zod
 * schemas for its argument and result. Both transports (Electron IPC, the browser host's HTTP) carry
 * exactly these methods.
 */
export const contract = {
  'app:info': { args: z.object({}), result: AppInfo },
  'datasets:list': { args: z.object({}), result: z.array(DatasetInfo) },
  'datasets:get': { args: Id, result: Dataset },
  'datasets:import': {
    args: z.object({
      name: z.string().trim().min(1, 'The file needs a name.').max(MAX_NAME),
      bytes: Bytes,
      kind: DatasetKind.optional(),
    }),
    result: z.object({ dataset: DatasetInfo, existing: z.boolean() }),
  },
  'datasets:rename': {
    args: Id.extend({ name: z.string().trim().min(1, 'A dataset name cannot be empty.').max(MAX_NAME) }),
    result: DatasetInfo,
  },
  'datasets:delete': {
    args: Id.extend({ experiments: z.enum(['delete', 'keep']).default('keep') }),
    result: z.object({ deletedExperiments: z.number().int() }),
  },
  'experiments:list': {
    args: z.object({
      kind: ExperimentKind.optional(),
      datasetId: z.number().int().optional(),
      status: ExperimentStatus.optional(),
      text: z.string().max(200).optional(),
      /** The recurrent cell of the run's config (rnn, lstm, gru). */
      cell: z.string().max(40).optional(),
      /** Runs carrying this tag. */
      tag: z.string().max(60).optional(),
      /** Sort column; default newest first. Empty values sort last in either order. */
      sort: ExperimentSort.optional(),
      order: z.enum(['asc', 'desc']).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
      offset: z.number().int().min(0).default(0),
    }),
    result: z.object({ items: z.array(ExperimentSummary), total: z.number().int() }),
  },
  /** Values in use (kinds, statuses, cells, tags, datasets) with their counts, for the filter menus. */
  'experiments:facets': { args: z.object({}), result: ExperimentFacets },
  'experiments:get': { args: Id, result: Experiment },
  /** Several experiments with history and predictions for the compare view; weights are never sent (null). */
  'experiments:getMany': {
    args: z.object({ ids: z.array(z.number().int().positive()).min(1).max(50) }),
    result: z.array(Experiment),
  },
  'experiments:save': { args: ExperimentInput, result: ExperimentSummary },
  'experiments:update': {
    args: Id.extend({
      name: z.string().trim().min(1).max(MAX_NAME).optional(),
      tags: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
      notes: z.string().max(100_000).optional(),
      inspection: InspectionRecordSchema.optional(),
    }),
    result: ExperimentSummary,
  },
  'experiments:delete': { args: Id, result: z.object({ deleted: z.boolean() }) },
  'experiments:deleteMany': {
    args: z.object({ ids: z.array(z.number().int().positive()).min(1).max(10_000) }),
    result: z.object({ deleted: z.number().int() }),
  },
  /** One file holding the experiments whole (weights included) and their datasets' bytes. */
  'experiments:export': {
    args: z.object({
      ids: z.array(z.number().int().positive()).min(1, 'Choose at least one experiment to export.').max(1000),
    }),
    result: z.object({
      bytes: Bytes,
      fileName: z.string(),
      experiments: z.number().int(),
      datasets: z.number().int(),
    }),
  },
  /** Reads an export file; experiments already present (same uid) are reported, not imported twice. */
  'experiments:import': { args: z.object({ bytes: Bytes }), result: ImportReport },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
/** What a caller passes (defaults not yet applied). */
export type Args<M extends Method> = z.input<Contract[M]['args']>;
/** What a handler receives (validated, defaults applied). */
export type ParsedArgs<M extends Method> = z.output<Contract[M]['args']>;
export type Result<M extends Method> = z.output<Contract[M]['result']>;

/** The client-side view of the contract: one async function per method. */
export type LabApi = { [M in Method]: (args: Args<M>) => Promise<Result<M>> };

/** The backend's typed handler map. */
export type Handlers = { [M in Method]: (args: ParsedArgs<M>) => Promise<Result<M>> | Result<M> };

/** Every method name, in declaration order. */
export const methods = Object.keys(contract) as Method[];

/** True when `name` is a method of the contract. */
export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
