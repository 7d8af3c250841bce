import { describe, expect, it } from 'vitest';
import {
  baselineForecasts,
  driftForecast,
  naiveForecast,
  seasonalNaiveForecast,
} from '../../../../src/core/model/baselines';

const y = [1, 2, 3, 4, 5, 6, 7, 8];

describe('baselines', () => {
  it('naive repeats the last value', () => {
    expect(naiveForecast(y, 5, 4)).toEqual([6, 6, 6, 6]);
  });

  it('seasonal naive repeats the value one season before each step', () => {
    // origin 5, season 3: steps 1..3 -> rows 3, 4, 5; step 4 -> row 3 again
    expect(seasonalNaiveForecast(y, 5, 4, 3)).toEqual([4, 5, 6, 4]);
    expect(seasonalNaiveForecast(y, 5, 2, 1)).toEqual([6, 6]);
    expect(() => seasonalNaiveForecast(y, 1, 2, 3)).toThrow(RangeError);
  });

  it('drift extends the line from the first value to the origin', () => {
    expect(driftForecast(y, 5, 3)).toEqual([7, 8, 9]);
    expect(driftForecast([3, 9, 0, 5], 3, 2)).toEqual([5 + 2 / 3, 5 + 4 / 3]);
    expect(driftForecast([4], 0, 2)).toEqual([4, 4]);
  });

  it('gives every baseline for each origin', () => {
    const b = baselineForecasts([10, 20, 10, 20, 10], [2, 3], 1, 2);
    expect(b).toEqual({ naive: [[10], [20]], seasonalNaive: [[20], [10]], drift: [[10], [20 + 10 / 3]] });
  });
});
