/** What every job takes besides its data and settings: a way to stop it and ways to watch it. */
import type { EpochSummary, TrainProgress } from '../model/train';

export interface JobHooks {
  /** Abort to stop: training stops after its current batch and keeps the best weights so far. */
  signal?: AbortSignal;
  /** A named stage of the job and, when known, how far it is (0-1). */
  onStage?(stage: string, fraction?: number): void;
  /** Training progress, at most every batch. */
  onProgress?(progress: TrainProgress): void;
  /** One line per finished epoch. */
  onEpoch?(summary: EpochSummary): void;
}

/**
 * Wraps a progress callback so it fires at most every `ms` milliseconds (and always on the last step), so workers
 * and terminals are not flooded by a fast training loop.
 */
export function throttleProgress(
  callback: ((progress: TrainProgress) => void) | undefined,
  ms: number,
): ((progress: TrainProgress) => void) | undefined {
  if (!callback) return undefined;
  let last = -Infinity;
  return (progress) => {
    const now = performance.now();
    if (now - last < ms && progress.step !== progress.totalSteps) return;
    last = now;
    callback(progress);
  };
}
