import v8 from 'node:v8';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelPreference } from '../../../../src/core/engine/labEngine';
import {
  applyEngine,
  attachLabEngine,
  engineHeap,
  engineKernelKind,
  isLabEngineLayer,
  setEngineHeap,
  setKernelPreference,
  unsupportedReason,
} from '../../../../src/core/engine/labEngine';
import { blockRows } from '../../../../src/core/engine/recurrentLayer';
import { initBackend } from '../../../../src/core/model/backend';
import { mulberry32 } from '../../../../src/core/model/random';

type Cell = 'rnn' | 'lstm' | 'gru';
const CELLS: Cell[] = ['rnn', 'lstm', 'gru'];

/** Largest |a - b| relative to the largest |b|: the tolerance of the issue, 1e-4, applies per tensor. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-30);
}

function recurrentLayer(
  cell: Cell,
  units: number,
  returnSequences: boolean,
  inputShape?: number[],
): tf.layers.Layer {
  const args = {
    units,
    returnSequences,
    recurrentActivation: 'sigmoid' as const,
    ...(inputShape ? { inputShape } : {}),
  };
  if (cell === 'lstm') return tf.layers.lstm(args);
  if (cell === 'gru') return tf.layers.gru(args);
  return tf.layers.simpleRNN(args);
}

/**
 * A stack of `layers` recurrent layers (all but the last return sequences; the last as `returnSequences`), with
 * random weights (uniform, scaled to keep gates away from saturation) drawn from `seed`.
 */
function stack(
  cell: Cell,
  layers: number,
  shape: [number, number],
  units: number,
  returnSequences: boolean,
  seed: number,
): tf.Sequential {
  const model = tf.sequential();
  for (let i = 0; i < layers; i++) {
    model.add(recurrentLayer(cell, units, i < layers - 1 || returnSequences, i === 0 ? shape : undefined));
  }
  const rand = mulberry32(seed);
  const values = model.weights.map((w) => {
    const size = w.shape.reduce((p: number, q) => p * (q ?? 1), 1);
    return tf.tensor(
      Float32Array.from({ length: size }, () => (rand() - 0.5) * 1.2),
      w.shape as number[],
    );
  });
  model.setWeights(values);
  tf.dispose(values);
  return model;
}

/** Output, gradient of sum(output * weights) with respect to the input and to every weight, in model.weights order. */
function outputAndGradients(model: tf.Sequential, x: tf.Tensor, seed: number): Float32Array[] {
  return tf.tidy(() => {
    const xv = tf.variable(x, true, `x_${seed}_${Math.random()}`);
    const vars = [xv, ...model.weights.map((w) => w.read() as tf.Variable)];
    const out = model.apply(xv) as tf.Tensor;
    const rand = mulberry32(seed);
    const weights = tf.tensor(
      Float32Array.from({ length: out.size }, () => rand() - 0.5),
      out.shape,
    );
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(model.apply(xv) as tf.Tensor, weights)) as tf.Scalar,
      vars,
    );
    const result = [out, ...vars.map((v) => grads[v.name])].map((t) => t.dataSync() as Float32Array);
    xv.dispose();
    return result;
  });
}

function compareWithStock(
  cell: Cell,
  layers: number,
  returnSequences: boolean,
  dims: { B: number; T: number; F: number; U: number },
): number[] {
  const { B, T, F, U } = dims;
  const stock = stack(cell, layers, [T, F], U, returnSequences, 7);
  const lab = stack(cell, layers, [T, F], U, returnSequences, 7);
  expect(applyEngine(lab, 'lab')).toBe(layers);
  const rand = mulberry32(3);
  const x = tf.tensor3d(
    Float32Array.from({ length: B * T * F }, () => rand() * 2 - 1),
    [B, T, F],
  );
  const expected = outputAndGradients(stock, x, 11);
  const actual = outputAndGradients(lab, x, 11);
  x.dispose();
  stock.dispose();
  lab.dispose();
  return actual.map((a, i) => relativeError(a, expected[i]));
}

