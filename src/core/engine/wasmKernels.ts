/**
 * Loads the WebAssembly build of the kernels (kernels/assembly/kernels.ts, inlined as base64 by kernels/build.ts).
 * Compilation is synchronous (fine in Node and in workers, where the lab trains) and cached.
 */
import {
  KERNELS_RELAXED_WASM,
  KERNELS_THREADS_RELAXED_WASM,
  KERNELS_THREADS_WASM,
  KERNELS_WASM,
} from '../../../kernels/generated/kernelsWasm';
import type { KernelInstance, RecurrentKernels } from './kernelApi';
import type { WasmMemory, WasmModule } from './wasmApi';
import { wasmApi } from './wasmApi';

/** Largest memory the kernels may grow to, in 64 KiB pages (4 GiB, the wasm32 limit). */
export const MAX_PAGES = 65536;

const SOURCES = {
  plain: KERNELS_WASM,
  shared: KERNELS_THREADS_WASM,
  plainRelaxed: KERNELS_RELAXED_WASM,
  sharedRelaxed: KERNELS_THREADS_RELAXED_WASM,
} as const;
const modules = new Map<keyof typeof SOURCES, WasmModule>();
const relaxedModules = new WeakSet<WasmModule>();
let simd: boolean | null = null;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function api() {
  const found = wasmApi();
  if (!found) throw new Error('WebAssembly is not available here');
  return found;
}

/** True when this host can compile WebAssembly with SIMD (the kernels need both). */
export function wasmSimdAvailable(): boolean {
  if (simd === null) {
    try {
      simd = wasmApi()?.validate(decodeBase64(KERNELS_WASM)) ?? false;
    } catch {
      simd = false;
    }
  }
  return simd;
}

/**
 * True when this host also has relaxed SIMD (fused multiply-add: the kernels' products run about 1.5x faster).
 * Chromium and Electron have it; Node 20 only with --experimental-wasm-relaxed-simd (see src/backend/engine).
 */
export function wasmRelaxedSimdAvailable(): boolean {
  try {
    return wasmSimdAvailable() && (wasmApi()?.validate(decodeBase64(KERNELS_RELAXED_WASM)) ?? false);
  } catch {
    return false;
  }
}

/**
 * The compiled kernels module: `shared` imports a shared memory (for worker threads); `relaxed` (default: when
 * available) uses fused multiply-add.
 */
export function kernelsModule(shared: boolean, relaxed = wasmRelaxedSimdAvailable()): WasmModule {
  const key = shared ? (relaxed ? 'sharedRelaxed' : 'shared') : relaxed ? 'plainRelaxed' : 'plain';
  const cached = modules.get(key);
  if (cached) return cached;
  const module = new (api().Module)(decodeBase64(SOURCES[key]));
  modules.set(key, module);
  if (relaxed) relaxedModules.add(module);
  return module;
}

/** Creates a memory for the kernels: `pages` pages to start with, shared (for threads) or not. */
export function createKernelMemory(pages: number, shared: boolean, maxPages = MAX_PAGES): WasmMemory {
  return new (api().Memory)({ initial: pages, maximum: maxPages, shared });
}

/** Instantiates the kernels on `memory` (shared or not; `module` defaults to the best matching build). */
export function instantiateWasmKernels(memory: WasmMemory, module?: WasmModule): KernelInstance {
  const shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
  const chosen = module ?? kernelsModule(shared);
  const instance = new (api().Instance)(chosen, { env: { memory } });
  const kind = relaxedModules.has(chosen) ? 'wasm-relaxed-simd' : 'wasm-simd';
  return { kind, kernels: instance.exports as unknown as RecurrentKernels, memory };
}

/** A fresh single-thread kernel instance with its own memory of `pages` pages (`relaxed`: default when available). */
export function createWasmKernels(pages = 16, relaxed = wasmRelaxedSimdAvailable()): KernelInstance {
  return instantiateWasmKernels(createKernelMemory(pages, false), kernelsModule(false, relaxed));
}
