/** How the store's own failures reach a person: the SQLite codes better-sqlite3 throws, said in words. */
import type { ErrorClassifier } from '../../core/api';

/**
 * The primary SQLite result code of a thrown value ('SQLITE_BUSY' for 'SQLITE_BUSY_SNAPSHOT'), or null when it is not
 * a SQLite error. better-sqlite3 reports extended codes, so every rule matches on the primary one.
 */
export function sqliteCode(error: unknown): string | null {
  if (!error || typeof error !== 'object' || !('code' in error)) return null;
  const match = /^SQLITE_[A-Z]+/.exec(String((error as { code: unknown }).code));
  return match ? match[0] : null;
}

/** Database busy or locked by another process, disk full, read-only or damaged: what to do about it. */
export const sqliteErrors: ErrorClassifier = (error) => {
  const code = sqliteCode(error);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return {
      code: 'CONFLICT',
      message: 'The database is busy (another RNN Lab may be using it). Try again.',
    };
  if (code === 'SQLITE_FULL')
    return { code: 'INTERNAL', message: 'The disk is full: free some space and try again.' };
  if (code === 'SQLITE_READONLY')
    return {
      code: 'CONFLICT',
      message:
        'The database is read-only: choose a folder you can write to (--db PATH) or fix its permissions.',
    };
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return {
      code: 'CONFLICT',
      message:
        'The database file is damaged: restore it from a backup, or start with another one (--db PATH).',
    };
  return null;
};
