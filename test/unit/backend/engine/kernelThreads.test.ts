import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKernelThreads, stopKernelThreads } from '../../../../src/backend/engine/kernelThreads';
import { applyEngine, engineHeap, engineScheduler } from '../../../../src/core/engine/labEngine';
import { RecurrentLayerKernels } from '../../../../src/core/engine/recurrentLayer';
import { initBackend } from '../../../../src/core/model/backend';
import { mulberry32 } from '../../../../src/core/model/random';

/** Output and weight gradients of a 2-layer GRU/LSTM stack on fixed random data. */
function run(cell: 'lstm' | 'gru', engine: 'lab' | 'tfjs'): Float32Array[] {
  const model = tf.sequential();
  const layer = cell === 'lstm' ? tf.layers.lstm : tf.layers.gru;
  model.add(layer({ units: 12, returnSequences: true, recurrentActivation: 'sigmoid', inputShape: [9, 5] }));
  model.add(layer({ units: 7, recurrentActivation: 'sigmoid' }));
  const rand = mulberry32(5);
  const values = model.weights.map((w) =>
    tf.tensor(
      Float32Array.from({ length: w.shape.reduce((p: number, q) => p * (q ?? 1), 1) }, () => rand() - 0.5),
      w.shape as number[],
    ),
  );
  model.setWeights(values);
  tf.dispose(values);
  applyEngine(model, engine);
  const x = tf.tensor3d(
    Float32Array.from({ length: 40 * 9 * 5 }, () => rand() * 2 - 1),
    [40, 9, 5],
  );
  const out = tf.tidy(() => {
    const vars = model.weights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.square(model.apply(x) as tf.Tensor)) as tf.Scalar,
      vars,
    );
    return [value, ...vars.map((v) => grads[v.name])].map((t) => t.dataSync() as Float32Array);
  });
  x.dispose();
  model.dispose();
  return out;
}

beforeAll(async () => {
  await initBackend('cpu');
});

afterAll(() => {
  stopKernelThreads();
});

describe('kernel threads (worker_threads on a shared WebAssembly memory)', () => {
  it('split each batch between threads and give the stock results', async () => {
    expect(await startKernelThreads(3)).toBe(3);
    expect(engineScheduler()?.threads).toBe(3);
    for (const cell of ['lstm', 'gru'] as const) {
      const expected = run(cell, 'tfjs');
      const actual = run(cell, 'lab');
      actual.forEach((a, i) => {
        const scale = Math.max(...Array.from(expected[i], Math.abs));
        const diff = Math.max(...Array.from(a, (v, k) => Math.abs(v - expected[i][k])));
        expect(diff / scale).toBeLessThan(1e-4);
      });
    }
  });

  it('run hundreds of jobs back to back without losing or repeating a block', async () => {
    expect(await startKernelThreads(2)).toBe(2);
    const heap = engineHeap();
    const threaded = new RecurrentLayerKernels(heap, 'gru', 8, 3, engineScheduler());
    const serial = new RecurrentLayerKernels(heap, 'gru', 8, 3);
    const rand = mulberry32(11);
    const weights = {
      kernel: Float32Array.from({ length: 3 * 24 }, () => rand() - 0.5),
      recurrentKernel: Float32Array.from({ length: 8 * 24 }, () => rand() - 0.5),
      bias: Float32Array.from({ length: 24 }, () => rand() - 0.5),
    };
    for (let round = 0; round < 300; round++) {
      const B = 16 + (round % 5) * 8;
      const x = Float32Array.from({ length: B * 4 * 3 }, () => rand() - 0.5);
      const dy = Float32Array.from({ length: B * 8 }, () => rand() - 0.5);
      const a = threaded.forward(x, B, 4, weights, false);
      const b = serial.forward(x, B, 4, weights, false);
      expect(a.output).toEqual(b.output);
      const ga = threaded.backward(a.ticket, dy);
      const gb = serial.backward(b.ticket, dy);
      expect(ga.dx).toEqual(gb.dx);
      ga.dRecurrentKernel.forEach((v, i) => expect(v).toBeCloseTo(gb.dRecurrentKernel[i], 5));
    }
    threaded.dispose();
    serial.dispose();
  });

  it('run each block of thousands of small jobs exactly once', async () => {
    expect(await startKernelThreads(3)).toBe(3);
    const heap = engineHeap();
    const scheduler = engineScheduler();
    if (!scheduler) throw new Error('no kernel threads');
    // every block adds A B (all ones, k = 8) into its own zeroed rows of C: a block run twice leaves 16
    const M = 4;
    const K = 8;
    const a = heap.allocFloats(16 * M * K);
    const b = heap.allocFloats(K * 8);
    const c = heap.allocFloats(16 * M * 8);
    const tables = heap.allocFloats(16 * 13);
    heap.f32.fill(1, a >> 2, (a >> 2) + 16 * M * K);
    heap.f32.fill(1, b >> 2, (b >> 2) + K * 8);
    for (let job = 0; job < 5000; job++) {
      const n = 2 + (job % 9);
      heap.zero(c, n * M * 8);
      const descriptors = Array.from({ length: n }, (_, i) => {
        const d = tables + i * 13 * 4;
        heap.writeInt32(
          d,
          Int32Array.from([M, 8, K, a + i * M * K * 4, K, 1, b, 8 * K, 8, c + i * M * 8 * 4, 8, 1, 0]),
        );
        return d;
      });
      scheduler.run('gemmTask', descriptors);
      const values = heap.read(c, n * M * 8);
      if (values.some((v) => v !== K))
        throw new Error(`job ${job}: a block ran ${values.find((v) => v !== K)} / ${K} times`);
    }
    for (const p of [a, b, c, tables]) heap.release(p);
  });

  it('stop cleanly and hand the work back to the calling thread', async () => {
    stopKernelThreads();
    expect(engineScheduler()).toBeUndefined();
    expect(await startKernelThreads(1)).toBe(1);
    expect(run('lstm', 'lab')).toHaveLength(7);
  });
});
