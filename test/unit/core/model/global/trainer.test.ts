import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/core/model/backend';
import type { GlobalForecastConfigInput, WindowDraw } from '../../../../../src/core/model/global';
import {
  WindowSampler,
  denormalise,
  fitNormaliser,
  originRange,
  parseGlobalForecastConfig,
  writeWindow,
  trainGlobalForecaster,
} from '../../../../../src/core/model/global';
import { ConfigError } from '../../../../../src/core/data/errors';

/** Five short positive series of different lengths and scales, with a period-4 cycle and a trend. */
function syntheticSeries(): number[][] {
  const lengths = [30, 45, 22, 60, 38];
  return lengths.map((n, i) =>
    Array.from(
      { length: n },
      (_, t) =>
        (i + 1) *
        100 *
        (1 + 0.01 * t) *
        (1 + 0.2 * Math.sin((2 * Math.PI * t) / 4) + 0.05 * Math.cos(t * (i + 1))),
    ),
  );
}

const tiny: GlobalForecastConfigInput = {
  horizon: 3,
  inputSize: 8,
  patch: 2,
  levelSpan: 1,
  seasonalLags: [4],
  units: 6,
  epochs: 3,
  windowsPerEpoch: 64,
  batchSize: 16,
  members: 2,
  learningRate: 0.01,
  seed: 7,
};

beforeAll(async () => {
  await initBackend('cpu');
});

describe('normalisation', () => {
  it('round-trips every value through log, offset and seasonal profiles', () => {
    const series = Array.from({ length: 50 }, (_, t) => -3 + t * 0.5 + 4 * Math.sin((2 * Math.PI * t) / 6));
    const norm = fitNormaliser(series, { periods: [6, 12], seasonalCycles: 3 });
    expect(norm.offset).toBeGreaterThan(0);
    expect(norm.profiles[0].some((v) => v !== 0)).toBe(true);
    expect(norm.profiles[0].reduce((p, q) => p + q, 0)).toBeCloseTo(0, 10);
    series.forEach((y, t) => expect(denormalise(norm, t, norm.values[t])).toBeCloseTo(y, 9));
  });

  it('needs no offset for positive series and then is the plain log', () => {
    const norm = fitNormaliser([1, Math.E, Math.E ** 2]);
    expect(norm.offset).toBe(0);
    expect(Array.from(norm.values)).toEqual([0, 1, 2]);
  });
});

describe('window sampler', () => {
  it('draws windows that stay inside one series, and rows equal to that series normalised by its level', () => {
    const series = syntheticSeries().map((s) => fitNormaliser(s).values);
    const shape = { inputSize: 8, patch: 2, horizon: 3, levelSpan: 2, seasonalLags: [] };
    const draws: WindowDraw[] = [];
    const sampler = new WindowSampler(series, shape, {
      windowsPerEpoch: 100,
      seed: 3,
      onDraw: (d) => draws.push(d),
    });
    const { x, y } = sampler.batch(new Int32Array(200));
    expect(x.shape).toEqual([200, 4, 2]);
    expect(y.shape).toEqual([200, 3]);
    const xs = x.dataSync();
    const ys = y.dataSync();
    tf.dispose([x, y]);
    const seen = new Set<number>();
    draws.forEach(({ series: s, origin }, b) => {
      seen.add(s);
      const v = series[s];
      expect(origin - shape.inputSize + 1).toBeGreaterThanOrEqual(0);
      expect(origin + shape.horizon).toBeLessThanOrEqual(v.length - 1);
      const level = (v[origin] + v[origin - 1]) / 2;
      for (let j = 0; j < 8; j++) expect(xs[b * 8 + j]).toBeCloseTo(v[origin - 7 + j] - level, 5);
      for (let h = 0; h < 3; h++) expect(ys[b * 3 + h]).toBeCloseTo(v[origin + 1 + h] - level, 5);
    });
    expect(seen.size).toBe(5);
  });

  it('puts the values one seasonal lag before the forecast steps first, edge-padded', () => {
    const values = Float64Array.from({ length: 40 }, (_, t) => t);
    const shape = { inputSize: 4, patch: 2, horizon: 2, levelSpan: 1, seasonalLags: [10, 30] };
    const x = new Float32Array(8);
    const y = new Float32Array(2);
    writeWindow(values, 20, shape, x, y, 0);
    // lag 30: steps -9, -8 (padded to 0); lag 10: steps 11, 12; window: 17..20; all minus the level 20
    expect(Array.from(x)).toEqual([-20, -20, -9, -8, -3, -2, -1, 0]);
    expect(Array.from(y)).toEqual([1, 2]);
  });

  it('limits origins to the recent history and to what the series allows', () => {
    const shape = { inputSize: 8, patch: 1, horizon: 3, levelSpan: 1, seasonalLags: [] };
    expect(originRange(30, shape, null)).toEqual({ first: 7, last: 26 });
    expect(originRange(30, shape, 5)).toEqual({ first: 22, last: 26 });
    // shorter than a full input window: only the last origin, edge-padded
    expect(originRange(9, shape, null)).toEqual({ first: 5, last: 5 });
    expect(originRange(3, shape, null).last).toBeLessThan(originRange(3, shape, null).first);
  });
});

