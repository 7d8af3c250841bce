import { describe, expect, it } from 'vitest';
import { CSV_LIMITS, DataError, parseCsv } from '../../../../src/core/data';

function reason(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof DataError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a DataError');
}

describe('CSV import limits', () => {
  it('refuses a file larger than the byte limit before decoding it', () => {
    const bytes = new Uint8Array(2048).fill(0x31);
    expect(reason(() => parseCsv(bytes, { maxBytes: 1024 }))).toEqual({
      code: 'file-too-large',
      message: expect.stringContaining('The file is 0.0 MiB; RNN Lab imports CSV files of up to 0.0 MiB.'),
    });
  });

  it('refuses a file written on one line, naming the line and the limit', () => {
    const oneLine = `date,value,${'1,'.repeat(CSV_LIMITS.maxLineChars / 2 + 10)}`;
    const { code, message } = reason(() => parseCsv(oneLine));
    expect(code).toBe('line-too-long');
    expect(message).toContain(
      'Line 1 of the file is 1,000,031 characters long; RNN Lab reads lines of up to 1,000,000.',
    );
    expect(message).toContain('separated by line breaks');
  });

  it('counts lines to name the long one', () => {
    const text = `a,b\n1,2\n${'3'.repeat(50)},4\n`;
    expect(reason(() => parseCsv(text, { maxLineChars: 20 })).message).toMatch(
      /^Line 3 of the file is 52 characters/,
    );
  });

  it('refuses more columns than the limit, and reads a wide table up to it in linear time', () => {
    const columns = (n: number) => {
      const header = Array.from({ length: n }, (_, i) => `v_${i}x`).join(',');
      const rows = Array.from({ length: 5 }, (_, r) =>
        Array.from({ length: n }, (_, i) => String(r * i)).join(','),
      );
      return [header, ...rows].join('\n');
    };
    const { code, message } = reason(() => parseCsv(columns(CSV_LIMITS.maxColumns + 1)));
    expect(code).toBe('too-many-columns');
    expect(message).toContain('The table has 10,001 columns; RNN Lab reads up to 10,000.');
    const table = parseCsv(columns(3000));
    expect(table.columns).toHaveLength(3000);
    expect(table.preview[0]).toHaveLength(3000);
  });

  it('keeps the preview aligned with the kept columns when unnamed empty columns are dropped', () => {
    const table = parseCsv('t,a,,b\n1,2,,3\n2,4,,5\n3,6,,7\n');
    expect(table.columns.map((c) => c.name)).toEqual(['t', 'a', 'b']);
    expect(table.preview[0]).toEqual(['1', '2', '3']);
  });
});
