/** tfjs backend selection for the app's worker, the CLI and tests. */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../data/errors';
import type { BackendName } from './spec';

export interface BackendInfo {
  name: BackendName;
  /** wasm only: transposed matrix products run as transpose + plain matMul (see useFastWasmMatMul). */
  fastMatMul: boolean;
  /** wasm only: SIMD available; null on other backends. */
  simd: boolean | null;
  /** wasm only: threads in use (1 in Node, where tfjs turns multithreading off); null on other backends. */
  threads: number | null;
}

/**
 * Makes `name` the active tfjs backend and waits until it is ready. For wasm in a browser the caller sets
 * the .wasm paths first (setWasmPaths); in Node the wasm backend finds its files itself. On wasm the fast
 * transposed matMul is switched on unless `fastMatMul: false`. Throws ConfigError('BACKEND_UNAVAILABLE')
 * when the backend cannot start here (e.g. webgl in Node).
 */
export async function initBackend(
  name: BackendName,
  options: { fastMatMul?: boolean } = {},
): Promise<BackendInfo> {
  let threads: number | null = null;
  let fastMatMul = false;
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (tf.getBackend() !== 'wasm' && !(await trySetBackend('wasm'))) throw unavailable(name);
    threads = wasm.getThreadsCount();
    await tf.ready();
    fastMatMul = useFastWasmMatMul(options.fastMatMul ?? true);
  } else if (tf.getBackend() !== name && !(await trySetBackend(name))) {
    throw unavailable(name);
  }
  await tf.ready();
  const simd = name === 'wasm' ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null;
  return { name, fastMatMul, threads, simd };
}

let originalWasmMatMul: tf.KernelConfig | null = null;

/**
 * Switches the wasm BatchMatMul kernel between stock and fast for transposed operands. Stock tfjs-wasm runs
 * matMul with a transposed operand (what every gradient uses) about 10x slower than a plain one; the fast
 * kernel transposes explicitly and then runs the plain matMul (results differ by float rounding only,
 * ~1e-6 relative). Global for the wasm backend; returns whether the fast kernel is now active.
 */
export function useFastWasmMatMul(enabled: boolean): boolean {
  const active = originalWasmMatMul !== null;
  if (enabled === active) return active;
  if (!enabled && originalWasmMatMul) {
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel(originalWasmMatMul);
    originalWasmMatMul = null;
    return false;
  }
  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!matMul || !transpose) return false;
  const swapLast = (x: tf.TensorInfo, backend: object): tf.TensorInfo =>
    transpose.kernelFunc({
      inputs: { x },
      backend,
      attrs: { perm: x.shape.map((_, i, s) => (i < s.length - 2 ? i : 2 * s.length - 3 - i)) },
    }) as tf.TensorInfo;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    ...matMul,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const a0 = inputs['a'];
      const b0 = inputs['b'];
      if ((!attrs?.['transposeA'] && !attrs?.['transposeB']) || !a0 || !b0) {
        return matMul.kernelFunc({ inputs, backend, attrs });
      }
      const a = attrs['transposeA'] ? swapLast(a0, backend) : a0;
      const b = attrs['transposeB'] ? swapLast(b0, backend) : b0;
      const out = matMul.kernelFunc({
        inputs: { a, b },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
      const wasmBackend = backend as tf.KernelBackend;
      if (a !== a0) wasmBackend.disposeData(a.dataId);
      if (b !== b0) wasmBackend.disposeData(b.dataId);
      return out;
    },
  });
  originalWasmMatMul = matMul;
  return true;
}

/** Switches backend; on failure goes back to the previous one (tfjs would otherwise keep the failed name). */
async function trySetBackend(name: BackendName): Promise<boolean> {
  const previous = tf.getBackend();
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch {
    ok = false;
  }
  if (!ok && previous && previous !== name) await tf.setBackend(previous);
  return ok;
}

function unavailable(name: BackendName): ConfigError {
  return new ConfigError(
    'BACKEND_UNAVAILABLE',
    `The ${name} backend cannot start here. Choose another backend (wasm works everywhere; cpu is slow but always available).`,
    'backend',
  );
}
