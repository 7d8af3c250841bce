import { describe, expect, it } from 'vitest';
import {
  centredMovingAverage,
  classicalDecomposition,
  extendSeasonal,
  seasonalSlice,
} from '../../../../../src/core/model/classical/decompose';

describe('centredMovingAverage', () => {
  it('uses half weights at the ends for an even period', () => {
    const t = centredMovingAverage([1, 2, 3, 4, 5, 6, 7, 8], 4);
    expect(t.slice(0, 2)).toEqual([NaN, NaN]);
    expect(t[2]).toBeCloseTo((0.5 * 1 + 2 + 3 + 4 + 0.5 * 5) / 4, 12);
    expect(t.slice(6)).toEqual([NaN, NaN]);
  });

  it('is a plain mean for an odd period', () => {
    expect(centredMovingAverage([3, 6, 0, 9], 3)).toEqual([NaN, 3, 5, NaN]);
  });
});

describe('classicalDecomposition', () => {
  it('recovers additive seasonal offsets around a linear trend exactly', () => {
    const s = [-1, 0, 1, 0];
    const y = Array.from({ length: 16 }, (_, t) => 2 * t + 5 + s[t % 4]);
    const d = classicalDecomposition(y, 4, 'additive');
    d.indices.forEach((v, i) => expect(v).toBeCloseTo(s[i], 12));
    expect(d.trend[2]).toBeCloseTo(9, 12);
    d.remainder.filter((v) => !Number.isNaN(v)).forEach((v) => expect(v).toBeCloseTo(0, 12));
  });

  it('normalises multiplicative indices to mean 1 and extends them by phase', () => {
    const s = [0.5, 1, 1.5, 1];
    const y = Array.from({ length: 10 }, (_, t) => 20 * s[t % 4] * 1.1);
    const d = classicalDecomposition(y, 4, 'multiplicative');
    d.indices.forEach((v, i) => expect(v).toBeCloseTo(s[i], 12));
    expect(d.seasonal).toHaveLength(10);
    // positions 10, 11, 12 have phases 2, 3, 0
    extendSeasonal(d, 3).forEach((v, i) => expect(v).toBeCloseTo([1.5, 1, 0.5][i], 12));
    expect(seasonalSlice([1, 2, 3], -1, 2)).toEqual([3, 1]);
  });

  it('normalises raw phase means as R decompose does', () => {
    // period 2, y = [1, 3, 2, 6, 3, 9]: trend at t = 1..4 is (0.5·y[t-1] + y[t] + 0.5·y[t+1]) / 2
    const y = [1, 3, 2, 6, 3, 9];
    const d = classicalDecomposition(y, 2, 'additive');
    const tr = [NaN, 2.25, 3.25, 4.25, 5.25, NaN];
    tr.forEach((v, i) => (Number.isNaN(v) ? expect(d.trend[i]).toBeNaN() : expect(d.trend[i]).toBe(v)));
    const phase0 = (2 - 3.25 + (3 - 5.25)) / 2;
    const phase1 = (3 - 2.25 + (6 - 4.25)) / 2;
    const mean = (phase0 + phase1) / 2;
    expect(d.indices[0]).toBeCloseTo(phase0 - mean, 12);
    expect(d.indices[1]).toBeCloseTo(phase1 - mean, 12);
  });

  it('explains what to change when the series cannot be decomposed', () => {
    expect(() => classicalDecomposition([1, 2, 3, 4, 5], 4, 'additive')).toThrow(
      /two full seasons \(8 values/,
    );
    expect(() => classicalDecomposition([1, 2, 0, 4, 5, 6], 2, 'multiplicative')).toThrow(/additive/);
    expect(() => classicalDecomposition([1, 2, 3, 4], 1, 'additive')).toThrow(/at least 2/);
  });
});
