// window.lab, built over a slice of ipcRenderer: one function per contract method and one per event purpose.
// Imports only types from src/core/api (the preload bundle stays free of zod and the rest of core).
import type {
  Args,
  BridgeApi,
  EventChannel,
  EventName,
  EventPayload,
  LabBridge,
  Method,
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

/** The envelope as main answers it; anything else (a bug, a foreign answer) becomes an INTERNAL envelope. */
function envelopeOf(answer: unknown): Awaited<ReturnType<BridgeApi[Method]>> {
  const a = answer as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (a && a.ok === true) return { ok: true, value: a.value } as Awaited<ReturnType<BridgeApi[Method]>>;
  if (
    a &&
    a.ok === false &&
    a.error &&
    typeof a.error.code === 'string' &&
    typeof a.error.message === 'string'
  )
    return { ok: false, error: a.error as { code: 'INTERNAL'; message: string } };
  return { ok: false, error: { code: 'INTERNAL', message: 'The lab answered in an unexpected shape.' } };
}

/** True for an event message `{name, payload}` named `name` (main validated the payload before sending). */
function isEventFor(message: unknown, name: EventName): message is { name: EventName; payload: unknown } {
  return typeof message === 'object' && message !== null && (message as { name?: unknown }).name === name;
}

/** Builds window.lab over `ipc`: every contract method, `onEvent(name, listener)` and `onMenuAction(listener)`. */
export function createLabBridge(ipc: IpcRendererSlice): LabBridge {
  // Methods resolve with the envelope, failures too: an Error thrown across contextBridge would keep only its message.
  function call<M extends Method>(method: M) {
    return async (args: Args<M>) => {
      try {
        return envelopeOf(await ipc.invoke(method, args));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false as const, error: { code: 'INTERNAL' as const, message } };
      }
    };
  }

  function onEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe {
    const handler = (_event: unknown, message: unknown) => {
      if (isEventFor(message, name)) listener(message.payload as EventPayload<E>);
    };
    ipc.on(EVENT_CHANNEL, handler);
    return () => void ipc.removeListener(EVENT_CHANNEL, handler);
  }

  const methods = Object.fromEntries(METHODS.map((m) => [m, call(m)])) as unknown as BridgeApi;
  return {
    ...methods,
    onEvent,
    onMenuAction: (listener) => onEvent('menu:action', ({ action }) => listener(action)),
  } satisfies LabBridge;
}
