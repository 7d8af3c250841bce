/** How the store's own failures reach a person: the SQLite codes better-sqlite3 throws, said in words. */
import type { ErrorClassifier } from '../../core/api';

/** Database busy or locked by another process, disk full: what to do about it. */
export const sqliteErrors: ErrorClassifier = (error) => {
  if (!error || typeof error !== 'object' || !('code' in error)) return null;
  const code = (error as { code: unknown }).code;
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
