import type { EpochSummary, TrainProgress } from '../../core/model/train';
import type { Melody } from '../../core/music';
import type { Generation, GenerateSettingsInput } from '../../core/music/melodyGenerate';
import type { MelodyOutcome, MelodyTrainingLog } from '../../core/music/melodyExperiment';
import type { MelodyTrainingSettingsInput } from '../../core/music/melodyTraining';

/** Which model the melody worker samples from: the shipped base model, or the last trained / reopened one. */
export type ModelSlot = 'base' | 'trained';

/** A model as the UI describes it. */
export type ModelDescription = MelodyOutcome['model'];

/** Requests the melody worker answers: argument and result types. */
export interface MelodyRequests {
  generate: {
    args: { slot: ModelSlot; seed: Melody; settings: GenerateSettingsInput };
    result: { generation: Generation; model: ModelDescription; backend: string };
  };
  train: {
    args: { seed: Melody; settings: MelodyTrainingSettingsInput };
    result: { log: MelodyTrainingLog; weights: Uint8Array | null; model: ModelDescription; backend: string };
  };
  loadTrained: { args: { weights: Uint8Array }; result: { model: ModelDescription } };
}

export type MelodyRequestType = keyof MelodyRequests;

export type ToMelodyWorker =
  | {
      [K in MelodyRequestType]: { kind: 'request'; id: number; type: K; args: MelodyRequests[K]['args'] };
    }[MelodyRequestType]
  | { kind: 'stop'; id: number };

export type FromMelodyWorker =
  | { kind: 'stage'; id: number; stage: string }
  | { kind: 'trainProgress'; id: number; progress: TrainProgress }
  | { kind: 'epoch'; id: number; summary: EpochSummary }
  | { kind: 'done'; id: number; value: unknown }
  | { kind: 'error'; id: number; error: { code: string; message: string } };
