import { describe, expect, it } from 'vitest';
import {
  isConstant,
  kpssTest,
  ndiffs,
  nsdiffs,
  seasonalStrength,
} from '../../../../../src/core/model/classical/unitRoot';
import { AIR_PASSENGERS, seededUniform } from '../referenceSeries';

describe('unit root decisions', () => {
  it('computes the KPSS statistic by hand', () => {
    // e = [-1.5, -0.5, 0.5, 1.5], partial sums [-1.5, -2, -1.5, 0]: 8.5 / 16 / (5 / 4)
    const k = kpssTest([1, 2, 3, 4], 0);
    expect(k.statistic).toBeCloseTo(8.5 / 16 / 1.25, 12);
    expect(k.pValue).toBeCloseTo(0.1 + ((0.425 - 0.347) / (0.463 - 0.347)) * (0.05 - 0.1), 12);
  });

  it('agrees with forecast::ndiffs and nsdiffs on AirPassengers (1 and 1)', () => {
    expect(ndiffs(AIR_PASSENGERS)).toBe(1);
    expect(nsdiffs(AIR_PASSENGERS, 12)).toBe(1);
    expect(seasonalStrength(AIR_PASSENGERS, 12)).toBeGreaterThan(0.9);
  });

  it('needs no differences for white noise or a constant series', () => {
    const rand = seededUniform(3);
    const noise = Array.from({ length: 200 }, () => rand());
    expect(ndiffs(noise)).toBe(0);
    expect(ndiffs(new Array<number>(30).fill(4))).toBe(0);
    expect(nsdiffs(new Array<number>(30).fill(4), 4)).toBe(0);
    expect(isConstant([2, 2, 2])).toBe(true);
    expect(isConstant([2, 2, 2.1])).toBe(false);
  });

  it('differences a random walk once', () => {
    const rand = seededUniform(7);
    let x = 0;
    const walk = Array.from({ length: 300 }, () => (x += rand() - 0.5));
    expect(ndiffs(walk)).toBeGreaterThanOrEqual(1);
  });
});
