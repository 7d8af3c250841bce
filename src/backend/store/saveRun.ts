/**
 * Saving a finished run so that it is never lost: its dataset and experiment go in together (one transaction, so
 * a crash leaves neither an orphan dataset nor a run without its data), a busy database is retried, and when
 * saving still fails the run is written to a `.rnnlab` export file next to the database, which
 * `rnn-lab experiments import` (or Import in the app) reads back later.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExperimentSummary, ParsedExperimentInput } from '../../core/api';
import { openDatabase, type Db } from './db';
import { insertDataset, type NewDataset } from './datasets';
import { sqliteCode } from './errors';
import { insertExperiment } from './experiments';
import { EXPORT_EXTENSION, exportExperiments } from './exportFile';

/** What a save stored. */
export interface SavedRun {
  datasetId: number;
  experiment: ExperimentSummary;
}

/** Stores a dataset (or finds the same bytes stored already) and the run on it, in one transaction. */
export function saveDatasetAndRun(db: Db, dataset: NewDataset, run: ParsedExperimentInput): SavedRun {
  return db.transaction(() => {
    const stored = insertDataset(db, dataset);
    const experiment = insertExperiment(db, { ...run, datasetId: stored.dataset.id });
    return { datasetId: stored.dataset.id, experiment };
  })();
}

/** True for the SQLite failures that waiting can cure (another process holds the database). */
export function isBusyError(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/**
 * Runs `save` until it succeeds, retrying a busy or locked database after each of `delaysMs` (on top of the
 * connection's own busy timeout); other failures and the last busy one are thrown.
 */
export async function withRetry<T>(
  save: () => T,
  options: { delaysMs?: readonly number[]; onRetry?: (attempt: number, error: unknown) => void } = {},
): Promise<T> {
  const delays = options.delaysMs ?? [250, 1000, 3000];
  for (let attempt = 0; ; attempt++) {
    try {
      return save();
    } catch (error) {
      if (!isBusyError(error) || attempt >= delays.length) throw error;
      options.onRetry?.(attempt + 1, error);
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}

/**
 * Writes a run and its dataset to a `.rnnlab` export file in the folder of `dbPath` (or, when that folder cannot be
 * written, in `fallbackDir`), through a database in memory so that the file is exactly what an export holds.
 * Returns the file's path.
 */
export function writeRescueFile(
  dbPath: string,
  dataset: NewDataset,
  run: ParsedExperimentInput,
  appVersion: string,
  fallbackDir?: string,
): string {
  const memory = openDatabase(':memory:');
  let bytes: Uint8Array;
  try {
    const saved = saveDatasetAndRun(memory, dataset, run);
    bytes = exportExperiments(memory, [saved.experiment.id], appVersion).bytes;
  } finally {
    memory.close();
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const base = `${path.basename(dbPath).replace(/\.[^.]*$/, '')}-unsaved-${stamp}${EXPORT_EXTENSION}`;
  const folders = [path.dirname(path.resolve(dbPath)), ...(fallbackDir ? [fallbackDir] : [])];
  let lastError: unknown = null;
  for (const folder of folders) {
    const file = path.join(folder, base);
    try {
      fs.writeFileSync(file, bytes, { flag: 'wx' });
      return file;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
