// Exposes window.lab: one function per contract method, nothing else (no ipcRenderer, no Node).
import { contextBridge, ipcRenderer } from 'electron';
import type { Args, LabApi, Method, Result } from '../../src/core/api/contract';

/** Every contract method; the type check below fails when one is missing. */
const METHODS = [
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

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

function call<M extends Method>(method: M) {
  return async (args: Args<M>): Promise<Result<M>> => {
    const envelope = (await ipcRenderer.invoke(method, args)) as Envelope;
    if (envelope.ok) return envelope.value as Result<M>;
    const error = new Error(envelope.error.message) as Error & { code: string };
    error.code = envelope.error.code;
    throw error;
  };
}

const lab = Object.fromEntries(METHODS.map((m) => [m, call(m)])) as unknown as LabApi;
contextBridge.exposeInMainWorld('lab', lab);
