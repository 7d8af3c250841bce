import type { CellType } from '../../../../src/core/model/cells';
import { forecastInput, forecastMetrics, melodyInput } from '../../fixtures/experiments';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseArgs } from '../../../../src/core/api';
import { main } from '../../../../src/backend/cli/main';
import { createLab } from '../../../../src/backend/lab/createLab';
import { resourcesDir } from '../../../../src/backend/paths';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-cli-exp-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

function capture() {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  return {
    out: () => out,
    err: () => err,
    reset: () => {
      out = '';
      err = '';
    },
  };
}

/** A database with two forecasts on a sample and a melody run. */
async function seededDb(): Promise<{ db: string; ids: number[] }> {
  const db = path.join(dir, 'source.db');
  const lab = createLab({
    dbPath: db,
    resourcesDir: resourcesDir(),
    transport: 'http',
    version: 't',
    seedSamples: false,
  });
  const { dataset } = await lab.handlers['datasets:import']({
    name: 'shop.csv',
    bytes: new TextEncoder().encode('t,v\n1,2\n2,3\n3,4\n'),
  });
  const save = (name: string, kind: 'forecast' | 'melody', cell: CellType, mase: number | null) =>
    lab.handlers['experiments:save'](
      parseArgs(
        'experiments:save',
        kind === 'forecast'
          ? forecastInput({
              name,
              datasetId: dataset.id,
              config: { cell },
              metrics: forecastMetrics(mase),
              weights: new Uint8Array([1, 2, 3]),
              durationMs: 65_000,
            })
          : melodyInput({ name, weights: new Uint8Array([1, 2, 3]), durationMs: 65_000 }),
      ),
    );
  const ids = [
    (await save('LSTM on shop', 'forecast', 'lstm', 0.71)).id,
    (await save('GRU on shop', 'forecast', 'gru', 0.65)).id,
    (await save('folk tune', 'melody', 'lstm', null)).id,
  ];
  lab.close();
  return { db, ids };
}

