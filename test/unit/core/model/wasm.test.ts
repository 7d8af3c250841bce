import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend, useFastWasmMatMul } from '../../../../src/core/model/backend';
import { engineKernelKind } from '../../../../src/core/engine/labEngine';
import { mulberry32 } from '../../../../src/core/model/random';
import { benchmarkForecastTraining } from '../../../../bench/forecastTraining';
import { forecastAgain, runForecast } from '../../../../src/core/model/forecastPipeline';
import type { ForecastSeries } from '../../../../src/core/model/series';

describe('wasm backend', () => {
  it('starts in Node with SIMD and reports its threads', async () => {
    const info = await initBackend('wasm');
    expect(info).toEqual({ name: 'wasm', fastMatMul: true, simd: true, threads: 1 });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('computes transposed matrix products with the fast kernel like the stock one', () => {
    const rand = mulberry32(9);
    const a = tf.tensor3d(
      Float32Array.from({ length: 2 * 5 * 7 }, () => rand() - 0.5),
      [2, 5, 7],
    );
    const b = tf.tensor3d(
      Float32Array.from({ length: 2 * 5 * 3 }, () => rand() - 0.5),
      [2, 5, 3],
    );
    const c = tf.tensor3d(
      Float32Array.from({ length: 2 * 3 * 7 }, () => rand() - 0.5),
      [2, 3, 7],
    );
    const products = () =>
      tf.tidy(() =>
        [tf.matMul(a, b, true, false), tf.matMul(a, c, false, true), tf.matMul(c, b, true, true)].map((t) =>
          Array.from(t.dataSync()),
        ),
      );
    const before = tf.memory().numTensors;
    const fast = products();
    expect(useFastWasmMatMul(false)).toBe(false);
    const stock = products();
    expect(useFastWasmMatMul(true)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(fast.map((p) => p.length)).toEqual([2 * 7 * 3, 2 * 5 * 3, 2 * 7 * 5]);
    fast.forEach((p, i) => p.forEach((v, k) => expect(v).toBeCloseTo(stock[i][k], 5)));
    tf.dispose([a, b, c]);
  });

  it('trains an LSTM forecaster, forecasts again identically and leaks nothing', async () => {
    const series: ForecastSeries = {
      time: null,
      target: Array.from({ length: 160 }, (_, t) => Math.sin((2 * Math.PI * t) / 10) + 0.01 * t),
      features: [],
      seasonLength: 10,
    };
    const before = tf.memory().numTensors;
    const r = await runForecast(series, {
      cell: 'lstm',
      backend: 'wasm',
      units: 8,
      lookback: 10,
      horizon: 3,
      epochs: 8,
      batchSize: 16,
      learningRate: 0.02,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.backend).toBe('wasm');
    expect(r.status).toBe('completed');
    expect(r.evaluation!.model.mase!).toBeLessThan(r.evaluation!.baselines.naive.mase!);
    const again = await forecastAgain(r.saved, series);
    expect(again).toEqual(r.future);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('benchmarks training throughput as a JSON record, per engine', async () => {
    for (const engine of ['tfjs', 'lab'] as const) {
      const record = await benchmarkForecastTraining({
        cell: 'rnn',
        backend: 'wasm',
        engine,
        windows: 256,
        epochs: 1,
        warmup: 1,
      });
      expect(record).toMatchObject({
        config: 'forecast',
        cell: 'rnn',
        engine,
        backend: 'wasm',
        windows: 256,
        epochs: 1,
      });
      // the lab engine reports the kernels in use: relaxed SIMD where the host has it (Node 22), else SIMD
      expect(record.kernels).toBe(engine === 'lab' ? engineKernelKind() : null);
      expect(record.epochSeconds).toHaveLength(1);
      // epochSeconds are rounded to milliseconds: compare relatively
      expect(Math.abs(record.throughput * record.epochSeconds[0] - 256) / 256).toBeLessThan(0.05);
      expect(Number.isFinite(record.loss)).toBe(true);
      expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    }
  });
});
