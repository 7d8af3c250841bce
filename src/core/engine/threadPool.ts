/**
 * Worker threads for the kernels: every thread instantiates the same kernels on one shared WebAssembly memory,
 * and runs whole blocks of a layer (layerForward / layerBackward on a descriptor) posted through a small shared
 * control array (Atomics), so posting work costs no message and no copy. The calling thread runs the first block
 * itself. Hosts provide the threads: Node's worker_threads (src/backend/engine) or Web Workers in a cross-origin
 * isolated page (src/renderer/workers). Both run KERNEL_THREAD_SOURCE, a self-contained script.
 */
import { KernelHeap } from './heap';
import type { BlockKernel, BlockScheduler } from './kernelApi';
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
  slot: number;
}

/** Int32 fields per thread in the control array: posted sequence, finished sequence, kernel, descriptor. */
const SLOT = 16;
const POSTED = 0;
const DONE = 1;
const KERNEL = 2;
const DESCRIPTOR = 3;
const KERNEL_IDS: Readonly<Record<BlockKernel, number>> = { layerForward: 0, layerBackward: 1, gemmTask: 2 };
/**
 * Milliseconds a thread spins for new work before it sleeps: a training step runs tfjs ops for a millisecond or two
 * between a layer's forward and backward calls, and waking a sleeping thread costs tens of microseconds or more.
 */
const SPIN_MS = 2;

/**
 * The worker's program. It waits on its slot of the control array (spinning SPIN_MS first, then sleeping), runs
 * the posted kernel and signals completion; kernel -1 ends it. Works in Node worker_threads (eval) and Web Workers.
 */
export const KERNEL_THREAD_SOURCE = `'use strict';
(function () {
  var nodePort = typeof require === 'function' ? require('worker_threads').parentPort : null;
  function onInit(data) {
    if (!data || data.kind !== 'init') return;
    var instance = new WebAssembly.Instance(data.module, { env: { memory: data.memory } });
    var run = [instance.exports.layerForward, instance.exports.layerBackward, instance.exports.gemmTask];
    var ctl = new Int32Array(data.control);
    var base = data.slot * ${SLOT};
    var seen = Atomics.load(ctl, base + ${POSTED});
    if (nodePort) nodePort.postMessage({ kind: 'ready' }); else self.postMessage({ kind: 'ready' });
    for (;;) {
      var spins = 0;
      var since = performance.now();
      while (Atomics.load(ctl, base + ${POSTED}) === seen) {
        if (++spins % 1024 === 0 && performance.now() - since > ${SPIN_MS}) Atomics.wait(ctl, base + ${POSTED}, seen, 50);
      }
      seen = Atomics.load(ctl, base + ${POSTED});
      var kernel = ctl[base + ${KERNEL}];
      if (kernel < 0) break;
      try {
        run[kernel](ctl[base + ${DESCRIPTOR}]);
      } catch (error) {
        ctl[base + ${KERNEL}] = -2;
      }
      Atomics.store(ctl, base + ${DONE}, seen);
      Atomics.notify(ctl, base + ${DONE});
    }
    if (nodePort) nodePort.close(); else self.close();
  }
  if (nodePort) nodePort.on('message', onInit);
  else self.onmessage = function (event) { onInit(event.data); };
})();
`;

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
  const control = new SharedArrayBuffer(Math.max(1, workers) * SLOT * 4);
  const ctl = new Int32Array(control);
  const handles: KernelThreadHandle[] = [];
  try {
    await Promise.all(
      Array.from({ length: workers }, (_, slot) => {
        const handle = spawn(KERNEL_THREAD_SOURCE);
        handles.push(handle);
        return new Promise<void>((resolve, reject) => {
          handle.onceMessage((message) => {
            if ((message as { kind?: string } | null)?.kind === 'ready') resolve();
            else reject(new Error('a kernel thread did not start'));
          });
          const init: KernelThreadInit = { kind: 'init', module: kernelsModule(true), memory, control, slot };
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
    run(kernel, descriptors) {
      if (!alive) throw new Error('the kernel threads were stopped');
      const n = descriptors.length;
      for (let i = 1; i < n; i++) {
        const base = (i - 1) * SLOT;
        ctl[base + KERNEL] = KERNEL_IDS[kernel];
        ctl[base + DESCRIPTOR] = descriptors[i];
        Atomics.add(ctl, base + POSTED, 1);
        Atomics.notify(ctl, base + POSTED);
      }
      if (n > 0) kernels[kernel](descriptors[0]);
      let failed = false;
      for (let i = 1; i < n; i++) {
        const base = (i - 1) * SLOT;
        waitFor(ctl, base + DONE, Atomics.load(ctl, base + POSTED));
        if (ctl[base + KERNEL] === -2) failed = true;
      }
      if (failed) throw new Error('a kernel thread failed (out of memory?)');
    },
  };
  return {
    heap,
    scheduler,
    threads: workers + 1,
    terminate() {
      if (!alive) return;
      alive = false;
      for (let i = 0; i < workers; i++) {
        const base = i * SLOT;
        ctl[base + KERNEL] = -1;
        Atomics.add(ctl, base + POSTED, 1);
        Atomics.notify(ctl, base + POSTED);
      }
      for (const h of handles) h.terminate();
    },
  };
}
