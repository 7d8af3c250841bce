import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, neutralizeFormula, toCsv } from '../../../../src/core/common/csvWrite';

const parse = (text: string) => Papa.parse<string[]>(text.replace(/\n$/, ''), { header: false }).data;

describe('CSV exports', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+cmd|calc', "'+cmd|calc"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['-3.5', '-3.5'],
    ['+1e-3', '+1e-3'],
    ['LSTM 1×32 · value', 'LSTM 1×32 · value'],
  ])('writes the text %j as %j', (text, written) => {
    expect(csvCell(text)).toBe(written);
  });

  it('writes numbers as numbers, negative ones too, and nothing for missing values', () => {
    expect([csvCell(-0.25), csvCell(Number.NaN), csvCell(null), csvCell(undefined)]).toEqual([
      '-0.25',
      '',
      '',
      '',
    ]);
  });

  it('neutralises names, tags and notes of an experiments export', () => {
    const header = ['id', 'name', 'dataset', 'metric_value', 'tags', 'notes'];
    const row = [7, '=1+1', '@data.csv', -1.5, '+tag -other', '-see "A1"\n=next line'];
    const cells = parse(toCsv(header, [row]))[1];
    expect(cells).toEqual(['7', "'=1+1", "'@data.csv", '-1.5', "'+tag -other", `'-see "A1"\n=next line`]);
  });

  it('neutralises run names in the column headers of a comparison export', () => {
    const header = ['metric', 'A: =WEBSERVICE(x)', '=B', 'best'];
    const [head, body] = parse(toCsv(header, [['-MASE', 0.8, 0.9, 'A']]));
    expect(head).toEqual(['metric', 'A: =WEBSERVICE(x)', "'=B", 'best']);
    expect(body).toEqual(["'-MASE", '0.8', '0.9', 'A']);
  });

  it('never leaves a cell a spreadsheet would run, and keeps every value readable', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.oneof(fc.string(), fc.double(), fc.constantFrom('=', '+', '-', '@')), {
            minLength: 1,
            maxLength: 5,
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (rows) => {
          const width = Math.max(...rows.map((r) => r.length));
          const padded = rows.map((r) => [...r, ...Array<string>(width - r.length).fill('x')]);
          const back = parse(toCsv(Array<string>(width).fill('h'), padded)).slice(1);
          back.forEach((cells, i) =>
            cells.forEach((cell, j) => {
              const value = padded[i][j];
              if (typeof value === 'number') expect(cell).toBe(Number.isFinite(value) ? String(value) : '');
              else {
                expect(cell).toBe(neutralizeFormula(value));
                if (/^[=+\-@\t\r]/.test(cell)) expect(Number.isNaN(Number(cell))).toBe(false);
              }
            }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
