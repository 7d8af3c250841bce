/** tfjs backend selection for the app's worker, the CLI and tests. */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../data/windowing';
import type { BackendName } from './spec';

export interface BackendInfo {
  name: BackendName;
  /** wasm only: SIMD available; null on other backends. */
  simd: boolean | null;
  /** wasm only: threads in use (1 in Node, where tfjs turns multithreading off); null on other backends. */
  threads: number | null;
}

/**
 * Makes `name` the active tfjs backend and waits until it is ready. For wasm in a browser the caller sets
 * the .wasm paths first (setWasmPaths); in Node the wasm backend finds its files itself. Throws
 * ConfigError('BACKEND_UNAVAILABLE') when the backend cannot start here (e.g. webgl in Node).
 */
export async function initBackend(name: BackendName): Promise<BackendInfo> {
  let threads: number | null = null;
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (tf.getBackend() !== 'wasm' && !(await trySetBackend('wasm'))) throw unavailable(name);
    threads = wasm.getThreadsCount();
  } else if (tf.getBackend() !== name && !(await trySetBackend(name))) {
    throw unavailable(name);
  }
  await tf.ready();
  const simd = name === 'wasm' ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null;
  return { name, simd, threads };
}

async function trySetBackend(name: BackendName): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

function unavailable(name: BackendName): ConfigError {
  return new ConfigError(
    'BACKEND_UNAVAILABLE',
    `The ${name} backend cannot start here. Choose another backend (wasm works everywhere; cpu is slow but always available).`,
    'backend',
  );
}
