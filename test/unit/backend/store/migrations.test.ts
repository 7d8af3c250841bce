import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrations } from '../../../../src/backend/store/migrations';
import { openDatabase, schemaVersion } from '../../../../src/backend/store/db';

const dirs: string[] = [];
function tempDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-mig-'));
  dirs.push(dir);
  return path.join(dir, 'lab.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** SHA-256 (first 16 hex digits) of each released migration's SQL: add a line for a new one, never edit one. */
const RELEASED = [
  'debcd031402f97e9',
  'eb456fa6de045394',
  'a4be683f730a5033',
  '2b9dfa66ea43f346',
  '1019fcf0e12a6e78',
];

const columns = (db: Database.Database, table: string) =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(migrations.length);
  });

  it('never change once released: the text of each is pinned', () => {
    const digest = (sql: string) => createHash('sha256').update(sql).digest('hex').slice(0, 16);
    expect(migrations.map((m) => digest(m.sql))).toEqual(RELEASED);
  });

  it('create a fresh database with WAL, foreign keys and every table', () => {
    const db = openDatabase(tempDb());
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(columns(db, 'datasets')).toEqual(
      expect.arrayContaining(['name', 'kind', 'size', 'hash', 'summary', 'created_at']),
    );
    // the files are kept apart, so no query on datasets reads them
    expect(columns(db, 'datasets')).not.toContain('bytes');
    expect(columns(db, 'dataset_files')).toEqual(['dataset_id', 'bytes']);
    expect(columns(db, 'experiments')).toEqual(
      expect.arrayContaining([
        'kind',
        'name',
        'dataset_id',
        'config',
        'metrics',
        'history',
        'predictions',
        'weights',
        'status',
        'backend',
        'duration_ms',
        'tags',
        'notes',
        'created_at',
        'inspection',
      ]),
    );
    db.close();
  });

  it('upgrade a version 3 database and keep its rows (migration 4)', () => {
    const file = tempDb();
    const old = openDatabase(file, { migrations: migrations.slice(0, 3) });
    expect(schemaVersion(old)).toBe(3);
    old
      .prepare("INSERT INTO datasets (name, kind, bytes, size, hash) VALUES ('a.csv', 'csv', x'00', 1, 'h1')")
      .run();
    old
      .prepare(
        `INSERT INTO experiments (kind, name, status, config, metrics)
         VALUES ('forecast', 'run 1', 'finished', '{"cell":"gru"}', '{"mase":0.5,"model":{"mase":0.5,"mae":2},"baselines":{}}')`,
      )
      .run();
    old.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT name FROM datasets').all()).toEqual([{ name: 'a.csv' }]);
    expect(db.prepare('SELECT dataset_id, bytes FROM dataset_files').all()).toEqual([
      { dataset_id: 1, bytes: Buffer.from([0]) },
    ]);
    // Migration 4: the payload is upgraded to version 2 and the generated columns read it.
    const row = db
      .prepare('SELECT name, inspection, payload_version, cell, headline, metrics FROM experiments')
      .get() as Record<string, unknown>;
    expect(row).toMatchObject({
      name: 'run 1',
      inspection: '{"latest":null}',
      payload_version: 2,
      cell: 'gru',
      headline: 0.5,
    });
    expect(JSON.parse(row.metrics as string)).toMatchObject({ headline: { name: 'MASE', value: 0.5 } });
    db.close();
  });

  it('give experiments of a version 2 database uids and keep all their content (migration 3)', () => {
    const file = tempDb();
    const old = openDatabase(file, { migrations: migrations.slice(0, 2) });
    old
      .prepare("INSERT INTO datasets (name, kind, bytes, size, hash) VALUES ('a.csv', 'csv', x'00', 1, 'h1')")
      .run();
    const insert = old.prepare(
      `INSERT INTO experiments (kind, name, dataset_id, config, metrics, history, predictions, weights, status, backend,
         duration_ms, tags, notes, created_at, inspection) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insert.run(
      'forecast',
      'run 1',
      1,
      '{"cell":"gru"}',
      '{"mase":0.5}',
      '{"loss":[1]}',
      '{"test":[2]}',
      Buffer.from([1, 2, 3]),
      'finished',
      'wasm',
      12.5,
      '["a"]',
      'note',
      '2024-01-02T03:04:05.678Z',
      '{"gates":1}',
    );
    insert.run(
      'melody',
      'run 2',
      null,
      '{}',
      '{"perplexity":3}',
      '{}',
      '{}',
      null,
      'stopped',
      'cpu',
      1,
      '[]',
      '',
      '2024-01-03T00:00:00.000Z',
      '{}',
    );
    old.close();

    const db = openDatabase(file, { migrations: migrations.slice(0, 3) });
    const rows = db.prepare('SELECT * FROM experiments ORDER BY id').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      id: 1,
      kind: 'forecast',
      name: 'run 1',
      dataset_id: 1,
      config: '{"cell":"gru"}',
      metrics: '{"mase":0.5}',
      history: '{"loss":[1]}',
      predictions: '{"test":[2]}',
      status: 'finished',
      backend: 'wasm',
      duration_ms: 12.5,
      tags: '["a"]',
      notes: 'note',
      created_at: '2024-01-02T03:04:05.678Z',
      inspection: '{"gates":1}',
      parent_uid: null,
    });
    expect(Array.from(rows[0].weights as Buffer)).toEqual([1, 2, 3]);
    expect(rows[1]).toMatchObject({ id: 2, kind: 'melody', weights: null, dataset_id: null });
    expect(rows[0].uid).toMatch(/^[0-9a-f]{32}$/);
    expect(rows[1].uid).toMatch(/^[0-9a-f]{32}$/);
    expect(rows[0].uid).not.toBe(rows[1].uid);
    // The foreign key to datasets survives the table rebuild.
    db.prepare('DELETE FROM datasets WHERE id = 1').run();
    expect(db.prepare('SELECT dataset_id FROM experiments WHERE id = 1').get()).toEqual({ dataset_id: null });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('move the bytes of a version 4 database into dataset_files, keeping every byte, row and link (migration 5)', () => {
    const file = tempDb();
    const old = openDatabase(file, { migrations: migrations.slice(0, 4) });
    // a 3 MB file (hundreds of overflow pages), a small one, an empty one, and one that is not text
    const files = [
      Uint8Array.from({ length: 3_000_000 }, (_, i) => (i * 2654435761) >>> 24),
      new TextEncoder().encode('date,value\n2020-01-01,1\n'),
      new Uint8Array(0),
      Uint8Array.from({ length: 70_000 }, (_, i) => (i % 7 === 0 ? 0 : 255 - (i % 256))),
    ];
    const insertDataset = old.prepare(
      `INSERT INTO datasets (id, name, kind, bytes, size, hash, summary, sample, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    files.forEach((bytes, i) =>
      insertDataset.run(
        10 + i * 3,
        `file ${i}.csv`,
        i === 3 ? 'midi' : 'csv',
        Buffer.from(bytes),
        bytes.length,
        createHash('sha256').update(bytes).digest('hex'),
        JSON.stringify({ rows: i, note: 'ünï' }),
        i % 2,
        `2024-01-0${i + 1}T00:00:00.000Z`,
      ),
    );
    const insertRun = old.prepare(
      `INSERT INTO experiments (kind, name, status, dataset_id, config, metrics, payload_version)
       VALUES ('forecast', ?, 'finished', ?, '{"cell":"lstm"}', '{"headline":{"value":0.25,"lowerIsBetter":true}}', 2)`,
    );
    insertRun.run('on the big file', 10);
    insertRun.run('on the binary file', 19);
    insertRun.run('without a dataset', null);
    const datasetsBefore = old
      .prepare('SELECT id, name, kind, size, hash, summary, sample, created_at FROM datasets ORDER BY id')
      .all();
    const runsBefore = old.prepare('SELECT * FROM experiments ORDER BY id').all();
    old.close();

    const db = openDatabase(file, { migrations: migrations.slice(0, 5) });
    expect(schemaVersion(db)).toBe(5);
    expect(columns(db, 'datasets')).toEqual([
      'id',
      'name',
      'kind',
      'size',
      'hash',
      'summary',
      'sample',
      'created_at',
    ]);
    expect(db.prepare('SELECT * FROM datasets ORDER BY id').all()).toEqual(datasetsBefore);
    const stored = db.prepare('SELECT dataset_id, bytes FROM dataset_files ORDER BY dataset_id').all() as {
      dataset_id: number;
      bytes: Buffer;
    }[];
    expect(stored.map((r) => r.dataset_id)).toEqual([10, 13, 16, 19]);
    stored.forEach((r, i) => expect(Buffer.from(files[i]).equals(r.bytes), `file ${i}`).toBe(true));
    // the runs keep their datasets (a table rebuild with foreign keys on would have set them to NULL), and the
    // generated columns still read the payloads
    expect(db.prepare('SELECT * FROM experiments ORDER BY id').all()).toEqual(runsBefore);
    expect(db.prepare('SELECT dataset_id, cell, headline FROM experiments ORDER BY id').all()).toEqual([
      { dataset_id: 10, cell: 'lstm', headline: 0.25 },
      { dataset_id: 19, cell: 'lstm', headline: 0.25 },
      { dataset_id: null, cell: 'lstm', headline: 0.25 },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    // deleting a dataset deletes its file (cascade) and keeps its runs without it (set null)
    db.prepare('DELETE FROM datasets WHERE id = 10').run();
    expect(db.prepare('SELECT dataset_id FROM dataset_files ORDER BY dataset_id').pluck().all()).toEqual([
      13, 16, 19,
    ]);
    expect(db.prepare('SELECT dataset_id FROM experiments WHERE id = 1').get()).toEqual({ dataset_id: null });
    // a file cannot exist without its dataset
    expect(() =>
      db.prepare("INSERT INTO dataset_files (dataset_id, bytes) VALUES (999, x'00')").run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('roll back every step of a failing migration', () => {
    const file = tempDb();
    openDatabase(file, { migrations: migrations.slice(0, 1) }).close();
    const broken = [
      ...migrations.slice(0, 1),
      { version: 2, name: 'broken', sql: 'CREATE TABLE x (a); SELECT * FROM nope;' },
    ];
    expect(() => openDatabase(file, { migrations: broken })).toThrow(/no such table: nope/);
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'x'").get()).toBeUndefined();
    db.close();
  });

  it('refuse a database written by a newer version and leave it untouched', () => {
    const file = tempDb();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
    raw.exec('CREATE TABLE future (x)');
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(
      new RegExp(
        `newer version of RNN Lab \\(schema ${LATEST_VERSION + 5}; this version knows up to ${LATEST_VERSION}\\)`,
      ),
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuse a file that is not a database', () => {
    const file = tempDb();
    fs.writeFileSync(file, 'date,value\n2020-01-01,1\n'.repeat(200));
    expect(() => openDatabase(file)).toThrow(/is not an RNN Lab database/);
  });
});
