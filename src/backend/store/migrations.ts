/**
 * Append-only schema migrations. Never edit or reorder a released entry: add a new one at the end.
 * The database records the number of the last applied migration in `PRAGMA user_version`.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
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
];

/** The schema version this build writes. */
export const LATEST_VERSION = migrations[migrations.length - 1].version;
