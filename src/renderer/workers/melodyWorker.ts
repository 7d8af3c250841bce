import type { EpochSummary, TrainProgress } from '../../core/model/train';
import type { FromMelodyWorker, MelodyRequestType, MelodyRequests, ToMelodyWorker } from './melodyProtocol';

export interface MelodyJobCallbacks {
  onStage?(stage: string): void;
  onTrainProgress?(progress: TrainProgress): void;
  onEpoch?(summary: EpochSummary): void;
}

/** An error reported by the melody worker (code BAD_INPUT for things the user can fix). */
export class MelodyWorkerError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

interface Pending extends MelodyJobCallbacks {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Typed requests to the melody worker, with progress callbacks and stop. */
export class MelodyWorker {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor() {
    this.worker = new Worker(new URL('./melody.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<FromMelodyWorker>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      const error = new MelodyWorkerError(
        'INTERNAL',
        `The melody worker failed: ${event.message || 'unknown error'}`,
      );
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
  }

  /** Sends a request; `id` can be passed to stop(). */
  request<K extends MelodyRequestType>(
    type: K,
    args: MelodyRequests[K]['args'],
    callbacks: MelodyJobCallbacks = {},
  ): { id: number; promise: Promise<MelodyRequests[K]['result']> } {
    const id = this.nextId++;
    const promise = new Promise<MelodyRequests[K]['result']>((resolve, reject) => {
      this.pending.set(id, { ...callbacks, resolve: resolve as (v: unknown) => void, reject });
    });
    this.worker.postMessage({ kind: 'request', id, type, args } as ToMelodyWorker);
    return { id, promise };
  }

  /** Asks a training job to stop after its current batch (it still resolves, as 'stopped'). */
  stop(id: number): void {
    this.worker.postMessage({ kind: 'stop', id } satisfies ToMelodyWorker);
  }

  private receive(message: FromMelodyWorker): void {
    const job = this.pending.get(message.id);
    if (!job) return;
    switch (message.kind) {
      case 'stage':
        job.onStage?.(message.stage);
        break;
      case 'trainProgress':
        job.onTrainProgress?.(message.progress);
        break;
      case 'epoch':
        job.onEpoch?.(message.summary);
        break;
      case 'done':
        this.pending.delete(message.id);
        job.resolve(message.value);
        break;
      case 'error':
        this.pending.delete(message.id);
        job.reject(new MelodyWorkerError(message.error.code, message.error.message));
        break;
    }
  }
}

let shared: MelodyWorker | null = null;

/** The app's melody worker, started on first use. */
export function melodyWorker(): MelodyWorker {
  shared ??= new MelodyWorker();
  return shared;
}
