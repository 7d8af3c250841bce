/**
 * The kernel threads' program. Bundled by kernels/build.ts into one classic script (KERNEL_THREAD_SOURCE in the
 * generated module) that runs in Node's worker_threads (eval) and in Web Workers alike. It instantiates the kernels
 * on the shared memory it receives, waits for a job in the control array (spinning SPIN_MS first, then sleeping),
 * claims and runs blocks until none is left, and counts them done; kernel -1 ends it.
 */
import { DESCRIPTORS, DONE, FAILED, KERNEL, NEXT, POSTED, SPIN_MS } from '../src/core/engine/threadLayout';

/** What a thread receives first (KernelThreadInit in src/core/engine/threadPool.ts). */
interface InitMessage {
  kind: 'init';
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
}

/** The one channel a thread talks on: Node's parentPort or the Web Worker scope. */
interface Port {
  post(message: unknown): void;
  listen(handler: (data: unknown) => void): void;
  close(): void;
}

declare const require: ((id: 'worker_threads') => { parentPort: NodePort | null }) | undefined;
interface NodePort {
  postMessage(message: unknown): void;
  on(event: 'message', handler: (data: unknown) => void): void;
  close(): void;
}
interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

function hostPort(): Port {
  const node = typeof require === 'function' ? require('worker_threads').parentPort : null;
  if (node) {
    return {
      post: (message) => node.postMessage(message),
      listen: (handler) => node.on('message', handler),
      close: () => node.close(),
    };
  }
  const scope = globalThis as unknown as WorkerScope;
  return {
    post: (message) => scope.postMessage(message),
    listen: (handler) => {
      scope.onmessage = (event) => handler(event.data);
    },
    close: () => scope.close(),
  };
}

function isInit(data: unknown): data is InitMessage {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'init';
}

/** Runs blocks of posted jobs until kernel -1 is posted. */
function serve(init: InitMessage, port: Port): void {
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const exports = instance.exports as Record<string, (descriptor: number) => void>;
  const run = [exports['layerForward'], exports['layerBackward'], exports['gemmTask']];
  const ctl = new Int32Array(init.control);
  let seen = Atomics.load(ctl, POSTED);
  port.post({ kind: 'ready' });
  for (;;) {
    let spins = 0;
    const since = performance.now();
    while (Atomics.load(ctl, POSTED) === seen) {
      if (++spins % 1024 === 0 && performance.now() - since > SPIN_MS) Atomics.wait(ctl, POSTED, seen, 50);
    }
    seen = Atomics.load(ctl, POSTED);
    let job = seen >>> 8;
    let count = seen & 255;
    for (;;) {
      const claim = Atomics.add(ctl, NEXT, 1);
      const tag = claim >>> 8;
      if (tag !== job) {
        const posted = Atomics.load(ctl, POSTED);
        if (posted >>> 8 === tag) {
          // a newer job (posted before its counter was set): this claim is one of its blocks
          seen = posted;
          job = tag;
          count = posted & 255;
        } else {
          // the counter still belongs to an older job: wait for its reset (that claim is discarded with it)
          while (Atomics.load(ctl, NEXT) >>> 8 === tag) {
            /* spin */
          }
          continue;
        }
      }
      const i = claim & 255;
      if (i >= count) break;
      const kernel = Atomics.load(ctl, KERNEL);
      if (kernel < 0) break;
      try {
        run[kernel](ctl[DESCRIPTORS + i]);
      } catch {
        Atomics.store(ctl, FAILED, 1);
      }
      Atomics.add(ctl, DONE, 1);
      Atomics.notify(ctl, DONE);
    }
    if (Atomics.load(ctl, KERNEL) < 0) break;
  }
  port.close();
}

const port = hostPort();
port.listen((data) => {
  if (isInit(data)) serve(data, port);
});
