import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../../../src/core/common/format';
import { columnRange, parseCsv, summarizeTable } from '../../../../src/core/data';

function rangeText(csv: string, column: string): [string, string, boolean] {
  const summary = summarizeTable(parseCsv(csv));
  const c = summary.columns.find((x) => x.name === column)!;
  const r = columnRange(c, summary.time);
  const show = (v: number | null) => (r.dates ? formatTimestamp(v) : String(v));
  return [show(r.min), show(r.max), r.dates];
}

describe('columnRange', () => {
  it('shows a YYYYMMDD integer time column as dates', () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `${20150101 + i < 20150132 ? 20150101 + i : 20150201 + i - 31},${i}`,
    );
    expect(rangeText(['date,sales', ...rows].join('\n'), 'date')).toEqual(['2015-01-01', '2015-02-09', true]);
  });

  it('shows YYYYMM integers as months and leaves other numbers alone', () => {
    const rows = Array.from(
      { length: 24 },
      (_, i) => `${2019 + Math.floor(i / 12)}${String((i % 12) + 1).padStart(2, '0')},${i * 2}`,
    );
    const csv = ['month,value', ...rows].join('\n');
    expect(rangeText(csv, 'month')).toEqual(['2019-01-01', '2020-12-01', true]);
    expect(rangeText(csv, 'value')).toEqual(['0', '46', false]);
  });
});
