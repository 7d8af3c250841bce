/** How a memory-challenge run is stored as an experiment (kind 'memory'): one mapping for the app and the CLI. */
import type { ExperimentInputOf, ExperimentStatus } from '../api';
import { memoryHeadline } from '../experiments/headline';
import { CELL_LABELS } from '../model/spec';
import type { TrainStatus } from '../model/train';
import { packWeightsFile } from '../model/weightsFile';
import type { ChallengeRecord } from './challenge';
import type { ChallengeSettings } from './challengeSettings';
import type { ChallengeTask } from './challengeTasks';

const STATUS: Record<TrainStatus, ExperimentStatus> = {
  completed: 'finished',
  stopped: 'stopped',
  diverged: 'diverged',
};

/** Format tag of a packed memory-challenge network (see packWeightsFile). */
export const MEMORY_MODEL_FORMAT = 'rnn-lab.memory-model';

/** A short name for a run, e.g. "Memory challenge · copy · LSTM · lag 20" (with " · chrono" for chrono runs). */
export function challengeRunName(
  task: ChallengeTask,
  record: Pick<ChallengeRecord, 'cell' | 'lag'> & Partial<Pick<ChallengeRecord, 'gateInit'>>,
): string {
  const init = record.gateInit?.kind === 'chrono' && record.cell !== 'rnn' ? ' · chrono' : '';
  return `Memory challenge · ${task} · ${CELL_LABELS[record.cell]} · lag ${record.lag}${init}`;
}

/**
 * Turns one challenge record into what `experiments:save` stores: config (task, cell, lag, seed, settings, gate
 * initialisation), metrics {accuracy, chance, steps, solved}, history (losses, validation accuracy, gradient log) and, when the record kept
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
    config: {
      task: record.task,
      cell: record.cell,
      lag: record.lag,
      seed: record.seed,
      ...ctx.settings,
      gateInit: record.gateInit,
    },
    metrics: {
      headline: memoryHeadline(record.accuracy, record.chance),
      accuracy: record.accuracy,
      chance: record.chance,
      steps: record.steps,
      solved: record.solved,
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
    tags: [
      'memory-challenge',
      record.task,
      record.cell,
      ...(record.gateInit.kind === 'chrono' ? ['chrono'] : []),
      ...(record.curriculum ? ['curriculum'] : []),
    ],
  };
}
