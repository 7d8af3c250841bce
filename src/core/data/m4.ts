/**
 * The M4 competition's file layout: a header row, then one series per row, a quoted id followed by the values in
 * time order, empty cells after the series ends. The test file holds the next H values of each series.
 */
import { ConfigError, DataError } from './errors';

/** One row of an M4 file. */
export interface M4Row {
  id: string;
  values: number[];
}

/** Parses the text of an M4 file (`name` appears in messages). Throws DataError for a cell that is not a number. */
export function parseM4(text: string, name: string): M4Row[] {
  const rows: M4Row[] = [];
  const lines = text.split(/\r?\n/);
  for (let l = 1; l < lines.length; l++) {
    const line = lines[l];
    if (line.trim() === '') continue;
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, '').trim());
    const values: number[] = [];
    for (const cell of cells.slice(1)) {
      if (cell === '' || cell === 'NA') continue;
      const v = Number(cell);
      if (!Number.isFinite(v))
        throw new DataError(
          'no-values',
          `${name}, line ${l + 1} (${cells[0]}): "${cell}" is not a number. M4 files hold an id, then numbers.`,
        );
      values.push(v);
    }
    if (values.length === 0)
      throw new DataError('no-values', `${name}, line ${l + 1} (${cells[0]}) holds no values.`);
    rows.push({ id: cells[0], values });
  }
  if (rows.length === 0)
    throw new DataError(
      'no-rows',
      `${name} holds no series: an M4 file has a header row, then one series per row.`,
    );
  return rows;
}

/** A series with its test part. */
export interface M4Series {
  id: string;
  values: number[];
  actual: number[];
}

/** Which series to take, counted from 1 (both ends included). */
export interface SeriesRange {
  from: number;
  to: number;
}

/**
 * The series range a command line asks for: the first `count`, or from..to (counted from 1), within `total`.
 * Throws ConfigError when the range is empty or outside the file.
 */
export function seriesRange(
  total: number,
  options: { count?: number; from?: number; to?: number },
): SeriesRange {
  const from = options.from ?? 1;
  let to = Math.min(total, options.to ?? total);
  if (options.count !== undefined) to = Math.min(to, from + options.count - 1);
  if (from < 1 || from > total || to < from)
    throw new ConfigError(
      'NO_DATA',
      `The series range ${from}..${options.to ?? to} is empty: the file holds series 1 to ${total}.`,
      'series',
    );
  return { from, to };
}

/**
 * Pairs the training and test rows of the selected series (same order, same ids), each test part cut to `horizon`.
 * Throws DataError when the files do not match.
 */
export function m4Series(
  train: readonly M4Row[],
  test: readonly M4Row[],
  range: SeriesRange,
  horizon: number,
): M4Series[] {
  if (test.length !== train.length)
    throw new DataError(
      'unknown-key',
      `The training file holds ${train.length} series but the test file ${test.length}: give the two files of one frequency.`,
    );
  const out: M4Series[] = [];
  for (let i = range.from - 1; i < range.to; i++) {
    if (test[i].id !== train[i].id)
      throw new DataError(
        'unknown-key',
        `Row ${i + 1} is ${train[i].id} in the training file but ${test[i].id} in the test file: give the two files of one frequency.`,
      );
    if (test[i].values.length < horizon)
      throw new ConfigError(
        'TEST_TOO_SHORT',
        `${test[i].id} has ${test[i].values.length} test values, fewer than the horizon ${horizon}: lower --horizon.`,
        'horizon',
      );
    out.push({ id: train[i].id, values: train[i].values, actual: test[i].values.slice(0, horizon) });
  }
  return out;
}
