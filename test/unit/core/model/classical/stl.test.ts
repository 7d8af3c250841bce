import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StlOptions } from '../../../../../src/core/model/classical/stl';
import { stl } from '../../../../../src/core/model/classical/stl';

const dir = new URL('../../../../fixtures/stl/', import.meta.url);
const co2 = readFileSync(new URL('co2.csv', dir), 'utf8').trim().split('\n').map(Number);
const reference = readFileSync(new URL('co2_stl_fortran.csv', dir), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','));

// The settings of the reference run (see test/fixtures/stl/SOURCES.md).
const REFERENCE_SETTINGS: StlOptions = {
  seasonalWindow: 35,
  trendWindow: 19,
  lowPassWindow: 13,
  seasonalDegree: 1,
  trendDegree: 1,
  lowPassDegree: 1,
  seasonalJump: 4,
  trendJump: 2,
  lowPassJump: 2,
  inner: 1,
  outer: 2,
};

describe('stl', () => {
  it.each([
    ['baseline', 348, {}],
    ['short', 347, {}],
    ['nljump-1-ntjump-1', 348, { trendJump: 1, lowPassJump: 1 }],
  ] as const)('matches the original Fortran STL on CO2 (%s)', (scenario, n, extra) => {
    const expected = reference.filter((r) => r[0] === scenario);
    expect(expected).toHaveLength(n);
    const d = stl(co2.slice(0, n), 12, { ...REFERENCE_SETTINGS, ...extra });
    expected.forEach((r, i) => {
      expect(d.seasonal[i]).toBeCloseTo(Number(r[2]), 9);
      expect(d.trend[i]).toBeCloseTo(Number(r[3]), 8);
      expect(d.weights[i]).toBeCloseTo(Number(r[4]), 9);
    });
    d.remainder.forEach((v, i) => expect(v).toBeCloseTo(co2[i] - d.seasonal[i] - d.trend[i], 12));
  });

  it('recovers a fixed additive season around a constant level exactly', () => {
    const s = [3, -1, -4, 2];
    const y = Array.from({ length: 40 }, (_, t) => 100 + s[t % 4]);
    const d = stl(y, 4, { seasonalWindow: 'periodic' });
    d.seasonal.forEach((v, t) => expect(v).toBeCloseTo(s[t % 4], 9));
    d.trend.forEach((v) => expect(v).toBeCloseTo(100, 9));
    expect(d.weights.every((w) => w === 1)).toBe(true);
  });

  it('down-weights an outlier when robust', () => {
    const y = Array.from({ length: 60 }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / 6));
    y[30] += 50;
    const d = stl(y, 6, { robust: true });
    expect(d.weights[30]).toBe(0);
    expect(Math.abs(d.remainder[30])).toBeGreaterThan(45);
  });

  it('explains what it needs', () => {
    expect(() => stl([1, 2, 3, 4, 5, 6, 7, 8], 4)).toThrow(/more than two full seasons/);
    expect(() => stl([1, 2, 3, 4, 5, 6, 7, 8], 1)).toThrow(/at least 2/);
    expect(() => stl(co2, 12, { seasonalWindow: 0 })).toThrow(/seasonal window/);
  });
});
