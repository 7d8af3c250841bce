import { describe, expect, it } from 'vitest';
import {
  autocorrelations,
  seasonalityTest,
  seasonalityTestDetail,
} from '../../../../../src/core/model/classical/seasonality';

const sine = (n: number, m: number, noise = 0) =>
  Array.from({ length: n }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / m) + noise * Math.cos(7.3 * t * t));

describe('autocorrelations', () => {
  it('matches a hand computation (denominator n, as R acf)', () => {
    // x - mean = [-1.5, -0.5, 0.5, 1.5], sum of squares 5
    const r = autocorrelations([1, 2, 3, 4], 4);
    expect(r[0]).toBeCloseTo(1.25 / 5, 12);
    expect(r[1]).toBeCloseTo(-1.5 / 5, 12);
    expect(r[2]).toBeCloseTo(-2.25 / 5, 12);
    expect(r[3]).toBe(0);
  });

  it('is NaN for a constant series', () => {
    expect(autocorrelations([2, 2, 2], 1)[0]).toBeNaN();
  });
});

describe('seasonalityTest (M4)', () => {
  it('finds a clear seasonal pattern', () => {
    const d = seasonalityTestDetail(sine(72, 12, 0.2), 12);
    expect(d.seasonal).toBe(true);
    expect(d.acf).toBeGreaterThan(d.limit as number);
    expect(d.reason).toMatch(/lag-12 autocorrelation .* exceeds/);
  });

  it('uses the limit 1.645·sqrt((1 + 2·Σ_{k<m} r_k²)/n)', () => {
    const y = sine(40, 4, 0.5);
    const r = autocorrelations(y, 4);
    const limit = (1.645 * Math.sqrt(1 + 2 * (r[0] ** 2 + r[1] ** 2 + r[2] ** 2))) / Math.sqrt(40);
    const d = seasonalityTestDetail(y, 4);
    expect(d.limit).toBeCloseTo(limit, 12);
    expect(d.acf).toBeCloseTo(r[3], 12);
    expect(d.seasonal).toBe(Math.abs(r[3]) > limit);
  });

  it('is not seasonal without a period, with fewer than 3m values, or for a constant series', () => {
    expect(seasonalityTest(sine(100, 12), 1)).toBe(false);
    expect(seasonalityTestDetail(sine(35, 12), 12).reason).toMatch(/fewer than three seasons/);
    expect(seasonalityTest(new Array<number>(50).fill(3), 4)).toBe(false);
  });

  it("follows R's acf lag limit: m beyond floor(10·log10(n)) is not tested", () => {
    // 10·log10(200) = 23.0 < 24, while 10·log10(260) = 24.1
    expect(seasonalityTestDetail(sine(200, 24), 24).reason).toMatch(/beyond the autocorrelation lags/);
    expect(seasonalityTest(sine(260, 24), 24)).toBe(true);
    expect(seasonalityTest(sine(1000, 52), 52)).toBe(false);
  });

  it('refuses missing values', () => {
    expect(() => seasonalityTest([1, Number.NaN, 3], 1)).toThrow(/position 2/);
  });
});
