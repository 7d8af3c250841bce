/** How a melody generation is stored as an experiment (kind 'melody') and read back: one mapping for the app and the CLI. */
import { finiteMean } from '../common/stats';
import type { ExperimentInputOf, ExperimentOf, ExperimentStatus } from '../api';
import { melodyHeadline } from '../experiments/headline';
import type {
  MelodyMode,
  MelodyModelDescription,
  MelodyTrainingSettings as StoredTrainingSettings,
  SeedImportSettings,
} from '../experiments/melody';
import type { GradientLog, TrainStatus } from '../model/train';
import type { Generation } from './melodyGenerate';
import { DEFAULT_SEED_AFFINITY, DEFAULT_TOP_P, type GenerateSettings } from './melodySettings';
import type { Melody } from './types';

export type { MelodyMode, SeedImportSettings } from '../experiments/melody';

/** Labels of the modes, for names and the UI. */
export const MODE_LABELS: Readonly<Record<MelodyMode, string>> = {
  base: 'Base model',
  finetune: 'Fine-tuned on the seed',
  scratch: 'Trained from scratch',
};

/** What a training run (fine-tuning or from scratch) left behind. */
export interface MelodyTrainingLog {
  readonly status: TrainStatus;
  readonly message: string;
  readonly settings: StoredTrainingSettings;
  readonly history: { readonly loss: number[]; readonly valLoss: number[] };
  readonly bestEpoch: number | null;
  readonly epochsRun: number;
  readonly earlyStopped: boolean;
  readonly gradients: GradientLog | null;
  readonly durationMs: number;
}

/** A finished generation, ready to be saved. */
export interface MelodyOutcome {
  readonly mode: MelodyMode;
  readonly model: MelodyModelDescription;
  readonly importSettings: SeedImportSettings;
  readonly seed: Melody;
  readonly generation: Generation;
  readonly training: MelodyTrainingLog | null;
  /** The trained model (melodyModelFile blob); null for the base model. */
  readonly weights: Uint8Array | null;
  readonly backend: string;
  readonly durationMs: number;
}

/** A melody experiment as the melody view shows it, fresh or reopened. */
export interface SavedMelody {
  readonly experimentId: number;
  readonly name: string;
  readonly status: ExperimentStatus;
  readonly createdAt: string;
  readonly datasetId: number | null;
  readonly datasetName: string | null;
  readonly mode: MelodyMode;
  readonly model: MelodyOutcome['model'];
  readonly importSettings: SeedImportSettings;
  readonly seed: Melody;
  readonly generation: Generation;
  readonly training: MelodyTrainingLog | null;
  /** Experiment holding the trained weights, when there are some. */
  readonly weightsId: number | null;
  readonly backend: string;
  readonly durationMs: number;
}

const STATUS: Record<TrainStatus, ExperimentStatus> = {
  completed: 'finished',
  stopped: 'stopped',
  diverged: 'diverged',
};

/**
 * The sampling settings that tell two generations from the same model apart, e.g. "temperature 1.2 · top-k 8 ·
 * seed 3": temperature and random seed always, top-k, top-p, the key constraint and the seed affinity when they are
 * not the defaults.
 */
export function samplingLabel(
  settings: Pick<GenerateSettings, 'temperature' | 'topK' | 'topP' | 'stayInKey' | 'seedAffinity' | 'seed'>,
): string {
  const parts = [`temperature ${settings.temperature}`];
  if (settings.topK > 0) parts.push(`top-k ${settings.topK}`);
  if (settings.topP !== DEFAULT_TOP_P) parts.push(`top-p ${settings.topP}`);
  if (settings.stayInKey) parts.push('in key');
  if (settings.seedAffinity !== DEFAULT_SEED_AFFINITY) parts.push(`seed affinity ${settings.seedAffinity}`);
  parts.push(`seed ${settings.seed}`);
  return parts.join(' · ');
}

