// window.lab, built over a slice of ipcRenderer: one function per contract method and one per event purpose.
// Imports only types from src/core/api (the preload bundle stays free of zod and the rest of core).
import type {
  Args,
  EventChannel,
  EventName,
  EventPayload,
  LabApi,
  LabBridge,
  Method,
  Result,
  Unsubscribe,
} from '../../src/core/api/contract';

/** Every contract method; the type check below fails when one is missing. */
export const METHODS = [
  'app:info',
  'datasets:list',
  'datasets:get',
  'datasets:import',
  'datasets:rename',
  'datasets:delete',
  'experiments:list',
  'experiments:facets',
  'experiments:get',
  'experiments:getMany',
  'experiments:save',
  'experiments:update',
  'experiments:delete',
  'experiments:deleteMany',
  'experiments:export',
  'experiments:import',
] as const satisfies readonly Method[];

type Missing = Exclude<Method, (typeof METHODS)[number]>;
const everyMethodExposed: [Missing] extends [never] ? true : Missing = true;
void everyMethodExposed;

/** The contract's event channel (its type admits the contract's literal only). */
export const EVENT_CHANNEL: EventChannel = 'lab:event';

/** The part of ipcRenderer the bridge uses; the page never gets it. */
export interface IpcRendererSlice {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** True for an event message `{name, payload}` named `name` (main validated the payload before sending). */
function isEventFor(message: unknown, name: EventName): message is { name: EventName; payload: unknown } {
  return typeof message === 'object' && message !== null && (message as { name?: unknown }).name === name;
}

/** Builds window.lab over `ipc`: every contract method, `onEvent(name, listener)` and `onMenuAction(listener)`. */
export function createLabBridge(ipc: IpcRendererSlice): LabBridge {
  function call<M extends Method>(method: M) {
    return async (args: Args<M>): Promise<Result<M>> => {
      const envelope = (await ipc.invoke(method, args)) as Envelope;
      if (envelope.ok) return envelope.value as Result<M>;
      const error = new Error(envelope.error.message) as Error & { code: string };
      error.code = envelope.error.code;
      throw error;
    };
  }

  function onEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe {
    const handler = (_event: unknown, message: unknown) => {
      if (isEventFor(message, name)) listener(message.payload as EventPayload<E>);
    };
    ipc.on(EVENT_CHANNEL, handler);
    return () => void ipc.removeListener(EVENT_CHANNEL, handler);
  }

  const methods = Object.fromEntries(METHODS.map((m) => [m, call(m)])) as unknown as LabApi;
  return {
    ...methods,
    onEvent,
    onMenuAction: (listener) => onEvent('menu:action', ({ action }) => listener(action)),
  } satisfies LabBridge;
}
