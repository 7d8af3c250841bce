import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteCode, sqliteErrors } from '../../../../src/backend/store/errors';

const sqliteError = (code: string) => Object.assign(new Error('raw SQLite text'), { code });

describe('the store errors a person reads', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-store-errors-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the primary code of an extended SQLite code, and nothing of other errors', () => {
    expect(sqliteCode(sqliteError('SQLITE_BUSY_SNAPSHOT'))).toBe('SQLITE_BUSY');
    expect(sqliteCode(sqliteError('SQLITE_READONLY'))).toBe('SQLITE_READONLY');
    expect(sqliteCode(sqliteError('ENOENT'))).toBeNull();
    expect(sqliteCode(new Error('no code'))).toBeNull();
    expect(sqliteCode('SQLITE_BUSY')).toBeNull();
  });

  it('says what to do for extended codes as for their primary ones', () => {
    expect(sqliteErrors(sqliteError('SQLITE_BUSY_SNAPSHOT'))).toMatchObject({
      code: 'CONFLICT',
      message: /busy/,
    });
    expect(sqliteErrors(sqliteError('SQLITE_LOCKED_SHAREDCACHE'))).toMatchObject({ message: /busy/ });
    expect(sqliteErrors(sqliteError('SQLITE_READONLY_DBMOVED'))).toMatchObject({ message: /--db PATH/ });
    expect(sqliteErrors(sqliteError('SQLITE_CORRUPT_INDEX'))).toMatchObject({ message: /damaged/ });
    expect(sqliteErrors(sqliteError('SQLITE_FULL'))).toMatchObject({ message: /free some space/ });
    expect(sqliteErrors(sqliteError('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull();
  });

  it('classifies what better-sqlite3 throws when writing to a database opened read-only', () => {
    const file = path.join(dir, 'lab.db');
    new Database(file).exec('CREATE TABLE t (x)').close();
    const db = new Database(file, { readonly: true });
    let thrown: unknown = null;
    try {
      db.exec('INSERT INTO t VALUES (1)');
    } catch (error) {
      thrown = error;
    }
    db.close();
    expect(sqliteCode(thrown)).toBe('SQLITE_READONLY');
    expect(sqliteErrors(thrown)?.message).toMatch(/^The database is read-only: choose a folder/);
  });
});
