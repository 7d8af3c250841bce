import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SPLIT,
  chronologicalSplit,
  lastWindow,
  makeWindows,
  splitWindows,
} from '../../../../src/core/data/windowing';
import { ConfigError } from '../../../../src/core/data/errors';

/** Column k holds row * 10 + k, so every value says which row and column it came from. */
function indexColumns(length: number, columns: number): number[][] {
  return Array.from({ length: columns }, (_, k) => Array.from({ length }, (_, row) => row * 10 + k));
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('makeWindows', () => {
  it('lays out x [n, lookback, features] and y [n, horizon] with the target as feature 0', () => {
    const cols = indexColumns(20, 2);
    const w = makeWindows(cols, { lookback: 3, horizon: 2 }, 2, 5);
    expect(w.xShape).toEqual([4, 3, 2]);
    expect(w.yShape).toEqual([4, 2]);
    expect(w.x).toBeInstanceOf(Float32Array);
    expect(Array.from(w.origins)).toEqual([2, 3, 4, 5]);
    // window 1 (origin 3): inputs rows 1..3, both columns interleaved per step
    expect(Array.from(w.x.subarray(6, 12))).toEqual([10, 11, 20, 21, 30, 31]);
    // its targets: the target column at rows 4 and 5
    expect(Array.from(w.y.subarray(2, 4))).toEqual([40, 50]);
  });

  it('refuses origins whose window leaves the series', () => {
    expect(() => makeWindows(indexColumns(10, 1), { lookback: 3, horizon: 2 }, 1, 3)).toThrow(RangeError);
    expect(() => makeWindows(indexColumns(10, 1), { lookback: 3, horizon: 2 }, 2, 8)).toThrow(RangeError);
  });
});

describe('chronologicalSplit + splitWindows', () => {
  it('splits 70/15/15 by default with the test part last', () => {
    const b = chronologicalSplit(200, DEFAULT_SPLIT, { lookback: 10, horizon: 5 });
    expect(b).toEqual({ length: 200, firstValid: 0, trainEnd: 140, valEnd: 170 });
  });

  it('never puts a validation or test target inside a training window', () => {
    const cols = indexColumns(200, 1);
    const size = { lookback: 10, horizon: 5 };
    const b = chronologicalSplit(200, DEFAULT_SPLIT, size);
    const w = splitWindows(cols, b, size);
    const rowsOf = (ys: Float32Array) => Array.from(ys, (v) => v / 10);
    expect(Math.max(...rowsOf(w.train.y))).toBe(139);
    expect(Math.min(...rowsOf(w.val.y))).toBe(140);
    expect(Math.max(...rowsOf(w.val.y))).toBe(169);
    expect(Math.min(...rowsOf(w.test.y))).toBe(170);
    expect(Math.max(...rowsOf(w.test.y))).toBe(199);
    expect(w.train.origins[0]).toBe(9);
    expect(w.train.origins.length).toBe(140 - 5 - 10 + 1);
    expect(w.val.origins.length).toBe(30 - 5 + 1);
    expect(w.test.origins.length).toBe(30 - 5 + 1);
    // test inputs may reach back into validation (the known past), but start right after the split
    expect(w.test.origins[0]).toBe(169);
  });

  it('keeps inputs at or after firstValid (differenced series)', () => {
    const cols = indexColumns(100, 1);
    const size = { lookback: 4, horizon: 3 };
    const b = chronologicalSplit(100, DEFAULT_SPLIT, size, 1);
    const w = splitWindows(cols, b, size);
    expect(w.train.origins[0]).toBe(4);
    expect(Math.min(...Array.from(w.train.x))).toBe(10);
  });

  it('holds for any series length, window size and split (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 400 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0.3, max: 0.8, noNaN: true }),
        fc.double({ min: 0.05, max: 0.3, noNaN: true }),
        (length, lookback, horizon, train, val) => {
          const fractions = { train, val, test: 1 - train - val };
          fc.pre(fractions.test > 0.02);
          const size = { lookback, horizon };
          let b;
          try {
            b = chronologicalSplit(length, fractions, size);
          } catch (err) {
            expect(err).toBeInstanceOf(ConfigError);
            return;
          }
          const w = splitWindows(indexColumns(length, 1), b, size);
          expect(w.train.origins.length).toBeGreaterThan(0);
          expect(w.val.origins.length).toBeGreaterThan(0);
          expect(w.test.origins.length).toBeGreaterThan(0);
          const lastTrainTarget = w.train.origins[w.train.origins.length - 1] + horizon;
          expect(lastTrainTarget).toBeLessThan(b.trainEnd);
          expect(w.val.origins[0] + 1).toBeGreaterThanOrEqual(b.trainEnd);
          expect(w.val.origins[w.val.origins.length - 1] + horizon).toBeLessThan(b.valEnd);
          expect(w.test.origins[0] + 1).toBeGreaterThanOrEqual(b.valEnd);
          expect(w.test.origins[w.test.origins.length - 1] + horizon).toBe(length - 1);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('guard rails', () => {
  it('says which setting to change when lookback + horizon is too long for the series', () => {
    const err = catchError(() => chronologicalSplit(50, DEFAULT_SPLIT, { lookback: 40, horizon: 5 }));
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('SERIES_TOO_SHORT');
    expect((err as ConfigError).field).toBe('lookback');
    expect((err as ConfigError).message).toContain('Shorten the lookback or the horizon');
    expect((err as ConfigError).message).toContain('55');
  });

  it('reports a training part that holds no window', () => {
    const err = catchError(() =>
      chronologicalSplit(100, { train: 0.3, val: 0.35, test: 0.35 }, { lookback: 25, horizon: 10 }),
    );
    expect((err as ConfigError).code).toBe('TRAIN_TOO_SHORT');
    expect((err as ConfigError).message).toContain('raise the training fraction (now 0.3)');
  });

  it('reports validation and test parts shorter than the horizon', () => {
    const val = catchError(() =>
      chronologicalSplit(100, { train: 0.8, val: 0.05, test: 0.15 }, { lookback: 5, horizon: 8 }),
    );
    expect((val as ConfigError).code).toBe('VALIDATION_TOO_SHORT');
    const test = catchError(() =>
      chronologicalSplit(100, { train: 0.8, val: 0.15, test: 0.05 }, { lookback: 5, horizon: 8 }),
    );
    expect((test as ConfigError).code).toBe('TEST_TOO_SHORT');
  });

  it('rejects fractions that do not add up to 1', () => {
    const err = catchError(() =>
      chronologicalSplit(100, { train: 0.7, val: 0.2, test: 0.2 }, { lookback: 5, horizon: 2 }),
    );
    expect((err as ConfigError).code).toBe('INVALID_SPLIT');
  });
});

describe('lastWindow', () => {
  it('takes the last lookback rows as [1, lookback, features]', () => {
    expect(Array.from(lastWindow(indexColumns(6, 2), 2))).toEqual([40, 41, 50, 51]);
  });

  it('asks for a longer series when there are fewer rows than the lookback', () => {
    const err = catchError(() => lastWindow(indexColumns(6, 1), 6, 1));
    expect((err as ConfigError).code).toBe('SERIES_TOO_SHORT');
  });
});
