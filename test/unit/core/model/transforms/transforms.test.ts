import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deseasonaliseTransform,
  fitDeseasonalise,
  futureSeasonal,
  seasonalPatternChanges,
} from '../../../../../src/core/model/transforms/deseasonalise';
import {
  difference,
  differenceTransform,
  fitDifference,
  undifference,
} from '../../../../../src/core/model/transforms/difference';
import {
  denormaliseValues,
  fitWindow,
  normaliseWindow,
  windowLevel,
  windowTransform,
} from '../../../../../src/core/model/transforms/normalise';
import { AIR_PASSENGERS, seededUniform } from '../referenceSeries';
import { expectAllClose } from './closeTo';

const series = (min: number, max: number, minLength: number) =>
  fc.array(fc.double({ min, max, noNaN: true }), { minLength, maxLength: 80 });

describe('differencing', () => {
  it('differences at lag 1 and at a seasonal lag', () => {
    expect(difference([1, 4, 9, 16], 1)).toEqual([3, 5, 7]);
    expect(difference([1, 4, 9, 16, 25], 2)).toEqual([8, 12, 16]);
    expect(undifference([8, 12, 16], [1, 4], 2)).toEqual([9, 16, 25]);
  });

  it('round-trips in sample and continues forecasts from the last values (property)', () => {
    fc.assert(
      fc.property(series(-1e4, 1e4, 14), fc.constantFrom(1, 4, 12), (values, lag) => {
        const t = differenceTransform(fitDifference(values, lag));
        const d = t.forward(values);
        expect(d).toHaveLength(values.length - lag);
        expectAllClose(t.inverse(d), values, 1e-9);
        // forecast differences of 0 repeat the last season
        const flat = t.inverseForecast(new Array<number>(lag * 2).fill(0));
        expectAllClose(flat, [...values.slice(-lag), ...values.slice(-lag)], 1e-12);
      }),
    );
  });

  it('refuses a series no longer than the lag', () => {
    expect(() => fitDifference([1, 2, 3], 3)).toThrow(/more than 3 values/);
  });
});

describe('seasonal adjustment', () => {
  it.each(['classical-mult', 'classical-add', 'stl'] as const)(
    '%s round-trips and repeats the last season over the horizon',
    (method) => {
      const state = fitDeseasonalise(AIR_PASSENGERS, 12, method);
      const t = deseasonaliseTransform(state);
      expectAllClose(t.inverse(t.forward([...AIR_PASSENGERS])), [...AIR_PASSENGERS], 1e-12);
      const future = futureSeasonal(state, 15);
      expectAllClose(future.slice(0, 12), state.seasonal.slice(-12), 0);
      expectAllClose(future.slice(12), state.seasonal.slice(-12, -9), 0);
      const level = new Array<number>(15).fill(300);
      const back = t.inverseForecast(level);
      back.forEach((v, i) =>
        expect(v).toBeCloseTo(method === 'classical-mult' ? 300 * future[i] : 300 + future[i], 9),
      );
      expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    },
  );

  it('detects a seasonal pattern that changes between halves', () => {
    const rand = seededUniform(5);
    const stable = Array.from({ length: 96 }, (_, t) => 50 + 10 * Math.sin((2 * Math.PI * t) / 12) + rand());
    const moving = Array.from(
      { length: 96 },
      (_, t) => 50 + (t < 48 ? 10 : -10) * Math.sin((2 * Math.PI * t) / 12) + rand(),
    );
    expect(seasonalPatternChanges(stable, 12).changes).toBe(false);
    expect(seasonalPatternChanges(moving, 12).changes).toBe(true);
    expect(seasonalPatternChanges(stable.slice(0, 40), 12).reason).toMatch(/too short/);
  });
});

describe('per-window normalisation', () => {
  it('divides by the last value, or by the mean of the last few when smoothed', () => {
    const w = normaliseWindow([2, 4, 8], [16, 4], { mode: 'ratio', smoothing: 1 });
    expect(w).toEqual({
      input: [0.25, 0.5, 1],
      target: [2, 0.5],
      state: { kind: 'window', mode: 'ratio', level: 8 },
    });
    expect(windowLevel([2, 4, 8], 2)).toBe(6);
    expect(windowLevel([2, 4, 8], 10)).toBeCloseTo(14 / 3, 15);
    const d = normaliseWindow([1, 3], null, { mode: 'difference', smoothing: 1 });
    expect(d.input).toEqual([-2, 0]);
    expect(denormaliseValues([0.5], d.state)).toEqual([3.5]);
  });

  it('round-trips windows, targets and forecasts (property)', () => {
    fc.assert(
      fc.property(
        series(0.01, 1e5, 2),
        fc.constantFrom('ratio' as const, 'difference' as const),
        fc.integer({ min: 1, max: 5 }),
        (values, mode, smoothing) => {
          const t = windowTransform(fitWindow(values, { mode, smoothing }));
          expectAllClose(t.inverse(t.forward(values)), values, 1e-9);
          expectAllClose(t.inverseForecast(t.forward(values)), values, 1e-9);
        },
      ),
    );
  });

  it('refuses a ratio against a level at or below 0', () => {
    expect(() => fitWindow([3, 0], { mode: 'ratio', smoothing: 1 })).toThrow(/'difference' mode/);
  });
});
