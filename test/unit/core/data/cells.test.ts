import { describe, expect, it } from 'vitest';
import {
  addMonths,
  detectDateFormat,
  formatUtc,
  isMissing,
  parseDate,
  parseNumber,
} from '../../../../src/core/data';
import { utc } from './files';

describe('parseNumber', () => {
  it.each([
    ['12', false, 12],
    ['-0.5', false, -0.5],
    ['+.25', false, 0.25],
    ['1e3', false, 1000],
    ['1,234.5', false, 1234.5],
    ['1,234,567', false, 1234567],
    ['$182.52', false, 182.52],
    ['-$5', false, -5],
    ['12%', false, 12],
    ['1 234.5', false, 1234.5],
    ['1,5', true, 1.5],
    ['-0,25', true, -0.25],
    ['1.234,5', true, 1234.5],
    ['1.234', true, 1234],
    ['12.000.000', true, 12000000],
    ['1.5', true, 1.5],
    ['1 234,5', true, 1234.5],
    ['€ 3,5', true, 3.5],
  ])('%s (decimal comma %s) = %d', (text, decimalComma, expected) => {
    expect(parseNumber(text, decimalComma)).toBe(expected);
  });

  it.each([
    ['1,5', false],
    ['1,23', false],
    ['abc', false],
    ['0x1F', false],
    ['Infinity', false],
    ['1e999', false],
    ['12-3', false],
    ['1.2.3', false],
    ['1,2,3', true],
  ])('%s (decimal comma %s) is not a number', (text, decimalComma) => {
    expect(parseNumber(text, decimalComma)).toBeNaN();
  });
});

describe('isMissing', () => {
  it.each(['', 'NA', 'na', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', 'Null', '-', '#N/A', 'None', '?'])(
    '%j is missing',
    (s) => {
      expect(isMissing(s)).toBe(true);
    },
  );
  it.each(['0', 'NAN1', 'nah', 'n', '--5', 'Nancy'])('%j is a value', (s) => {
    expect(isMissing(s)).toBe(false);
  });
});

describe('parseDate', () => {
  it.each([
    ['iso', '2015-01-01', '2015-01-01'],
    ['iso', '2015-01-01T01:00:00', '2015-01-01T01:00:00'],
    ['iso', '2015-01-01 01:00', '2015-01-01T01:00:00'],
    ['iso', '2015-1-5', '2015-01-05'],
    ['iso', '2015-01-01T01:00:00.250Z', '2015-01-01T01:00:00.250'],
    ['iso', '2015-01-01T01:00:00+02:00', '2014-12-31T23:00:00'],
    ['iso', '2015-01-01T01:00-0530', '2015-01-01T06:30:00'],
    ['ymd', '2015/01/01 01:00', '2015-01-01T01:00:00'],
    ['ymd', '2015.03.31', '2015-03-31'],
    ['dmy', '31/01/2015', '2015-01-31'],
    ['dmy', '16.12.2006 17:24:00', '2006-12-16T17:24:00'],
    ['dmy', '1-2-20', '2020-02-01'],
    ['mdy', '01/31/2015 1:05 PM', '2015-01-31T13:05:00'],
    ['mdy', '12/31/99', '1999-12-31'],
    ['mdy', '1/1/2000 12:00 am', '2000-01-01'],
    ['month-name', 'Jan 1 2000', '2000-01-01'],
    ['month-name', 'January 1, 2000', '2000-01-01'],
    ['month-name', 'Sept. 9, 2001', '2001-09-09'],
    ['month-name', '1 Jan 2000', '2000-01-01'],
    ['month-name', '01-Jan-2000', '2000-01-01'],
    ['month-name', 'Tue, Feb 29 2000', '2000-02-29'],
    ['month-name', 'Mar 2001', '2001-03-01'],
    ['month-name', '2001-Mar', '2001-03-01'],
    ['year-month', '2020-01', '2020-01-01'],
    ['year-month', '2020/11', '2020-11-01'],
    ['year-month', '2020M07', '2020-07-01'],
    ['year-quarter', '2020-Q1', '2020-01-01'],
    ['year-quarter', '2020Q3', '2020-07-01'],
    ['year-quarter', 'Q4 2019', '2019-10-01'],
  ] as const)('%s reads %s', (format, text, iso) => {
    expect(parseDate(text, format)).toBe(utc(iso));
  });

  it.each([
    ['iso', '2021-02-29'],
    ['iso', '2021-13-01'],
    ['iso', '2021-01-01T24:00'],
    ['iso', '20210101'],
    ['dmy', '32/01/2020'],
    ['mdy', '13/01/2020'],
    ['month-name', 'Foo 1 2000'],
    ['month-name', 'Feb 30 2000'],
    ['year-quarter', '2020-Q5'],
    ['year-month', '2020-13'],
  ] as const)('%s rejects %s', (format, text) => {
    expect(parseDate(text, format)).toBeNaN();
  });
});

describe('detectDateFormat', () => {
  it('tells day/month order from a value above 12', () => {
    expect(detectDateFormat(['01/02/2020', '13/02/2020'], false)?.format).toBe('dmy');
    expect(detectDateFormat(['02/01/2020', '02/13/2020'], true)?.format).toBe('mdy');
  });

  it('prefers the order that keeps dates increasing, then the hint', () => {
    // Day first: Jan 12, Feb 1, Feb 2 (increasing). Month first: Dec 1, Jan 2, Feb 2 (not).
    const dayFirst = ['12/01/2020', '01/02/2020', '02/02/2020'];
    expect(detectDateFormat(dayFirst, false)).toEqual({
      format: 'dmy',
      coverage: 1,
      ambiguousDayMonth: false,
    });
    // Both orders increase here (daily from Feb 1 or monthly from Jan 2): the hint decides.
    expect(detectDateFormat(['01/02/2020', '02/02/2020', '03/02/2020'], true)?.format).toBe('dmy');
    expect(detectDateFormat(['01/02/2020', '02/02/2020', '03/02/2020'], false)?.ambiguousDayMonth).toBe(true);
    expect(detectDateFormat(['05/05/2020'], false)).toEqual({
      format: 'mdy',
      coverage: 1,
      ambiguousDayMonth: true,
    });
    expect(detectDateFormat(['05/05/2020'], true)?.format).toBe('dmy');
  });

  it('needs most values to fit one layout', () => {
    expect(detectDateFormat(['2020-01-01', 'soon', 'later', 'never'], false)).toBeNull();
    const mostly = ['2020-01-01', '2020-01-02', '2020-01-03', 'x'];
    expect(detectDateFormat(mostly, false)).toBeNull();
    expect(detectDateFormat(mostly, false, 0.75)?.coverage).toBe(0.75);
  });
});

describe('calendar helpers', () => {
  it('adds months keeping month ends', () => {
    expect(addMonths(utc('2020-01-31'), 1)).toBe(utc('2020-02-29'));
    expect(addMonths(utc('2019-02-28'), 1)).toBe(utc('2019-03-31'));
    expect(addMonths(utc('2020-01-15T06:00:00'), 13)).toBe(utc('2021-02-15T06:00:00'));
    expect(addMonths(utc('2020-03-01'), -3)).toBe(utc('2019-12-01'));
  });

  it('formats epoch ms as ISO text', () => {
    expect(formatUtc(utc('1880-01-01'))).toBe('1880-01-01');
    expect(formatUtc(utc('2010-01-01T01:00:00'))).toBe('2010-01-01T01:00:00Z');
    expect(formatUtc(NaN)).toBe('');
  });
});
