import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExperimentInput } from '../../../../src/core/api';
import { parseCsv } from '../../../../src/core/data';
import { ConfigError } from '../../../../src/core/data/errors';
import { globalJob, scaledErrorBands, seriesOfTable } from '../../../../src/core/jobs/globalJob';
import { naive2, owa, scoreSeries } from '../../../../src/core/model/classical/m4';
import { initBackend } from '../../../../src/core/model/backend';
import type { GlobalForecastConfigInput } from '../../../../src/core/model/global';

/** Four positive series with a period-4 cycle, different scales and lengths. */
function series(): { id: string; values: number[] }[] {
  return [40, 52, 36, 60].map((n, i) => ({
    id: `s${i + 1}`,
    values: Array.from(
      { length: n },
      (_, t) =>
        (i + 1) *
        50 *
        (1 + 0.01 * t) *
        (1 + 0.2 * Math.sin((2 * Math.PI * t) / 4) + 0.03 * Math.cos(3 * t + i)),
    ),
  }));
}

const quick: GlobalForecastConfigInput = {
  units: 8,
  epochs: 2,
  windowsPerEpoch: 64,
  batchSize: 16,
  members: 1,
  seed: 3,
};
const source = { kind: 'table' as const, target: 'value', key: 'id', files: [], from: 1, to: 4 };

beforeAll(async () => {
  await initBackend('cpu');
});

describe('globalJob', () => {
  it('holds out the last horizon values, scores them as M4 does and forecasts past the end with intervals', async () => {
    const data = series();
    const stages = new Set<string>();
    const tensors = tf.memory().numTensors;
    const result = await globalJob(
      {
        series: data,
        horizon: 4,
        seasonLength: 4,
        settings: quick,
        source,
        dataset: { id: 9, name: 'shops.csv' },
      },
      { onProgress: (p) => stages.add(p.stage) },
    );
    expect(tf.memory().numTensors).toBe(tensors);
    expect([...stages]).toEqual(expect.arrayContaining(['classical', 'training', 'forecasting']));
    expect(result.series.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4']);
    for (const [i, s] of result.series.entries()) {
      const values = data[i].values;
      expect(s.actual).toEqual(values.slice(-4));
      expect(s.history.at(-1)).toBe(values.at(-5));
      expect(s.forecast).toHaveLength(4);
      expect(s.future).toHaveLength(4);
      s.future.forEach((f, h) => {
        expect(s.lower[h]).toBeLessThanOrEqual(f + 1e-9);
        expect(s.upper[h]).toBeGreaterThanOrEqual(f - 1e-9);
      });
      // per-series scores are the M4 ones
      const train = values.slice(0, -4);
      const own = scoreSeries(train, s.actual, s.forecast, 4);
      expect(s.smape).toBeCloseTo(own.smape, 9);
      expect(s.mase).toBeCloseTo(own.mase, 9);
      expect(s.naive2Mase).toBeCloseTo(scoreSeries(train, s.actual, naive2(train, 4, 4), 4).mase, 9);
    }
    const total = owa(
      result.series.map((s) => ({ smape: s.smape, mase: s.mase! })),
      result.series.map((s) => ({ smape: s.naive2Smape, mase: s.naive2Mase! })),
    );
    expect(result.metrics.owa).toBeCloseTo(total.owa, 9);
    expect(result.metrics.series).toBe(4);
    const beats = result.series.filter((s) => s.mase! < s.snaiveMase!).length / 4;
    expect(result.metrics.beatsSeasonalNaive).toBe(beats);
    expect(result.metrics.competitors.theta).toBeDefined();
    expect(result.metrics.headline?.name).toBe('OWA');
    expect(result.metrics.local).toBeNull();
    // the experiment passes the contract
    const parsed = ExperimentInput.parse(result.experiment);
    expect(parsed.kind).toBe('global');
    expect(parsed.datasetId).toBe(9);
  });

  it('scores a given test part (M4) without a future, and compares with one network per series', async () => {
    const data = series().map((s) => ({
      id: s.id,
      values: s.values.slice(0, -4),
      actual: s.values.slice(-4),
    }));
    const result = await globalJob({
      series: data,
      horizon: 4,
      seasonLength: 4,
      settings: quick,
      compareLocal: true,
      source: { ...source, kind: 'm4' },
      dataset: null,
    });
    result.series.forEach((s, i) => {
      expect(s.actual).toEqual(data[i].actual);
      expect(s.history.at(-1)).toBe(data[i].values.at(-1));
      expect(s.future).toEqual([]);
      expect(s.localMase).toEqual(expect.any(Number));
    });
    expect(result.metrics.local?.owa).toEqual(expect.any(Number));
  });

  it('refuses series too short to hold out the horizon, naming them', async () => {
    const data = [...series(), { id: 'tiny', values: [1, 2, 3, 4, 5, 6] }];
    await expect(
      globalJob({ series: data, horizon: 4, seasonLength: 4, settings: quick, source, dataset: null }),
    ).rejects.toThrow(ConfigError);
    await expect(
      globalJob({ series: data, horizon: 4, seasonLength: 4, settings: quick, source, dataset: null }),
    ).rejects.toThrow(/tiny.*lower the horizon/);
  });
});

describe('seriesOfTable', () => {
  it('reads one series per key of a long table, in the order of the keys', () => {
    const csv =
      'date,shop,sales\n' +
      ['a', 'b'].flatMap((k, j) => [1, 2, 3].map((d) => `2024-01-0${d},${k},${d * (j + 1)}`)).join('\n');
    const list = seriesOfTable(parseCsv(csv), { target: 'sales' });
    expect(list).toEqual([
      { id: 'a', values: [1, 2, 3] },
      { id: 'b', values: [2, 4, 6] },
    ]);
  });
});

describe('scaledErrorBands', () => {
  it('pools the steps up to h with fewer than 30 series, and takes each step alone with more', () => {
    const few = scaledErrorBands(
      [
        [0, 10],
        [1, 11],
        [2, 12],
      ],
      0.5,
    );
    expect(few.low[0]).toBeCloseTo(0.5, 9);
    expect(few.high[0]).toBeCloseTo(1.5, 9);
    // steps 1-2 pooled: 0 1 2 10 11 12 -> quartiles 1.25 and 10.75
    expect(few.low[1]).toBeCloseTo(1.25, 9);
    expect(few.high[1]).toBeCloseTo(10.75, 9);
    const many = scaledErrorBands(
      Array.from({ length: 31 }, (_, i) => [i, 100 + i]),
      0.5,
    );
    expect(many.low[1]).toBeCloseTo(107.5, 9);
  });
});
