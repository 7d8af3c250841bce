import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { startKernelThreads } from './kernelThreads';

export type BackendName = 'wasm' | 'webgl' | 'cpu';

let pathsSet = false;

/**
 * Switches tfjs to the requested backend in this (worker) context, falling back to cpu when it cannot
 * start, and starts the lab engine's kernel threads (once, where the page is cross-origin isolated).
 * Returns the backend actually in use and a note when it differs from the request.
 */
export function startBackend(requested: BackendName): Promise<{ backend: string; note: string | null }> {
  // One switch at a time: jobs start concurrently in the one worker, and a backend being set up must not be used.
  const next = queue.then(() => switchBackend(requested));
  queue = next.catch(() => undefined);
  return next;
}

let queue: Promise<unknown> = Promise.resolve();

async function switchBackend(requested: BackendName): Promise<{ backend: string; note: string | null }> {
  await startKernelThreads();
  if (!pathsSet) {
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    });
    pathsSet = true;
  }
  if (tf.getBackend() === requested) return { backend: requested, note: null };
  try {
    const ok = await tf.setBackend(requested);
    if (ok) {
      await tf.ready();
      return { backend: tf.getBackend(), note: null };
    }
  } catch {
    // fall through to cpu
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: 'cpu', note: `The ${requested} backend is not available here; using cpu.` };
}
