import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { importMidi } from '../../../../src/core/music';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-melody-cli-'));
const db = path.join(dir, 'lab.db');
const SEED = 'test/fixtures/midi/seed-waltz.mid';
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['src/backend/cli/rnn-lab.mjs', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
}

interface JsonOut {
  experimentId: number;
  bpm: number;
  timeSignature: [number, number];
  seedKey: string;
  seed: { steps: number; notes: { pitch: number; start: number; duration: number }[] };
  variations: {
    file: string;
    tokens: number[];
    notes: { pitch: number; start: number; duration: number }[];
    stats: {
      inKeyRatio: number | null;
      restRatio: number | null;
      distinct4gramRatio: number | null;
      meanLogLikelihood: number;
    };
  }[];
}

describe('rnn-lab melody', () => {
  it('continues a seed file into a MIDI file with the seed’s tempo and time signature', () => {
    const out = path.join(dir, 'waltz-continued.mid');
    const run = cli('melody', SEED, '--bars', '4', '--seed', '7', '--out', out, '--db', db);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/key G major/);
    expect(run.stdout).toMatch(/Saved as experiment \d+/);
    const written = importMidi(new Uint8Array(fs.readFileSync(out)));
    const seed = importMidi(new Uint8Array(fs.readFileSync(SEED)));
    expect(written.bpm).toBe(96);
    expect(written.timeSignature).toEqual([3, 4]);
    // The seed comes first, note for note (its last note may be held longer by the continuation).
    expect(written.melody.notes.slice(0, seed.melody.notes.length - 1)).toEqual(
      seed.melody.notes.slice(0, -1),
    );
    // 4 bars of 3/4 after the seed's 4 bars.
    expect(written.melody.totalSteps).toBeLessThanOrEqual(8 * 12);
    expect(written.melody.totalSteps).toBeGreaterThan(48);
  });

  it('prints notes and stats with --json, writes one file per variation and saves the experiment', () => {
    const out = path.join(dir, 'json.mid');
    const run = cli(
      'melody',
      SEED,
      '--variations',
      '3',
      '--bars',
      '2',
      '--temperature',
      '0.8',
      '--seed',
      '3',
      '--seed-affinity',
      '1.5',
      '--out',
      out,
      '--db',
      db,
      '--json',
    );
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as JsonOut;
    expect(result).toMatchObject({ bpm: 96, timeSignature: [3, 4], seedKey: 'G major' });
    expect(result.seed.steps).toBe(48);
    expect(result.variations.map((v) => path.basename(v.file))).toEqual([
      'json-1.mid',
      'json-2.mid',
      'json-3.mid',
    ]);
    for (const v of result.variations) {
      expect(fs.existsSync(v.file)).toBe(true);
      expect(v.tokens).toHaveLength(24);
      expect(v.notes.every((n) => n.start >= 48 && n.start + n.duration <= 72)).toBe(true);
      expect(v.stats.inKeyRatio === null || (v.stats.inKeyRatio >= 0 && v.stats.inKeyRatio <= 1)).toBe(true);
      expect(v.stats.meanLogLikelihood).toBeLessThan(0);
    }
    // The same seed gives the same variations.
    const again = JSON.parse(
      cli(
        'melody',
        SEED,
        '--variations',
        '3',
        '--bars',
        '2',
        '--temperature',
        '0.8',
        '--seed',
        '3',
        '--seed-affinity',
        '1.5',
        '--out',
        out,
        '--db',
        db,
        '--json',
      ).stdout,
    ) as JsonOut;
    expect(again.variations.map((v) => v.tokens)).toEqual(result.variations.map((v) => v.tokens));

    const sqlite = new Database(db, { readonly: true });
    const row = sqlite
      .prepare(
        "SELECT e.kind, e.status, e.backend, e.weights IS NULL AS noWeights, json_extract(e.config, '$.generate.seedAffinity') AS seedAffinity, d.kind AS datasetKind, d.name FROM experiments e JOIN datasets d ON d.id = e.dataset_id WHERE e.id = ?",
      )
      .get(result.experimentId);
    sqlite.close();
    expect(row).toEqual({
      kind: 'melody',
      status: 'finished',
      backend: 'wasm',
      noWeights: 1,
      seedAffinity: 1.5,
      datasetKind: 'midi',
      name: 'seed-waltz.mid',
    });
  });

  it('answers bad input with one line and exit code 2', () => {
    const notMidi = cli('melody', 'test/fixtures/midi/not-midi.mid', '--db', db);
    expect(notMidi.status).toBe(2);
    expect(notMidi.stderr).toMatch(/^rnn-lab: not-midi\.mid: This is not a MIDI file/);
    expect(notMidi.stderr.trim().split('\n')).toHaveLength(1);
    const missing = cli('melody', 'nope.mid', '--db', db);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('rnn-lab: nope.mid: no such file.\n');
    const bars = cli('melody', SEED, '--bars', '40', '--db', db);
    expect(bars.status).toBe(2);
    expect(bars.stderr).toMatch(/bars/);
    const temperature = cli('melody', SEED, '--temperature', 'hot', '--db', db);
    expect(temperature.status).toBe(2);
    expect(temperature.stderr).toBe('rnn-lab: --temperature must be a number (got "hot").\n');
    const affinity = cli('melody', SEED, '--seed-affinity', '5', '--db', db);
    expect(affinity.status).toBe(2);
    expect(affinity.stderr).toBe(
      "rnn-lab: seed-waltz.mid: The generation settings are not valid (seedAffinity: must be a number from 0 to 3; 0 turns it off, higher keeps the continuation closer to the seed's pitch classes).\n",
    );
  });
});
