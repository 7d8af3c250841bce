import {
  contract,
  decodeWire,
  describeZodError,
  encodeWire,
  isExperimentOf,
  isUserError,
  methods,
  type ExperimentKind,
  type ExperimentOf,
  type LabApi,
  type LabBridge,
  type LabErrorCode,
  type LabEventSource,
  type Method,
} from '../../core/api';
import { checkedEvents, createLocalEvents, menuActionForKey } from './events';

/** An error returned by the lab backend, with the contract's error code. */
export class LabClientError extends Error {
  readonly code: LabErrorCode | 'NETWORK';
  constructor(code: LabErrorCode | 'NETWORK', message: string) {
    super(message);
    this.name = 'LabClientError';
    this.code = code;
  }
}

declare global {
  interface Window {
    lab?: LabBridge;
  }
}

/** What the renderer talks to: every contract method, and the events pushed to the page. */
export type LabClient = LabApi & LabEventSource;

const TOKEN_KEY = 'rnn-lab-token';

/**
 * Parses a result against the contract once, where it enters the page: payloads get their types (and the NaNs JSON
 * turned into null back), and a backend of another version fails here with a clear message, not deep in a view.
 */
function parseResult(method: Method, value: unknown): unknown {
  const parsed = contract[method].result.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new LabClientError(
    'INTERNAL',
    `The lab backend answered ${method} with something this page cannot read (${describeZodError(parsed.error)}). Reload the page; if it persists, the backend and the page are of different versions.`,
  );
}

/** The browser host's token: from `?token=` (kept for reloads in this tab) or the session. */
export function hostToken(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function httpClient(token: string | null): LabApi {
  const call = async (method: Method, args: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`./api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lab-token': token ?? '' },
        body: encodeWire(args ?? {}),
      });
    } catch {
      throw new LabClientError(
        'NETWORK',
        'The lab backend is not reachable. Is `npm run serve` still running?',
      );
    }
    const text = await response.text();
    let envelope: { ok: boolean; value?: unknown; error?: { code: LabErrorCode; message: string } };
    try {
      envelope = decodeWire(text) as typeof envelope;
    } catch {
      throw new LabClientError(
        'INTERNAL',
        `The lab backend answered ${response.status} with something that is not JSON.`,
      );
    }
    if (envelope.ok) return parseResult(method, envelope.value);
    const error = envelope.error ?? { code: 'INTERNAL' as const, message: `HTTP ${response.status}` };
    throw new LabClientError(error.code, error.message);
  };
  return Object.fromEntries(methods.map((m) => [m, (args: unknown) => call(m, args)])) as unknown as LabApi;
}

function ipcClient(lab: LabBridge): LabApi {
  const wrap = (m: Method) => async (args: unknown) => {
    let envelope: Awaited<ReturnType<LabBridge[Method]>>;
    try {
      envelope = await (lab[m] as (a: unknown) => ReturnType<LabBridge[Method]>)(args ?? {});
    } catch (error) {
      // the bridge answers envelopes; a throw here is the bridge itself failing
      throw new LabClientError('INTERNAL', error instanceof Error ? error.message : String(error));
    }
    if (!envelope.ok) throw new LabClientError(envelope.error.code, envelope.error.message);
    return parseResult(m, envelope.value);
  };
  return Object.fromEntries(methods.map((m) => [m, wrap(m)])) as unknown as LabApi;
}

/** Which transport the client uses. */
export type Transport = 'electron' | 'http';

/**
 * The browser host's events: raised in the page. Shortcuts that are menu accelerators in the desktop app
 * (CmdOrCtrl+1..4) send the same typed menu action; there the menu sends it, so the page does not listen.
 */
function browserEvents(): LabEventSource {
  const local = createLocalEvents();
  window.addEventListener('keydown', (event) => {
    const action = menuActionForKey(event);
    if (!action) return;
    event.preventDefault();
    local.emit('menu:action', { action });
  });
  return local;
}

/** Creates the LabClient: window.lab (Electron preload) when present, else the browser host over HTTP. */
export function createLabClient(): { api: LabClient; transport: Transport } {
  if (window.lab) {
    return { api: { ...ipcClient(window.lab), ...checkedEvents(window.lab) }, transport: 'electron' };
  }
  return { api: { ...httpClient(hostToken()), ...browserEvents() }, transport: 'http' };
}

export const { api: lab, transport } = createLabClient();

/** Reads experiment `id`, which must be of `kind` (BAD_INPUT, saying what it is, otherwise). */
export async function getExperimentOf<K extends ExperimentKind>(
  kind: K,
  id: number,
): Promise<ExperimentOf<K>> {
  const e = await lab['experiments:get']({ id });
  if (!isExperimentOf(e, kind))
    throw new LabClientError('BAD_INPUT', `Experiment ${id} is a ${e.kind} run, not a ${kind} run.`);
  return e;
}

/** What to tell a person about a failure: a user error as it is, anything else after what failed. */
export function failureMessage(error: unknown, what: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return isUserError(error) && error.wireCode !== 'INTERNAL' ? message : `${what}: ${message}`;
}
