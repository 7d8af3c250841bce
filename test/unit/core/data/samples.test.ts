import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv, summarizeTable } from '../../../../src/core/data';
import { sample, utc } from './files';

/** Plain split of a simple comma file, independent of the parser under test. */
function naiveColumn(name: string, column: number): number[] {
  const lines = new TextDecoder().decode(sample(name)).trim().split('\n').slice(1);
  return lines.map((line) => Number(line.split(',')[column]));
}

describe('shipped samples (resources/samples)', () => {
  it('co2-concentration: monthly, with its three gaps', () => {
    const t = parseCsv(sample('co2-concentration.csv'));
    expect(t.rowCount).toBe(741);
    expect(t.columns.map((c) => c.name)).toEqual(['Date', 'CO2', 'adjusted CO2']);
    expect(t.time?.frequency).toMatchObject({ frequency: 'monthly', step: 1, seasonLength: 12 });
    expect(t.time?.gaps).toEqual([
      { after: utc('1958-05-01'), missing: 1 },
      { after: utc('1958-09-01'), missing: 1 },
      { after: utc('1964-01-01'), missing: 3 },
    ]);
    expect(t.time?.missingSteps).toBe(5);
    expect(t.time?.start).toBe(utc('1958-03-01'));
    expect(t.time?.end).toBe(utc('2020-04-01'));
    const co2 = summarizeTable(t).columns[1];
    const values = naiveColumn('co2-concentration.csv', 1);
    expect(co2.min).toBe(Math.min(...values));
    expect(co2.max).toBe(Math.max(...values));
    expect(co2.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
  });

  it('seattle-weather: daily, five numeric columns and a text column', () => {
    const t = parseCsv(sample('seattle-weather.csv'));
    expect(t.rowCount).toBe(1461);
    expect(t.time?.frequency).toMatchObject({ frequency: 'daily', seasonLength: 7 });
    expect(t.time?.gapCount).toBe(0);
    expect(t.time?.end).toBe(utc('2015-12-31'));
    const s = summarizeTable(t);
    expect(s.columns.map((c) => c.kind)).toEqual([
      'date',
      'numeric',
      'numeric',
      'numeric',
      'numeric',
      'text',
    ]);
    const weather = s.columns[5];
    expect(weather.distinct).toBe(5);
    expect(weather.top?.slice(0, 2)).toEqual([
      { value: 'rain', count: 641 },
      { value: 'sun', count: 640 },
    ]);
  });

  it('seattle-weather-hourly-normals: hourly over one year', () => {
    const t = parseCsv(sample('seattle-weather-hourly-normals.csv'));
    expect(t.rowCount).toBe(8759);
    expect(t.time?.frequency).toMatchObject({ frequency: 'hourly', seasonLength: 24 });
    expect(t.time?.start).toBe(utc('2010-01-01T01:00:00'));
    expect(t.time?.end).toBe(utc('2010-12-31T23:00:00'));
    expect(t.time?.gapCount).toBe(0);
  });

  it('us-employment: monthly, 24 columns', () => {
    const t = parseCsv(sample('us-employment.csv'));
    expect(t.rowCount).toBe(120);
    expect(t.columns).toHaveLength(24);
    expect(t.time?.columns).toEqual(['month']);
    expect(t.time?.frequency).toMatchObject({ frequency: 'monthly', seasonLength: 12 });
    expect(t.columns.filter((c) => c.kind === 'numeric')).toHaveLength(23);
  });

  it('global-temp: yearly from an integer year column', () => {
    const t = parseCsv(sample('global-temp.csv'));
    expect(t.rowCount).toBe(144);
    expect(t.time?.source).toBe('year');
    expect(t.time?.frequency).toMatchObject({ frequency: 'yearly', seasonLength: 1 });
    expect(t.time?.start).toBe(utc('1880-01-01'));
    expect(t.time?.end).toBe(utc('2023-01-01'));
  });

  it('us-employment-by-sector: six monthly series in long format, told apart by sector', () => {
    const t = parseCsv(sample('us-employment-by-sector.csv'));
    expect(t.rowCount).toBe(720);
    expect(t.key?.column).toBe('sector');
    expect(t.key?.keys.map((k) => k.rows)).toEqual([120, 120, 120, 120, 120, 120]);
    expect(t.time?.frequency).toMatchObject({ frequency: 'monthly', seasonLength: 12 });
  });

  it('every sample is attributed in SOURCES.md', () => {
    const dir = new URL('../../../../resources/samples/', import.meta.url);
    const sources = readFileSync(new URL('SOURCES.md', dir), 'utf8');
    const csvs = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(csvs).toHaveLength(6);
    for (const f of csvs) expect(sources).toContain(f);
  });
});
