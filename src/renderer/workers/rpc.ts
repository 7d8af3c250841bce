/**
 * The one way the page talks to its compute worker: comlink (typed calls, progress callbacks as proxies, buffers
 * transferred), with the lab's error model on both sides — an error thrown in the worker arrives as the same
 * UserError (code, reason, field) it was, or as INTERNAL with its message. Imported by the worker and by the client.
 */
import * as Comlink from 'comlink';
import { errorFromShape, isErrorShape, toErrorShape, type LabErrorShape } from '../../core/api';

let installed = false;

/**
 * Wraps comlink's handler for thrown values (idempotent): the worker side sends the lab's error shape instead of
 * the bare Error, and the page side throws it again as the error it was.
 */
export function installErrorHandler(): void {
  if (installed) return;
  installed = true;
  const original = Comlink.transferHandlers.get('throw') as Comlink.TransferHandler<
    { value: unknown },
    unknown
  >;
  Comlink.transferHandlers.set('throw', {
    canHandle: original.canHandle,
    // keeps comlink's marker (a symbol key the spread copies) and replaces the thrown value by its shape
    serialize: (thrown: { value: unknown }) =>
      original.serialize({ ...thrown, value: toErrorShape(thrown.value) satisfies LabErrorShape }),
    deserialize: (serialized: unknown) => {
      try {
        return original.deserialize(serialized);
      } catch (error) {
        throw isErrorShape(error) ? errorFromShape(error) : error;
      }
    },
  } as Comlink.TransferHandler<unknown, unknown>);
}

/**
 * Callbacks a job may report to; every one is optional on the page's side. They travel on their own channel, so they
 * may arrive after the job's result, except `onItem`, whose promise (when it returns one) the worker awaits before it
 * answers: an item is always taken before the job ends.
 */
export interface JobCallbacks<P = never, E = never, S = never> {
  onStage?(stage: string, fraction?: number): void;
  onProgress?(progress: P): void;
  onEpoch?(summary: E): void;
  onItem?(item: S): void | Promise<void>;
}

/** The callbacks as the worker sees them: all present (the page fills in no-ops), each call async. */
export type RemoteCallbacks<P = never, E = never, S = never> = Required<JobCallbacks<P, E, S>>;

/** Wraps page callbacks for the worker: missing ones become no-ops, and the object travels as a proxy. */
export function callbacks<P, E, S>(given: JobCallbacks<P, E, S> = {}): RemoteCallbacks<P, E, S> {
  const noop = () => undefined;
  return Comlink.proxy({
    onStage: given.onStage ?? noop,
    onProgress: given.onProgress ?? noop,
    onEpoch: given.onEpoch ?? noop,
    onItem: given.onItem ?? noop,
  });
}

/**
 * Runs a worker method's body with its callbacks tracked, and answers only once the page has run every callback the
 * body made. Callbacks travel on their own channel: without this, a last progress report could reach the page after
 * the result and put a finished job back to "running" (a parsed table shown as "Parsing… 100%" for ever).
 */
export async function answerAfterCallbacks<P, E, S, T>(
  cb: RemoteCallbacks<P, E, S>,
  body: (cb: RemoteCallbacks<P, E, S>) => Promise<T>,
): Promise<T> {
  const pending: Promise<unknown>[] = [];
  const track = <R>(value: R): R => {
    if (isThenable(value)) pending.push(Promise.resolve(value).catch(() => undefined));
    return value;
  };
  const tracked: RemoteCallbacks<P, E, S> = {
    onStage: (stage, fraction) => track(cb.onStage(stage, fraction)),
    onProgress: (progress) => track(cb.onProgress(progress)),
    onEpoch: (summary) => track(cb.onEpoch(summary)),
    onItem: (item) => track(cb.onItem(item)),
  };
  try {
    return await body(tracked);
  } finally {
    await Promise.all(pending);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

export { Comlink };
