import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/core/model/backend';
import {
  WindowSampler,
  globalPreset,
  inputRowSize,
  parseGlobalForecastConfig,
  windowShapeOf,
  type WindowDraw,
} from '../../../../../src/core/model/global';
import { globalRecipe, m4PresetFor } from '../../../../../src/core/model/global/recipe';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Series k holds values k·1000 + 1 … k·1000 + n: a value tells which series it came from. */
function labelled(lengths: number[]): Float64Array[] {
  return lengths.map((n, k) => Float64Array.from({ length: n }, (_, t) => k * 1000 + 1 + (t % 900)));
}

describe('global windows', () => {
  it('never mix values of two series, with seasonal lags and edge padding (the Weekly recipe)', () => {
    const config = parseGlobalForecastConfig(globalPreset('weekly'));
    const shape = windowShapeOf(config);
    const series = labelled([20, 200, 60, 700, 15]);
    const draws: WindowDraw[] = [];
    const sampler = new WindowSampler(series, shape, {
      windowsPerEpoch: 1,
      seed: 5,
      onDraw: (d) => draws.push(d),
    });
    const { x, y } = sampler.batch(new Int32Array(500));
    const xs = x.dataSync();
    const ys = y.dataSync();
    tf.dispose([x, y]);
    const row = inputRowSize(shape);
    draws.forEach(({ series: k, origin }, b) => {
      const v = series[k];
      const level = v[origin];
      // every input and target value, with its level added back, is a value of series k
      for (let j = 0; j < row; j++) expect(Math.floor((xs[b * row + j] + level) / 1000)).toBe(k);
      for (let h = 0; h < shape.horizon; h++)
        expect(Math.floor((ys[b * shape.horizon + h] + level) / 1000)).toBe(k);
      expect(origin + shape.horizon).toBeLessThanOrEqual(v.length - 1);
    });
  });

  it('draw short and long series equally often, so long series do not drown short ones', () => {
    const series = labelled([30, 3000]);
    const counts = [0, 0];
    const sampler = new WindowSampler(
      series,
      { inputSize: 4, patch: 2, horizon: 2, levelSpan: 1, seasonalLags: [] },
      { windowsPerEpoch: 1, seed: 9, onDraw: (d) => counts[d.series]++ },
    );
    const { x, y } = sampler.batch(new Int32Array(4000));
    tf.dispose([x, y]);
    expect(counts[0] / 4000).toBeGreaterThan(0.46);
    expect(counts[0] / 4000).toBeLessThan(0.54);
  });
});

describe('globalRecipe', () => {
  it('uses the M4 recipes for their horizon and season, and derives one otherwise', () => {
    expect(m4PresetFor(13, 1)).toBe('weekly');
    expect(m4PresetFor(48, 24)).toBe('hourly');
    expect(globalRecipe(48, 24, 700)).toEqual(globalPreset('hourly'));
    const monthly = parseGlobalForecastConfig(globalRecipe(12, 12, 108));
    expect(monthly).toMatchObject({
      horizon: 12,
      patch: 12,
      inputSize: 48,
      seasonalPeriods: [12],
      levelSpan: 12,
    });
    const plain = parseGlobalForecastConfig(globalRecipe(5, 1, 40));
    expect(plain).toMatchObject({ horizon: 5, patch: 5, inputSize: 10, seasonalPeriods: [] });
    // a season the series are too short for is not removed
    expect(parseGlobalForecastConfig(globalRecipe(12, 12, 30)).seasonalPeriods).toEqual([]);
  });
});
