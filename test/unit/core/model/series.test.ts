import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/data/errors';
import { prepareSeries } from '../../../../src/core/model/series';

describe('prepareSeries', () => {
  it('interpolates gaps linearly and fills the ends with the nearest value', () => {
    const p = prepareSeries(
      { time: null, target: [NaN, 1, NaN, NaN, 4, NaN], features: [[1, NaN, 3, 4, 5, 6]], seasonLength: 1 },
      'interpolate',
    );
    expect(p.target).toEqual([1, 1, 2, 3, 4, 4]);
    expect(p.features[0]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(p.interpolated).toBe(5);
  });

  it('drops rows with any missing value, with their time stamps', () => {
    const p = prepareSeries(
      { time: [10, 20, 30, 40], target: [1, NaN, 3, 4], features: [[1, 2, 3, Infinity]], seasonLength: 1 },
      'drop',
    );
    expect(p.target).toEqual([1, 3]);
    expect(p.time).toEqual([10, 30]);
    expect(p.dropped).toBe(2);
  });

  it('rejects mismatched columns, empty targets and unordered time with typed errors', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err instanceof ConfigError ? err.code : 'other';
      }
      return 'none';
    };
    expect(
      codeOf(() => prepareSeries({ time: null, target: [1, 2], features: [[1]], seasonLength: 1 }, 'drop')),
    ).toBe('LENGTH_MISMATCH');
    expect(
      codeOf(() =>
        prepareSeries({ time: null, target: [NaN, NaN], features: [], seasonLength: 1 }, 'interpolate'),
      ),
    ).toBe('NO_DATA');
    expect(
      codeOf(() => prepareSeries({ time: [2, 1], target: [1, 2], features: [], seasonLength: 1 }, 'drop')),
    ).toBe('BAD_TIME');
    expect(
      codeOf(() => prepareSeries({ time: null, target: [1, 2], features: [], seasonLength: 0 }, 'drop')),
    ).toBe('INVALID_CONFIG');
  });
});
