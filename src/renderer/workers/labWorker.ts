import type { ChallengeProgress, ChallengeRecord } from '../../core/inspect';
import type { EpochSummary, TrainProgress } from '../../core/model/train';
import type { FromWorker, RequestType, ToWorker, WorkerRequests } from './protocol';

export interface JobCallbacks {
  onRecord?(record: ChallengeRecord): void;
  onChallengeProgress?(progress: ChallengeProgress): void;
  onProgress?(fraction: number, stage: string): void;
  onTrainProgress?(progress: TrainProgress): void;
  onEpoch?(summary: EpochSummary): void;
}

/** An error reported by the worker (code BAD_INPUT for things the user can fix). */
export class WorkerError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

interface Pending extends JobCallbacks {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

type BackendListener = (info: { backend: string; note: string | null; threads: boolean }) => void;

/** Typed requests to the compute worker, with progress callbacks and stop. */
export class LabWorker {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private backendListeners = new Set<BackendListener>();

  constructor() {
    this.worker = new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      const error = new WorkerError(
        'INTERNAL',
        `The compute worker failed: ${event.message || 'unknown error'}`,
      );
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
  }

  /** Starts tfjs on `backend` and reports what runs to the listeners. */
  init(backend: string): void {
    this.post({ kind: 'init', backend });
  }

  onBackend(listener: BackendListener): () => void {
    this.backendListeners.add(listener);
    return () => this.backendListeners.delete(listener);
  }

  /** Sends a request; `id` can be passed to stop(). */
  request<K extends RequestType>(
    type: K,
    args: WorkerRequests[K]['args'],
    callbacks: JobCallbacks = {},
  ): { id: number; promise: Promise<WorkerRequests[K]['result']> } {
    const id = this.nextId++;
    const promise = new Promise<WorkerRequests[K]['result']>((resolve, reject) => {
      this.pending.set(id, { ...callbacks, resolve: resolve as (v: unknown) => void, reject });
    });
    this.post({ kind: 'request', id, type, args } as ToWorker);
    return { id, promise };
  }

  /** Asks a running job to stop: training stops after its current batch (resolving as 'stopped'); inspections reject. */
  stop(id: number): void {
    this.post({ kind: 'stop', id });
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker): void {
    if (message.kind === 'backend') {
      for (const l of this.backendListeners) l(message);
      return;
    }
    const job = this.pending.get(message.id);
    if (!job) return;
    switch (message.kind) {
      case 'progress':
        job.onProgress?.(message.fraction, message.stage);
        break;
      case 'trainProgress':
        job.onTrainProgress?.(message.progress);
        break;
      case 'epoch':
        job.onEpoch?.(message.summary);
        break;
      case 'record':
        job.onRecord?.(message.record);
        break;
      case 'challengeProgress':
        job.onChallengeProgress?.(message.progress);
        break;
      case 'done':
        this.pending.delete(message.id);
        job.resolve(message.value);
        break;
      case 'error':
        this.pending.delete(message.id);
        job.reject(new WorkerError(message.error.code, message.error.message));
        break;
    }
  }
}

let shared: LabWorker | null = null;

/** The app's single compute worker. */
export function labWorker(): LabWorker {
  shared ??= new LabWorker();
  return shared;
}
