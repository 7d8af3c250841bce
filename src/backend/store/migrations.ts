/**
 * Append-only schema migrations. Never edit or reorder a released entry: add a new one at the end (a test pins the
 * text of every released one). The database records the number of the last applied migration in
 * `PRAGMA user_version`.
 */
import { GENERATED_COLUMNS_SQL, upgradePayload, type RawPayload } from '../../core/experiments';
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Row updates SQL cannot express, run after `sql` in the same transaction. */
  up?: (db: Database.Database) => void;
}

/** Rewrites every experiment's payload from version `from` to `to` (upgrade.ts), in place. */
function upgradeRows(db: Database.Database, from: number, to: number): void {
  const rows = db
    .prepare(
      'SELECT id, kind, config, metrics, history, predictions, inspection FROM experiments WHERE payload_version = ?',
    )
    .iterate(from) as IterableIterator<{ id: number; kind: string } & Record<keyof RawPayload, string>>;
  const update = db.prepare(
    'UPDATE experiments SET payload_version = ?, config = ?, metrics = ?, history = ?, predictions = ?, inspection = ? WHERE id = ?',
  );
  const updates: unknown[][] = [];
  for (const row of rows) {
    const p = upgradePayload(
      row.kind,
      from,
      {
        config: JSON.parse(row.config),
        metrics: JSON.parse(row.metrics),
        history: JSON.parse(row.history),
        predictions: JSON.parse(row.predictions),
        inspection: JSON.parse(row.inspection),
      },
      to,
    );
    updates.push([
      to,
      JSON.stringify(p.config),
      JSON.stringify(p.metrics),
      JSON.stringify(p.history),
      JSON.stringify(p.predictions),
      JSON.stringify(p.inspection),
      row.id,
    ]);
  }
  for (const u of updates) update.run(...u);
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'datasets and experiments',
    sql: `
      CREATE TABLE datasets (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('csv', 'midi')),
        bytes       BLOB NOT NULL,
        size        INTEGER NOT NULL,
        hash        TEXT NOT NULL UNIQUE,
        summary     TEXT NOT NULL DEFAULT '{}',
        sample      INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE TABLE experiments (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('forecast', 'melody', 'memory')),
        name        TEXT NOT NULL,
        dataset_id  INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
        config      TEXT NOT NULL DEFAULT '{}',
        metrics     TEXT NOT NULL DEFAULT '{}',
        history     TEXT NOT NULL DEFAULT '{}',
        predictions TEXT NOT NULL DEFAULT '{}',
        weights     BLOB,
        status      TEXT NOT NULL CHECK (status IN ('running', 'finished', 'stopped', 'failed', 'diverged')),
        backend     TEXT NOT NULL DEFAULT '',
        duration_ms REAL NOT NULL DEFAULT 0,
        tags        TEXT NOT NULL DEFAULT '[]',
        notes       TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE INDEX experiments_dataset ON experiments(dataset_id);
      CREATE INDEX experiments_created ON experiments(created_at);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'stored inspector results',
    sql: `
      ALTER TABLE experiments ADD COLUMN inspection TEXT NOT NULL DEFAULT '{}';
      CREATE INDEX experiments_kind ON experiments(kind);
    `,
  },
  {
    version: 3,
    name: 'experiment uids and lineage; light columns first',
    // Every experiment gets a stable uid (kept through export and import, so a file imported twice is
    // recognised) and the uid of the run it was derived from (re-run, duplicate). The table is rebuilt (the
    // SQLite 12-step way) so that the columns the history lists, filters and sorts by come first and the
    // large ones (inspection, history, predictions, weights) last: SQLite reads a row from its first bytes
    // and never walks the overflow pages of predictions or weights. `cell` and `headline` (the metric the
    // history shows, lower is better) are stored generated columns, so sorting and filtering by them need
    // no JSON parsing.
    sql: `
      CREATE TABLE experiments_v3 (
        id          INTEGER PRIMARY KEY,
        uid         TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
        parent_uid  TEXT,
        kind        TEXT NOT NULL CHECK (kind IN ('forecast', 'melody', 'memory')),
        status      TEXT NOT NULL CHECK (status IN ('running', 'finished', 'stopped', 'failed', 'diverged')),
        dataset_id  INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
        created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        duration_ms REAL NOT NULL DEFAULT 0,
        backend     TEXT NOT NULL DEFAULT '',
        cell        TEXT GENERATED ALWAYS AS (json_extract(config, '$.cell')) STORED,
        headline    REAL GENERATED ALWAYS AS (COALESCE(
                      json_extract(metrics, '$.headline.value'), json_extract(metrics, '$.mase'),
                      json_extract(metrics, '$.mae'), json_extract(metrics, '$.perplexity'),
                      json_extract(metrics, '$.loss'))) STORED,
        name        TEXT NOT NULL,
        tags        TEXT NOT NULL DEFAULT '[]',
        notes       TEXT NOT NULL DEFAULT '',
        config      TEXT NOT NULL DEFAULT '{}',
        metrics     TEXT NOT NULL DEFAULT '{}',
        inspection  TEXT NOT NULL DEFAULT '{}',
        history     TEXT NOT NULL DEFAULT '{}',
        predictions TEXT NOT NULL DEFAULT '{}',
        weights     BLOB
      );
      INSERT INTO experiments_v3 (id, kind, status, dataset_id, created_at, duration_ms, backend, name, tags, notes,
                                  config, metrics, inspection, history, predictions, weights)
        SELECT id, kind, status, dataset_id, created_at, duration_ms, backend, name, tags, notes,
               config, metrics, inspection, history, predictions, weights
        FROM experiments;
      DROP TABLE experiments;
      ALTER TABLE experiments_v3 RENAME TO experiments;
      CREATE INDEX experiments_dataset ON experiments(dataset_id);
      CREATE INDEX experiments_created ON experiments(created_at);
      CREATE INDEX experiments_kind ON experiments(kind);
      CREATE INDEX experiments_parent ON experiments(parent_uid);
      CREATE INDEX experiments_status ON experiments(status);
      CREATE INDEX experiments_cell ON experiments(cell);
      CREATE INDEX experiments_name ON experiments(name COLLATE NOCASE);
      CREATE INDEX experiments_duration ON experiments(duration_ms);
      -- The headline metric sorted with runs without one last, ascending and descending.
      CREATE INDEX experiments_headline_asc ON experiments(IFNULL(headline, 9e999));
      CREATE INDEX experiments_headline_desc ON experiments(IFNULL(headline, -9e999));
    `,
  },
  {
    version: 4,
    name: 'typed payloads with a version; generated columns from the payload schemas',
    // Every row records the version of its payload shapes (core/experiments), and rows of version 1 are upgraded
    // to version 2 in place. The generated columns read the JSON paths declared next to the schemas: `headline`
    // is signed so that ascending order puts the best run first whatever the kind. `kind` is no longer limited by
    // a CHECK: the payload schemas decide which kinds exist. The table is rebuilt the SQLite 12-step way.
    sql: `
      CREATE TABLE experiments_v4 (
        id              INTEGER PRIMARY KEY,
        uid             TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
        parent_uid      TEXT,
        kind            TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('running', 'finished', 'stopped', 'failed', 'diverged')),
        dataset_id      INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
        created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        duration_ms     REAL NOT NULL DEFAULT 0,
        backend         TEXT NOT NULL DEFAULT '',
        payload_version INTEGER NOT NULL DEFAULT 1,
        cell            TEXT GENERATED ALWAYS AS (${GENERATED_COLUMNS_SQL.cell}) STORED,
        headline        REAL GENERATED ALWAYS AS (${GENERATED_COLUMNS_SQL.headline}) STORED,
        name            TEXT NOT NULL,
        tags            TEXT NOT NULL DEFAULT '[]',
        notes           TEXT NOT NULL DEFAULT '',
        config          TEXT NOT NULL DEFAULT '{}',
        metrics         TEXT NOT NULL DEFAULT '{}',
        inspection      TEXT NOT NULL DEFAULT '{}',
        history         TEXT NOT NULL DEFAULT '{}',
        predictions     TEXT NOT NULL DEFAULT '{}',
        weights         BLOB
      );
      INSERT INTO experiments_v4 (id, uid, parent_uid, kind, status, dataset_id, created_at, duration_ms, backend,
                                  payload_version, name, tags, notes, config, metrics, inspection, history, predictions,
                                  weights)
        SELECT id, uid, parent_uid, kind, status, dataset_id, created_at, duration_ms, backend, 1, name, tags, notes,
               config, metrics, inspection, history, predictions, weights
        FROM experiments;
      DROP TABLE experiments;
      ALTER TABLE experiments_v4 RENAME TO experiments;
      CREATE INDEX experiments_dataset ON experiments(dataset_id);
      CREATE INDEX experiments_created ON experiments(created_at);
      CREATE INDEX experiments_kind ON experiments(kind);
      CREATE INDEX experiments_parent ON experiments(parent_uid);
      CREATE INDEX experiments_status ON experiments(status);
      CREATE INDEX experiments_cell ON experiments(cell);
      CREATE INDEX experiments_name ON experiments(name COLLATE NOCASE);
      CREATE INDEX experiments_duration ON experiments(duration_ms);
      CREATE INDEX experiments_headline_asc ON experiments(IFNULL(headline, 9e999));
      CREATE INDEX experiments_headline_desc ON experiments(IFNULL(headline, -9e999));
    `,
    up: (db) => upgradeRows(db, 1, 2),
  },
  {
    version: 5,
    name: 'dataset bytes in their own table',
    // A dataset's file (up to 128 MiB) sat in the row before size, hash and summary, so listing datasets walked
    // the overflow pages of every file to reach the columns after it: the first list after a 50 MB import read
    // 50 MB. The bytes move to dataset_files (one row per dataset, deleted with it) and the column is dropped;
    // ALTER TABLE DROP COLUMN rewrites the rows in place, so the experiments' foreign key to datasets is never
    // touched (a rebuild would drop the table, and with foreign keys on that sets every run's dataset to NULL).
    sql: `
      CREATE TABLE dataset_files (
        dataset_id  INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
        bytes       BLOB NOT NULL
      );
      INSERT INTO dataset_files (dataset_id, bytes) SELECT id, bytes FROM datasets;
      ALTER TABLE datasets DROP COLUMN bytes;
    `,
  },
];

/** The schema version this build writes. */
export const LATEST_VERSION = migrations[migrations.length - 1].version;
