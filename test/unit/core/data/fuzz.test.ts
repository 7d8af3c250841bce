import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DataError,
  extractSeries,
  parseCsv,
  proposeForecastDefaults,
  summarizeTable,
  type CsvInput,
  type Table,
} from '../../../../src/core/data';

const cell = fc.oneof(
  fc.constantFrom(
    '',
    'NA',
    'n/a',
    '-',
    'null',
    '1,5',
    '1.234,5',
    '1,234.5',
    '2020-01-01',
    '2020-01-01T01:00:00',
    'Jan 1 2000',
    '2020-Q1',
    '2020-01',
    '20200101',
    '1999',
    '2000',
    'Q1',
    'Mar',
    'x',
    'sun',
    '"',
    '""',
    'a"b',
    '12:30',
    '#',
    '$5',
    '1e400',
    '31/12/2020',
    '12/31/2020',
    ' 7 ',
    '\t',
    '0',
  ),
  fc.double().map(String),
  fc.integer({ min: -5, max: 3000 }).map(String),
  fc.string({ maxLength: 8 }),
  fc
    .date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
);

const csvText = fc
  .record({
    rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 40 }),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    quote: fc.boolean(),
    bom: fc.boolean(),
    trailingNewline: fc.boolean(),
  })
  .map(({ rows, delimiter, newline, quote, bom, trailingNewline }) => {
    const field = (c: string): string => (quote ? `"${c.replace(/"/g, '""')}"` : c);
    const body = rows.map((r) => r.map(field).join(delimiter)).join(newline);
    return (bom ? '\ufeff' : '') + body + (trailingNewline ? newline : '');
  });

/** A time series CSV with random holes, junk and layout, likely to parse. */
const seriesText = fc
  .record({
    n: fc.integer({ min: 2, max: 60 }),
    stepHours: fc.constantFrom(1, 24, 24 * 7, 24 * 30),
    holes: fc.array(fc.integer({ min: 0, max: 59 }), { maxLength: 10 }),
    junk: fc.array(fc.tuple(fc.integer({ min: 0, max: 59 }), cell), { maxLength: 5 }),
    shuffle: fc.boolean(),
  })
  .map(({ n, stepHours, holes, junk, shuffle }) => {
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      if (holes.includes(i)) continue;
      const t = new Date(Date.UTC(2020, 0, 1) + i * stepHours * 3_600_000).toISOString().slice(0, 19);
      const value = junk.find(([row]) => row === i)?.[1] ?? String(Math.sin(i));
      lines.push(`${t},${value},${i % 3}`);
    }
    if (shuffle) lines.reverse();
    return `time,value,group\n${lines.join('\n')}\n`;
  });

/** Parses and checks the table's invariants; returns null when the parser refused the input with a DataError. */
function parseOrRefuse(input: CsvInput): Table | null {
  let table: Table;
  try {
    table = parseCsv(input);
  } catch (error) {
    if (error instanceof DataError) return null;
    throw error;
  }
  for (const c of table.columns) {
    expect(c.kind === 'text' ? c.codes.length : c.values.length).toBe(table.rowCount);
  }
  if (table.time !== null) expect(table.time.values.length).toBe(table.rowCount);
  const summary = summarizeTable(table);
  expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  return table;
}

/** Extracts the default series; it must be clean unless a DataError says why not. */
function extractOrRefuse(table: Table): void {
  try {
    const defaults = proposeForecastDefaults(table);
    for (const missing of ['interpolate', 'drop'] as const) {
      const s = extractSeries(table, { target: defaults.target, key: defaults.key ?? undefined, missing });
      expect(s.target.every(Number.isFinite)).toBe(true);
      if (s.time !== null) {
        expect(s.time).toHaveLength(s.target.length);
        expect(s.time.every((t, i) => i === 0 || t > s.time![i - 1])).toBe(true);
      }
    }
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
  }
}

describe('parser robustness (property)', () => {
  it('random text: a table or a DataError, nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        parseOrRefuse(text);
      }),
      { numRuns: 400 },
    );
  });

  it('random bytes: a table or a DataError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        parseOrRefuse(bytes);
      }),
      { numRuns: 400 },
    );
  });

  it('CSV-shaped input with nasty cells: a consistent table or a DataError', () => {
    fc.assert(
      fc.property(csvText, (text) => {
        const table = parseOrRefuse(text);
        if (table !== null) extractOrRefuse(table);
      }),
      { numRuns: 600 },
    );
  });

  it('time series with holes, junk and reversed rows always parse to a clean series', () => {
    fc.assert(
      fc.property(seriesText, (text) => {
        const table = parseOrRefuse(text);
        if (table !== null) extractOrRefuse(table);
      }),
      { numRuns: 300 },
    );
  });
});
