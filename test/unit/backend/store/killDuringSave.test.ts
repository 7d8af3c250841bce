import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/backend/store/db';

const child = path.join(path.dirname(new URL(import.meta.url).pathname), 'children', 'saveLoop.ts');

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  dirs = [];
});

/** Runs the save loop, kills it with SIGKILL `afterMs` after it is ready, and returns the last save it reported. */
function saveThenKill(dbPath: string, afterMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dbPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!timer && out.includes('ready\n')) timer = setTimeout(() => proc.kill('SIGKILL'), afterMs);
    });
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`the save loop ended by itself (${code}): ${err}`));
      const saved = [...out.matchAll(/saved (\d+)\n/g)].map((m) => Number(m[1]));
      resolve(saved.length ? saved[saved.length - 1] : 0);
    });
  });
}

describe('kill -9 during saves', () => {
  it('never leaves a damaged database, a dataset without its run, or a lost committed run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-kill-'));
    dirs.push(dir);
    const dbPath = path.join(dir, 'lab.db');
    let committed = 0;
    // kill moments spread over the first saves: before, during and between writes
    for (const afterMs of [0, 15, 40, 80, 120, 170, 230, 300, 380, 470]) {
      const reported = await saveThenKill(dbPath, afterMs);
      const db = openDatabase(dbPath); // runs the start-up quick_check, which throws on a damaged file
      const integrity = db.pragma('integrity_check', { simple: true });
      const fk = db.pragma('foreign_key_check') as unknown[];
      const datasets = db.prepare('SELECT COUNT(*) AS n FROM datasets').get() as { n: number };
      const files = db
        .prepare('SELECT COUNT(*) AS n FROM datasets d JOIN dataset_files f ON f.dataset_id = d.id')
        .get() as { n: number };
      const runs = db.prepare('SELECT COUNT(*) AS n FROM experiments WHERE dataset_id IS NOT NULL').get() as {
        n: number;
      };
      const orphans = db
        .prepare(
          'SELECT COUNT(*) AS n FROM datasets d WHERE NOT EXISTS (SELECT 1 FROM experiments e WHERE e.dataset_id = d.id)',
        )
        .get() as { n: number };
      const sizes = db
        .prepare(
          'SELECT COUNT(*) AS n FROM datasets d JOIN dataset_files f ON f.dataset_id = d.id WHERE length(f.bytes) <> d.size',
        )
        .get() as { n: number };
      db.close();
      expect(integrity).toBe('ok');
      expect(fk).toEqual([]);
      // every save is all or nothing: a dataset, its file and its run together
      expect(files.n).toBe(datasets.n);
      expect(runs.n).toBe(datasets.n);
      expect(orphans.n).toBe(0);
      expect(sizes.n).toBe(0);
      // nothing reported as saved is lost; at most the save in flight when the kill came is there too
      expect(datasets.n).toBeGreaterThanOrEqual(committed + reported);
      expect(datasets.n).toBeLessThanOrEqual(committed + reported + 1);
      committed = datasets.n;
    }
    expect(committed).toBeGreaterThan(0);
  });
});
