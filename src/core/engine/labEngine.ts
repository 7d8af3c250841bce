/**
 * The lab's recurrent engine inside tfjs. A tf.layers SimpleRNN / LSTM / GRU (or linear Dense) layer stays what it
 * is (class, config, weights, serialisation, so saved models, the inspector's replay and stock layers stay
 * interchangeable); attachLabEngine() only replaces how it computes: one fused operation per layer and batch
 * (tf.customGrad), run by the WebAssembly SIMD kernels, or by the TypeScript kernels where WebAssembly is
 * unavailable. Optimizers, clipping, the gradient-norm log, early stopping and saving work unchanged on top of it.
 */
import type { CellType } from '../model/cells';
import * as tf from '@tensorflow/tfjs';
import { DenseLayerKernels } from './denseLayer';
import type { EngineName } from './engineName';
import { KernelHeap } from './heap';
import type { BlockScheduler, KernelKind } from './kernelApi';
import { RecurrentLayerKernels } from './recurrentLayer';
import { createTsKernels } from './tsKernels';
import { createWasmKernels, wasmRelaxedSimdAvailable, wasmSimdAvailable } from './wasmKernels';

/** Which kernels the engine should use: the best available, or one in particular (tests, comparisons). */
export type KernelPreference = 'auto' | KernelKind;

interface EngineState {
  heap: KernelHeap;
  scheduler: BlockScheduler | undefined;
}

let state: EngineState | null = null;
let preference: KernelPreference = 'auto';

/**
 * The engine's kernel memory, created on first use: WebAssembly SIMD when available (with relaxed SIMD's fused
 * multiply-add when the host has it), else TypeScript.
 */
export function engineHeap(): KernelHeap {
  if (!state) {
    const kind: KernelKind =
      preference !== 'auto'
        ? preference
        : wasmRelaxedSimdAvailable()
          ? 'wasm-relaxed-simd'
          : wasmSimdAvailable()
            ? 'wasm-simd'
            : 'typescript';
    const instance =
      kind === 'typescript' ? createTsKernels() : createWasmKernels(16, kind === 'wasm-relaxed-simd');
    state = { heap: new KernelHeap(instance), scheduler: undefined };
  }
  return state.heap;
}

/** The kernels in use: 'wasm-relaxed-simd', 'wasm-simd' or 'typescript'. */
export function engineKernelKind(): KernelKind {
  return engineHeap().instance.kind;
}

/**
 * Chooses the kernels (a fresh kernel memory); every layer moves to them at its next call. 'auto' picks the fastest
 * the host supports. Throws when a WebAssembly flavour is asked for and unavailable.
 */
export function setKernelPreference(next: KernelPreference): KernelKind {
  if (next === 'wasm-simd' && !wasmSimdAvailable()) throw new Error('WebAssembly SIMD is not available here');
  if (next === 'wasm-relaxed-simd' && !wasmRelaxedSimdAvailable())
    throw new Error('WebAssembly relaxed SIMD is not available here');
  preference = next;
  state = null;
  return engineKernelKind();
}

/** Uses `heap` (and `scheduler`, e.g. a thread pool over the heap's shared memory); layers move at their next call. */
export function setEngineHeap(heap: KernelHeap, scheduler?: BlockScheduler): void {
  state = { heap, scheduler };
}

/** The scheduler layers use (undefined: each layer runs its kernels serially). */
export function engineScheduler(): BlockScheduler | undefined {
  engineHeap();
  return state?.scheduler;
}

/**
 * The fused recurrent operation: output ([B, T, U] with `returnSequences`, else [B, U]) of a layer on x [B, T, F],
 * with its gradient with respect to x, kernel [F, GU], recurrentKernel [U, GU] and bias [GU] (or no bias).
 * `layer` holds the activations of its latest forward pass; a gradient asked for an older pass recomputes it.
 */
