import { describe, expect, it } from 'vitest';
import {
  describeDieboldMariano,
  dieboldMariano,
  logGamma,
  pairedErrors,
  studentTCdf,
  studentTTwoSided,
} from '../../../../src/core/model/dieboldMariano';

// A small case worked out by hand.
//   eA = [1, 2, 0, 1, 2], eB = [2, 2, 1, 2, 1], n = 5
//
// Squared loss: d = eA² - eB² = [1-4, 4-4, 0-1, 1-4, 4-1] = [-3, 0, -1, -3, 3]
//   d̄ = -4/5 = -0.8;  d - d̄ = [-2.2, 0.8, -0.2, -2.2, 3.8]
//   γ0 = (4.84 + 0.64 + 0.04 + 4.84 + 14.44) / 5 = 24.8 / 5 = 4.96
//   h = 1: V = γ0 / n = 0.992;  DM = -0.8 / √0.992 = -0.803219…
//          HLN factor √((n + 1 - 2h + h(h-1)/n) / n) = √(4/5);  DM* = -0.8 · √(0.8 / 0.992) = -0.718421…
//          p = 2 · P(T4 > 0.718421…) = 0.512225 (Student t, 4 df)
//   h = 2: γ1 = (0.8·-2.2 + -0.2·0.8 + -2.2·-0.2 + 3.8·-2.2) / 5 = (-1.76 - 0.16 + 0.44 - 8.36) / 5 = -1.968
//          V = (γ0 + 2γ1) / n = (4.96 - 3.936) / 5 = 0.2048;  DM = -0.8 / √0.2048 = -√3.125 = -1.767767…
//          HLN factor √((5 + 1 - 4 + 2/5) / 5) = √0.48;  DM* = -√(3.125 · 0.48) = -√1.5 = -1.224745…
//          p = 2 · P(T4 > √1.5) = 0.287864
//
// Absolute loss: d = |eA| - |eB| = [-1, 0, -1, -1, 1];  d̄ = -0.4;  d - d̄ = [-0.6, 0.4, -0.6, -0.6, 1.4]
//   γ0 = (0.36 + 0.16 + 0.36 + 0.36 + 1.96) / 5 = 0.64;  V = 0.128;  DM = -0.4 / √0.128 = -√1.25
//   DM* = -√1.25 · √0.8 = -1 exactly;  p = 2 · P(T4 > 1) = 0.373901
const eA = [1, 2, 0, 1, 2];
const eB = [2, 2, 1, 2, 1];

