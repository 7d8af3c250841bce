import { z } from 'zod';
import type { LabErrorShape } from '../common/errors';
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

/* Main -> renderer events ------------------------------------------------------------------------------------
 * What the desktop shell pushes to the page, declared like the methods: a name, a zod schema for the payload.
 * Events travel on one fixed channel as `{name, payload}`, validated before they are sent; the preload exposes
 * one subscription function per purpose. The browser host raises the ones that apply inside the page.
 */

/** Every action the application menu sends to the page. */
export const MenuAction = z.enum([
  'show-forecast',
  'show-melody',
  'show-experiments',
  'show-inspector',
  'show-about',
]);
export type MenuAction = z.infer<typeof MenuAction>;

/** Shortcut keys (CmdOrCtrl+key) of menu actions: the menu's accelerators, answered alike by the browser host. */
export const MENU_SHORTCUTS: Readonly<Partial<Record<MenuAction, string>>> = {
  'show-forecast': '1',
  'show-melody': '2',
  'show-experiments': '3',
  'show-inspector': '4',
};

/** Every event the page can receive, with the schema of its payload. */
export const events = {
  /** A menu item (or, in the browser host, its shortcut) asks the page to do something. */
  'menu:action': z.object({ action: MenuAction }),
  /** A file opened with File › Open… is in the lab; `existing` when it was already (and is now selected). */
  'datasets:opened': z.object({
    datasetId: z.number().int().positive(),
    name: z.string(),
    existing: z.boolean(),
  }),
  /** A file opened with File › Open… could not be imported; the message says what to change. */
  'datasets:openFailed': z.object({ message: z.string() }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
/** One event as it travels on EVENT_CHANNEL. */
export type LabEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** The one IPC channel every event travels on (webContents.send in main, ipcRenderer.on in the preload). */
export const EVENT_CHANNEL = 'lab:event';
export type EventChannel = typeof EVENT_CHANNEL;

/** Every event name, in declaration order. */
export const eventNames = Object.keys(events) as EventName[];

/** True when `name` is an event of the contract. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** Validates an event's payload against its schema; throws (a programming error) when it does not match. */
export function parseEvent<E extends EventName>(name: E, payload: unknown): EventPayload<E> {
  const parsed = events[name].safeParse(payload);
  if (!parsed.success) throw new Error(`Invalid payload for event ${name}: ${z.prettifyError(parsed.error)}`);
  return parsed.data as EventPayload<E>;
}

/** Ends a subscription. */
export type Unsubscribe = () => void;

/** How the page listens for events: one function per purpose, each returning its Unsubscribe. */
export interface LabEventSource {
  onEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
  onMenuAction(listener: (action: MenuAction) => void): Unsubscribe;
}

/**
 * A contract method as the Electron preload exposes it: it resolves with the envelope, errors included. An Error
 * thrown across contextBridge keeps only its message (its `code` would be lost and every failure would reach the
 * page as INTERNAL), while a plain object crosses whole; the page's client turns a failed envelope into its error.
 */
export type BridgeApi = {
  [M in Method]: (
    args: Args<M>,
  ) => Promise<{ ok: true; value: Result<M> } | { ok: false; error: LabErrorShape }>;
};

/** What the Electron preload exposes as window.lab: every contract method (as envelopes) and the event subscriptions. */
export type LabBridge = BridgeApi & LabEventSource;
