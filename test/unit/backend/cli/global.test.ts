import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { naive2, scoreSeries } from '../../../../src/core/model/classical/m4';
import { parseM4 } from '../../../../src/core/data/m4';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-cli-global-'));
const db = path.join(dir, 'lab.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['src/backend/cli/rnn-lab.mjs', ...args], {
    encoding: 'utf8',
    timeout: 240_000,
  });
}

const TRAIN = 'test/fixtures/m4/Weekly-train.csv';
const TEST = 'test/fixtures/m4/Weekly-test.csv';
const quick = ['--members', '1', '--epochs', '2', '--seed', '4'];
/** `benchmark m4` on the Weekly fixture at M4's Weekly horizon and season. */
const weekly = ['benchmark', 'm4', '--train', TRAIN, '--test', TEST, '--horizon', '13', '--season', '1'];

interface BenchmarkJson {
  owa: number;
  smape: number;
  mase: number;
  naive2: { smape: number; mase: number };
  series: number;
  seconds: number;
  experimentId: number | null;
  bundle: string | null;
  perSeries: {
    id: string;
    smape: number;
    mase: number;
    naive2: { smape: number; mase: number };
    forecast: number[];
  }[];
}

describe('rnn-lab benchmark m4', () => {
  it('scores --series 5 as M4 did and prints one JSON object with the aggregate and every series', () => {
    const run = cli(...weekly, '--series', '5', ...quick, '--db', db, '--json', '--quiet');
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as BenchmarkJson;
    expect(out.series).toBe(5);
    expect(out.seconds).toBeGreaterThan(0);
    expect(out.perSeries.map((s) => s.id)).toEqual(['W1', 'W2', 'W3', 'W4', 'W5']);
    // Naive2 as published for these series (test/unit/core/model/classical/m4.test.ts), and the aggregate from them
    expect(out.perSeries[0].naive2.smape).toBeCloseTo(2.056843, 5);
    expect(out.perSeries[4].naive2.mase).toBeCloseTo(0.57547, 5);
    const train = parseM4(fs.readFileSync(TRAIN, 'utf8'), TRAIN);
    const test = parseM4(fs.readFileSync(TEST, 'utf8'), TEST);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const own = out.perSeries.map((s, i) =>
      scoreSeries(train[i].values, test[i].values.slice(0, 13), s.forecast, 1),
    );
    const ref = train.map((r, i) =>
      scoreSeries(r.values, test[i].values.slice(0, 13), naive2(r.values, 13, 1), 1),
    );
    expect(out.smape).toBeCloseTo(mean(own.map((s) => s.smape)), 9);
    expect(out.naive2.mase).toBeCloseTo(mean(ref.map((s) => s.mase)), 9);
    const owa = (out.smape / out.naive2.smape + out.mase / out.naive2.mase) / 2;
    expect(out.owa).toBeCloseTo(owa, 12);
    expect(out.experimentId).toEqual(expect.any(Number));
  });

  it('takes a series range and writes a bundle that the experiments import reads', () => {
    const bundle = path.join(dir, 'part.rnnlab');
    const run = cli(
      ...weekly,
      '--series-from',
      '2',
      '--series-to',
      '3',
      ...quick,
      '--bundle',
      bundle,
      '--json',
      '--quiet',
    );
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as BenchmarkJson;
    expect(out.perSeries.map((s) => s.id)).toEqual(['W2', 'W3']);
    expect(out.experimentId).toBeNull();
    expect(fs.existsSync(bundle)).toBe(true);
    const imported = cli('experiments', 'import', bundle, '--db', path.join(dir, 'other.db'));
    expect(imported.status, imported.stderr).toBe(0);
    const listed = cli(
      'experiments',
      'list',
      '--kind',
      'global',
      '--json',
      '--db',
      path.join(dir, 'other.db'),
    );
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/series 2-3/);
  });

  it('refuses missing options and mismatched files, saying what to give', () => {
    const none = cli('benchmark', 'm4', '--train', TRAIN, '--test', TEST);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/--horizon H and --season M/);
    const mixed = cli(
      'benchmark',
      'm4',
      '--train',
      TRAIN,
      '--test',
      'test/fixtures/m4/Hourly-test.csv',
      '--horizon',
      '13',
      '--season',
      '1',
    );
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/W1 in the training file but H1 in the test file/);
    const range = cli(...weekly, '--series-from', '9');
    expect(range.status).toBe(2);
    expect(range.stderr).toMatch(/holds series 1 to 5/);
  });
});

describe('rnn-lab forecast --all-series', () => {
  it('forecasts every series of the long-format sample with one network and compares each with its own', () => {
    const run = cli(
      'forecast',
      'resources/samples/us-employment-by-sector.csv',
      '--all-series',
      '--key',
      'sector',
      ...quick,
      '--classical',
      'fast',
      '--db',
      db,
      '--json',
      '--quiet',
    );
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as BenchmarkJson & {
      file: string;
      perSeries: {
        id: string;
        future: number[];
        lower: number[];
        upper: number[];
        localMase: number | null;
      }[];
      local: { mase: number } | null;
    };
    expect(out.series).toBe(6);
    expect(out.perSeries.map((s) => s.id)).toContain('construction');
    for (const s of out.perSeries) {
      expect(s.future).toHaveLength(12);
      s.future.forEach((f, h) => expect(s.lower[h]).toBeLessThanOrEqual(f));
      expect(s.localMase).toEqual(expect.any(Number));
    }
    expect(out.local?.mase).toEqual(expect.any(Number));
  });

  it('refuses a key that is not the series column and a file with one series', () => {
    const wrong = cli(
      'forecast',
      'resources/samples/us-employment-by-sector.csv',
      '--all-series',
      '--key',
      'month',
    );
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(
      /"month" is not the column that tells the series apart \(that is "sector"\)/,
    );
    // the file is named once
    expect(wrong.stderr).toMatch(/^rnn-lab: us-employment-by-sector\.csv: "month"/);
    const single = cli('forecast', 'resources/samples/global-temp.csv', '--all-series');
    expect(single.status).toBe(2);
    expect(single.stderr).toMatch(/single series/);
    expect(single.stderr).toMatch(/^rnn-lab: global-temp\.csv: this file holds a single series/);
  });
});
