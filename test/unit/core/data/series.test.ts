import { describe, expect, it } from 'vitest';
import {
  DataError,
  extractSeries,
  parseCsv,
  proposeForecastDefaults,
  summarizeTable,
} from '../../../../src/core/data';
import { fixture, sample, utc } from './files';

function dataError(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

describe('extractSeries', () => {
  it('fills the gaps of a monthly series, interpolating in time', () => {
    const t = parseCsv(sample('co2-concentration.csv'));
    const s = extractSeries(t, { target: 'CO2', missing: 'interpolate' });
    expect(s.target).toHaveLength(746);
    expect(s.report).toMatchObject({ rowsIn: 741, rowsOut: 746, insertedRows: 5, filled: 5 });
    expect(s.time?.slice(2, 6)).toEqual(['1958-05-01', '1958-06-01', '1958-07-01', '1958-08-01'].map(utc));
    // June lies 31 of the 61 days from May (317.51) to July (315.86).
    expect(s.target[3]).toBeCloseTo(317.51 + ((315.86 - 317.51) * 31) / 61, 10);
    expect(s.frequency?.frequency).toBe('monthly');
    expect(s.target.every(Number.isFinite)).toBe(true);
  });

  it('keeps the gaps when asked to', () => {
    const s = extractSeries(parseCsv(sample('co2-concentration.csv')), {
      target: 'CO2',
      missing: 'interpolate',
      fillGaps: false,
    });
    expect(s.target).toHaveLength(741);
    expect(s.report.insertedRows).toBe(0);
  });

  it('interpolates missing values and fills the ends with the nearest value', () => {
    const t = parseCsv(fixture('missing-markers.csv'));
    const s = extractSeries(t, { target: 'a', features: ['b'], missing: 'interpolate' });
    expect(s.target).toEqual([1, 2, 3, 4, 5, 5]);
    expect(s.features).toEqual([[2, 2, 3, 4, 5, 6]]);
    expect(s.featureNames).toEqual(['b']);
    expect(s.report.filledByColumn).toEqual({ a: 3, b: 3 });
    expect(s.report.filled).toBe(6);
  });

  it('drops rows with a missing target or feature', () => {
    const t = parseCsv(fixture('missing-markers.csv'));
    const s = extractSeries(t, { target: 'a', missing: 'drop' });
    expect(s.target).toEqual([1, 4, 5]);
    expect(s.time).toEqual(['2020-01-01', '2020-01-04', '2020-01-05'].map(utc));
    expect(s.report).toMatchObject({ droppedRows: 3, filled: 0, insertedRows: 0, rowsOut: 3 });
    expect(dataError(() => extractSeries(t, { target: 'a', features: ['b'], missing: 'drop' })).code).toBe(
      'too-short',
    );
  });

  it('averages rows that share a time and fills missing days', () => {
    const s = extractSeries(parseCsv(fixture('daily-gaps.csv')), { target: 'value', missing: 'interpolate' });
    expect(s.report).toMatchObject({ mergedDuplicates: 1, insertedRows: 3 });
    expect(s.target).toEqual([1, 2, 3, 4, 5, 6, 7.5, 8.25, 9, 10, 11, 12]);
    expect(s.time?.[0]).toBe(utc('2020-01-01'));
    expect(s.time?.at(-1)).toBe(utc('2020-01-12'));
  });

  it('sorts newest-first rows ascending and fills business-day holidays only', () => {
    const s = extractSeries(parseCsv(fixture('stock-descending.csv')), {
      target: 'Close/Last',
      missing: 'interpolate',
    });
    expect(s.time?.[0]).toBe(utc('2024-12-24'));
    expect(s.time?.[1]).toBe(utc('2024-12-25'));
    expect(s.target[0]).toBe(258.2);
    expect(s.target.at(-1)).toBe(234.4);
    expect(s.report.insertedRows).toBe(3);
    expect(s.target).toHaveLength(15);
  });

  it('takes one series of a long table by its key', () => {
    const t = parseCsv(fixture('stocks-long.csv'));
    const s = extractSeries(t, { target: 'price', key: 'IBM', missing: 'interpolate' });
    expect(s.key).toBe('IBM');
    expect(s.target).toEqual([100.52, 92.11, 106.11]);
    expect(s.time).toEqual(['2000-01-01', '2000-02-01', '2000-03-01'].map(utc));
    const required = dataError(() => extractSeries(t, { target: 'price', missing: 'interpolate' }));
    expect(required.code).toBe('key-required');
    expect(required.message).toContain('"MSFT", "AMZN", "IBM"');
    expect(dataError(() => extractSeries(t, { target: 'price', key: 'AAPL', missing: 'drop' })).code).toBe(
      'unknown-key',
    );
  });

  it('names the columns when the target is unknown or not numeric', () => {
    const t = parseCsv(sample('seattle-weather.csv'));
    const unknown = dataError(() => extractSeries(t, { target: 'humidity', missing: 'drop' }));
    expect(unknown.code).toBe('unknown-column');
    expect(unknown.message).toContain('"temp_max"');
    const text = dataError(() => extractSeries(t, { target: 'weather', missing: 'drop' }));
    expect(text.code).toBe('not-numeric-column');
    expect(text.message).toContain('"precipitation"');
    expect(
      dataError(() => extractSeries(t, { target: 'wind', features: ['date'], missing: 'drop' })).code,
    ).toBe('not-numeric-column');
  });

  it('returns features as aligned columns', () => {
    const t = parseCsv(sample('seattle-weather.csv'));
    const s = extractSeries(t, {
      target: 'temp_max',
      features: ['precipitation', 'wind'],
      missing: 'interpolate',
    });
    expect(s.features).toHaveLength(2);
    expect(s.features[0]).toHaveLength(1461);
    expect(s.features[1][0]).toBe(4.7);
    expect(s.target[0]).toBe(12.8);
  });

  it('works without a time index, interpolating by position', () => {
    const t = parseCsv('a,b\n1,10\nNA,20\nNA,30\n4,40\n');
    const s = extractSeries(t, { target: 'a', missing: 'interpolate' });
    expect(s.time).toBeNull();
    expect(s.frequency).toBeNull();
    expect(s.target).toEqual([1, 2, 3, 4]);
  });

  it('refuses a column without values', () => {
    const t = parseCsv('date,a,b\n2020-01-01,1,\n2020-01-02,2,\n2020-01-03,3,\n');
    expect(dataError(() => extractSeries(t, { target: 'b', missing: 'interpolate' })).code).toBe('no-values');
  });
});

describe('proposeForecastDefaults', () => {
  it.each([
    ['co2-concentration.csv', { target: 'CO2', seasonLength: 12, lookback: 48, horizon: 12 }],
    ['seattle-weather.csv', { target: 'precipitation', seasonLength: 7, lookback: 28, horizon: 7 }],
    [
      'seattle-weather-hourly-normals.csv',
      { target: 'pressure', seasonLength: 24, lookback: 72, horizon: 24 },
    ],
    ['us-employment.csv', { target: 'nonfarm', seasonLength: 12, lookback: 40, horizon: 12 }],
    ['global-temp.csv', { target: 'temp', seasonLength: 1, lookback: 12, horizon: 10 }],
  ])('%s', (file, expected) => {
    expect(proposeForecastDefaults(parseCsv(sample(file)))).toMatchObject({
      ...expected,
      features: [],
      key: null,
    });
  });

  it('skips id columns and the time column', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i + 1},${2000 + i},${Math.sin(i).toFixed(3)}`);
    const d = proposeForecastDefaults(parseCsv(`id,year,signal\n${rows.join('\n')}`));
    expect(d.target).toBe('signal');
    expect(d.seasonLength).toBe(1);
  });

  it('clamps lookback and horizon to a short series', () => {
    const rows = Array.from(
      { length: 20 },
      (_, i) => `2020-${String((i % 12) + 1).padStart(2, '0')}-01,${i}`,
    ).map((r, i) => r.replace('2020', String(2020 + Math.floor(i / 12))));
    const d = proposeForecastDefaults(parseCsv(`month,v\n${rows.join('\n')}`));
    expect(d).toMatchObject({ seasonLength: 12, lookback: 6, horizon: 4, length: 20 });
  });

  it('picks the longest series of a long table', () => {
    const d = proposeForecastDefaults(parseCsv(fixture('stocks-long.csv')));
    expect(d).toMatchObject({ target: 'price', key: 'MSFT', length: 6 });
    expect(proposeForecastDefaults(parseCsv(fixture('stocks-long.csv')), { key: 'IBM' }).length).toBe(3);
  });
});

describe('summarizeTable', () => {
  it.each(['co2-concentration.csv', 'seattle-weather.csv', 'global-temp.csv'])(
    '%s survives a JSON round trip',
    (file) => {
      const s = summarizeTable(parseCsv(sample(file)));
      expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    },
  );

  it('is plain JSON for fixtures with missing values, keys and gaps', () => {
    for (const name of ['missing-markers.csv', 'stocks-long.csv', 'daily-gaps.csv', 'year-quarter.csv']) {
      const s = summarizeTable(parseCsv(fixture(name)));
      expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    }
  });

  it('describes columns, roles and the time index', () => {
    const s = summarizeTable(parseCsv(fixture('stocks-long.csv')));
    expect(s.columns.map((c) => [c.name, c.kind, c.role])).toEqual([
      ['symbol', 'text', 'key'],
      ['date', 'date', 'time'],
      ['price', 'numeric', 'value'],
    ]);
    expect(s.columns[1]).toMatchObject({
      dateFormat: 'month-name',
      min: utc('2000-01-01'),
      max: utc('2000-06-01'),
    });
    expect(s.columns[2]).toMatchObject({ count: 15, missing: 0, min: 25.45, max: 106.11 });
    expect(s.time).toMatchObject({ startText: '2000-01-01', endText: '2000-06-01', columns: ['date'] });
    expect(s.time).not.toHaveProperty('values');
    expect(s.key?.keys.map((k) => k.value)).toEqual(['MSFT', 'AMZN', 'IBM']);
    expect(s.preview[0]).toEqual(['MSFT', 'Jan 1 2000', '39.81']);
  });

  it('gives numeric stats and counts', () => {
    const s = summarizeTable(parseCsv(fixture('missing-markers.csv')));
    expect(s.columns[1]).toMatchObject({ name: 'a', count: 3, missing: 3, min: 1, max: 5, mean: 10 / 3 });
    expect(s.columns[1].std).toBeCloseTo(
      Math.sqrt(((1 - 10 / 3) ** 2 + (4 - 10 / 3) ** 2 + (5 - 10 / 3) ** 2) / 2),
      12,
    );
    expect(s.columns[3]).toMatchObject({
      name: 'c',
      kind: 'text',
      count: 3,
      distinct: 2,
      top: [
        { value: 'x', count: 2 },
        { value: 'y', count: 1 },
      ],
    });
  });
});

describe('interpolation near the float limit', () => {
  it('fills a gap between huge values without overflowing', () => {
    const table = parseCsv(
      't,v\n2020-01-01T00:00:00,-1e308\n2020-01-01T01:00:00,NA\n2020-01-01T02:00:00,1e308\n',
    );
    const s = extractSeries(table, { target: 'v', missing: 'interpolate' });
    expect(s.target).toEqual([-1e308, 0, 1e308]);
  });
});