// Node 20 has relaxed SIMD (fused multiply-add) behind a flag: turn it on so both WebAssembly builds are tested.
v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
const KINDS: KernelPreference[] = ['wasm-relaxed-simd', 'wasm-simd', 'typescript'];

beforeAll(async () => {
  await initBackend('cpu');
});

afterAll(() => {
  setKernelPreference('auto');
});

describe('lab engine against stock tf.layers', () => {
  for (const kind of KINDS) {
    describe(`${kind} kernels`, () => {
      beforeAll(() => {
        expect(setKernelPreference(kind)).toBe(kind);
      });

      for (const cell of CELLS) {
        for (const layers of [1, 2]) {
          for (const returnSequences of [false, true]) {
            const what = `${cell}, ${layers === 1 ? 'single' : 'stacked'}, ${returnSequences ? 'full sequence' : 'last state'}`;
            it(`${what}: outputs and gradients within 1e-4`, () => {
              const errors = compareWithStock(cell, layers, returnSequences, { B: 6, T: 7, F: 3, U: 10 });
              // output, dx, then kernel / recurrentKernel / bias per layer
              expect(errors).toHaveLength(2 + 3 * layers);
              for (const e of errors) expect(e).toBeLessThan(1e-4);
            });
          }
        }
      }
    });
  }

  it('matches with wide inputs, units not a multiple of 4 and one unit', () => {
    setKernelPreference('wasm-simd');
    for (const cell of CELLS) {
      for (const dims of [
        { B: 5, T: 4, F: 9, U: 13 },
        { B: 3, T: 6, F: 2, U: 1 },
        { B: 1, T: 3, F: 17, U: 33 },
      ]) {
        for (const e of compareWithStock(cell, 1, true, dims)) expect(e).toBeLessThan(1e-4);
      }
    }
  });

  it('splits a batch into blocks (as threads do) with the same results', () => {
    setKernelPreference('wasm-simd');
    const heap = engineHeap();
    const kernels = heap.instance.kernels;
    setEngineHeap(heap, { threads: 3, parts: 3, run: (kernel, ds) => ds.forEach((d) => kernels[kernel](d)) });
    expect(blockRows(37, 3)).toEqual([16, 21]);
    expect(blockRows(64, 4)).toEqual([16, 16, 16, 16]);
    expect(blockRows(64, 2)).toEqual([32, 32]);
    expect(blockRows(7, 4)).toEqual([7]);
    try {
      for (const cell of CELLS) {
        for (const e of compareWithStock(cell, 2, true, { B: 37, T: 5, F: 4, U: 6 }))
          expect(e).toBeLessThan(1e-4);
      }
    } finally {
      setKernelPreference('wasm-simd');
    }
  });
});

describe('Dense layers on the lab engine', () => {
  for (const [F, N, useBias, shape] of [
    [3, 5, true, [7]],
    [12, 9, false, [4, 6]],
    [130, 32, false, [5, 11]],
    [64, 12, true, [33]],
  ] as const) {
    it(`${F} -> ${N}${useBias ? '' : ', no bias'}, input [${shape.join(', ')}, ${F}]: outputs and gradients within 1e-4`, () => {
      setKernelPreference('auto');
      const make = () =>
        tf.sequential({
          layers: [tf.layers.dense({ units: N, useBias, inputShape: [...shape.slice(1), F] })],
        });
      const stock = make();
      const lab = make();
      const rand = mulberry32(F + N);
      const values = stock.weights.map((w) =>
        tf.tensor(
          Float32Array.from(
            { length: w.shape.reduce((p: number, q) => p * (q ?? 1), 1) },
            () => rand() - 0.5,
          ),
          w.shape as number[],
        ),
      );
      stock.setWeights(values);
      lab.setWeights(values);
      tf.dispose(values);
      applyEngine(lab, 'lab');
      const x = tf.tensor(
        Float32Array.from({ length: shape.reduce((p: number, q) => p * q, 1) * F }, () => rand() * 2 - 1),
        [...shape, F] as number[],
      );
      const expected = outputAndGradients(stock, x, 4);
      const actual = outputAndGradients(lab, x, 4);
      actual.forEach((a, i) => expect(relativeError(a, expected[i])).toBeLessThan(1e-4));
      tf.dispose([x]);
      stock.dispose();
      lab.dispose();
    });
  }
});

