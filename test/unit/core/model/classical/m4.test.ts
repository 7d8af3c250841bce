import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../../src/core/data/errors';
import {
  m4MaseScale,
  m4SeasonalAdjustment,
  mase,
  naive2,
  owa,
  scoreSeries,
  smape,
} from '../../../../../src/core/model/classical/m4';
import type { SeriesScore } from '../../../../../src/core/model/classical/m4';
import type { M4Series } from './m4Data';
import { FIXTURE_M4_DIR, SHARED_M4_DIR, readM4, sharedM4 } from './m4Data';

const WEEKLY = { frequency: 'Weekly', m: 1, h: 13 } as const;
const HOURLY = { frequency: 'Hourly', m: 24, h: 48 } as const;

function naive2Scores(series: M4Series[], m: number, h: number): SeriesScore[] {
  return series.map((s) => scoreSeries(s.train, s.test, naive2(s.train, h, m), m));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('M4 scoring', () => {
  it('sMAPE is 200·|y − ŷ| / (|y| + |ŷ|) averaged over steps', () => {
    expect(smape([100], [110])).toBeCloseTo(2000 / 210, 12);
    expect(smape([100, 50], [110, 50])).toBeCloseTo(1000 / 210, 12);
    expect(smape([0, 1], [0, -1])).toBe(100);
    expect(() => smape([1, 2], [1])).toThrow(/2 actual values/);
  });

  it('MASE divides the mean absolute error by the in-sample naive error at lag m', () => {
    // lag 1: |3-1|, |2-3|, |4-2| -> 5/3
    expect(m4MaseScale([1, 3, 2, 4], 1)).toBeCloseTo(5 / 3, 12);
    expect(mase([1, 3, 2, 4], [5, 5], [4, 7], 1)).toBeCloseTo(1.5 / (5 / 3), 12);
    // lag 2: |2-1|, |4-3| -> 1
    expect(mase([1, 3, 2, 4], [5], [4], 2)).toBeCloseTo(1, 12);
  });

  it('refuses MASE where its scale is undefined, saying why', () => {
    expect(() => m4MaseScale([1, 2], 2)).toThrow(ConfigError);
    expect(() => m4MaseScale([1, 2], 2)).toThrow(/more than one season/);
    expect(() => m4MaseScale([5, 5, 5], 1)).toThrow(/repeat exactly every 1 steps/);
  });

  it('OWA averages the ratios of mean sMAPE and mean MASE to those of Naive2', () => {
    const r = owa(
      [
        { smape: 10, mase: 1 },
        { smape: 20, mase: 3 },
      ],
      [
        { smape: 20, mase: 2 },
        { smape: 20, mase: 2 },
      ],
    );
    expect(r).toMatchObject({ smape: 15, mase: 2, naive2Smape: 20, naive2Mase: 2, series: 2 });
    expect(r.owa).toBeCloseTo((15 / 20 + 2 / 2) / 2, 12);
    expect(() => owa([{ smape: 1, mase: 1 }], [])).toThrow(/same series/);
  });
});

describe('Naive2', () => {
  it('repeats the last value when the series has no seasonal period', () => {
    expect(naive2([3, 1, 4, 1, 5], 3, 1)).toEqual([5, 5, 5]);
  });

  it('reseasonalises the last seasonally adjusted value', () => {
    const s = [0.5, 1, 1.5, 1];
    const y = Array.from({ length: 24 }, (_, t) => 10 * s[t % 4]);
    const adj = m4SeasonalAdjustment(y, 4, 6);
    expect(adj.test.reason).toMatch(/lag-4 autocorrelation/);
    expect(adj.seasonal).toBe(true);
    adj.adjusted.forEach((v) => expect(v).toBeCloseTo(10, 12));
    const f = naive2(y, 6, 4);
    [5, 10, 15, 10, 5, 10].forEach((v, i) => expect(f[i]).toBeCloseTo(v, 12));
  });

  it('stays plain naive when the seasonality test fails', () => {
    // two seasons only: fewer than the 3m values the test needs
    const y = [1, 2, 3, 1, 2, 3.5];
    expect(m4SeasonalAdjustment(y, 3, 2).seasonal).toBe(false);
    expect(naive2(y, 2, 3)).toEqual([3.5, 3.5]);
  });

  // Computed once by this implementation, which reproduces the published means on all series below.
  const FIXTURE_WEEKLY: Array<[string, number, number]> = [
    ['W1', 2.056843, 11.459614],
    ['W2', 3.546121, 10.397663],
    ['W3', 3.031645, 8.86796],
    ['W4', 20.053745, 1.639399],
    ['W5', 23.857914, 0.57547],
  ];
  const FIXTURE_HOURLY: Array<[string, number, number]> = [
    ['H1', 3.807667, 0.573269],
    ['H2', 7.444968, 1.109191],
    ['H3', 5.439369, 0.994992],
    ['H4', 8.503661, 1.577368],
    ['H5', 16.824561, 2.391551],
  ];

  it.each([
    [WEEKLY, FIXTURE_WEEKLY],
    [HOURLY, FIXTURE_HOURLY],
  ] as const)('scores the committed M4 $frequency excerpt', ({ frequency, m, h }, expected) => {
    const series = readM4(FIXTURE_M4_DIR, frequency);
    expect(series.map((s) => s.id)).toEqual(expected.map((e) => e[0]));
    series.forEach((s) => expect(s.test).toHaveLength(h));
    const scores = naive2Scores(series, m, h);
    scores.forEach((sc, i) => {
      expect(sc.smape).toBeCloseTo(expected[i][1], 5);
      expect(sc.mase).toBeCloseTo(expected[i][2], 5);
    });
    if (frequency === 'Hourly') {
      expect(series.every((s) => m4SeasonalAdjustment(s.train, m, h).seasonal)).toBe(true);
    }
  });

  const shared = sharedM4('Naive2 on all M4 Weekly and Hourly series');
  (shared.run ? it : it.skip).each([
    [WEEKLY, 359, 9.161, 2.777],
    [HOURLY, 414, 18.383, 2.395],
  ] as const)(
    shared.title('reproduces the published Naive2 scores on all M4 $frequency series'),
    ({ frequency, m, h }, count, publishedSmape, publishedMase) => {
      const series = readM4(SHARED_M4_DIR, frequency);
      expect(series).toHaveLength(count);
      const scores = naive2Scores(series, m, h);
      expect(Math.abs(mean(scores.map((s) => s.smape)) - publishedSmape)).toBeLessThan(0.0015);
      expect(Math.abs(mean(scores.map((s) => s.mase)) - publishedMase)).toBeLessThan(0.0015);
      expect(owa(scores, scores).owa).toBe(1);
    },
  );
});