export function fusedRecurrent(
  layer: RecurrentLayerKernels,
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor | null,
  returnSequences: boolean,
): tf.Tensor {
  const [B, T] = x.shape;
  const U = layer.units;
  const floats = (t: tf.Tensor): Float32Array => {
    const data = t.dataSync();
    return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
  };
  const run = (xv: tf.Tensor, kv: tf.Tensor, rv: tf.Tensor, bv: tf.Tensor | null) =>
    layer.forward(
      floats(xv),
      B,
      T,
      { kernel: floats(kv), recurrentKernel: floats(rv), bias: bv ? floats(bv) : null },
      returnSequences,
    );
  const outShape = returnSequences ? [B, T, U] : [B, U];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const inputs = args.slice(0, -1) as tf.Tensor[];
    const { output, ticket } = run(inputs[0], inputs[1], inputs[2], inputs[3] ?? null);
    save(inputs);
    return {
      value: tf.tensor(output, outShape, 'float32'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const held = layer.holds(ticket)
          ? ticket
          : run(saved[0], saved[1], saved[2], saved[3] ?? null).ticket;
        const g = layer.backward(held, floats(dy));
        const grads = [
          tf.tensor(g.dx, x.shape, 'float32'),
          tf.tensor(g.dKernel, kernel.shape, 'float32'),
          tf.tensor(g.dRecurrentKernel, recurrentKernel.shape, 'float32'),
        ];
        if (bias) grads.push(tf.tensor(g.dBias, bias.shape, 'float32'));
        return grads;
      },
    };
  });
  return bias ? op(x, kernel, recurrentKernel, bias) : op(x, kernel, recurrentKernel);
}

/**
 * The fused Dense operation (linear activation): x [..., F] times kernel [F, N] plus bias [N] (or no bias), with its
 * gradients with respect to x, kernel and bias. `layer` holds its latest forward pass's input.
 */
export function fusedDense(
  layer: DenseLayerKernels,
  x: tf.Tensor,
  kernel: tf.Tensor,
  bias: tf.Tensor | null,
): tf.Tensor {
  const F = layer.inputDim;
  const M = x.size / F;
  const outShape = [...x.shape.slice(0, -1), layer.units];
  const floats = (t: tf.Tensor): Float32Array => {
    const data = t.dataSync();
    return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
  };
  const run = (xv: tf.Tensor, kv: tf.Tensor, bv: tf.Tensor | null) =>
    layer.forward(floats(xv), M, floats(kv), bv ? floats(bv) : null);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const inputs = args.slice(0, -1) as tf.Tensor[];
    const { output, ticket } = run(inputs[0], inputs[1], inputs[2] ?? null);
    save(inputs);
    return {
      value: tf.tensor(output, outShape, 'float32'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const held = layer.holds(ticket) ? ticket : run(saved[0], saved[1], saved[2] ?? null).ticket;
        const g = layer.backward(held, floats(dy));
        const grads = [tf.tensor(g.dx, x.shape, 'float32'), tf.tensor(g.dKernel, kernel.shape, 'float32')];
        if (bias) grads.push(tf.tensor(g.dBias, bias.shape, 'float32'));
        return grads;
      },
    };
  });
  return bias ? op(x, kernel, bias) : op(x, kernel);
}

const CELL_OF_CLASS: Readonly<Record<string, CellType>> = { SimpleRNN: 'rnn', LSTM: 'lstm', GRU: 'gru' };

interface Attached {
  kernels: RecurrentLayerKernels | DenseLayerKernels | null;
  heap: KernelHeap | null;
}

const attached = new WeakMap<tf.layers.Layer, Attached>();

