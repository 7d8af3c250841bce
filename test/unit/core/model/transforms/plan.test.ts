import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxCox } from '../../../../../src/core/model/transforms/boxCox';
import {
  deseasonaliseTransform,
  futureSeasonal,
} from '../../../../../src/core/model/transforms/deseasonalise';
import { difference } from '../../../../../src/core/model/transforms/difference';
import type { FittedPlan, TransformPlan } from '../../../../../src/core/model/transforms/plan';
import {
  applyPlan,
  invertPlan,
  invertPlanInSample,
  proposeTransforms,
} from '../../../../../src/core/model/transforms/plan';
import { AIR_PASSENGERS, seededUniform } from '../referenceSeries';
import { expectAllClose } from './closeTo';

/** Applies a fitted plan to values that continue the fitted series (the inverse of invertPlan). */
function forwardFuture(fitted: FittedPlan, future: number[]): number[] {
  let hist = [...AIR_PASSENGERS];
  let fut = [...future];
  if (fitted.boxCox) {
    hist = boxCox(hist, fitted.boxCox.lambda);
    fut = boxCox(fut, fitted.boxCox.lambda);
  }
  if (fitted.deseasonalise) {
    const fs = futureSeasonal(fitted.deseasonalise, fut.length);
    const mult = fitted.deseasonalise.method === 'classical-mult';
    hist = deseasonaliseTransform(fitted.deseasonalise).forward(hist);
    fut = fut.map((v, i) => (mult ? v / fs[i] : v - fs[i]));
  }
  for (const d of fitted.differences) {
    const all = difference([...hist, ...fut], d.lag);
    hist = all.slice(0, hist.length - d.lag);
    fut = all.slice(hist.length);
  }
  return fut;
}

const plan = (p: Partial<TransformPlan>): TransformPlan => ({
  m: 12,
  boxCox: null,
  deseasonalise: 'none',
  differencing: { first: 0, seasonal: 0 },
  reasons: { boxCox: '', deseasonalise: '', differencing: '' },
  ...p,
});

