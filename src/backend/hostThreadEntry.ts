/**
 * The entry of a thread that does one heavy piece of work for the host off its request loop (see hostThread.ts):
 * decoding a large request body, parsing an imported file, or parsing and storing it. It answers once and exits. Bundled next to the CLI
 * and the Electron main process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeWire, toErrorShape, WireFormatError, type DatasetKind, type LabErrorShape } from '../core/api';
import { summarizeSync } from './summaries';
import { openDatabase } from './store/db';
import { sqliteErrors } from './store/errors';
import { insertDataset } from './store/datasets';

/** What a thread is given: a request body to decode, or a file to summarise. */
export type HostThreadJob =
  | { task: 'decode'; body: Uint8Array }
  | { task: 'summarize'; kind: DatasetKind; name: string; bytes: Uint8Array }
  | {
      task: 'import';
      kind: DatasetKind;
      name: string;
      bytes: Uint8Array;
      dbPath: string;
      nativeBinding?: string;
    };

/** What a thread answers; `wireFormat` marks a body that is not usable JSON (a 400, not a failure). */
export type HostThreadReply =
  { ok: true; value: unknown } | { ok: false; error: LabErrorShape; wireFormat?: boolean };

function run(job: HostThreadJob): HostThreadReply {
  try {
    if (job.task === 'decode') return { ok: true, value: decodeWire(new TextDecoder().decode(job.body)) };
    if (job.task === 'summarize') return { ok: true, value: summarizeSync(job.kind, job.name, job.bytes) };
    // parse, hash and write on the thread's own connection (WAL: the host keeps reading meanwhile)
    const summary = summarizeSync(job.kind, job.name, job.bytes);
    const db = openDatabase(job.dbPath, { nativeBinding: job.nativeBinding });
    try {
      return {
        ok: true,
        value: insertDataset(db, { name: job.name, kind: job.kind, bytes: job.bytes, summary }),
      };
    } finally {
      db.close();
    }
  } catch (error) {
    if (error instanceof WireFormatError)
      return { ok: false, error: { code: 'BAD_REQUEST', message: error.message }, wireFormat: true };
    // the store's own failures (database busy, read-only, full) in the same words as on the host
    return { ok: false, error: toErrorShape(error, [sqliteErrors]) };
  }
}

/** The ArrayBuffers of the byte arrays in a value, moved to the receiver instead of copied. */
function buffersOf(value: unknown, found: ArrayBuffer[] = []): ArrayBuffer[] {
  if (value instanceof Uint8Array) {
    if (value.buffer instanceof ArrayBuffer && !found.includes(value.buffer)) found.push(value.buffer);
  } else if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) buffersOf(child, found);
  }
  return found;
}

const reply = run(workerData as HostThreadJob);
parentPort?.postMessage(
  reply,
  reply.ok && (workerData as HostThreadJob).task === 'decode' ? buffersOf(reply.value) : [],
);
