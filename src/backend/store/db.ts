import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LabError } from '../../core/api';
import { sqliteCode } from './errors';
import { LATEST_VERSION, migrations, type Migration } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path to a better-sqlite3 native binding built for another ABI (the Electron build). */
  nativeBinding?: string;
  /** Migrations to apply (tests pass a prefix to simulate an older version). */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the lab database: refuses a database written by a newer version without
 * touching it, then enables WAL and foreign keys and applies pending migrations in one transaction.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const list = options.migrations ?? migrations;
  const latest = list.length ? list[list.length - 1].version : 0;
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });

  if (file !== ':memory:' && fs.existsSync(file)) {
    let probe: Db;
    try {
      probe = new Database(file, {
        readonly: true,
        fileMustExist: true,
        nativeBinding: options.nativeBinding,
      });
    } catch (error) {
      throw cannotOpen(file, error);
    }
    let version: number;
    try {
      version = probe.pragma('user_version', { simple: true }) as number;
    } catch (error) {
      probe.close();
      // held by another process is not damaged: the store's error rules say "busy, try again"
      const code = sqliteCode(error);
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw error;
      throw new LabError(
        'BAD_INPUT',
        `${file} is not an RNN Lab database (it could not be read as SQLite). Choose another file with --db.`,
      );
    }
    probe.close();
    if (version > latest) throw newerDatabaseError(file, version, latest);
  }

  let db: Db;
  try {
    db = new Database(file, { nativeBinding: options.nativeBinding });
  } catch (error) {
    throw cannotOpen(file, error);
  }
  try {
    if (file !== ':memory:') checkIntegrity(db, file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 64 MB of page cache: a free-text filter scans every experiment row (one 4 kB page each once a run has
    // large predictions), and 10,000 of them then stay cached.
    db.pragma('cache_size = -65536');
    migrate(db, list, file);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** A failure to open the file as a database, said in words (a folder, a path that cannot be created, no access). */
function cannotOpen(file: string, error: unknown): LabError {
  const reason = error instanceof Error ? error.message : String(error);
  return new LabError(
    'BAD_INPUT',
    `The database ${file} cannot be opened (${reason}). Check that the path names a file in a folder you can write to, or choose another one with --db PATH.`,
  );
}

/**
 * Runs SQLite's quick_check (page and index structure, without reading every row's contents against its indexes):
 * a damaged database is reported when the lab starts, not after a run was trained, and left as it is.
 */
export function checkIntegrity(db: Db, file: string): void {
  let problems: string[];
  try {
    problems = (db.pragma('quick_check(3)') as { quick_check: string }[]).map((row) => row.quick_check);
  } catch (error) {
    const code = sqliteCode(error);
    if (code !== 'SQLITE_CORRUPT' && code !== 'SQLITE_NOTADB') throw error;
    problems = [error instanceof Error ? error.message : code];
  }
  if (problems.length === 1 && problems[0] === 'ok') return;
  const said = problems.map((p) =>
    p
      .replace(/\*\*\* in database \w+ \*\*\*/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  throw new LabError(
    'CONFLICT',
    `The database ${file} is damaged (SQLite's check found: ${said.join('; ')}). It was left untouched. ` +
      'Restore it from a backup, or start with another database (--db PATH); experiments exported as .rnnlab files can be imported there.',
  );
}

function newerDatabaseError(file: string, version: number, latest: number): LabError {
  return new LabError(
    'CONFLICT',
    `The database ${file} was written by a newer version of RNN Lab (schema ${version}; this version knows up to ${latest}). ` +
      'It was left untouched. Update RNN Lab, or start with another database (--db PATH).',
  );
}

/** Applies every migration newer than the database's user_version, all in one transaction. */
export function migrate(db: Db, list: readonly Migration[] = migrations, file = 'database'): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = list.length ? list[list.length - 1].version : 0;
  if (current > latest) throw newerDatabaseError(file, current, latest);
  const pending = list.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      m.up?.(db);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return latest;
}

/** The schema version of an open database. */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export { LATEST_VERSION };
