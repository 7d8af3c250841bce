/**
 * The experiments export file (.rnnlab): gzip-compressed JSON holding whole experiments (config, metrics,
 * curves, predictions, inspector results, weights) and the bytes of their datasets, with binary values
 * as {"$bytes": base64} (the HTTP wire encoding). `zcat file.rnnlab | jq` shows it.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import {
  Bytes,
  DatasetKind,
  ExperimentInput,
  ExperimentStatus,
  LabError,
  decodeWire,
  describeZodError,
  encodeWire,
  type ImportReport,
  type ParsedExperimentInput,
} from '../../core/api';
import { PAYLOAD_VERSION, PayloadVersionError, upgradePayload } from '../../core/experiments';
import { contentHash, findDatasetByHash, getDataset, insertDataset } from './datasets';
import type { Db } from './db';
import { summarizeSync } from '../summaries';
import { findExperimentByUid, getExperiment, insertExperiment } from './experiments';

export const EXPORT_FORMAT = 'rnn-lab.experiments';
/** Version 2 records each experiment's payload version; version 1 files hold payload version 1. */
export const EXPORT_VERSION = 2;
export const EXPORT_EXTENSION = '.rnnlab';
/**
 * Largest accepted uncompressed export: zlib inflates chunk by chunk and stops at this size, so a decompression bomb
 * costs at most this much memory before it is refused (the largest honest export, a 128 MiB dataset in base64 with
 * its runs, fits).
 */
export const MAX_UNCOMPRESSED = 512 * 1024 * 1024;
/** Longest accepted time stamp text (ISO 8601 with milliseconds and zone is 24-29 characters). */
const MAX_STAMP = 40;

const JsonObject = z.record(z.string(), z.unknown());

const FileDataset = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  name: z.string().min(1).max(200),
  kind: DatasetKind,
  /** Not trusted: the summary is computed again from the bytes on import. */
  summary: JsonObject,
  sample: z.boolean(),
  createdAt: z.string().max(MAX_STAMP),
  bytes: Bytes,
});

const FileExperiment = z.object({
  uid: z.string().min(1).max(64),
  parentUid: z.string().min(1).max(64).nullable(),
  kind: z.string().max(40),
  /** Absent in version 1 files, whose payloads are all of version 1. */
  payloadVersion: z.number().int().default(1),
  name: z.string().min(1).max(200),
  datasetHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  config: JsonObject,
  metrics: JsonObject,
  history: JsonObject,
  predictions: JsonObject,
  inspection: JsonObject,
  weights: Bytes.nullable(),
  status: ExperimentStatus,
  backend: z.string().max(40),
  durationMs: z.number().nonnegative(),
  tags: z.array(z.string().min(1).max(60)).max(50),
  notes: z.string().max(100_000),
  createdAt: z.string().max(MAX_STAMP),
});

const ExportFile = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.number().int(),
  exportedAt: z.string().max(MAX_STAMP),
  app: z.object({ name: z.string().max(100), version: z.string().max(100) }),
  datasets: z.array(FileDataset).max(10_000),
  experiments: z.array(FileExperiment).max(10_000),
});
export type ExportFile = z.infer<typeof ExportFile>;

function slug(text: string): string {
  return (
    text
      .replace(/[^\w.-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'experiment'
  );
}

/** Collects experiments (whole) and their datasets into the export structure. NOT_FOUND for a missing id. */
export function collectExport(db: Db, ids: readonly number[], appVersion: string): ExportFile {
  const unique = [...new Set(ids)];
  const datasets = new Map<number, z.infer<typeof FileDataset>>();
  const experiments = unique.map((id) => {
    const e = getExperiment(db, id);
    let datasetHash: string | null = null;
    if (e.datasetId !== null) {
      let d = datasets.get(e.datasetId);
      if (!d) {
        const full = getDataset(db, e.datasetId);
        d = {
          hash: full.hash,
          name: full.name,
          kind: full.kind,
          summary: full.summary,
          sample: full.sample,
          createdAt: full.createdAt,
          bytes: full.bytes,
        };
        datasets.set(e.datasetId, d);
      }
      datasetHash = d.hash;
    }
    return {
      uid: e.uid,
      parentUid: e.parentUid,
      kind: e.kind,
      payloadVersion: PAYLOAD_VERSION,
      name: e.name,
      datasetHash,
      config: e.config,
      metrics: e.metrics,
      history: e.history,
      predictions: e.predictions,
      inspection: e.inspection,
      weights: e.weights,
      status: e.status,
      backend: e.backend,
      durationMs: e.durationMs,
      tags: e.tags,
      notes: e.notes,
      createdAt: e.createdAt,
    };
  });
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    app: { name: 'RNN Lab', version: appVersion },
    datasets: [...datasets.values()],
    experiments,
  };
}

/** Writes experiments to export-file bytes, with a file name for them. */
export function exportExperiments(
  db: Db,
  ids: readonly number[],
  appVersion: string,
): { bytes: Uint8Array; fileName: string; experiments: number; datasets: number } {
  const file = collectExport(db, ids, appVersion);
  const compressed = gzipSync(Buffer.from(encodeWire(file), 'utf8'), { level: 6 });
  const stamp = file.exportedAt.slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const fileName =
    file.experiments.length === 1
      ? `${slug(file.experiments[0].name)}${EXPORT_EXTENSION}`
      : `rnn-lab-${file.experiments.length}-experiments-${stamp}${EXPORT_EXTENSION}`;
  return {
    bytes: new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.byteLength),
    fileName,
    experiments: file.experiments.length,
    datasets: file.datasets.length,
  };
}

const notAnExport = () =>
  new LabError(
    'BAD_INPUT',
    `This file is not an RNN Lab experiments export (${EXPORT_EXTENSION}). Export experiments from the Experiments view or with rnn-lab experiments export.`,
  );

