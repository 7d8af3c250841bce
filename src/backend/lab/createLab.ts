import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SampleInfo, type Handlers } from '../../core/api';
import { openDatabase, schemaVersion, type Db } from '../store/db';
import {
  deleteDataset,
  getDataset,
  getMeta,
  insertDataset,
  listDatasets,
  renameDataset,
  setMeta,
} from '../store/datasets';
import { experimentHandlers } from './experimentHandlers';
import { detectKind, summarizeSync } from '../summaries';
import { importInThread } from '../hostThread';

export interface LabOptions {
  dbPath: string;
  resourcesDir: string;
  transport: 'electron' | 'http';
  version: string;
  /** better-sqlite3 binding built for Electron's ABI, when running inside Electron. */
  nativeBinding?: string;
  /** Import the bundled samples into a fresh database (default true). */
  seedSamples?: boolean;
}

export interface Lab {
  handlers: Handlers;
  db: Db;
  close(): void;
}

const SampleManifest = z.object({ attribution: z.string(), samples: z.array(SampleInfo) });
type SampleManifest = z.infer<typeof SampleManifest>;

/** Reads resources/samples/samples.json: the bundled sample files with their source and licence. */
export function readSampleManifest(resourcesDir: string): SampleManifest {
  const file = path.join(resourcesDir, 'samples', 'samples.json');
  return SampleManifest.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** Imports the bundled samples once, the first time a database is opened. */
function seedSamples(db: Db, resourcesDir: string): void {
  if (getMeta(db, 'samples_seeded')) return;
  const manifest = readSampleManifest(resourcesDir);
  db.transaction(() => {
    for (const sample of [...manifest.samples].reverse()) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(resourcesDir, 'samples', sample.file)));
      const kind = detectKind(sample.file, bytes);
      insertDataset(db, {
        name: sample.file,
        kind,
        bytes,
        summary: summarizeSync(kind, sample.file, bytes),
        sample: true,
      });
    }
    setMeta(db, 'samples_seeded', new Date().toISOString());
  })();
}

/** Opens the database and returns the typed handler map that implements the LabApi contract. */
export function createLab(options: LabOptions): Lab {
  const db = openDatabase(options.dbPath, { nativeBinding: options.nativeBinding });
  try {
    if (options.seedSamples !== false) seedSamples(db, options.resourcesDir);
  } catch (error) {
    db.close();
    throw error;
  }
  const manifest = readSampleManifest(options.resourcesDir);

  const handlers: Handlers = {
    'app:info': () => ({
      name: 'RNN Lab',
      version: options.version,
      transport: options.transport,
      dbPath: options.dbPath,
      schemaVersion: schemaVersion(db),
      samples: manifest.samples,
      dataAttribution: manifest.attribution,
    }),
    'datasets:list': () => listDatasets(db),
    'datasets:get': ({ id }) => getDataset(db, id),
    'datasets:import': async ({ name, bytes, kind }) => {
      const resolvedKind = kind ?? detectKind(name, bytes);
      // parsed and stored in a worker thread: a big or hostile file never holds the other requests
      return importInThread(resolvedKind, name, bytes, {
        dbPath: options.dbPath,
        nativeBinding: options.nativeBinding,
      });
    },
    'datasets:rename': ({ id, name }) => renameDataset(db, id, name),
    'datasets:delete': ({ id, experiments }) => ({ deletedExperiments: deleteDataset(db, id, experiments) }),
    ...experimentHandlers(db, options.version),
  };

  return {
    handlers,
    db,
    close: () => {
      if (db.open) db.close();
    },
  };
}