describe('trainGlobalForecaster', () => {
  it('forecasts every series, is deterministic for a seed and leaves no tensor behind', async () => {
    const series = syntheticSeries();
    const before = tf.memory().numTensors;
    const epochs: number[] = [];
    const run = async () => {
      const forecaster = await trainGlobalForecaster(series, tiny, { onEpoch: (e) => epochs.push(e.member) });
      const forecasts = await forecaster.forecastAll();
      const again = await forecaster.forecastAll(series.slice(0, 2));
      forecaster.dispose();
      return { forecasts, again, forecaster };
    };
    const a = await run();
    const b = await run();
    expect(tf.memory().numTensors).toBe(before);
    expect(a.forecasts).toHaveLength(5);
    for (const f of a.forecasts) {
      expect(f).toHaveLength(3);
      for (const v of f) expect(Number.isFinite(v) && v > 0).toBe(true);
    }
    // the same networks on fewer series: equal up to float rounding of a smaller batch
    a.again.forEach((f, i) => f.forEach((v, h) => expect(v).toBeCloseTo(a.forecasts[i][h], 3)));
    expect(b.forecasts).toEqual(a.forecasts);
    expect(a.forecaster.members).toHaveLength(2);
    expect(a.forecaster.members.every((m) => m.status === 'completed' && m.used)).toBe(true);
    expect(epochs).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1]);
    // forecasts stay on the scale of each series
    a.forecasts.forEach((f, i) => {
      const last = series[i][series[i].length - 1];
      for (const v of f) {
        expect(v / last).toBeGreaterThan(0.5);
        expect(v / last).toBeLessThan(2);
      }
    });
  });

  it('differs with the seed and keeps the members trained before a stop', async () => {
    const series = syntheticSeries();
    const other = await trainGlobalForecaster(series, { ...tiny, seed: 8, members: 1 });
    const first = await trainGlobalForecaster(series, { ...tiny, members: 1 });
    expect(await other.forecastAll()).not.toEqual(await first.forecastAll());
    other.dispose();
    first.dispose();
    const controller = new AbortController();
    const stopped = await trainGlobalForecaster(series, tiny, {
      signal: controller.signal,
      onEpoch: (e) => {
        if (e.member === 0 && e.epoch === 0) controller.abort();
      },
    });
    expect(stopped.status).toBe('stopped');
    expect(stopped.members).toHaveLength(1);
    expect(await stopped.forecastAll()).toHaveLength(5);
    stopped.dispose();
  });

  it('refuses settings and data it cannot use, saying what to change', async () => {
    expect(() => parseGlobalForecastConfig({ inputSize: 10, patch: 4 })).toThrow(
      /inputSize must be a multiple of patch/,
    );
    await expect(trainGlobalForecaster([[1, 2, 3]], { horizon: 5 })).rejects.toThrow(ConfigError);
    await expect(trainGlobalForecaster([[1, Number.NaN, 3]], tiny)).rejects.toThrow(/step 2/);
  });
});
