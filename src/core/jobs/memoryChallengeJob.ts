/**
 * The memory challenge, assembled once for the app's worker and the CLI: SimpleRNN, LSTM and GRU trained on a
 * synthetic memory task at each lag and with each gate initialisation, every finished run handed over as the experiment `experiments:save` stores.
 */
import type { ExperimentInputOf } from '../api';
import { experimentFromChallengeRecord } from '../inspect/challengeExperiment';
import { runMemoryChallenge, type ChallengeProgress, type ChallengeRecord } from '../inspect/challenge';
import { resolveChallengeSettings, type ChallengeSettings } from '../inspect/challengeSettings';
import type { ChallengeTask } from '../inspect/challengeTasks';
import type { CellType } from '../model/cells';
import type { GateInitKind } from '../model/gateInit';
import type { JobHooks } from './hooks';

/** What to run: the task, the lags and cells, the seed, and settings changed from the defaults. */
export interface MemoryChallengeRequest {
  task: ChallengeTask;
  lags: readonly number[];
  cells: readonly CellType[];
  /** Gate initialisations each gated cell is trained with (default: the forget bias only). */
  inits?: readonly GateInitKind[];
  /** Chrono's T_max; null or absent: each task's sequence length. */
  tMax?: number | null;
  seed: number;
  settings?: Partial<ChallengeSettings>;
  /** The backend the runs are recorded with. */
  backend: string;
}

/** Hooks of the challenge: progress per run, and each finished run with the experiment to save. */
export interface MemoryChallengeHooks extends Pick<JobHooks, 'signal'> {
  onChallengeProgress?(progress: ChallengeProgress): void;
  onRun?(record: Omit<ChallengeRecord, 'model'>, experiment: ExperimentInputOf<'memory'>): void;
}

/** Runs the challenge; resolves with a one-paragraph summary and whether it was stopped before every run ended. */
export async function memoryChallengeJob(
  request: MemoryChallengeRequest,
  hooks: MemoryChallengeHooks = {},
): Promise<{ stopped: boolean; summary: string; settings: ChallengeSettings; runs: number }> {
  const settings = resolveChallengeSettings(request.settings);
  let last = -Infinity;
  const result = await runMemoryChallenge({
    task: request.task,
    lags: request.lags,
    cells: request.cells,
    inits: request.inits,
    tMax: request.tMax,
    seed: request.seed,
    settings,
    keepModels: true,
    signal: hooks.signal,
    onProgress: (progress) => {
      const now = performance.now();
      if (now - last < 150) return;
      last = now;
      hooks.onChallengeProgress?.(progress);
    },
    onRecord: (record) => {
      const experiment = experimentFromChallengeRecord(record, { settings, backend: request.backend });
      const { model: _model, ...rest } = record;
      hooks.onRun?.(rest, experiment);
    },
  });
  return {
    stopped: result.stopped,
    summary: result.summary,
    settings: result.settings,
    runs: result.records.length,
  };
}
