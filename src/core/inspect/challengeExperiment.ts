/** How a memory-challenge run is stored as an experiment (kind 'memory'): one mapping for the app and the CLI. */
import type { ExperimentInputOf, ExperimentStatus } from '../api';
import { memoryHeadline } from '../experiments/headline';
import { CELL_LABELS } from '../model/spec';
import type { TrainStatus } from '../model/train';
import { packWeightsFile } from '../model/weightsFile';
import type { ChallengeRecord, ChallengeSettings } from './challenge';
import type { ChallengeTask } from './challengeTasks';

const STATUS: Record<TrainStatus, ExperimentStatus> = {
  completed: 'finished',
  stopped: 'stopped',
  diverged: 'diverged',
};

/** Format tag of a packed memory-challenge network (see packWeightsFile). */
export const MEMORY_MODEL_FORMAT = 'rnn-lab.memory-model';

/** A short name for a run, e.g. "Memory challenge · copy · LSTM · lag 20". */
export function challengeRunName(task: ChallengeTask, record: Pick<ChallengeRecord, 'cell' | 'lag'>): string {
  return `Memory challenge · ${task} · ${CELL_LABELS[record.cell]} · lag ${record.lag}`;
}

/**
 * Turns one challenge record into what `experiments:save` stores: config (task, cell, lag, seed, settings),
 * metrics {accuracy, chance}, history (losses, validation accuracy, gradient log) and, when the record kept
 * its model, the packed network as weights.
 */
export function experimentFromChallengeRecord(
  record: ChallengeRecord,
  ctx: { settings: ChallengeSettings; backend: string },
): ExperimentInputOf<'memory'> {
  return {
    kind: 'memory',
    name: challengeRunName(record.task, record),
    datasetId: null,
    config: { task: record.task, cell: record.cell, lag: record.lag, seed: record.seed, ...ctx.settings },
    metrics: {
      headline: memoryHeadline(record.accuracy, record.chance),
      accuracy: record.accuracy,
      chance: record.chance,
    },
    history: { ...record.history, epochsRun: record.epochs, gradients: record.gradients },
    predictions: {},
    weights: record.model
      ? packWeightsFile({
          format: MEMORY_MODEL_FORMAT,
          version: 1,
          task: record.task,
          lag: record.lag,
          model: record.model,
        })
      : null,
    status: STATUS[record.status],
    backend: ctx.backend,
    durationMs: record.durationMs,
    tags: ['memory-challenge', record.task, record.cell],
  };
}
