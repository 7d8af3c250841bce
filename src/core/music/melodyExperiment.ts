/** How a melody generation is stored as an experiment (kind 'melody') and read back: one mapping for the app and the CLI. */
import { finiteMean } from '../common/stats';
import type { Experiment, ExperimentInput, ExperimentStatus } from '../api';
import type { GradientLog, TrainStatus } from '../model/train';
import type { Generation } from './melodyGenerate';
import type { MelodyModelSpec } from './melodyModel';
import type { PolyphonyRule } from './quantize';
import type { Melody } from './types';

/** Where the model that continued the seed came from. */
export type MelodyMode = 'base' | 'finetune' | 'scratch';

/** Labels of the modes, for names and the UI. */
export const MODE_LABELS: Readonly<Record<MelodyMode, string>> = {
  base: 'Base model',
  finetune: 'Fine-tuned on the seed',
  scratch: 'Trained from scratch',
};

/** How the seed was read from its MIDI file. */
export interface SeedImportSettings {
  readonly track: number;
  readonly polyphony: PolyphonyRule;
  readonly stepsPerQuarter: number;
}

/** What a training run (fine-tuning or from scratch) left behind. */
export interface MelodyTrainingLog {
  readonly status: TrainStatus;
  readonly message: string;
  readonly settings: Record<string, unknown>;
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
  readonly model: { readonly label: string; readonly spec: MelodyModelSpec; readonly description: string };
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

/** A short name, e.g. "Base model LSTM 2×128 · folk.mid · 4 × 8 bars". */
export function melodyRunName(
  outcome: Pick<MelodyOutcome, 'mode' | 'model' | 'generation'>,
  datasetName: string,
): string {
  const { variations, bars } = outcome.generation.settings;
  const what =
    outcome.mode === 'base' ? 'Base model' : outcome.mode === 'finetune' ? 'Fine-tuned' : 'From scratch';
  return `${what} ${outcome.model.label} · ${datasetName} · ${variations} × ${bars} bars`;
}

/** Turns a generation into what `experiments:save` stores. */
export function melodyExperimentInput(
  outcome: MelodyOutcome,
  dataset: { readonly id: number; readonly name: string } | null,
): ExperimentInput {
  const { generation, training } = outcome;
  const stats = generation.variations.map((v) => v.stats);
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
      seedKey: generation.seedKeyName,
      variations: generation.variations.length,
      steps: generation.steps,
      inKeyRatio: finiteMean(stats.map((s) => s.inKeyRatio)),
      distinct4gramRatio: finiteMean(stats.map((s) => s.distinct4gramRatio)),
      restRatio: finiteMean(stats.map((s) => s.restRatio)),
      meanLogLikelihood: finiteMean(stats.map((s) => s.meanLogLikelihood)),
      perVariation: stats,
      ...(training
        ? {
            trainLoss: training.history.loss.at(-1) ?? null,
            bestValLoss:
              training.bestEpoch !== null ? (training.history.valLoss[training.bestEpoch] ?? null) : null,
            epochsRun: training.epochsRun,
          }
        : {}),
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

/** Reads a stored melody experiment back. Throws an Error when the record is not a melody experiment. */
export function savedMelodyFromExperiment(e: Experiment): SavedMelody {
  if (e.kind !== 'melody') throw new Error(`experiment ${e.id} is a ${e.kind} experiment, not a melody`);
  const config = e.config as {
    mode?: MelodyMode;
    model?: MelodyOutcome['model'];
    import?: SeedImportSettings;
    training?: Record<string, unknown> | null;
  };
  const predictions = e.predictions as { seed?: Melody; generation?: Generation };
  if (!predictions.seed || !predictions.generation || !config.model) {
    throw new Error(`experiment ${e.id} has no saved melody`);
  }
  const h = e.history as Partial<{
    loss: number[];
    valLoss: number[];
    bestEpoch: number | null;
    epochsRun: number;
    earlyStopped: boolean;
    message: string;
    durationMs: number;
    gradients: GradientLog | null;
  }>;
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
    mode: config.mode ?? 'base',
    model: config.model,
    importSettings: config.import ?? {
      track: 0,
      polyphony: 'highest',
      stepsPerQuarter: predictions.seed.stepsPerQuarter,
    },
    seed: predictions.seed,
    generation: predictions.generation,
    training: trained
      ? {
          status,
          message: h.message ?? '',
          settings: config.training ?? {},
          history: { loss: h.loss ?? [], valLoss: h.valLoss ?? [] },
          bestEpoch: h.bestEpoch ?? null,
          epochsRun: h.epochsRun ?? 0,
          earlyStopped: h.earlyStopped ?? false,
          gradients: h.gradients ?? null,
          durationMs: h.durationMs ?? 0,
        }
      : null,
    weightsId: e.hasWeights ? e.id : null,
    backend: e.backend,
    durationMs: e.durationMs,
  };
}
