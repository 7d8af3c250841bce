/// <reference lib="webworker" />
// Worker threads for the lab engine's kernels inside a training worker: nested Web Workers on a shared WebAssembly
// memory, only where the page is cross-origin isolated (shared memory needs it; the app and the browser host send
// COOP/COEP). Elsewhere the kernels run on the training worker's own thread.
import { setEngineHeap } from '../../core/engine/labEngine';
import { createKernelThreadPool, kernelThreadsAvailable } from '../../core/engine/threadPool';

let started: Promise<number> | null = null;

/** Starts the kernel threads once (one per core, at most 4, counting this worker); resolves to the threads in use. */
export function startKernelThreads(): Promise<number> {
  started ??= (async () => {
    const scope = self as unknown as DedicatedWorkerGlobalScope;
    const threads = Math.max(1, Math.min(4, scope.navigator.hardwareConcurrency || 1));
    if (threads <= 1 || scope.crossOriginIsolated !== true || !kernelThreadsAvailable()) return 1;
    const pool = await createKernelThreadPool(threads, (source) => {
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      const worker = new Worker(url, { name: 'rnn-lab kernels' });
      return {
        postMessage: (message) => worker.postMessage(message),
        onceMessage: (handler) => {
          worker.addEventListener(
            'message',
            (event) => {
              URL.revokeObjectURL(url);
              handler(event.data);
            },
            { once: true },
          );
          worker.addEventListener(
            'error',
            (event) => {
              // Handled here (the pool falls back to this worker's own thread): not an uncaught error of the page.
              event.preventDefault();
              handler({ kind: 'error', message: event.message });
            },
            { once: true },
          );
        },
        terminate: () => worker.terminate(),
      };
    });
    setEngineHeap(pool.heap, pool.scheduler);
    return pool.threads;
  })().catch(() => 1);
  return started;
}
