import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-cli-'));
const db = path.join(dir, 'lab.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['src/backend/cli/rnn-lab.mjs', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('rnn-lab forecast', () => {
  it('forecasts a sample with --json and saves the experiment in the database', () => {
    const run = cli(
      'forecast',
      'resources/samples/global-temp.csv',
      '--epochs',
      '2',
      '--cell',
      'gru',
      '--db',
      db,
      '--json',
      '--backend',
      'cpu',
    );
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      experimentId: number;
      status: string;
      target: string;
      config: { cell: string; epochs: number; horizon: number; recipe: { combine: boolean } | null };
      competitors: { model: { mase: number }; ensembleAlone: { mase: number } | null } | null;
      metrics: { mae: number; mase: number | null };
      baselines: Record<'naive' | 'seasonalNaive' | 'drift', { mae: number }>;
      forecast: {
        timestamps: string[];
        values: number[];
        intervals: { level: number; lower: number[]; upper: number[] }[];
      };
    };
    expect(out.status).toBe('finished');
    expect(out.target).toBe('temp');
    expect(out.config).toMatchObject({ cell: 'gru', epochs: 2 });
    expect(out.metrics.mae).toBeGreaterThan(0);
    // proposed: the networks combined with the classical methods, scored next to the networks alone
    expect(out.config.recipe?.combine).toBe(true);
    expect(out.competitors?.ensembleAlone?.mase).toBeGreaterThan(0);
    expect(Object.keys(out.baselines).sort()).toEqual(['drift', 'naive', 'seasonalNaive']);
    expect(out.forecast.values).toHaveLength(out.config.horizon);
    // Yearly data: the forecast continues after the last year, 2023.
    expect(out.forecast.timestamps[0]).toBe('2024-01-01');
    for (const interval of out.forecast.intervals) {
      interval.lower.forEach((l, h) => expect(l).toBeLessThanOrEqual(out.forecast.values[h]));
      interval.upper.forEach((u, h) => expect(u).toBeGreaterThanOrEqual(out.forecast.values[h]));
    }
    expect(run.stderr).toMatch(/epoch 2/);

    const sqlite = new Database(db, { readonly: true });
    const row = sqlite
      .prepare('SELECT kind, status, backend, weights IS NOT NULL AS w FROM experiments WHERE id = ?')
      .get(out.experimentId);
    sqlite.close();
    expect(row).toEqual({ kind: 'forecast', status: 'finished', backend: 'cpu', w: 1 });
  });

  it('prints the forecast table with its interval columns aligned under their headers', () => {
    const run = cli(
      'forecast',
      'resources/samples/global-temp.csv',
      '--epochs',
      '1',
      '--db',
      db,
      '--backend',
      'cpu',
    );
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    const header = lines.findIndex((l) => l.includes('80% interval') && l.includes('95% interval'));
    expect(header, run.stdout).toBeGreaterThan(-1);
    const rows = lines.slice(header + 1).filter((l) => /\[.*\].*\[.*\]/.test(l));
    expect(rows.length).toBeGreaterThan(1);
    // Every row opens and closes its brackets at the same columns, the commas line up, and each interval ends
    // where its header ends.
    const marks = (l: string) => [...l.matchAll(/[[\],]/g)].map((m) => `${m[0]}@${m.index}`).join(' ');
    for (const row of rows) expect(marks(row)).toBe(marks(rows[0]));
    const ends = [...rows[0].matchAll(/\]/g)].map((m) => (m.index ?? 0) + 1);
    const head = lines[header];
    expect(ends).toEqual([
      head.indexOf('80% interval') + '80% interval'.length,
      head.indexOf('95% interval') + '95% interval'.length,
    ]);
  });

  it('answers bad input with one line and exit code 2', () => {
    const missing = cli('forecast', 'nope.csv', '--db', db);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('rnn-lab: nope.csv: no such file.\n');
    const wide = path.join(dir, 'wide.csv');
    fs.writeFileSync(wide, 'item,Jan,Feb,Mar,Apr\nA,1,2,3,4\nB,2,3,4,5\n');
    const bad = cli('forecast', wide, '--db', db);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^rnn-lab: wide\.csv: This table is wide/);
    const badTarget = cli(
      'forecast',
      'resources/samples/global-temp.csv',
      '--target',
      'pressure',
      '--db',
      db,
    );
    expect(badTarget.status).toBe(2);
    expect(badTarget.stderr).toMatch(/pressure/);
    const badCombine = cli('forecast', 'resources/samples/global-temp.csv', '--combine', 'maybe', '--db', db);
    expect(badCombine.status).toBe(2);
    expect(badCombine.stderr).toBe('rnn-lab: --combine must be on or off (got "maybe").\n');
    const directCombine = cli(
      'forecast',
      'resources/samples/global-temp.csv',
      '--transform',
      'direct',
      '--combine',
      'on',
      '--db',
      db,
    );
    expect(directCombine.status).toBe(2);
    expect(directCombine.stderr).toMatch(/--combine needs the recipe/);
  });

  it('keeps a run the locked database cannot take: retries, then writes it next to the database and says where', () => {
    const lockedDir = fs.mkdtempSync(path.join(dir, 'locked-'));
    const lockedDb = path.join(lockedDir, 'lab.db');
    expect(cli('experiments', 'list', '--db', lockedDb).status).toBe(0); // creates the database
    const holder = new Database(lockedDb);
    holder.exec('BEGIN IMMEDIATE'); // another writer holds it for the whole run
    const run = cli(
      'forecast',
      'resources/samples/global-temp.csv',
      '--epochs',
      '1',
      '--db',
      lockedDb,
      '--backend',
      'cpu',
    );
    holder.exec('ROLLBACK');
    holder.close();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'The database is busy (another RNN Lab may be using it); trying again (3/3)',
    );
    const written = /The run was written to (\S+\.rnnlab) instead/.exec(run.stderr)?.[1];
    expect(written, run.stderr).toBeDefined();
    expect(path.dirname(written as string)).toBe(lockedDir);
    expect(run.stderr).not.toMatch(/SqliteError|at .*\.ts:\d+/);
    const restored = cli('experiments', 'import', written as string, '--db', lockedDb, '--json');
    expect(restored.status, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout).imported).toHaveLength(1);
  });

  it('refuses a damaged database before training, with a message and no stack trace', () => {
    const damaged = path.join(dir, 'damaged.db');
    fs.writeFileSync(damaged, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(8192, 7)]));
    const run = cli('forecast', 'resources/samples/global-temp.csv', '--epochs', '1', '--db', damaged);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/damaged\.db/);
    expect(run.stderr).not.toMatch(/epoch 1|at .*\.ts:\d+/);
  });
});