/** Why a layer cannot run on the lab's kernels (null when it can). */
export function unsupportedReason(layer: tf.layers.Layer): string | null {
  const c = layer.getConfig();
  if (layer.getClassName() === 'Dense')
    return c['activation'] === 'linear' ? null : 'only linear Dense layers run on the kernels';
  const cell = CELL_OF_CLASS[layer.getClassName()];
  if (!cell) return `${layer.getClassName()} is not a recurrent or Dense layer`;
  if (c['activation'] !== 'tanh') return 'the activation must be tanh';
  if (cell !== 'rnn' && c['recurrentActivation'] !== 'sigmoid')
    return 'the recurrent activation must be sigmoid';
  if (Number(c['dropout'] ?? 0) !== 0 || Number(c['recurrentDropout'] ?? 0) !== 0)
    return 'dropout inside the cell is not supported';
  if (c['stateful'] === true || c['goBackwards'] === true || c['returnState'] === true)
    return 'stateful, backwards and state-returning layers are not supported';
  if (c['resetAfter'] === true) return 'resetAfter GRUs are not supported';
  return null;
}

/** Whether `layer` runs on the lab's kernels. */
export function isLabEngineLayer(layer: tf.layers.Layer): boolean {
  return attached.has(layer);
}

/**
 * Makes a tf.layers SimpleRNN / LSTM / GRU or linear Dense layer compute with the lab's fused kernels (see
 * unsupportedReason for what qualifies; masks and explicit initial states fall back to the stock computation).
 * Returns whether it did. Disposing the layer frees its kernel memory.
 */
export function attachLabEngine(layer: tf.layers.Layer): boolean {
  if (attached.has(layer)) return true;
  if (unsupportedReason(layer) !== null) return false;
  const cell = CELL_OF_CLASS[layer.getClassName()] ?? null;
  const returnSequences = layer.getConfig()['returnSequences'] === true;
  const own: Attached = { kernels: null, heap: null };
  const stockCall = layer.call.bind(layer);
  layer.call = (
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: Record<string, unknown>,
  ): tf.Tensor | tf.Tensor[] => {
    const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : null) : inputs;
    if (!x || x.dtype !== 'float32' || kwargs['mask'] != null || kwargs['initialState'] != null)
      return stockCall(inputs, kwargs);
    const heap = engineHeap();
    if (cell === null) {
      const [kernel, bias] = layer.weights.map((w) => w.read());
      const [F, N] = kernel.shape;
      if (x.rank < 2 || x.shape[x.rank - 1] !== F) return stockCall(inputs, kwargs);
      if (!(own.kernels instanceof DenseLayerKernels) || own.heap !== heap || own.kernels.inputDim !== F) {
        own.kernels?.dispose();
        own.kernels = new DenseLayerKernels(heap, F, N, engineScheduler());
        own.heap = heap;
      }
      return fusedDense(own.kernels, x, kernel, bias ?? null);
    }
    if (x.rank !== 3) return stockCall(inputs, kwargs);
    const [kernel, recurrentKernel, bias] = layer.weights.map((w) => w.read());
    const F = kernel.shape[0];
    const U = recurrentKernel.shape[0];
    if (!(own.kernels instanceof RecurrentLayerKernels) || own.heap !== heap || own.kernels.inputDim !== F) {
      own.kernels?.dispose();
      own.kernels = new RecurrentLayerKernels(heap, cell, U, F, engineScheduler());
      own.heap = heap;
    }
    return fusedRecurrent(own.kernels, x, kernel, recurrentKernel, bias ?? null, returnSequences);
  };
  const stockDispose = layer.dispose.bind(layer);
  layer.dispose = () => {
    const result = stockDispose();
    if (result.refCountAfterDispose === 0) {
      own.kernels?.dispose();
      own.kernels = null;
    }
    return result;
  };
  attached.set(layer, own);
  return true;
}

/**
 * Applies an engine choice to `model`: 'lab' attaches the fused kernels to every recurrent layer and every linear
 * Dense layer, 'tfjs' leaves the stock layers. Returns the number of recurrent layers that run on the lab's kernels.
 */
export function applyEngine(model: tf.LayersModel, engine: EngineName): number {
  if (engine !== 'lab') return 0;
  let count = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() in CELL_OF_CLASS) count += attachLabEngine(layer) ? 1 : 0;
    else if (layer.getClassName() === 'Dense') attachLabEngine(layer);
  }
  return count;
}
