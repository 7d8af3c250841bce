import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInits, parseLags } from '../../../../src/backend/cli/memoryChallenge';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-memory-'));
const db = path.join(dir, 'lab.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['src/backend/cli/rnn-lab.mjs', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** The --json output: one object per line. */
function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('rnn-lab memory-challenge', () => {
  it('prints one JSON line per cell and lag and saves each run as a memory experiment', () => {
    const run = cli(
      'memory-challenge',
      '--task',
      'adding',
      '--lags',
      '4',
      '--epochs',
      '1',
      '--units',
      '4',
      '--seed',
      '3',
      '--db',
      db,
      '--json',
    );
    expect(run.status, run.stderr).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines.map((l) => [l.cell, l.lag, l.task])).toEqual([
      ['rnn', 4, 'adding'],
      ['lstm', 4, 'adding'],
      ['gru', 4, 'adding'],
    ]);
    for (const line of lines) {
      expect(line.accuracy).toBeGreaterThanOrEqual(0);
      expect(line.accuracy).toBeLessThanOrEqual(1);
      expect(line.durationMs).toBeGreaterThan(0);
      expect(line.epochs).toBe(1);
    }
    expect(run.stderr).toMatch(
      /Memory challenge \(adding\): SimpleRNN, LSTM, GRU at lags 4; 4 units, up to 1 epochs, seed 3, wasm/,
    );
    expect(run.stderr).toMatch(/LSTM lag 4: accuracy \d+\.\d% \(chance 7\.8%\), 1 epochs/);

    const sqlite = new Database(db, { readonly: true });
    const rows = sqlite
      .prepare(
        "SELECT id, kind, name, status, backend, config, metrics, history, weights IS NOT NULL AS w FROM experiments WHERE kind = 'memory' ORDER BY id",
      )
      .all() as {
      id: number;
      kind: string;
      name: string;
      status: string;
      backend: string;
      config: string;
      metrics: string;
      history: string;
      w: number;
    }[];
    sqlite.close();
    expect(rows.map((r) => r.id)).toEqual(lines.map((l) => l.experimentId));
    expect(rows.map((r) => r.name)).toEqual([
      'Memory challenge · adding · SimpleRNN · lag 4',
      'Memory challenge · adding · LSTM · lag 4',
      'Memory challenge · adding · GRU · lag 4',
    ]);
    rows.forEach((row, i) => {
      expect(row).toMatchObject({ kind: 'memory', status: 'finished', backend: 'wasm', w: 1 });
      expect(JSON.parse(row.config)).toMatchObject({
        task: 'adding',
        cell: lines[i].cell,
        lag: 4,
        seed: 3,
        units: 4,
        epochs: 1,
      });
      expect(JSON.parse(row.metrics).accuracy).toBe(lines[i].accuracy);
      const history = JSON.parse(row.history) as { loss: number[]; gradients: { before: number[] } };
      expect(history.loss).toHaveLength(1);
      expect(history.gradients.before.length).toBeGreaterThan(0);
    });
  });

  it('trains gated cells with both initialisations and records them in --json lines and the saved config', () => {
    const run = cli(
      'memory-challenge',
      '--task',
      'copy',
      '--lags',
      '5',
      '--cells',
      'rnn,lstm',
      '--init',
      'default,chrono',
      '--tmax',
      '30',
      '--steps',
      '8',
      '--units',
      '4',
      '--db',
      db,
      '--json',
    );
    expect(run.status, run.stderr).toBe(0);
    const lines = jsonLines(run.stdout);
    // A SimpleRNN has no gates: it runs once per lag.
    expect(lines.map((l) => [l.cell, l.init, l.tMax, l.maxSteps])).toEqual([
      ['rnn', 'default', null, 8],
      ['lstm', 'default', null, 8],
      ['lstm', 'chrono', 30, 8],
    ]);
    expect(run.stderr).toMatch(/LSTM \(chrono, T_max 30\) lag 5: accuracy/);
    const sqlite = new Database(db, { readonly: true });
    const row = sqlite
      .prepare('SELECT name, config, tags FROM experiments WHERE id = ?')
      .get(lines[2].experimentId) as {
      name: string;
      config: string;
      tags: string;
    };
    sqlite.close();
    expect(row.name).toBe('Memory challenge · copy · LSTM · lag 5 · chrono');
    expect(JSON.parse(row.config)).toMatchObject({ gateInit: { kind: 'chrono', tMax: 30 }, maxSteps: 8 });
  });

  it('answers bad input with one line and exit code 2', () => {
    const task = cli('memory-challenge', '--task', 'sort', '--db', db);
    expect(task.status).toBe(2);
    expect(task.stderr).toBe('rnn-lab: --task must be copy or adding (got "sort").\n');
    const lags = cli('memory-challenge', '--lags', '5,x', '--db', db);
    expect(lags.status).toBe(2);
    expect(lags.stderr).toBe(
      'rnn-lab: --lags must be a comma-separated list of whole numbers from 2 to 1000, e.g. 5,10,20,40 (got "5,x").\n',
    );
    const seed = cli('memory-challenge', '--seed', '1.5', '--db', db);
    expect(seed.status).toBe(2);
    expect(seed.stderr).toBe('rnn-lab: --seed must be a whole number (got "1.5").\n');
  });

  it('refuses --tmax without chrono and unknown initialisations', () => {
    const tmax = cli('memory-challenge', '--tmax', '50', '--db', db);
    expect(tmax.status).toBe(2);
    expect(tmax.stderr).toBe(
      'rnn-lab: --tmax sets chrono initialisation: add --init chrono (or --init default,chrono).\n',
    );
    expect(() => parseInits('orthogonal')).toThrow(/--init must be default, chrono or default,chrono/);
    expect(parseInits('chrono, default')).toEqual(['chrono', 'forget-bias']);
  });

  it('parses lag lists', () => {
    expect(parseLags(undefined)).toEqual([5, 10, 20, 40]);
    expect(parseLags('20, 5,5')).toEqual([5, 20]);
    expect(() => parseLags('1')).toThrow(/from 2 to 1000/);
    expect(() => parseLags('')).toThrow(/comma-separated/);
  });
});
