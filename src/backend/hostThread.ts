/**
 * Heavy work of the host in a worker thread, so that a 50 MB import or a hostile file never holds the request loop
 * (browser host) or the Electron main process: other requests keep being answered meanwhile. Two jobs run there:
 * decoding a large request body (JSON with base64 bytes) and parsing an imported file (the same summarizeSync as the
 * bundled samples). Errors come back as their wire shape and become the same UserError here. The thread entry is
 * found next to this module: the bundled `host-thread.mjs` / `.js`, or the TypeScript source through tsx when
 * running from the source tree (tests, benchmarks).
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { errorFromShape, LabError, WireFormatError, type DatasetInfo, type DatasetKind } from '../core/api';
import type { HostThreadJob, HostThreadReply } from './hostThreadEntry';

/** Bundled names of the thread entry, tried in order next to the module that imports this one. */
export const HOST_THREAD_FILES = ['host-thread.mjs', 'host-thread.js'] as const;

/** Byte arrays at least this large are moved to the thread, not copied (smaller ones may share Node's buffer pool). */
const MOVE_BYTES = 64 * 1024;

/** How long a job may take before the thread is stopped and the request refused. */
const THREAD_TIMEOUT_MS = 5 * 60_000;

/** The thread's code: the bundled entry's path, or (source tree) a script that loads the TypeScript entry through tsx. */
function threadEntry(): { code: string; eval: boolean } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const source = new URL('./hostThreadEntry.ts', import.meta.url).href;
    const code =
      `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); })` +
      '.catch((error) => { console.error(error); process.exit(1); });';
    return { code, eval: true };
  }
  for (const name of HOST_THREAD_FILES) {
    const file = fileURLToPath(new URL(`./${name}`, import.meta.url));
    if (fs.existsSync(file)) return { code: file, eval: false };
  }
  throw new Error(`the host thread (${HOST_THREAD_FILES.join(' or ')}) is missing next to ${here}`);
}

/** Runs one job in a new thread; `what` names it in the messages ("big.csv", "the request body"). */
function inThread(job: HostThreadJob, what: string, timeoutMs: number): Promise<unknown> {
  const entry = threadEntry();
  return new Promise((resolve, reject) => {
    // the body or file is not used again here: move it to the thread instead of copying 50 MB on this one
    const moved = job.task === 'decode' ? job.body : job.bytes;
    const movable = moved.buffer instanceof ArrayBuffer && moved.byteLength >= MOVE_BYTES;
    const worker = new Worker(entry.code, {
      eval: entry.eval,
      workerData: job,
      transferList: movable ? [moved.buffer as ArrayBuffer] : [],
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      void worker.terminate();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new LabError(
              'BAD_INPUT',
              `${what}: reading it took longer than ${Math.round(timeoutMs / 1000)} s. Import a smaller file (fewer rows or columns).`,
            ),
          ),
        ),
      timeoutMs,
    );
    worker.once('message', (reply: HostThreadReply) =>
      settle(() => {
        if (reply.ok) resolve(reply.value);
        else
          reject(reply.wireFormat ? new WireFormatError(reply.error.message) : errorFromShape(reply.error));
      }),
    );
    worker.once('error', (error: Error) =>
      settle(() =>
        reject(
          /ERR_WORKER_OUT_OF_MEMORY|out of memory/i.test(
            `${(error as { code?: string }).code} ${error.message}`,
          )
            ? new LabError(
                'BAD_INPUT',
                `${what}: it needs more memory to read than RNN Lab has. Import a smaller file.`,
              )
            : error,
        ),
      ),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`the host thread stopped (exit code ${code}) before answering`))),
    );
  });
}

/**
 * Parses `bytes` as a `kind` file in a worker thread and returns the summary stored with the dataset. Throws the
 * UserError the parse raised (BAD_INPUT with what to change), BAD_INPUT when the thread ran out of memory or took
 * longer than five minutes, and a plain Error when the thread could not start.
 */
export async function summarizeInThread(
  kind: DatasetKind,
  name: string,
  bytes: Uint8Array,
  options: { timeoutMs?: number } = {},
): Promise<Record<string, unknown>> {
  const value = await inThread(
    { task: 'summarize', kind, name, bytes },
    name,
    options.timeoutMs ?? THREAD_TIMEOUT_MS,
  );
  return value as Record<string, unknown>;
}

/**
 * Decodes a request body (UTF-8 JSON in the wire format) in a worker thread (the body is moved there); throws WireFormatError for a body that
 * is not usable JSON, as decodeWire does.
 */
export function decodeWireInThread(body: Uint8Array): Promise<unknown> {
  return inThread({ task: 'decode', body }, 'the request body', THREAD_TIMEOUT_MS);
}

/**
 * Parses an imported file and stores it as a dataset, both in a worker thread with its own connection to the
 * database at `dbPath` (hashing and writing 50 MB take seconds too). `bytes` is moved to the thread: from 64 KiB
 * on, the caller's array is left empty. Returns what insertDataset returns; throws as
 * {@link summarizeInThread}.
 */
export async function importInThread(
  kind: DatasetKind,
  name: string,
  bytes: Uint8Array,
  db: { dbPath: string; nativeBinding?: string },
): Promise<{ dataset: DatasetInfo; existing: boolean }> {
  const value = await inThread({ task: 'import', kind, name, bytes, ...db }, name, THREAD_TIMEOUT_MS);
  return value as { dataset: DatasetInfo; existing: boolean };
}