describe('attaching the engine', () => {
  it('keeps the layer a stock tf.layers layer with the same weights and config', () => {
    setKernelPreference('auto');
    const layer = tf.layers.lstm({ units: 4, recurrentActivation: 'sigmoid', inputShape: [3, 2] });
    const model = tf.sequential({ layers: [layer] });
    const config = JSON.stringify(layer.getConfig());
    const names = model.weights.map((w) => w.originalName);
    expect(attachLabEngine(layer)).toBe(true);
    expect(isLabEngineLayer(layer)).toBe(true);
    expect(layer.getClassName()).toBe('LSTM');
    expect(JSON.stringify(layer.getConfig())).toBe(config);
    expect(model.weights.map((w) => w.originalName)).toEqual(names);
    expect(engineKernelKind()).toBe('wasm-relaxed-simd');
    model.dispose();
  });

  it('leaves layers it cannot run to stock tfjs, saying why', () => {
    const hard = tf.layers.lstm({ units: 4, inputShape: [3, 2] });
    expect(unsupportedReason(hard)).toBe('the recurrent activation must be sigmoid');
    expect(attachLabEngine(hard)).toBe(false);
    const dropout = tf.layers.gru({ units: 4, recurrentActivation: 'sigmoid', recurrentDropout: 0.2 });
    expect(unsupportedReason(dropout)).toBe('dropout inside the cell is not supported');
    const relu = tf.layers.dense({ units: 2, activation: 'relu' });
    expect(unsupportedReason(relu)).toBe('only linear Dense layers run on the kernels');
    expect(attachLabEngine(relu)).toBe(false);
    expect(unsupportedReason(tf.layers.flatten())).toBe('Flatten is not a recurrent or Dense layer');
  });

  it('frees its kernel memory when the model is disposed and leaks no tensor', () => {
    const before = tf.memory().numTensors;
    const used = engineHeap().stats.usedBytes;
    const model = stack('gru', 2, [5, 3], 8, false, 1);
    applyEngine(model, 'lab');
    const x = tf.ones([4, 5, 3]) as tf.Tensor3D;
    outputAndGradients(model, x, 1);
    expect(engineHeap().stats.usedBytes).toBeGreaterThan(used);
    x.dispose();
    model.dispose();
    expect(engineHeap().stats.usedBytes).toBe(used);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('recomputes a forward pass that was overwritten before its gradient was asked for', () => {
    const lab = stack('lstm', 1, [4, 2], 5, false, 2);
    const stock = stack('lstm', 1, [4, 2], 5, false, 2);
    applyEngine(lab, 'lab');
    const a = tf.randomUniform([3, 4, 2], -1, 1, 'float32', 5) as tf.Tensor3D;
    const b = tf.randomUniform([3, 4, 2], -1, 1, 'float32', 6) as tf.Tensor3D;
    const grads = (model: tf.Sequential) =>
      tf.tidy(() => {
        const vars = model.weights.map((w) => w.read() as tf.Variable);
        const { grads: g } = tf.variableGrads(() => {
          const first = model.apply(a) as tf.Tensor;
          model.apply(b); // a second pass of the same layer overwrites the first one's activations
          return tf.sum(tf.square(first)) as tf.Scalar;
        }, vars);
        return vars.map((v) => g[v.name].dataSync() as Float32Array);
      });
    const expected = grads(stock);
    grads(lab).forEach((g, i) => expect(relativeError(g, expected[i])).toBeLessThan(1e-4));
    tf.dispose([a, b]);
    lab.dispose();
    stock.dispose();
  });
});