describe('proposeTransforms', () => {
  it('proposes Guerrero Box-Cox, seasonal adjustment and one difference for AirPassengers', () => {
    const p = proposeTransforms(AIR_PASSENGERS, 12);
    expect(p.boxCox).toBeCloseTo(-0.2947, 3);
    expect(p.deseasonalise).not.toBe('none');
    expect(p.differencing).toEqual({ first: 1, seasonal: 0 });
    expect(p.reasons.boxCox).toMatch(/Guerrero.*spread grows with the level/);
    expect(p.reasons.deseasonalise).toMatch(/seasonal \(lag-12 autocorrelation/);
    expect(p.reasons.differencing).toMatch(/KPSS rejects/);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it('leaves stationary noise alone, with a reason for each choice', () => {
    const rand = seededUniform(9);
    const p = proposeTransforms(
      Array.from({ length: 120 }, () => 10 + rand()),
      12,
    );
    expect(p).toMatchObject({ boxCox: null, deseasonalise: 'none', differencing: { first: 0, seasonal: 0 } });
    expect(p.reasons.deseasonalise).toMatch(/not seasonal/);
    expect(p.reasons.differencing).toMatch(/does not reject/);
  });

  it('uses a multiplicative classical decomposition for a stable positive season, as M4', () => {
    const rand = seededUniform(2);
    const y = Array.from(
      { length: 96 },
      (_, t) => 100 * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)) + rand(),
    );
    expect(proposeTransforms(y, 12).deseasonalise).toBe('classical-mult');
    expect(
      proposeTransforms(
        y.map((v) => v - 150),
        12,
      ).deseasonalise,
    ).toBe('classical-add');
  });

  it('handles a constant series and refuses a too-short one', () => {
    const p = proposeTransforms(new Array<number>(40).fill(5), 4);
    expect(p).toMatchObject({ boxCox: null, deseasonalise: 'none', differencing: { first: 0, seasonal: 0 } });
    expect(() => proposeTransforms([1, 2], 1)).toThrow(/at least 3 values/);
  });
});

describe('applyPlan / invertPlan', () => {
  const plans: TransformPlan[] = [
    plan({}),
    plan({ boxCox: 0 }),
    plan({ boxCox: -0.3, deseasonalise: 'stl', differencing: { first: 1, seasonal: 0 } }),
    plan({ deseasonalise: 'classical-mult', differencing: { first: 1, seasonal: 1 } }),
    plan({ boxCox: 0.5, deseasonalise: 'classical-add', differencing: { first: 2, seasonal: 0 } }),
    plan({ differencing: { first: 0, seasonal: 1 } }),
  ];

  it.each(plans.map((p) => [JSON.stringify(p.boxCox), p.deseasonalise, JSON.stringify(p.differencing), p]))(
    'round-trips the series (boxCox %s, %s, differencing %s)',
    (_a, _b, _c, p) => {
      const { fitted, transformed } = applyPlan(AIR_PASSENGERS, p);
      expect(transformed).toHaveLength(144 - p.differencing.first - 12 * p.differencing.seasonal);
      expectAllClose(invertPlanInSample(fitted, transformed), [...AIR_PASSENGERS], 1e-9);
      const reloaded = JSON.parse(JSON.stringify(fitted));
      expectAllClose(invertPlanInSample(reloaded, transformed), [...AIR_PASSENGERS], 1e-9);
    },
  );

  it('inverts forecasts and interval bounds exactly, keeping bounds ordered (property)', () => {
    const fittedPlans = plans.map((p) => applyPlan(AIR_PASSENGERS, p).fitted);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: plans.length - 1 }),
        fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        (k, steps, width) => {
          const fitted = fittedPlans[k];
          const { transformed } = applyPlan(AIR_PASSENGERS, fitted.plan);
          // a forecast that continues the transformed series gently
          const base =
            fitted.plan.differencing.first + fitted.plan.differencing.seasonal > 0 ? 0 : transformed.at(-1)!;
          const mean = steps.map((s) => base + s);
          const lower = mean.map((v) => v - width);
          const upper = mean.map((v) => v + width);
          const out = invertPlan(fitted, mean, [{ level: 0.8, lower, upper }]);
          expect(out.mean).toHaveLength(mean.length);
          const iv = out.intervals[0];
          // beyond the range Box-Cox with λ < 0 can reach, the inverse is the limit (Infinity): not invertible
          fc.pre([...out.mean, ...iv.lower, ...iv.upper].every((v) => v < 1e5));
          iv.lower.forEach((lo, i) => {
            expect(lo).toBeLessThanOrEqual(out.mean[i] * (1 + 1e-12) + 1e-9);
            expect(iv.upper[i]).toBeGreaterThanOrEqual(out.mean[i] * (1 - 1e-12) - 1e-9);
          });
          // pushed forward through the fitted steps, the inverted paths give the forecast and bounds back
          expectAllClose(forwardFuture(fitted, out.mean), mean, 1e-9);
          expectAllClose(forwardFuture(fitted, iv.lower), lower, 1e-9);
          expectAllClose(forwardFuture(fitted, iv.upper), upper, 1e-9);
        },
      ),
    );
  });

  it('inverts a known forecast by hand (log, then one difference)', () => {
    const p = plan({ boxCox: 0, differencing: { first: 1, seasonal: 0 } });
    const { fitted } = applyPlan([1, Math.E, Math.E ** 2], p);
    const out = invertPlan(fitted, [1, 1], [{ level: 0.9, lower: [0, 0], upper: [2, 2] }]);
    expectAllClose(out.mean, [Math.E ** 3, Math.E ** 4], 1e-12);
    expectAllClose(out.intervals[0].lower, [Math.E ** 2, Math.E ** 2], 1e-12);
    expectAllClose(out.intervals[0].upper, [Math.E ** 4, Math.E ** 6], 1e-12);
  });

  it('refuses bounds of the wrong length', () => {
    const { fitted } = applyPlan(AIR_PASSENGERS, plan({}));
    expect(() => invertPlan(fitted, [1, 2], [{ level: 0.8, lower: [1], upper: [2, 3] }])).toThrow(
      /2-step forecast/,
    );
  });
});
