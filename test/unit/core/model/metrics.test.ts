import { describe, expect, it } from 'vitest';
import type { ForecastMetrics } from '../../../../src/core/model/metrics';
import { computeMetrics, maseScale, stepErrors, verdict } from '../../../../src/core/model/metrics';
import { conformalHalfWidths, intervalCoverage } from '../../../../src/core/model/intervals';

const actual = [
  [1, 2],
  [3, 4],
];
const predicted = [
  [2, 2],
  [3, 6],
];

describe('computeMetrics', () => {
  it('matches hand-computed MAE, RMSE, MAPE, sMAPE and MASE', () => {
    // errors: 1, 0, 0, 2
    const m = computeMetrics(actual, predicted, 0.5);
    expect(m.mae).toBe(0.75);
    expect(m.rmse).toBeCloseTo(Math.sqrt(5 / 4), 12);
    expect(m.mape).toBeCloseTo((100 * (1 / 1 + 2 / 4)) / 4, 12); // 37.5
    expect(m.smape).toBeCloseTo((100 * ((2 * 1) / 3 + (2 * 2) / 10)) / 4, 12);
    expect(m.mase).toBe(1.5);
    expect(m.count).toBe(4);
  });

  it('omits MAPE when an actual value is 0 and MASE without a scale', () => {
    const m = computeMetrics([[0, 2]], [[1, 2]], null);
    expect(m.mape).toBeNull();
    expect(m.mase).toBeNull();
    expect(m.smape).toBe(100); // 2*1/(0+1) = 2 -> 200% for that term, 0 for the other
  });

  it('errors per horizon step', () => {
    const s = stepErrors(actual, predicted);
    expect(s.mae).toEqual([0.5, 1]);
    expect(s.rmse[0]).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(s.rmse[1]).toBeCloseTo(Math.sqrt(2), 12);
  });
});

describe('maseScale', () => {
  it('is the in-sample seasonal-naive MAE of the training part', () => {
    expect(maseScale([1, 3, 2, 5], 1)).toBe(2); // |2| + |-1| + |3| over 3
    expect(maseScale([1, 3, 2, 5], 2)).toBe(1.5); // |2-1| + |5-3| over 2
    expect(maseScale([4, 4, 4], 1)).toBeNull();
    expect(maseScale([1, 2], 2)).toBeNull();
  });
});

function metrics(mase: number): ForecastMetrics {
  return { mae: mase * 2, rmse: 0, mape: null, smape: 0, mase, count: 1 };
}

describe('verdict', () => {
  it('compares with seasonal naive on MASE', () => {
    const text = verdict(
      'LSTM',
      metrics(0.77),
      { naive: metrics(1.2), seasonalNaive: metrics(1), drift: metrics(1.1) },
      12,
    );
    expect(text).toBe('LSTM is 23% better than seasonal naive on MASE (0.77 vs 1).');
  });

  it('says worse, and names the best baseline when it is another one', () => {
    const text = verdict(
      'GRU',
      metrics(1.1),
      { naive: metrics(2), seasonalNaive: metrics(1), drift: metrics(0.5) },
      7,
    );
    expect(text).toBe(
      'GRU is 10% worse than seasonal naive on MASE (1.1 vs 1). The best baseline is drift (0.5): GRU is 120% worse than drift.',
    );
  });

  it('uses naive as the reference without a season, and MAE when MASE is undefined', () => {
    const noMase = (mae: number): ForecastMetrics => ({
      mae,
      rmse: 0,
      mape: null,
      smape: 0,
      mase: null,
      count: 1,
    });
    const text = verdict(
      'SimpleRNN',
      noMase(2),
      { naive: noMase(4), seasonalNaive: noMase(4), drift: noMase(5) },
      1,
    );
    expect(text).toBe('SimpleRNN is 50% better than naive on MAE (2 vs 4).');
  });
});

describe('conformal intervals', () => {
  it('takes the ceil((n + 1) * level)-th smallest absolute residual per step', () => {
    const act = [[0], [0], [0], [0], [0], [0], [0], [0], [0]];
    const pred = [[1], [-2], [3], [-4], [5], [-6], [7], [-8], [9]];
    // n = 9: 80% -> k = ceil(8) = 8 -> 8; 95% -> k = ceil(9.5) = 10 -> capped at 9 -> 9
    expect(conformalHalfWidths(act, pred, [0.8, 0.95])).toEqual([[8], [9]]);
    expect(intervalCoverage(act, pred, [8])).toBeCloseTo(8 / 9, 12);
  });
});
