/**
 * Worker threads for the lab engine's kernels in Node (CLI, browser host, tests): Node's worker_threads run the
 * core's kernel-thread program on a shared WebAssembly memory (see src/core/engine/threadPool.ts).
 */
import os from 'node:os';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { setEngineHeap, setKernelPreference } from '../../core/engine/labEngine';
import type { KernelThreadPool } from '../../core/engine/threadPool';
import { createKernelThreadPool, kernelThreadsAvailable } from '../../core/engine/threadPool';
import { wasmRelaxedSimdAvailable } from '../../core/engine/wasmKernels';

let pool: KernelThreadPool | null = null;
let hooked = false;

/** Threads to use: RNN_LAB_THREADS when set, else the cores available (at most 4). */
export function defaultKernelThreads(): number {
  const env = Number(process.env['RNN_LAB_THREADS']);
  if (Number.isInteger(env) && env >= 1) return env;
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

/**
 * Turns on WebAssembly relaxed SIMD in this process (Node 20 has it behind a flag; Chromium ships it), so the
 * kernels compiled from now on use fused multiply-add. Returns whether it is available. RNN_LAB_RELAXED_SIMD=0
 * leaves it off.
 */
export function enableRelaxedSimd(): boolean {
  if (process.env['RNN_LAB_RELAXED_SIMD'] === '0') return false;
  if (!wasmRelaxedSimdAvailable()) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return wasmRelaxedSimdAvailable();
}

/**
 * Makes the lab engine run its kernels on `threads` threads (the calling one included) from now on; 1 keeps them
 * on the calling thread. Turns on relaxed SIMD first (enableRelaxedSimd). The workers never keep the process
 * alive. Returns the threads in use.
 */
export async function startKernelThreads(threads = defaultKernelThreads()): Promise<number> {
  const relaxed = enableRelaxedSimd();
  if (pool && pool.threads === threads) return threads;
  stopKernelThreads();
  if (threads <= 1 || !kernelThreadsAvailable()) {
    setKernelPreference(relaxed ? 'wasm-relaxed-simd' : 'auto');
    return 1;
  }
  pool = await createKernelThreadPool(threads, (source) => {
    // execArgv: [] keeps loaders of the parent (e.g. tsx) out of the worker, whose program is plain JavaScript
    const worker = new Worker(source, { eval: true, name: 'rnn-lab kernels', execArgv: [] });
    const handle = {
      postMessage: (message: unknown) => worker.postMessage(message),
      // a lasting 'message' listener would keep the process alive: the pool only needs the first message
      // (the worker keeps the process alive only until it is ready)
      onceMessage: (handler: (message: unknown) => void) => {
        worker.once('message', (message) => {
          worker.unref();
          handler(message);
        });
        worker.once('error', (error) => handler({ kind: 'error', message: String(error) }));
      },
      terminate: () => void worker.terminate(),
    };
    return handle;
  });
  setEngineHeap(pool.heap, pool.scheduler);
  if (!hooked) {
    // A worker waiting in its loop would hold the process open at exit: end the loops first.
    process.once('beforeExit', stopKernelThreads);
    process.once('exit', stopKernelThreads);
    hooked = true;
  }
  return pool.threads;
}

/** Stops the kernel threads; the engine goes back to single-thread kernels for layers that run from now on. */
export function stopKernelThreads(): void {
  if (!pool) return;
  pool.terminate();
  pool = null;
  setKernelPreference('auto');
}
