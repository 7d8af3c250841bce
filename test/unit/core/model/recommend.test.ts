import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractSeries, parseCsv, proposeForecastDefaults } from '../../../../src/core/data';
import {
  needsDifferencing,
  proposalForNewData,
  recommendForecastConfig,
} from '../../../../src/core/model/recommend';
import { DEFAULT_FORECAST_CONFIG } from '../../../../src/core/model/spec';

describe('recommended forecast settings', () => {
  it('difference a series whose recent values leave the training range', () => {
    const trend = Array.from({ length: 200 }, (_, i) => i + Math.sin(i));
    expect(needsDifferencing(trend)).toBe(true);
    const seasonal = Array.from({ length: 200 }, (_, i) => 10 * Math.sin((2 * Math.PI * i) / 12));
    expect(needsDifferencing(seasonal)).toBe(false);
    expect(needsDifferencing([1, 2, 3])).toBe(false);
    expect(needsDifferencing(Array(100).fill(5))).toBe(false);
  });

  it('propose differencing for CO2 and not for hourly temperatures when extra columns rule out the recipe', () => {
    for (const [file, expected] of [
      ['co2-concentration.csv', true],
      ['seattle-weather-hourly-normals.csv', false],
    ] as const) {
      const table = parseCsv(new Uint8Array(fs.readFileSync(`resources/samples/${file}`)));
      const d = proposeForecastDefaults(table);
      const series = extractSeries(table, { target: d.target, missing: 'interpolate' });
      const config = recommendForecastConfig(series.target, d, undefined, { features: 1 });
      expect(config.differencing).toBe(expected);
      expect(config.recipe).toBeNull();
      // without extra columns the recipe replaces differencing: windows relative to their level stay in range
      const recipe = recommendForecastConfig(series.target, d);
      expect(recipe.recipe).toMatchObject({ boxCox: 'auto', deseasonalise: 'auto', ensemble: 5 });
      expect(recipe).toMatchObject({ differencing: false, epochs: 20, patience: null });
      expect(config.lookback).toBe(d.lookback);
      expect(config.horizon).toBe(d.horizon);
    }
  });

  it('reset the model and training settings of the last dataset when another is opened, keeping the backend', () => {
    const previous = {
      ...DEFAULT_FORECAST_CONFIG,
      layers: 2,
      units: 64,
      epochs: 7,
      learningRate: 0.01,
      lookback: 5,
      backend: 'cpu' as const,
    };
    const target = Array.from({ length: 300 }, (_, i) => Math.sin(i / 4));
    const config = proposalForNewData(target, { lookback: 24, horizon: 6 }, previous);
    expect(config).toEqual({
      ...recommendForecastConfig(target, { lookback: 24, horizon: 6 }),
      backend: 'cpu',
    });
    // none of the previous dataset's model or training settings survive
    expect(config.layers).not.toBe(previous.layers);
    expect(config.units).not.toBe(previous.units);
    expect(config.epochs).not.toBe(previous.epochs);
    expect(config.learningRate).not.toBe(previous.learningRate);
  });
});