describe('dieboldMariano', () => {
  it('matches the hand computation for squared loss at h = 1', () => {
    const r = dieboldMariano(eA, eB, { loss: 'squared', horizon: 1 });
    expect(r.n).toBe(5);
    expect(r.meanLossA).toBeCloseTo(2, 12);
    expect(r.meanLossB).toBeCloseTo(2.8, 12);
    expect(r.meanDifference).toBeCloseTo(-0.8, 12);
    expect(r.variance).toBeCloseTo(0.992, 12);
    expect(r.dm).toBeCloseTo(-0.8 / Math.sqrt(0.992), 12);
    expect(r.statistic).toBeCloseTo(-0.7184212081, 9);
    expect(r.degreesOfFreedom).toBe(4);
    expect(r.pValue).toBeCloseTo(0.51222525869954, 10);
    expect(r.note).toBeNull();
  });

  it('uses h - 1 autocovariances and the HLN factor for h = 2', () => {
    const r = dieboldMariano(eA, eB, { loss: 'squared', horizon: 2 });
    expect(r.horizon).toBe(2);
    expect(r.variance).toBeCloseTo(0.2048, 12);
    expect(r.dm).toBeCloseTo(-Math.sqrt(3.125), 12);
    expect(r.statistic).toBeCloseTo(-Math.sqrt(1.5), 12);
    expect(r.pValue).toBeCloseTo(0.287864134727, 8);
  });

  it('matches the hand computation for absolute loss', () => {
    const r = dieboldMariano(eA, eB, { loss: 'absolute' });
    expect(r.meanDifference).toBeCloseTo(-0.4, 12);
    expect(r.variance).toBeCloseTo(0.128, 12);
    expect(r.statistic).toBeCloseTo(-1, 12);
    expect(r.pValue).toBeCloseTo(0.373900966306, 8);
  });

  it('is antisymmetric in A and B', () => {
    const ab = dieboldMariano(eA, eB);
    const ba = dieboldMariano(eB, eA);
    expect(ba.statistic).toBeCloseTo(-ab.statistic, 12);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
  });

  it('falls back to the one-step variance when the h-step one is not positive', () => {
    // Alternating differentials have a strongly negative lag-1 autocovariance: γ0 + 2γ1 < 0.
    const a = [2, 0, 2, 0, 2, 0, 2, 0];
    const b = [0, 1, 0, 1, 0, 1, 0, 1];
    const r = dieboldMariano(a, b, { horizon: 2 });
    expect(r.horizon).toBe(1);
    expect(r.note).toMatch(/one-step variance was used/);
    expect(r.statistic).toBeCloseTo(dieboldMariano(a, b, { horizon: 1 }).statistic, 12);
  });

  it('says identical forecasts are not different, and refuses bad input', () => {
    const same = dieboldMariano([1, 2, 3], [1, 2, 3]);
    expect(same.pValue).toBe(1);
    expect(same.note).toMatch(/identical/);
    expect(() => dieboldMariano([1, 2], [1, 2])).toThrow(/at least 3/);
    expect(() => dieboldMariano([1, 2, 3], [1, 2])).toThrow(/same length/);
    expect(() => dieboldMariano([1, 2, 3], [1, 2, Number.NaN])).toThrow(/finite/);
    expect(() => dieboldMariano([1, 2, 3], [1, 2, 4], { horizon: 0 })).toThrow(/horizon/);
  });

  it('states the result in words', () => {
    // 40 errors where A is clearly better: B's errors are A's plus a constant offset.
    const a = Array.from({ length: 40 }, (_, t) => Math.sin(t) * 0.5);
    const b = a.map((e, t) => e + 1 + 0.3 * Math.cos(3 * t));
    const better = dieboldMariano(a, b);
    expect(better.pValue).toBeLessThan(0.001);
    expect(describeDieboldMariano(better, 'A', 'B')).toMatch(
      /^A is significantly more accurate than B at the 5% level \(DM = -\d+\.\d\d, p < 0\.0001; 40 one-step-ahead forecasts, squared error\)\.$/,
    );
    expect(describeDieboldMariano(dieboldMariano(b, a), 'B', 'A')).toMatch(
      /^A is significantly more accurate than B/,
    );
    expect(describeDieboldMariano(dieboldMariano(eA, eB, { horizon: 2 }), 'GRU', 'LSTM')).toBe(
      'No significant difference in accuracy between GRU and LSTM at the 5% level (DM = -1.22, p = 0.288; 5 2-step-ahead forecasts, squared error).',
    );
  });
});

describe('Student t distribution', () => {
  it('matches reference values', () => {
    // Reference values from the t distribution (scipy.stats.t).
    expect(studentTCdf(-2, 10)).toBeCloseTo(0.036694017385, 10);
    expect(studentTTwoSided(2.228, 10)).toBeCloseTo(0.050011771817, 10);
    expect(studentTCdf(1.5, 3.5)).toBeCloseTo(0.891090906492, 9);
    expect(studentTTwoSided(3, 100)).toBeCloseTo(0.003407915343, 10);
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 14);
    // One degree of freedom is the Cauchy distribution: F(t) = 1/2 + atan(t)/π.
    expect(studentTCdf(1.7, 1)).toBeCloseTo(0.5 + Math.atan(1.7) / Math.PI, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
});

describe('pairedErrors', () => {
  const runA = {
    origins: [10, 11, 12, 13],
    actual: [
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
    ],
    predicted: [
      [1.5, 2],
      [2, 3.5],
      [3, 4],
      [4.5, 5],
    ],
  };
  const runB = {
    origins: [11, 12, 13, 14],
    actual: [
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 6],
    ],
    predicted: [
      [2, 3],
      [2, 4],
      [4, 4],
      [5, 6],
    ],
  };

  it('pairs the shared windows at the chosen step', () => {
    expect(pairedErrors(runA, runB, 1)).toEqual({
      ok: true,
      step: 1,
      origins: [11, 12, 13],
      errorsA: [0, 0, 0.5],
      errorsB: [0, -1, 0],
    });
    expect(pairedErrors(runA, runB, 2)).toEqual({
      ok: true,
      step: 2,
      origins: [11, 12, 13],
      errorsA: [0.5, 0, 0],
      errorsB: [0, 0, -1],
    });
  });

  it('refuses runs that do not share a test set', () => {
    const other = { ...runB, actual: runB.actual.map((row) => row.map((v) => v + 1)) };
    expect(pairedErrors(runA, other, 1)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/do not share a test set/),
    });
    expect(pairedErrors(runA, runB, 3)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/outside the horizons/),
    });
    expect(pairedErrors(runA, { ...runB, origins: [20, 21, 22, 23] }, 1)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/share 0 test windows/),
    });
  });
});
