/**
 * The page's side of the compute worker: one worker, one typed proxy, and jobs that can be cancelled. Errors arrive
 * as the lab's errors (see rpc.ts).
 */
import type { ComputeApi } from './computeApi';
import { Comlink, installErrorHandler } from './rpc';

export { callbacks } from './rpc';

let remote: Comlink.Remote<ComputeApi> | null = null;
let nextJob = 1;

/** The compute worker (started on first use). */
export function compute(): Comlink.Remote<ComputeApi> {
  if (!remote) {
    installErrorHandler();
    const worker = new Worker(new URL('./compute.worker.ts', import.meta.url), {
      type: 'module',
      name: 'rnn-lab compute',
    });
    remote = Comlink.wrap<ComputeApi>(worker);
  }
  return remote;
}

/** A running job: its id, its result, and a cancel that takes effect at the job's next step (within a second). */
export interface Job<T> {
  id: string;
  promise: Promise<T>;
  cancel(): void;
}

/** Starts a cancellable job: `run` receives the job id to pass to the worker method. */
export function startJob<T>(run: (api: Comlink.Remote<ComputeApi>, jobId: string) => Promise<T>): Job<T> {
  const api = compute();
  const id = `job-${nextJob++}`;
  return { id, promise: run(api, id), cancel: () => void api.cancel(id) };
}