describe('rnn-lab experiments', () => {
  it('lists experiments as a table, filtered by kind, or as JSON', async () => {
    const { db } = await seededDb();
    const io = capture();
    expect(await main(['experiments', 'list', '--db', db])).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^\s+ID {2}KIND {6}NAME\s+DATASET\s+CELL\s+METRIC {2}STATUS\s+DURATION {2}CREATED$/,
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(
      /^\s+3 {2}melody\s+folk tune\s+— +lstm +-0\.5 {2}finished\s+1 min 05 s {2}\d{4}-\d\d-\d\d \d\d:\d\d$/,
    );
    expect(lines[3]).toMatch(/LSTM on shop\s+shop\.csv\s+lstm\s+0\.71/);

    io.reset();
    expect(await main(['experiments', 'list', '--kind', 'forecast', '--sort', 'metric', '--db', db])).toBe(0);
    expect(
      io
        .out()
        .split('\n')
        .slice(1, 3)
        .map((l) => l.trim().split(/\s{2,}/)[2]),
    ).toEqual(['GRU on shop', 'LSTM on shop']);

    io.reset();
    expect(await main(['experiments', 'list', '--kind', 'melody', '--json', '--db', db])).toBe(0);
    const json = JSON.parse(io.out()) as { total: number; items: { name: string; uid: string }[] };
    expect(json.total).toBe(1);
    expect(json.items[0]).toMatchObject({ name: 'folk tune' });
    expect(json.items[0].uid).toMatch(/^[0-9a-f]{32}$/);
    expect(json.items[0]).not.toHaveProperty('weights');

    io.reset();
    expect(await main(['experiments', 'list', '--limit', '2', '--db', db])).toBe(0);
    expect(io.out()).toMatch(/\(2 of 3; raise --limit to see more\)\n$/);
  });

  it('exports experiments to one file and imports them into another database, skipping ones already there', async () => {
    const { db, ids } = await seededDb();
    const file = path.join(dir, 'runs.rnnlab');
    const io = capture();
    expect(await main(['experiments', 'export', String(ids[0]), `#${ids[2]}`, '-o', file, '--db', db])).toBe(
      0,
    );
    expect(io.out()).toMatch(/^Exported 2 experiments and 1 dataset to .*runs\.rnnlab \(\d+ kB\)\.\n$/);
    expect(fs.existsSync(file)).toBe(true);

    const other = path.join(dir, 'other.db');
    io.reset();
    expect(await main(['experiments', 'import', file, '--db', other])).toBe(0);
    expect(io.out()).toBe('Imported 2 experiments (#1, #2); datasets: 1 added, 0 already here.\n');
    io.reset();
    expect(await main(['experiments', 'list', '--json', '--db', other])).toBe(0);
    expect((JSON.parse(io.out()) as { items: { name: string }[] }).items.map((e) => e.name).sort()).toEqual([
      'LSTM on shop',
      'folk tune',
    ]);

    io.reset();
    expect(await main(['experiments', 'import', file, '--db', other])).toBe(0);
    expect(io.out()).toBe(
      'Nothing new to import.\nAlready present, skipped: "LSTM on shop" (#1).\nAlready present, skipped: "folk tune" (#2).\n',
    );
    io.reset();
    expect(await main(['experiments', 'import', file, '--json', '--db', other])).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({
      imported: [],
      duplicates: [
        { name: 'LSTM on shop', existingId: 1 },
        { name: 'folk tune', existingId: 2 },
      ],
    });
  });

  it('answers bad input with one line and exit code 2', async () => {
    const { db } = await seededDb();
    const csvFile = path.join(dir, 'data.csv');
    fs.writeFileSync(csvFile, 'date,value\n2020-01-01,1\n');
    const cases: [string[], RegExp][] = [
      [['experiments'], /^rnn-lab: experiments needs a command: list, export or import/],
      [
        ['experiments', 'drop'],
        /^rnn-lab: unknown experiments command "drop": use list, export or import\.$/,
      ],
      [
        ['experiments', 'list', '--kind', 'robot', '--db', db],
        /^rnn-lab: --kind must be one of forecast, melody, memory, global \(got "robot"\)\.$/,
      ],
      [
        ['experiments', 'list', '--sort', 'weights', '--db', db],
        /^rnn-lab: --sort must be one of created, name/,
      ],
      [
        ['experiments', 'list', '--limit', '0', '--db', db],
        /^rnn-lab: --limit must be a whole number of at least 1/,
      ],
      [['experiments', 'list', '--colour', '--db', db], /^rnn-lab: Unknown option '--colour'/],
      [
        ['experiments', 'export', '1', '--db', db],
        /^rnn-lab: experiments export needs an output file: -o FILE\.rnnlab\.$/,
      ],
      [
        ['experiments', 'export', '-o', path.join(dir, 'x.rnnlab'), '--db', db],
        /^rnn-lab: experiments export needs the ids/,
      ],
      [
        ['experiments', 'export', 'abc', '-o', path.join(dir, 'x.rnnlab'), '--db', db],
        /^rnn-lab: "abc" is not an experiment id/,
      ],
      [
        ['experiments', 'export', '99', '-o', path.join(dir, 'x.rnnlab'), '--db', db],
        /^rnn-lab: Experiment 99 does not exist \(it may have been deleted\)\.$/,
      ],
      [
        ['experiments', 'export', '1', '-o', path.join(dir, 'no', 'such', 'x.rnnlab'), '--db', db],
        /^rnn-lab: .*x\.rnnlab: the folder .* does not exist\.$/,
      ],
      [
        ['experiments', 'import', path.join(dir, 'missing.rnnlab'), '--db', db],
        /^rnn-lab: .*missing\.rnnlab: no such file\.$/,
      ],
      [
        ['experiments', 'import', csvFile, '--db', db],
        /^rnn-lab: .*data\.csv: This file is not an RNN Lab experiments export \(\.rnnlab\)\./,
      ],
      [['experiments', 'import', '--db', db], /^rnn-lab: experiments import needs exactly one file/],
    ];
    for (const [argv, message] of cases) {
      const io = capture();
      expect(await main(argv), argv.join(' ')).toBe(2);
      expect(io.err().split('\n').filter(Boolean), argv.join(' ')).toHaveLength(1);
      expect(io.err().trimEnd(), argv.join(' ')).toMatch(message);
      vi.restoreAllMocks();
    }
    expect(fs.existsSync(path.join(dir, 'x.rnnlab'))).toBe(false);
  });

  it('lists the experiments commands in the help', async () => {
    const io = capture();
    expect(await main(['--help'])).toBe(0);
    expect(io.out()).toMatch(/rnn-lab experiments export ID\.\.\. -o FILE\.rnnlab \[--db PATH\]/);
    io.reset();
    expect(await main(['experiments', '--help'])).toBe(0);
    expect(io.out()).toMatch(/^rnn-lab experiments — saved runs in the lab database/);
  });
});
