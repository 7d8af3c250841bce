import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ScalerStateSchema,
  difference,
  fitScaler,
  integrate,
  inverseColumn,
  transformColumn,
} from '../../../../src/core/data/scaling';

describe('fitScaler', () => {
  it('fits z-score on the training rows only', () => {
    const col = [1, 2, 3, 4, 1000, 2000];
    const s = fitScaler([col], 'zscore', 0, 4);
    expect(s.offset[0]).toBe(2.5);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(1.25), 12);
    const scaled = transformColumn(col, s, 0);
    expect(scaled[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 12);
    expect(scaled[4]).toBeCloseTo((1000 - 2.5) / Math.sqrt(1.25), 9);
  });

  it('fits min-max per column on the training rows only', () => {
    const s = fitScaler(
      [
        [5, 7, 9, 100],
        [0, -2, 2, -50],
      ],
      'minmax',
      0,
      3,
    );
    expect(s).toEqual({ kind: 'minmax', offset: [5, -2], scale: [4, 4] });
    expect(Array.from(transformColumn([5, 7, 9, 100], s, 0))).toEqual([0, 0.5, 1, 23.75]);
    expect(Array.from(transformColumn([0, -2, 2, -50], s, 1))).toEqual([0.5, 0, 1, -12]);
  });

  it('fits rows [start, end) only, e.g. skipping a differenced first row', () => {
    const s = fitScaler([[Number.NaN, 2, 4, 99]], 'zscore', 1, 3);
    expect(s.offset[0]).toBe(3);
    expect(s.scale[0]).toBe(1);
  });

  it('gives a constant column scale 1 so transforms stay finite', () => {
    const s = fitScaler([[3, 3, 3]], 'zscore', 0, 3);
    expect(s.scale[0]).toBe(1);
    expect(Array.from(transformColumn([3, 4], s, 0))).toEqual([0, 1]);
  });

  it('round-trips through JSON', () => {
    const s = fitScaler(
      [
        [1, 2, 3],
        [4, 6, 8],
      ],
      'zscore',
      0,
      3,
    );
    expect(ScalerStateSchema.parse(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(ScalerStateSchema.safeParse({ kind: 'zscore', offset: [0], scale: [0] }).success).toBe(false);
  });

  it('inverts its transform for any values (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 50 }),
        fc.constantFrom('zscore' as const, 'minmax' as const),
        (values, kind) => {
          const s = fitScaler([values], kind, 0, values.length);
          const back = inverseColumn(transformColumn(values, s, 0), s, 0);
          back.forEach((v, i) => expect(v).toBeCloseTo(values[i], 4));
        },
      ),
    );
  });
});

describe('differencing', () => {
  it('differences and integrates back from the last known level', () => {
    const v = [1, 4, 9, 16, 25];
    const d = difference(v);
    expect(Array.from(d)).toEqual([3, 5, 7, 9]);
    expect(Array.from(integrate(d, v[0]))).toEqual([4, 9, 16, 25]);
    // forecasting: integrate predicted differences from the last observed level
    expect(Array.from(integrate([11, 13], 25))).toEqual([36, 49]);
  });

  it('round-trips scaled differences (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 3, maxLength: 60 }),
        (v) => {
          const d = difference(v);
          const s = fitScaler([d], 'zscore', 0, d.length);
          const levels = integrate(inverseColumn(transformColumn(d, s, 0), s, 0), v[0]);
          levels.forEach((x, i) => expect(x).toBeCloseTo(v[i + 1], 5));
        },
      ),
    );
  });
});
