import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src/core/model/backend';
import { benchmarkForecastTraining } from '../../../../src/core/model/bench';
import { forecastAgain, runForecast } from '../../../../src/core/model/forecastPipeline';
import type { ForecastSeries } from '../../../../src/core/model/series';

describe('wasm backend', () => {
  it('starts in Node with SIMD and reports its threads', async () => {
    const info = await initBackend('wasm');
    expect(info).toEqual({ name: 'wasm', simd: true, threads: 1 });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('trains an LSTM forecaster, forecasts again identically and leaks nothing', async () => {
    const series: ForecastSeries = {
      time: null,
      target: Array.from({ length: 160 }, (_, t) => Math.sin((2 * Math.PI * t) / 10) + 0.01 * t),
      features: [],
      seasonLength: 10,
    };
    const before = tf.memory().numTensors;
    const r = await runForecast(series, { cell: 'lstm', backend: 'wasm', units: 8, lookback: 10, horizon: 3, epochs: 8, batchSize: 16, learningRate: 0.02 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.backend).toBe('wasm');
    expect(r.status).toBe('completed');
    expect(r.evaluation!.model.mase!).toBeLessThan(r.evaluation!.baselines.naive.mase!);
    const again = await forecastAgain(r.saved, series);
    expect(again).toEqual(r.future);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('benchmarks training throughput as a JSON record', async () => {
    const record = await benchmarkForecastTraining({ cell: 'rnn', backend: 'wasm', windows: 256, epochs: 1, warmup: 1 });
    expect(record).toMatchObject({ config: 'forecast', cell: 'rnn', engine: 'tfjs', backend: 'wasm', windows: 256, epochs: 1 });
    expect(record.epochSeconds).toHaveLength(1);
    expect(record.throughput).toBeCloseTo(256 / record.epochSeconds[0], -1);
    expect(Number.isFinite(record.loss)).toBe(true);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });
});