/** A short name, e.g. "Base model LSTM 2×128 · folk.mid · 4 × 8 bars · temperature 1 · seed 1". */
export function melodyRunName(
  outcome: Pick<MelodyOutcome, 'mode' | 'model' | 'generation'>,
  datasetName: string,
): string {
  const { variations, bars } = outcome.generation.settings;
  const what =
    outcome.mode === 'base' ? 'Base model' : outcome.mode === 'finetune' ? 'Fine-tuned' : 'From scratch';
  return `${what} ${outcome.model.label} · ${datasetName} · ${variations} × ${bars} bars · ${samplingLabel(outcome.generation.settings)}`;
}

/** Turns a generation into what `experiments:save` stores. */
export function melodyExperimentInput(
  outcome: MelodyOutcome,
  dataset: { readonly id: number; readonly name: string } | null,
): ExperimentInputOf<'melody'> {
  const { generation, training } = outcome;
  const stats = generation.variations.map((v) => v.stats);
  const meanLogLikelihood = finiteMean(stats.map((s) => s.meanLogLikelihood));
  return {
    kind: 'melody',
    name: melodyRunName(outcome, dataset?.name ?? 'seed'),
    datasetId: dataset?.id ?? null,
    config: {
      mode: outcome.mode,
      cell: outcome.model.spec.cell,
      model: outcome.model,
      import: outcome.importSettings,
      generate: generation.settings,
      training: training?.settings ?? null,
    },
    metrics: {
      headline: melodyHeadline(meanLogLikelihood),
      seedKey: generation.seedKeyName,
      variations: generation.variations.length,
      steps: generation.steps,
      inKeyRatio: finiteMean(stats.map((s) => s.inKeyRatio)),
      distinct4gramRatio: finiteMean(stats.map((s) => s.distinct4gramRatio)),
      restRatio: finiteMean(stats.map((s) => s.restRatio)),
      meanLogLikelihood,
      perVariation: stats,
      trainLoss: training ? (training.history.loss.at(-1) ?? null) : null,
      bestValLoss:
        training && training.bestEpoch !== null
          ? (training.history.valLoss[training.bestEpoch] ?? null)
          : null,
      epochsRun: training ? training.epochsRun : null,
    },
    history: training
      ? {
          loss: training.history.loss,
          valLoss: training.history.valLoss,
          bestEpoch: training.bestEpoch,
          epochsRun: training.epochsRun,
          earlyStopped: training.earlyStopped,
          message: training.message,
          durationMs: training.durationMs,
          gradients: training.gradients,
        }
      : {},
    predictions: { seed: outcome.seed, generation },
    weights: outcome.weights,
    status: training ? STATUS[training.status] : 'finished',
    backend: outcome.backend,
    durationMs: outcome.durationMs,
  };
}

/** Reads a stored melody experiment back. */
export function savedMelodyFromExperiment(e: ExperimentOf<'melody'>): SavedMelody {
  const { config, history: h, predictions } = e;
  const trained = config.mode === 'finetune' || config.mode === 'scratch';
  const status: TrainStatus =
    e.status === 'stopped' ? 'stopped' : e.status === 'diverged' ? 'diverged' : 'completed';
  return {
    experimentId: e.id,
    name: e.name,
    status: e.status,
    createdAt: e.createdAt,
    datasetId: e.datasetId,
    datasetName: e.datasetName,
    mode: config.mode,
    model: config.model,
    importSettings: config.import,
    seed: predictions.seed,
    generation: predictions.generation,
    training:
      trained && config.training
        ? {
            status,
            message: h.message,
            settings: config.training,
            history: { loss: h.loss, valLoss: h.valLoss },
            bestEpoch: h.bestEpoch,
            epochsRun: h.epochsRun,
            earlyStopped: h.earlyStopped,
            gradients: h.gradients,
            durationMs: h.durationMs,
          }
        : null,
    weightsId: e.hasWeights ? e.id : null,
    backend: e.backend,
    durationMs: e.durationMs,
  };
}