/** A file that claims to be an export but breaks its rules: what is wrong, and that exporting again is the way out. */
const damaged = (what: string) =>
  new LabError(
    'BAD_INPUT',
    `The export file is damaged: ${what}. Nothing was imported; export the experiments again from the lab they came from.`,
  );

/** An export larger than any this lab writes (gzip bombs included): refused before it takes the memory. */
const tooLarge = (maxUncompressed: number) =>
  new LabError(
    'BAD_INPUT',
    `The export file expands to more than ${Math.round(maxUncompressed / 1048576)} MiB, more than an RNN Lab export holds; it was not imported. ` +
      'Export fewer experiments per file.',
  );

/** Reads and validates export-file bytes (gzip or plain JSON); BAD_INPUT with a reason otherwise. */
export function readExportFile(bytes: Uint8Array, maxUncompressed = MAX_UNCOMPRESSED): ExportFile {
  let text: string;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) {
    try {
      text = gunzipSync(buffer, { maxOutputLength: maxUncompressed }).toString('utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxUncompressed);
      throw new LabError(
        'BAD_INPUT',
        `The export file is damaged or cut short (${(error as Error).message}). Export it again.`,
      );
    }
  } else if (buffer.length > 0 && buffer.subarray(0, 64).toString('utf8').trimStart().startsWith('{')) {
    if (buffer.length > maxUncompressed) throw tooLarge(maxUncompressed);
    text = buffer.toString('utf8');
  } else {
    throw notAnExport();
  }
  let raw: unknown;
  try {
    raw = decodeWire(text);
  } catch {
    throw notAnExport();
  }
  const head = raw as { format?: unknown; version?: unknown };
  if (!raw || typeof raw !== 'object' || head.format !== EXPORT_FORMAT) throw notAnExport();
  if (typeof head.version === 'number' && head.version > EXPORT_VERSION) {
    throw new LabError(
      'BAD_INPUT',
      `This export was written by a newer RNN Lab (file version ${head.version}; this one reads up to ${EXPORT_VERSION}). Update RNN Lab to import it.`,
    );
  }
  const parsed = ExportFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw damaged(`${issue.path.join('.') || 'file'}: ${issue.message}`);
  }
  for (const d of parsed.data.datasets) {
    if (contentHash(d.bytes) !== d.hash)
      throw damaged(`the bytes of dataset ${d.name} do not match their hash`);
  }
  return parsed.data;
}

/** An experiment of an export file as a save request: its payload upgraded to this version and validated. */
function fileExperimentInput(
  e: ExportFile['experiments'][number],
  datasetId: number | null,
): ParsedExperimentInput {
  let payload;
  try {
    payload = upgradePayload(e.kind, e.payloadVersion, e);
  } catch (error) {
    if (error instanceof PayloadVersionError)
      throw new LabError(
        'BAD_INPUT',
        `The export file holds "${e.name}", which ${error.message.replace(/^\w/, (c) => c.toLowerCase())}`,
      );
    throw error;
  }
  const parsed = ExperimentInput.safeParse({
    ...payload,
    kind: e.kind,
    name: e.name,
    datasetId,
    weights: e.weights,
    status: e.status,
    backend: e.backend,
    durationMs: e.durationMs,
    tags: e.tags,
    notes: e.notes,
    parentUid: e.parentUid,
  });
  if (!parsed.success) throw damaged(`experiment "${e.name}": ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/**
 * Imports an export file in one transaction. Experiments whose uid is already here are reported as
 * duplicates and skipped; datasets are matched by content hash, so each is stored once, with its summary read
 * again from its bytes. An experiment whose dataset is neither in the file nor here refuses the whole import.
 */
export function importExperiments(db: Db, bytes: Uint8Array): ImportReport {
  const file = readExportFile(bytes);
  const byHash = new Map(file.datasets.map((d) => [d.hash, d]));
  return db.transaction((): ImportReport => {
    const report: ImportReport = { imported: [], duplicates: [], datasets: { added: 0, existing: 0 } };
    const datasetIds = new Map<string, number | null>();
    const resolveDataset = (hash: string | null, name: string): number | null => {
      if (hash === null) return null;
      const known = datasetIds.get(hash);
      if (known !== undefined) return known;
      let id: number;
      const existing = findDatasetByHash(db, hash);
      if (existing) {
        id = existing.id;
        report.datasets.existing++;
      } else {
        const d = byHash.get(hash);
        if (!d) {
          // never a silent drop: the run would lose its data and its re-run
          throw new LabError(
            'BAD_INPUT',
            `The export file is damaged: experiment "${name}" belongs to a dataset that is neither in the file nor in this database. ` +
              'Nothing was imported; export the experiment again together with its dataset.',
          );
        }
        id = insertDataset(db, {
          name: d.name,
          kind: d.kind,
          bytes: d.bytes,
          // the file's summary is not trusted: read the bytes again, as an import of the file itself would
          summary: summarizeSync(d.kind, d.name, d.bytes),
          sample: d.sample,
          createdAt: d.createdAt,
        }).dataset.id;
        report.datasets.added++;
      }
      datasetIds.set(hash, id);
      return id;
    };
    for (const e of file.experiments) {
      const existingId = findExperimentByUid(db, e.uid);
      if (existingId !== null) {
        report.duplicates.push({ uid: e.uid, name: e.name, existingId });
        continue;
      }
      const summary = insertExperiment(db, fileExperimentInput(e, resolveDataset(e.datasetHash, e.name)), {
        uid: e.uid,
        createdAt: e.createdAt,
      });
      report.imported.push(summary);
    }
    return report;
  })();
}
