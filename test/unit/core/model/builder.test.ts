import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededDropout, buildForecastModel } from '../../../../src/core/model/builder';
import { initBackend } from '../../../../src/core/model/backend';
import type { ModelSpec } from '../../../../src/core/model/spec';

const spec = (over: Partial<ModelSpec> = {}): ModelSpec => ({
  kind: 'forecast',
  cell: 'lstm',
  layers: 1,
  units: 6,
  dropout: 0,
  lookback: 5,
  features: 2,
  horizon: 3,
  seed: 7,
  ...over,
});

function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('buildForecastModel', () => {
  it('maps [batch, lookback, features] to [batch, horizon] with stacked layers', () => {
    const model = buildForecastModel(spec({ layers: 3, cell: 'gru', dropout: 0.2 }));
    const names = model.layers.map((l) => l.name);
    expect(names).toEqual(['gru_1', 'dropout_1', 'gru_2', 'dropout_2', 'gru_3', 'dropout_3', 'forecast']);
    const rnnConfigs = model.layers.filter((l) => l.name.startsWith('gru')).map((l) => l.getConfig());
    expect(rnnConfigs.map((c) => c.returnSequences)).toEqual([true, true, false]);
    expect(rnnConfigs.map((c) => c.recurrentActivation)).toEqual(['sigmoid', 'sigmoid', 'sigmoid']);
    const out = tf.tidy(() => model.predict(tf.zeros([2, 5, 2])) as tf.Tensor);
    expect(out.shape).toEqual([2, 3]);
    out.dispose();
    model.dispose();
  });

  it('uses sigmoid gates for LSTM (not the tfjs hardSigmoid default)', () => {
    const model = buildForecastModel(spec());
    expect(model.layers[0].getConfig().recurrentActivation).toBe('sigmoid');
    model.dispose();
  });

  it('initialises from the seed: same seed same weights, other seed other weights', () => {
    const a = buildForecastModel(spec());
    const b = buildForecastModel(spec());
    const c = buildForecastModel(spec({ seed: 8 }));
    const wa = weightsOf(a);
    expect(weightsOf(b)).toEqual(wa);
    expect(weightsOf(c)[0]).not.toEqual(wa[0]);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('gives orthonormal recurrent kernel rows, Glorot kernels and a forget bias of 1', () => {
    const model = buildForecastModel(spec({ units: 4 }));
    const [kernel, recurrent, bias] = weightsOf(model);
    const rows = 4;
    const cols = 16;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < rows; j++) {
        let dot = 0;
        for (let k = 0; k < cols; k++) dot += recurrent[i * cols + k] * recurrent[j * cols + k];
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
      }
    }
    const limit = Math.sqrt(6 / (2 + 16));
    expect(Math.max(...kernel.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Array.from(bias)).toEqual([...Array(4).fill(0), ...Array(4).fill(1), ...Array(8).fill(0)]);
    model.dispose();
  });
});

describe('SeededDropout', () => {
  it('draws a new reproducible mask at each training call and is the identity otherwise', () => {
    const x = tf.ones([1, 400]);
    const masks = (seed: number) => {
      const layer = new SeededDropout({ rate: 0.25, seed });
      const run = (training: boolean) =>
        tf.tidy(() => Array.from((layer.apply(x, { training }) as tf.Tensor).dataSync()));
      return { a: run(true), b: run(true), c: run(false) };
    };
    const first = masks(3);
    expect(first.a).not.toEqual(first.b);
    expect(masks(3)).toEqual(first);
    expect(first.c).toEqual(Array(400).fill(1));
    const dropped = first.a.filter((v) => v === 0).length;
    expect(dropped).toBeGreaterThan(60);
    expect(dropped).toBeLessThan(140);
    expect(first.a.filter((v) => v !== 0).every((v) => Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
    x.dispose();
  });
});

describe('initBackend', () => {
  it('refuses a backend that cannot start here with a typed error and keeps the current one', async () => {
    await expect(initBackend('webgl')).rejects.toMatchObject({
      name: 'ConfigError',
      code: 'BACKEND_UNAVAILABLE',
      field: 'backend',
    });
    expect(tf.getBackend()).toBe('cpu');
    expect(await initBackend('cpu')).toEqual({ name: 'cpu', fastMatMul: false, threads: null, simd: null });
  });
});
