import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boxCox,
  boxCoxTransform,
  brentMinimise,
  guerreroLambda,
  inverseBoxCox,
  varianceGrowsWithLevel,
} from '../../../../../src/core/model/transforms/boxCox';
import { AIR_PASSENGERS, seededUniform } from '../referenceSeries';
import { expectAllClose } from './closeTo';

const positive = fc.array(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 });

describe('Box-Cox', () => {
  it('is (y^λ − 1)/λ, and log at λ = 0', () => {
    expect(boxCox([4], 0.5)).toEqual([2]);
    expect(boxCox([Math.E], 0)).toEqual([1]);
    expect(boxCox([2], -1)[0]).toBeCloseTo(0.5, 15);
  });

  it('round-trips for any positive values and λ in [-1, 2] (property)', () => {
    fc.assert(
      fc.property(positive, fc.double({ min: -1, max: 2, noNaN: true }), (values, lambda) => {
        const t = boxCoxTransform({ kind: 'box-cox', lambda });
        expectAllClose(t.inverse(t.forward(values)), values, 1e-8);
        expectAllClose(t.inverseForecast(t.forward(values)), values, 1e-8);
      }),
    );
  });

  it('maps values beyond the reachable range to the limit instead of NaN', () => {
    expect(inverseBoxCox([5], -0.5)).toEqual([Infinity]);
    expect(inverseBoxCox([-5], 0.5)).toEqual([0]);
  });

  it('refuses values that are not positive, saying what to do', () => {
    expect(() => boxCox([3, 0, 2], 0)).toThrow(/value 2 is 0.*add a constant/);
    expect(() => guerreroLambda([3, -1, 2, 4, 5, 6, 7], 1)).toThrow(/positive values/);
  });
});

describe("Guerrero's λ", () => {
  it('matches forecast::BoxCox.lambda(AirPassengers) = -0.2947156', () => {
    expect(guerreroLambda(AIR_PASSENGERS, 12)).toBeCloseTo(-0.2947156, 4);
  });

  it('returns 1 for two seasons or fewer, as R does', () => {
    expect(guerreroLambda(AIR_PASSENGERS.slice(0, 24), 12)).toBe(1);
  });

  it("minimises like R's optimize()", () => {
    expect(brentMinimise((x) => (x - 0.3) ** 2, -1, 2)).toBeCloseTo(0.3, 4);
    expect(brentMinimise((x) => x, -1, 2)).toBeCloseTo(-1, 3);
  });
});

describe('varianceGrowsWithLevel', () => {
  const rand = seededUniform(11);
  const trend = (t: number) => 100 * Math.exp(0.02 * t);

  it('proposes a transform when the spread is proportional to the level', () => {
    const y = Array.from({ length: 144 }, (_, t) => trend(t) * (1 + 0.2 * Math.sin((2 * Math.PI * t) / 12)));
    expect(varianceGrowsWithLevel(y, 12).grows).toBe(true);
    expect(varianceGrowsWithLevel(AIR_PASSENGERS, 12)).toMatchObject({ grows: true, blocks: 12 });
  });

  it('does not when the spread stays the same', () => {
    const y = Array.from(
      { length: 144 },
      (_, t) => 100 + 2 * t + 5 * Math.sin((2 * Math.PI * t) / 12) + rand(),
    );
    const r = varianceGrowsWithLevel(y, 12);
    expect(r.grows).toBe(false);
    expect(r.reason).toMatch(/does not grow/);
    const flat = Array.from({ length: 100 }, () => 50 + rand());
    expect(varianceGrowsWithLevel(flat, 1).reason).toMatch(/varies too little/);
  });

  it('says why it cannot tell', () => {
    expect(varianceGrowsWithLevel([1, -2, 3, 4], 1).reason).toMatch(/not all values are positive/);
    expect(varianceGrowsWithLevel([1, 2, 3, 4, 5], 1).reason).toMatch(/too short/);
  });
});
