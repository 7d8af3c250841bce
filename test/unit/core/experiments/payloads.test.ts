import { describe, expect, it } from 'vitest';
import { ExperimentInput } from '../../../../src/core/api';
import {
  CELL_PATH,
  FORECAST_SORT_PATHS,
  HEADLINE_PATH,
  PAYLOAD_VERSION,
  PayloadVersionError,
  upgradePayload,
} from '../../../../src/core/experiments';
import { forecastInput, globalInput, melodyInput, memoryInput } from '../../fixtures/experiments';

/** Reads a `$.a.b` JSON path the way SQLite's json_extract does, for the paths the store uses. */
function jsonPath(value: unknown, path: string): unknown {
  return path
    .slice(2)
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      value,
    );
}

describe('payload schemas', () => {
  it('accept what each kind writes, and JSON round trips of it (NaN stored as null comes back as NaN)', () => {
    for (const input of [forecastInput(), melodyInput(), memoryInput(), globalInput()]) {
      const parsed = ExperimentInput.parse(input);
      const again = ExperimentInput.parse({ ...JSON.parse(JSON.stringify(parsed)), weights: null });
      expect(again.kind).toBe(input.kind);
    }
    const diverged = ExperimentInput.parse(forecastInput({ history: { loss: [1, Number.NaN] } }));
    const stored = ExperimentInput.parse({ ...JSON.parse(JSON.stringify(diverged)), weights: null });
    expect(stored.history.loss[1]).toBeNaN();
  });

  it('refuse a payload that does not belong to its kind, naming the field', () => {
    const bad = ExperimentInput.safeParse({ ...forecastInput(), metrics: { accuracy: 0.9, chance: 0.1 } });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues[0].path[0]).toBe('metrics');
  });
});

describe('the JSON paths the store reads in SQL', () => {
  it('find the cell and the headline in every kind, and the sort settings of forecasts', () => {
    for (const input of [forecastInput(), melodyInput(), memoryInput(), globalInput()]) {
      const parsed = ExperimentInput.parse(input);
      expect(jsonPath(parsed.config, CELL_PATH)).toBe(parsed.config.cell);
      expect(jsonPath(parsed.metrics, HEADLINE_PATH)).toEqual(parsed.metrics.headline);
      expect(jsonPath(parsed.metrics, `${HEADLINE_PATH}.lowerIsBetter`)).toBeTypeOf('boolean');
    }
    const forecast = ExperimentInput.parse(forecastInput({ config: { lookback: 48, horizon: 6 } }));
    if (forecast.kind !== 'forecast') throw new Error('kind');
    for (const [key, path] of Object.entries(FORECAST_SORT_PATHS))
      expect(jsonPath(forecast.config, path)).toBe(forecast.config[key as keyof typeof FORECAST_SORT_PATHS]);
  });
});

describe('payload upgrades', () => {
  const v1Forecast = {
    config: { cell: 'gru', target: 'y' },
    metrics: {
      model: { mae: 2, rmse: 3, mape: null, smape: 4, mase: 0.7, count: 10 },
      baselines: {},
      verdict: 'v',
      maseScale: 1,
      intervalCoverage: [0.8],
      mase: 0.7,
      mae: 2,
    },
    history: {},
    predictions: {},
    inspection: {},
  };

  it('turn version 1 metrics into a headline and one nullable score object', () => {
    const up = upgradePayload('forecast', 1, v1Forecast);
    expect(up.metrics).toMatchObject({
      headline: { name: 'MASE', value: 0.7, lowerIsBetter: true },
      scores: { verdict: 'v', intervalCoverage: [0.8] },
    });
    expect(up.inspection).toEqual({ latest: null });
    expect(upgradePayload('forecast', 1, { ...v1Forecast, metrics: {} }).metrics).toEqual({
      headline: null,
      scores: null,
    });
    expect(
      upgradePayload('memory', 1, { ...v1Forecast, metrics: { accuracy: 0.5, chance: 0.125 } }).metrics,
    ).toMatchObject({
      headline: { name: 'accuracy', value: 0.5, lowerIsBetter: false },
    });
  });

  it('leave the current version alone and refuse newer versions and unknown kinds', () => {
    const current = upgradePayload('forecast', PAYLOAD_VERSION, v1Forecast);
    expect(current).toBe(v1Forecast);
    expect(() => upgradePayload('forecast', PAYLOAD_VERSION + 1, v1Forecast)).toThrow(PayloadVersionError);
    expect(() => upgradePayload('forecast', PAYLOAD_VERSION + 1, v1Forecast)).toThrow(
      /saved by a newer RNN Lab/,
    );
    expect(() => upgradePayload('sweep', 1, v1Forecast)).toThrow(/kind "sweep" come from a newer RNN Lab/);
  });
});
