import { createHash } from 'node:crypto';
import { LabError, type DatasetInfo, type DatasetKind, type Dataset } from '../../core/api';
import type { Db } from './db';

interface DatasetRow {
  id: number;
  name: string;
  kind: DatasetKind;
  size: number;
  hash: string;
  summary: string;
  sample: number;
  created_at: string;
  experiment_count: number;
}

const INFO_COLUMNS = `d.id, d.name, d.kind, d.size, d.hash, d.summary, d.sample, d.created_at,
  (SELECT COUNT(*) FROM experiments e WHERE e.dataset_id = d.id) AS experiment_count`;

function toInfo(row: DatasetRow): DatasetInfo {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    size: row.size,
    hash: row.hash,
    summary: JSON.parse(row.summary) as Record<string, unknown>,
    sample: row.sample === 1,
    experimentCount: row.experiment_count,
    createdAt: row.created_at,
  };
}

/** SHA-256 of the bytes, hex: the identity used to detect a file imported twice. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Lists datasets, newest first, without their bytes. The bytes live in dataset_files (migration 5), which this
 * never reads: a row of datasets is a few hundred bytes whatever the size of its file.
 */
export function listDatasets(db: Db): DatasetInfo[] {
  const rows = db.prepare(`SELECT ${INFO_COLUMNS} FROM datasets d ORDER BY d.id DESC`).all() as DatasetRow[];
  return rows.map(toInfo);
}

/** One dataset without its bytes; NOT_FOUND when absent. */
export function getDatasetInfo(db: Db, id: number): DatasetInfo {
  const row = db.prepare(`SELECT ${INFO_COLUMNS} FROM datasets d WHERE d.id = ?`).get(id) as
    DatasetRow | undefined;
  if (!row) throw new LabError('NOT_FOUND', `Dataset ${id} does not exist (it may have been deleted).`);
  return toInfo(row);
}

/** One dataset with its original bytes. */
export function getDataset(db: Db, id: number): Dataset {
  const info = getDatasetInfo(db, id);
  const row = db.prepare('SELECT bytes FROM dataset_files WHERE dataset_id = ?').get(id) as
    { bytes: Buffer } | undefined;
  if (!row) throw new LabError('NOT_FOUND', `The file of dataset ${id} is missing from the database.`);
  return { ...info, bytes: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) };
}

/** Finds a dataset by content hash. */
export function findDatasetByHash(db: Db, hash: string): DatasetInfo | null {
  const row = db.prepare(`SELECT ${INFO_COLUMNS} FROM datasets d WHERE d.hash = ?`).get(hash) as
    DatasetRow | undefined;
  return row ? toInfo(row) : null;
}

export interface NewDataset {
  name: string;
  kind: DatasetKind;
  bytes: Uint8Array;
  summary: Record<string, unknown>;
  sample?: boolean;
  /** Keep the original import time (an experiments import); now by default. */
  createdAt?: string;
}

/**
 * Inserts a dataset (its row and its file, in one transaction); when the same bytes exist already, returns that one
 * with existing = true.
 */
export function insertDataset(db: Db, input: NewDataset): { dataset: DatasetInfo; existing: boolean } {
  const hash = contentHash(input.bytes);
  return db.transaction(() => {
    const found = findDatasetByHash(db, hash);
    if (found) return { dataset: found, existing: true };
    const result = db
      .prepare(
        `INSERT INTO datasets (name, kind, size, hash, summary, sample, created_at)
         VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`,
      )
      .run(
        input.name,
        input.kind,
        input.bytes.byteLength,
        hash,
        JSON.stringify(input.summary),
        input.sample ? 1 : 0,
        input.createdAt ?? null,
      );
    const id = Number(result.lastInsertRowid);
    db.prepare('INSERT INTO dataset_files (dataset_id, bytes) VALUES (?, ?)').run(
      id,
      Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength),
    );
    return { dataset: getDatasetInfo(db, id), existing: false };
  })();
}

/** Renames a dataset. */
export function renameDataset(db: Db, id: number, name: string): DatasetInfo {
  const result = db.prepare('UPDATE datasets SET name = ? WHERE id = ?').run(name, id);
  if (result.changes === 0)
    throw new LabError('NOT_FOUND', `Dataset ${id} does not exist (it may have been deleted).`);
  return getDatasetInfo(db, id);
}

/**
 * Deletes a dataset and its file. Its experiments are deleted too (`'delete'`) or kept without a dataset (`'keep'`).
 * Returns how many experiments were deleted.
 */
export function deleteDataset(db: Db, id: number, experiments: 'delete' | 'keep'): number {
  return db.transaction(() => {
    getDatasetInfo(db, id);
    let deleted = 0;
    if (experiments === 'delete') {
      deleted = db.prepare('DELETE FROM experiments WHERE dataset_id = ?').run(id).changes;
    }
    // the foreign key's cascade deletes the file as well; said here too for a connection without foreign keys
    db.prepare('DELETE FROM dataset_files WHERE dataset_id = ?').run(id);
    db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
    return deleted;
  })();
}

/** Reads a value of the meta table. */
export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? row.value : null;
}

/** Writes a value of the meta table. */
export function setMeta(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}
