import { describe, expect, it } from 'vitest';
import {
  MISSING,
  formatDuration,
  formatInteger,
  formatNumber,
  formatPercent,
  formatSignificant,
  formatTimestamp,
} from '../../../../src/core/common/format';

describe('number formatting', () => {
  it('writes significant digits for sentences, with exponents outside [1e-3, 1e5)', () => {
    expect(formatSignificant(0.000123, 3)).toBe('1.23e-4');
    expect(formatSignificant(12.3456, 3)).toBe('12.3');
    expect(formatSignificant(1.5, 3)).toBe('1.5');
    expect(formatSignificant(123456, 4)).toBe('1.235e+5');
    expect(formatSignificant(0)).toBe('0');
    expect(formatSignificant(Number.NaN)).toBe('NaN');
  });

  it('writes table numbers with separators and a dash for missing values', () => {
    expect(formatNumber(null)).toBe(MISSING);
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe(MISSING);
    expect(formatNumber(0.612345)).toBe('0.6123');
    expect(formatNumber(1e-6)).toBe('1.00e-6');
    expect(formatNumber(12345.678)).toMatch(/^12.345\.7$/);
    expect(formatInteger(1234567)).toMatch(/^1.234.567$/);
    expect(formatInteger('x')).toBe(MISSING);
  });

  it('writes percentages, durations and timestamps', () => {
    expect(formatPercent(0.234)).toBe('23%');
    expect(formatPercent(0.0456)).toBe('4.6%');
    expect(formatDuration(4.2)).toBe('4.2 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(formatDuration(-1)).toBe(MISSING);
    expect(formatTimestamp(Date.UTC(2015, 0, 1))).toBe('2015-01-01');
    expect(formatTimestamp(Date.UTC(2015, 0, 1, 1))).toBe('2015-01-01 01:00');
  });
});
