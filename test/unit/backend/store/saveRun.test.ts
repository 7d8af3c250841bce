import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/backend/store/db';
import { sqliteErrors } from '../../../../src/backend/store/errors';
import { importExperiments } from '../../../../src/backend/store/exportFile';
import { listDatasets } from '../../../../src/backend/store/datasets';
import { listExperiments } from '../../../../src/backend/store/experiments';
import {
  isBusyError,
  saveDatasetAndRun,
  withRetry,
  writeRescueFile,
} from '../../../../src/backend/store/saveRun';
import { parseArgs } from '../../../../src/core/api';
import { forecastInput, parsedInput } from '../../fixtures/experiments';

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  dirs = [];
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-save-'));
  dirs.push(dir);
  return dir;
}

const dataset = {
  name: 'series.csv',
  kind: 'csv' as const,
  bytes: new TextEncoder().encode('t,v\n1,2\n2,3\n'),
  summary: { rows: 2 },
};
const run = parsedInput(forecastInput());
const all = (db: ReturnType<typeof openDatabase>) =>
  listExperiments(db, parseArgs('experiments:list', {})).items;

describe('saving a run', () => {
  it('stores the dataset and the run together, attached', () => {
    const db = openDatabase(path.join(tempDir(), 'lab.db'));
    const saved = saveDatasetAndRun(db, dataset, run);
    expect(listDatasets(db).map((d) => d.id)).toEqual([saved.datasetId]);
    expect(all(db)[0]).toMatchObject({ id: saved.experiment.id, datasetId: saved.datasetId });
    db.close();
  });

  it('leaves no orphan dataset when the run cannot be stored', () => {
    const db = openDatabase(path.join(tempDir(), 'lab.db'));
    db.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON experiments BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;",
    );
    expect(() => saveDatasetAndRun(db, dataset, run)).toThrow('disk trouble');
    expect(listDatasets(db)).toEqual([]);
    db.close();
  });

  it('retries while another process holds the database, then saves', async () => {
    const file = path.join(tempDir(), 'lab.db');
    const db = openDatabase(file);
    db.pragma('busy_timeout = 20');
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const retries: number[] = [];
    const saved = await withRetry(() => saveDatasetAndRun(db, dataset, run), {
      delaysMs: [30, 30, 30],
      onRetry: (attempt) => {
        retries.push(attempt);
        if (attempt === 2) other.exec('COMMIT');
      },
    });
    expect(retries).toEqual([1, 2]);
    expect(all(db).map((e) => e.id)).toEqual([saved.experiment.id]);
    other.close();
    db.close();
  });

  it('gives up after the last retry with the busy error, and does not retry other failures', async () => {
    const file = path.join(tempDir(), 'lab.db');
    const db = openDatabase(file);
    db.pragma('busy_timeout = 10');
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const error = await withRetry(() => saveDatasetAndRun(db, dataset, run), { delaysMs: [5, 5] }).catch(
      (e: unknown) => e,
    );
    expect(isBusyError(error)).toBe(true);
    other.exec('ROLLBACK');
    let calls = 0;
    await expect(
      withRetry(
        () => {
          calls++;
          throw new Error('not busy');
        },
        { delaysMs: [5, 5] },
      ),
    ).rejects.toThrow('not busy');
    expect(calls).toBe(1);
    other.close();
    db.close();
  });

  it('writes an unsaved run to a .rnnlab file next to the database that imports back whole', () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'lab.db');
    const file = writeRescueFile(dbPath, dataset, run, '0.0.0-test');
    expect(path.dirname(file)).toBe(dir);
    expect(path.basename(file)).toMatch(/^lab-unsaved-\d{8}-\d{6}\.rnnlab$/);
    const db = openDatabase(dbPath);
    const report = importExperiments(db, new Uint8Array(fs.readFileSync(file)));
    expect(report.imported).toHaveLength(1);
    expect(report.datasets).toEqual({ added: 1, existing: 0 });
    expect(all(db)[0]).toMatchObject({ name: run.name });
    expect(listDatasets(db)[0]).toMatchObject({ name: 'series.csv' });
    db.close();
  });
});

describe('opening a database', () => {
  it('refuses a damaged database at start, naming the problem, and leaves it untouched', () => {
    const file = path.join(tempDir(), 'lab.db');
    const db = openDatabase(file);
    for (let i = 0; i < 30; i++)
      saveDatasetAndRun(db, { ...dataset, bytes: new Uint8Array(5000).fill(i) }, run);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    // scribble over the third page (a b-tree page of the schema's tables)
    for (let i = 2 * pageSize; i < 3 * pageSize; i++) bytes[i] = (i * 131) & 255;
    fs.writeFileSync(file, bytes);
    let message = '';
    try {
      openDatabase(file);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /^The database .*lab\.db is damaged \(SQLite's check found: .+\)\. It was left untouched\./,
    );
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('says a folder cannot be opened as a database instead of throwing a raw SQLite error', () => {
    const dir = tempDir();
    expect(() => openDatabase(dir)).toThrow(
      /^The database .* cannot be opened \(.+\)\. Check that the path names a file/,
    );
  });

  it('says a database another process holds is busy, not that it is no RNN Lab database', () => {
    const file = path.join(tempDir(), 'lab.db');
    openDatabase(file).close();
    const other = new Database(file);
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE');
    let thrown: unknown = null;
    try {
      openDatabase(file).close();
    } catch (error) {
      thrown = error;
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((thrown as Error).message).not.toMatch(/not an RNN Lab database/);
    expect(sqliteErrors(thrown)?.message).toBe(
      'The database is busy (another RNN Lab may be using it). Try again.',
    );
  }, 30_000);
});
