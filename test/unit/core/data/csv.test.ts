import { describe, expect, it } from 'vitest';
import { DataError, parseCsv, parseCsvAsync, summarizeTable, type Table } from '../../../../src/core/data';
import { fixture, utc } from './files';

function column(table: Table, name: string) {
  const c = table.columns.find((col) => col.name === name);
  if (c === undefined) throw new Error(`no column ${name}`);
  return c;
}

function numbers(table: Table, name: string): number[] {
  const c = column(table, name);
  if (c.kind === 'text') throw new Error(`${name} is text`);
  return Array.from(c.values);
}

function texts(table: Table, name: string): (string | null)[] {
  const c = column(table, name);
  if (c.kind !== 'text') throw new Error(`${name} is ${c.kind}`);
  return Array.from(c.codes, (code) => (code < 0 ? null : c.categories[code]));
}

function dataError(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

describe('parseCsv: layouts', () => {
  it('reads BOM + CRLF + quoted fields with delimiters, quotes and line breaks inside', () => {
    const t = parseCsv(fixture('bom-crlf-quoted.csv'));
    expect(t.delimiter).toBe(',');
    expect(t.header).toBe(true);
    expect(t.encoding).toBe('utf-8');
    expect(t.columns.map((c) => c.name)).toEqual(['date', 'sales', 'note']);
    expect(t.rowCount).toBe(4);
    expect(numbers(t, 'sales')).toEqual([1234.5, 1100.25, 987, 1010]);
    expect(texts(t, 'note')).toEqual(['big, busy day', 'said "hi"', 'two\r\nlines', 'plain']);
    expect(numbers(t, 'date')).toEqual([
      utc('2021-01-01'),
      utc('2021-01-02'),
      utc('2021-01-03'),
      utc('2021-01-04'),
    ]);
    expect(t.time?.frequency.frequency).toBe('daily');
  });

  it('reads ; with decimal comma and dotted thousands, dates day first', () => {
    const t = parseCsv(fixture('semicolon-decimal-comma.csv'));
    expect(t.delimiter).toBe(';');
    expect(t.decimalComma).toBe(true);
    expect(numbers(t, 'Temperatur')).toEqual([1.5, -0.25, 2, 3.75]);
    expect(numbers(t, 'Umsatz')).toEqual([1234.5, 987, 12000, 1000000.25]);
    expect(column(t, 'Datum').kind).toBe('date');
    expect(t.time?.start).toBe(utc('2020-01-01'));
    expect(t.time?.end).toBe(utc('2020-01-04'));
    expect(t.time?.frequency.frequency).toBe('daily');
    expect(t.warnings).toEqual([]);
  });

  it('follows a "sep=;" first line', () => {
    const t = parseCsv('sep=;\ndate;v\n2020-01-01;1,5\n2020-01-02;2,5\n');
    expect(t.delimiter).toBe(';');
    expect(t.columns.map((c) => c.name)).toEqual(['date', 'v']);
    expect(numbers(t, 'v')).toEqual([1.5, 2.5]);
  });

  it('names a blank header cell and drops an empty trailing column', () => {
    const pandas = parseCsv(',date,value\n0,2020-01-01,5.5\n1,2020-01-02,6.25\n2,2020-01-03,7\n');
    expect(pandas.columns.map((c) => c.name)).toEqual(['col1', 'date', 'value']);
    expect(summarizeTable(pandas).columns[0].role).toBe('id');
    const trailing = parseCsv('a,b,\n1,2.5,\n3,4.5,\n');
    expect(trailing.columns.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('reads tab-separated files with ISO date-times without seconds', () => {
    const t = parseCsv(fixture('tab-separated.tsv'));
    expect(t.delimiter).toBe('\t');
    expect(numbers(t, 'value')).toEqual([1.5, 2.5, 3, 2, 1, 0.5]);
    expect(numbers(t, 'time')[1]).toBe(utc('2020-01-01T01:00:00'));
    expect(t.time?.frequency).toMatchObject({ frequency: 'hourly', seasonLength: 24 });
    expect(texts(t, 'label')).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
  });

  it('reads pipe-separated files with 2015/01/01 01:00 dates', () => {
    const t = parseCsv(fixture('pipe-separated.csv'));
    expect(t.delimiter).toBe('|');
    expect(numbers(t, 'date')).toEqual([1, 2, 3, 4].map((h) => utc(`2015-01-01T0${h}:00:00`)));
    expect(numbers(t, 'close')).toEqual([11, 11.25, 10.75, 10.5]);
    expect(t.time?.frequency.frequency).toBe('hourly');
  });

  it('names columns col1..colN when the first row is data', () => {
    const t = parseCsv(fixture('no-header.csv'));
    expect(t.header).toBe(false);
    expect(t.columns.map((c) => c.name)).toEqual(['col1', 'col2', 'col3']);
    expect(t.rowCount).toBe(5);
    expect(numbers(t, 'col2')).toEqual([5.1, 5.3, 5.0, 4.8, 5.5]);
    expect(t.time?.columns).toEqual(['col1']);
  });

  it('counts missing markers per column, case-insensitively', () => {
    const t = parseCsv(fixture('missing-markers.csv'));
    expect(numbers(t, 'a')).toEqual([1, NaN, NaN, 4, 5, NaN]);
    expect(numbers(t, 'b')).toEqual([NaN, 2, NaN, NaN, 5, 6]);
    expect(texts(t, 'c')).toEqual(['x', null, null, 'y', null, 'x']);
    expect(t.columns.map((c) => [c.name, c.missing])).toEqual([
      ['date', 0],
      ['a', 3],
      ['b', 3],
      ['c', 3],
    ]);
  });

  it('skips # comments, title lines and blank lines before the table', () => {
    const t = parseCsv(fixture('preamble.csv'));
    expect(t.skippedLines).toBe(3);
    expect(t.columns.map((c) => c.name)).toEqual(['date', 'rain']);
    expect(numbers(t, 'rain')).toEqual([0.5, 1.5, 0, 2.25]);
    expect(t.warnings[0]).toMatch(/Skipped 3 lines/);
  });

  it('takes column names from a commented header line', () => {
    const t = parseCsv(
      '# logger 7\n# time,temp\n2020-01-01T00:00:00,1.5\n2020-01-01T01:00:00,2.5\n2020-01-01T02:00:00,2\n',
    );
    expect(t.header).toBe(true);
    expect(t.columns.map((c) => c.name)).toEqual(['time', 'temp']);
    expect(numbers(t, 'temp')).toEqual([1.5, 2.5, 2]);
    expect(t.time?.frequency.frequency).toBe('hourly');
  });

  it('reads UTF-16 with BOM and Windows-1252 bytes', () => {
    const text = 'date,température\n2020-01-01,1.5\n2020-01-02,2.5\n';
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
    const a = parseCsv(utf16);
    expect(a.encoding).toBe('utf-16le');
    expect(a.columns[1].name).toBe('température');
    const latin = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
    const b = parseCsv(latin);
    expect(b.encoding).toBe('windows-1252');
    expect(b.columns[1].name).toBe('température');
    expect(numbers(b, 'température')).toEqual([1.5, 2.5]);
  });

  it('accepts text, bytes and ArrayBuffer alike', () => {
    const text = 'x,y\n1,2\n3,4\n';
    const bytes = new TextEncoder().encode(text);
    for (const input of [text, bytes, bytes.buffer]) expect(numbers(parseCsv(input), 'y')).toEqual([2, 4]);
  });

  it('honours delimiter, header and decimal-comma overrides', () => {
    const european = 'x;y\n1,5;2\n2,5;3\n';
    expect(numbers(parseCsv(european), 'x')).toEqual([1.5, 2.5]);
    expect(texts(parseCsv(european, { decimalComma: false }), 'x')).toEqual(['1,5', '2,5']);
    const headed = parseCsv('1;2\n3;4\n5;6\n', { header: true });
    expect(headed.columns.map((c) => c.name)).toEqual(['1', '2']);
    expect(numbers(headed, '2')).toEqual([4, 6]);
    const commas = parseCsv('a,b;c\n1,2;3\n4,5;6\n', { delimiter: ',' });
    expect(commas.columns.map((c) => c.name)).toEqual(['a', 'b;c']);
    expect(numbers(commas, 'a')).toEqual([1, 4]);
  });

  it('warns about rows with too many fields and non-numbers in a numeric column', () => {
    const t = parseCsv(
      'date,v\n2020-01-01,1\n2020-01-02,2,extra\n2020-01-03,oops\n2020-01-04,4\n2020-01-05,5\n',
    );
    expect(numbers(t, 'v')).toEqual([1, 2, NaN, 4, 5]);
    expect(column(t, 'v').invalid).toBe(1);
    expect(column(t, 'v').invalidExamples).toEqual(['oops']);
    expect(t.warnings.some((w) => w.includes('more fields'))).toBe(true);
    expect(t.warnings.some((w) => w.includes('"oops"'))).toBe(true);
  });

  it('keeps the first 20 rows as text for the preview', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${2000 + i},${i * 1.5}`);
    const t = parseCsv(`year,v\n${rows.join('\n')}\n`);
    expect(t.preview).toHaveLength(20);
    expect(t.preview[0]).toEqual(['2000', '0']);
    expect(t.preview[19]).toEqual(['2019', '28.5']);
  });
});

describe('parseCsv: time index', () => {
  it('finds gaps and duplicates in daily data', () => {
    const t = parseCsv(fixture('daily-gaps.csv'));
    expect(t.time?.frequency.frequency).toBe('daily');
    expect(t.time?.gaps).toEqual([
      { after: utc('2020-01-03'), missing: 2 },
      { after: utc('2020-01-07'), missing: 1 },
    ]);
    expect(t.time?.gapCount).toBe(2);
    expect(t.time?.missingSteps).toBe(3);
    expect(t.time?.duplicates).toBe(1);
    expect(t.time?.duplicateExamples).toEqual([utc('2020-01-07')]);
  });

  it('combines year and quarter columns', () => {
    const t = parseCsv(fixture('year-quarter.csv'));
    expect(t.time?.columns).toEqual(['year', 'quarter']);
    expect(t.time?.source).toBe('year-quarter');
    expect(t.time?.frequency).toMatchObject({ frequency: 'quarterly', seasonLength: 4 });
    expect(Array.from(t.time?.values ?? []).slice(0, 5)).toEqual(
      ['2018-01-01', '2018-04-01', '2018-07-01', '2018-10-01', '2019-01-01'].map(utc),
    );
    expect(t.time?.end).toBe(utc('2020-10-01'));
  });

  it('combines a year column with a column of month names', () => {
    const t = parseCsv(fixture('year-month-names.csv'));
    expect(t.time?.source).toBe('year-month');
    expect(t.time?.columns).toEqual(['Year', 'Month']);
    expect(t.time?.frequency).toMatchObject({ frequency: 'monthly', seasonLength: 12 });
    expect(t.time?.values[13]).toBe(utc('1950-02-01'));
  });

  it('reads YYYYMMDD integers as dates', () => {
    const t = parseCsv(fixture('yyyymmdd.csv'));
    expect(t.time?.source).toBe('yyyymmdd');
    expect(Array.from(t.time?.values ?? [])).toEqual(
      ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-05', '2020-01-06'].map(utc),
    );
    expect(t.time?.gaps).toEqual([{ after: utc('2020-01-03'), missing: 1 }]);
  });

  it('reads an increasing column of years even when it is not named year', () => {
    const t = parseCsv(fixture('year-unnamed.csv'));
    expect(t.time?.source).toBe('year');
    expect(t.time?.columns).toEqual(['t']);
    expect(t.time?.frequency).toMatchObject({ frequency: 'yearly', seasonLength: 1 });
    expect(t.time?.start).toBe(utc('1990-01-01'));
  });

  it('reads 2020-01 and 2020-Q1 style periods', () => {
    const months = parseCsv(fixture('year-month-text.csv'));
    expect(months.time?.frequency.frequency).toBe('monthly');
    expect(months.time?.values[5]).toBe(utc('2020-06-01'));
    const quarters = parseCsv(fixture('year-quarter-text.csv'));
    expect(quarters.time?.frequency.frequency).toBe('quarterly');
    expect(Array.from(quarters.time?.values ?? [])).toEqual(
      ['2019-07-01', '2019-10-01', '2020-01-01', '2020-04-01', '2020-07-01'].map(utc),
    );
  });

  it('reads "January 3, 2000" dates (quoted, with a comma) as weekly', () => {
    const t = parseCsv(fixture('month-name-dates.csv'));
    const c = column(t, 'week');
    expect(c.kind === 'date' && c.format).toBe('month-name');
    expect(t.time?.start).toBe(utc('2000-01-03'));
    expect(t.time?.frequency).toMatchObject({ frequency: 'weekly', seasonLength: 52 });
  });

  it('combines a date column with a time-of-day column (; file, ? as missing)', () => {
    const t = parseCsv(fixture('date-and-time-columns.csv'));
    expect(t.time?.source).toBe('date+time');
    expect(t.time?.columns).toEqual(['Date', 'Time']);
    expect(t.time?.start).toBe(utc('2006-12-16T17:24:00'));
    expect(t.time?.frequency.frequency).toBe('minutely');
    expect(numbers(t, 'Global_active_power')).toEqual([4.216, 5.36, NaN, 5.388, 3.666]);
  });

  it('recognises newest-first business-day prices with $ signs and holidays', () => {
    const t = parseCsv(fixture('stock-descending.csv'));
    expect(t.time?.order).toBe('descending');
    expect(t.time?.frequency).toMatchObject({ frequency: 'daily', businessDays: true, seasonLength: 5 });
    expect(t.time?.gaps).toEqual([
      { after: utc('2024-12-24'), missing: 1 },
      { after: utc('2024-12-31'), missing: 1 },
      { after: utc('2025-01-08'), missing: 1 },
    ]);
    expect(numbers(t, 'Close/Last')[0]).toBe(234.4);
  });

  it('reads dotted day-first date-times every 10 minutes (Jena climate layout)', () => {
    const pad = (n: number): string => String(n).padStart(2, '0');
    const rows = Array.from({ length: 300 }, (_, i) => {
      const d = new Date(utc('2009-01-01T00:10:00') + i * 600_000);
      const stamp = `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00`;
      return `${stamp},${996 + (i % 10) / 10}`;
    });
    const t = parseCsv(`"Date Time","p (mbar)"\n${rows.join('\n')}`);
    expect(t.time?.frequency).toMatchObject({ frequency: 'minutely', step: 10, seasonLength: 144 });
    expect(t.time?.end).toBe(utc('2009-01-03T02:00:00'));
    expect(t.warnings).toEqual([]);
  });

  it('warns when the day/month order of slash dates cannot be told', () => {
    const t = parseCsv('date,v\n01/01/2020,1.5\n02/01/2020,2.5\n03/01/2020,3.5\n04/01/2020,4.5\n');
    expect(t.time?.frequency.frequency).toBe('monthly');
    expect(t.time?.end).toBe(utc('2020-04-01'));
    expect(t.warnings).toEqual([
      'Dates in "date" could be day/month or month/day; they were read as month/day/year.',
    ]);
    const dayFirst = parseCsv('date,v\n01/01/2020,1.5\n02/01/2020,2.5\n03/01/2020,3.5\n', { dayFirst: true });
    expect(dayFirst.time?.frequency.frequency).toBe('daily');
  });

  it('adds an hour column (1..24, hour ending) to a date column', () => {
    const t = parseCsv(
      'date,hour,load\n2020-01-01,1,5.5\n2020-01-01,2,6.5\n2020-01-01,3,7.5\n2020-01-01,24,7.25\n2020-01-02,1,8.5\n',
    );
    expect(t.time?.source).toBe('date+time');
    expect(t.time?.columns).toEqual(['date', 'hour']);
    expect(Array.from(t.time?.values ?? []).slice(0, 2)).toEqual([
      utc('2020-01-01'),
      utc('2020-01-01T01:00:00'),
    ]);
    expect(t.time?.values[3]).toBe(utc('2020-01-01T23:00:00'));
  });

  it('reads Unix seconds in a timestamp column and YYYYMM integers', () => {
    const unix = parseCsv('timestamp,v\n1577836800,1.5\n1577840400,2.5\n1577844000,3.5\n');
    expect(unix.time?.source).toBe('unix-seconds');
    expect(unix.time?.end).toBe(utc('2020-01-01T02:00:00'));
    const yyyymm = parseCsv('period,v\n201911,1.5\n201912,2.5\n202001,3.5\n');
    expect(yyyymm.time?.source).toBe('yyyymm');
    expect(yyyymm.time?.frequency.frequency).toBe('monthly');
    expect(yyyymm.time?.start).toBe(utc('2019-11-01'));
  });

  it('reports the keys of a long-format table with "Jan 1 2000" dates', () => {
    const t = parseCsv(fixture('stocks-long.csv'));
    expect(t.key?.column).toBe('symbol');
    expect(t.key?.keys).toEqual([
      { value: 'MSFT', rows: 6, start: utc('2000-01-01'), end: utc('2000-06-01') },
      { value: 'AMZN', rows: 6, start: utc('2000-01-01'), end: utc('2000-06-01') },
      { value: 'IBM', rows: 3, start: utc('2000-01-01'), end: utc('2000-03-01') },
    ]);
    expect(t.time?.frequency.frequency).toBe('monthly');
    expect(t.time?.duplicates).toBe(0);
  });

  it('takes a column of station numbers as the key of a long table', () => {
    const rows: string[] = [];
    for (const station of [101, 205])
      for (let d = 1; d <= 5; d++) rows.push(`2020-01-0${d},${station},${station / 10 + d}`);
    const t = parseCsv(`date,station,temp\n${rows.join('\n')}`);
    expect(t.key?.column).toBe('station');
    expect(t.key?.keys.map((k) => [k.value, k.rows])).toEqual([
      ['101', 5],
      ['205', 5],
    ]);
    expect(column(t, 'station').kind).toBe('text');
    expect(t.time?.frequency.frequency).toBe('daily');
  });

  it('does not mistake a text column for a key because of one repeated day', () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `2020-01-${String(i + 1).padStart(2, '0')},${i % 5},${i % 2 ? 'rain' : 'sun'}`,
    );
    rows.push('2020-01-30,3,sun');
    const t = parseCsv(`date,v,weather\n${rows.join('\n')}`);
    expect(t.key).toBeNull();
    expect(t.time?.duplicates).toBe(1);
    expect(column(t, 'v').kind).toBe('numeric');
  });

  it('has no time index when no column holds times', () => {
    const t = parseCsv('a,b\n1.5,2\n2.5,3\n0.5,1\n');
    expect(t.time).toBeNull();
    expect(t.key).toBeNull();
  });
});

describe('parseCsv: files a person must fix', () => {
  it.each([
    ['empty.csv', 'empty-file'],
    ['blank-lines.csv', 'empty-file'],
    ['header-only.csv', 'no-rows'],
    ['single-row.csv', 'single-row'],
    ['text-only.csv', 'no-numeric-column'],
  ])('%s => %s', (name, code) => {
    expect(dataError(() => parseCsv(fixture(name))).code).toBe(code);
  });

  it('says which columns a header-only file has', () => {
    expect(dataError(() => parseCsv(fixture('header-only.csv'))).message).toContain('"date", "value"');
  });

  it('lists the columns when none holds numbers', () => {
    expect(dataError(() => parseCsv(fixture('text-only.csv'))).message).toContain(
      'date (time), weather (text)',
    );
  });

  it('rejects a months-as-columns table and says what shape is expected', () => {
    const error = dataError(() => parseCsv(fixture('wide-months.csv')));
    expect(error.code).toBe('wide-table');
    expect(error.message).toContain('months ("Jan", "Feb", "Mar", ...)');
    expect(error.message).toContain('one row per time step and one column per variable');
  });

  it('rejects a table with dates as column names', () => {
    const error = dataError(() => parseCsv('name,2020-01,2020-02,2020-03\nA,1,2,3\nB,4,5,6\n'));
    expect(error.code).toBe('wide-table');
    expect(error.message).toContain('dates ("2020-01", "2020-02", "2020-03")');
  });

  it('rejects a years-as-columns table', () => {
    const error = dataError(() => parseCsv(fixture('wide-years.csv')));
    expect(error.code).toBe('wide-table');
    expect(error.message).toContain('years ("1990", "1991", "1992", ...)');
  });

  it('rejects binary files and spreadsheets', () => {
    const xlsx = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]);
    expect(dataError(() => parseCsv(xlsx)).message).toMatch(/Excel/);
    expect(dataError(() => parseCsv(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49]))).code).toBe(
      'not-text',
    );
  });

  it('refuses more rows than maxRows', () => {
    const text = 'v\n' + Array.from({ length: 50 }, (_, i) => i * 0.5).join('\n');
    expect(dataError(() => parseCsv(text, { maxRows: 20 })).code).toBe('too-many-rows');
    expect(parseCsv(text, { maxRows: 50 }).rowCount).toBe(50);
  });
});

describe('parseCsv: large files', () => {
  const rows = 200_000;
  const lines = ['time,load,label'];
  const t0 = utc('2000-01-01');
  for (let i = 0; i < rows; i++) {
    lines.push(
      `${new Date(t0 + i * 3_600_000).toISOString().slice(0, 19)},${i % 97 === 0 ? 'NA' : (i % 1000) / 10},${i % 3 === 0 ? 'a' : 'b'}`,
    );
  }
  const text = lines.join('\n');

  it('reports progress at most ~100 times, increasing to 1, and stores Float64Arrays', () => {
    const seen: number[] = [];
    const t = parseCsv(text, { onProgress: (f) => seen.push(f) });
    expect(t.rowCount).toBe(rows);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.length).toBeLessThanOrEqual(101);
    expect(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f > seen[i - 1]))).toBe(true);
    expect(seen.at(-1)).toBe(1);
    const load = column(t, 'load');
    expect(load.kind === 'numeric' && load.values).toBeInstanceOf(Float64Array);
    expect(load.missing).toBe(Math.ceil(rows / 97));
    expect(t.time?.frequency.frequency).toBe('hourly');
    expect(t.time?.end).toBe(t0 + (rows - 1) * 3_600_000);
  });

  it('copes with a stray quote inside an unquoted field of a big file', () => {
    const rows = Array.from(
      { length: 150_000 },
      (_, i) => `${i},${i * 0.5},${i === 3 ? '12" pipe' : 'bolt'}`,
    );
    const t = parseCsv(`n,v,item\n${rows.join('\n')}\n`);
    expect(t.rowCount).toBe(150_000);
    expect(numbers(t, 'v').at(-1)).toBe(74_999.5);
    expect(texts(t, 'item').slice(2, 5)).toEqual(['bolt', '12" pipe', 'bolt']);
  });

  it('types columns from samples across the file, not only its head', () => {
    const late = ['id,v,flag'];
    for (let i = 0; i < 30_000; i++)
      late.push(`${i * 7},${i % 10},${i < 25_000 ? '' : i % 2 === 0 ? 'yes' : 'no'}`);
    const t = parseCsv(late.join('\n'));
    expect(column(t, 'flag').kind).toBe('text');
    expect(column(t, 'flag').missing).toBe(25_000);
  });

  it('reads a column as text when it turns out to be mostly text after the sampled parts', () => {
    // Equal-length rows: numeric in the head and in the windows typed at 25/50/75/100%, text elsewhere.
    const n = 300_000;
    const sampled = (i: number): boolean =>
      i < 30_000 || i > n - 2500 || [0.25, 0.5, 0.75].some((s) => Math.abs(i - s * n) < 2500);
    const lines = Array.from(
      { length: n },
      (_, i) => `${String(i).padStart(6, '0')},${sampled(i) ? String((i % 90) + 10) : `c${i % 7}`}`,
    );
    const t = parseCsv(`v,code\n${lines.join('\n')}`);
    expect(column(t, 'code').kind).toBe('text');
    expect(texts(t, 'code').slice(29_999, 30_001)).toEqual(['39', 'c5']);
    expect(t.warnings).toContain(
      '"code" looked like numbers at first but is mostly text further on; it was read as text.',
    );
  });

  it('parses asynchronously with the same result and stops when aborted', async () => {
    const t = await parseCsvAsync(text);
    expect(summarizeTable(t)).toEqual(summarizeTable(parseCsv(text)));
    const controller = new AbortController();
    const run = parseCsvAsync(text, {
      signal: controller.signal,
      onProgress: (f) => {
        if (f > 0.3) controller.abort(new Error('stopped by test'));
      },
    });
    await expect(run).rejects.toThrow('stopped by test');
  });
});
