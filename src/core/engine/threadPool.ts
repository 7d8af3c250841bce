/**
 * Worker threads for the kernels: every thread instantiates the same kernels on one shared WebAssembly memory,
 * and runs whole blocks of a layer (layerForward / layerBackward on a descriptor) posted through a small shared
 * control array (Atomics), so posting work costs no message and no copy. The calling thread runs the first block
 * itself. Hosts provide the threads: Node's worker_threads (src/backend/engine) or Web Workers in a cross-origin
 * isolated page (src/renderer/workers). Both run KERNEL_THREAD_SOURCE, the program of kernels/threadProgram.ts
 * bundled into one classic script by kernels/build.ts.
 */
import { KERNEL_THREAD_SOURCE } from '../../../kernels/generated/kernelsWasm';
import { KernelHeap } from './heap';
import type { BlockScheduler } from './kernelApi';
import {
  CONTROL_SLOTS,
  DESCRIPTORS,
  DONE,
  FAILED,
  KERNEL,
  KERNEL_IDS,
  MAX_BLOCKS,
  NEXT,
  POSTED,
} from './threadLayout';
import type { WasmMemory, WasmModule } from './wasmApi';
import { createKernelMemory, instantiateWasmKernels, kernelsModule, wasmSimdAvailable } from './wasmKernels';

/** A started thread as the host sees it. */
export interface KernelThreadHandle {
  postMessage(message: unknown): void;
  /** Calls `handler` once, with the thread's first message ({kind: 'ready'} once its kernels are instantiated). */
  onceMessage(handler: (message: unknown) => void): void;
  terminate(): void;
}

/** Starts a thread running `source` (a classic script: KERNEL_THREAD_SOURCE). */
export type KernelThreadSpawner = (source: string) => KernelThreadHandle;

/** What a kernel thread receives first. */
export interface KernelThreadInit {
  kind: 'init';
  module: WasmModule;
  memory: WasmMemory;
  control: SharedArrayBuffer;
}

/** A thread pool over a shared kernel memory: give its heap and scheduler to setEngineHeap(). */
export interface KernelThreadPool {
  readonly heap: KernelHeap;
  readonly scheduler: BlockScheduler;
  /** Threads in all, counting the calling one. */
  readonly threads: number;
  terminate(): void;
}

/** Whether this host can run kernel threads (shared WebAssembly memory and Atomics.wait). */
export function kernelThreadsAvailable(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object' || !wasmSimdAvailable())
    return false;
  try {
    createKernelMemory(1, true, 1);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `ctl[index]` equals `value`: spins, then sleeps where the thread may (Atomics.wait). */
function waitFor(ctl: Int32Array, index: number, value: number): void {
  let spins = 0;
  let canSleep = true;
  while (Atomics.load(ctl, index) !== value) {
    if (++spins % 4096 === 0 && canSleep) {
      try {
        Atomics.wait(ctl, index, Atomics.load(ctl, index), 1);
      } catch {
        canSleep = false;
      }
    }
  }
}

/**
 * Starts `threads - 1` kernel threads with `spawn` on a fresh shared memory (`maxPages` 64 KiB pages at most)
 * and resolves once all of them run. The calling thread is the first of the `threads`.
 */
export async function createKernelThreadPool(
  threads: number,
  spawn: KernelThreadSpawner,
  maxPages = 32768,
): Promise<KernelThreadPool> {
  if (!kernelThreadsAvailable()) throw new Error('kernel threads need WebAssembly SIMD and shared memory');
  const memory = createKernelMemory(64, true, maxPages);
  const heap = new KernelHeap(instantiateWasmKernels(memory, kernelsModule(true)));
  const workers = Math.max(0, Math.floor(threads) - 1);
  const control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
  const ctl = new Int32Array(control);
  const handles: KernelThreadHandle[] = [];
  try {
    await Promise.all(
      Array.from({ length: workers }, () => {
        const handle = spawn(KERNEL_THREAD_SOURCE);
        handles.push(handle);
        return new Promise<void>((resolve, reject) => {
          handle.onceMessage((message) => {
            if ((message as { kind?: string } | null)?.kind === 'ready') resolve();
            else reject(new Error('a kernel thread did not start'));
          });
          const init: KernelThreadInit = { kind: 'init', module: kernelsModule(true), memory, control };
          handle.postMessage(init);
        });
      }),
    );
  } catch (error) {
    for (const h of handles) h.terminate();
    throw error;
  }
  const kernels = heap.instance.kernels;
  let alive = true;
  const scheduler: BlockScheduler = {
    threads: workers + 1,
    parts: workers > 0 ? 2 * (workers + 1) : 1,
    run(kernel, descriptors) {
      if (!alive) throw new Error('the kernel threads were stopped');
      const n = descriptors.length;
      if (n > MAX_BLOCKS) throw new Error(`kernel threads: ${n} blocks in one job (at most ${MAX_BLOCKS})`);
      if (n === 1 || workers === 0) {
        for (const d of descriptors) kernels[kernel](d);
        return;
      }
      // the job, then its number and size (what the threads wait on), then its claim counter: a claim always
      // carries the number of the job it belongs to, so no thread takes a block twice or from the wrong job
      const job = ((Atomics.load(ctl, POSTED) >>> 8) + 1) & 0x7fffff;
      Atomics.store(ctl, KERNEL, KERNEL_IDS[kernel]);
      for (let i = 0; i < n; i++) ctl[DESCRIPTORS + i] = descriptors[i];
      Atomics.store(ctl, FAILED, 0);
      Atomics.store(ctl, DONE, 0);
      Atomics.store(ctl, POSTED, (job << 8) | n);
      Atomics.store(ctl, NEXT, job << 8);
      Atomics.notify(ctl, POSTED);
      for (;;) {
        const i = Atomics.add(ctl, NEXT, 1) & 255;
        if (i >= n) break;
        kernels[kernel](descriptors[i]);
        Atomics.add(ctl, DONE, 1);
      }
      waitFor(ctl, DONE, n);
      if (Atomics.load(ctl, FAILED) !== 0) throw new Error('a kernel thread failed (out of memory?)');
    },
  };
  return {
    heap,
    scheduler,
    threads: workers + 1,
    terminate() {
      if (!alive) return;
      alive = false;
      const job = ((Atomics.load(ctl, POSTED) >>> 8) + 1) & 0x7fffff;
      Atomics.store(ctl, KERNEL, -1);
      Atomics.store(ctl, POSTED, (job << 8) | 1);
      Atomics.store(ctl, NEXT, job << 8);
      Atomics.notify(ctl, POSTED);
      for (const h of handles) h.terminate();
    },
  };
}
