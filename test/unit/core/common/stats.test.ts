import { describe, expect, it } from 'vitest';
import { finiteMean, finiteMedian, median } from '../../../../src/core/common/stats';

describe('descriptive statistics', () => {
  it('takes medians of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('ignores missing and non-finite values where asked', () => {
    expect(finiteMedian([1, null, Number.NaN, 3, undefined])).toBe(2);
    expect(finiteMedian([null])).toBeNull();
    expect(finiteMean([1, 2, null, Number.POSITIVE_INFINITY])).toBe(1.5);
    expect(finiteMean([])).toBeNull();
  });
});
