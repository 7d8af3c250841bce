/**
 * Settings of the melody feature that the UI thread needs without loading tfjs: what to generate, how to train, the
 * recurrent cells and their labels.
 */
import { z } from 'zod';
import { parseSettings } from '../common/parse';
import { CELL_TYPES } from '../model/cells';
import { GateInitSchema } from '../model/gateInit';
import { MusicError } from './errors';
import { MAX_SEED_AFFINITY, SEED_AFFINITY_RANGE_HINT } from './seedAffinity';

/** Attention window a new attention model starts with: 16 steps, one bar of 4/4 in sixteenths. */
export const DEFAULT_ATTENTION_WINDOW = 16;

/** What to generate. */
/** The nucleus-sampling threshold used unless another is chosen (picked on held-out tunes with temperature 1). */
export const DEFAULT_TOP_P = 0.95;
/** The seed affinity used unless another is chosen (picked on validation tunes at temperature 1, top-p 0.95). */
export const DEFAULT_SEED_AFFINITY = 0.5;

export const GenerateSettingsSchema = z.object({
  /** Whole bars after the seed's last bar (the rest of that bar is filled too). */
  bars: z.number().int().min(1).max(32).default(8),
  /**
   * 0.1-2: 1 follows the model, lower is safer, higher more adventurous. The default 1 (with top-p 0.95) was chosen
   * on held-out tunes (resources/models/base-melody/EVALUATION.md).
   */
  temperature: z.number().min(0.1).max(2).default(1),
  /** Sample among the k most likely tokens; 0 = all. */
  topK: z.number().int().min(0).max(512).default(0),
  /** Sample among the most likely tokens whose probabilities add up to p (nucleus sampling); 1 = all. */
  topP: z.number().gt(0).max(1).default(DEFAULT_TOP_P),
  /** Never sample a pitch outside the seed's key (rests and holds stay allowed). */
  stayInKey: z.boolean().default(false),
  /**
   * 0-3: how strongly sampled pitches lean toward the seed's own pitch classes (see seedAffinity.ts); 0 = off. The
   * default was chosen on the base model's validation tunes (README, "Sampling defaults").
   */
  seedAffinity: z
    .number()
    .min(0, `must be ${SEED_AFFINITY_RANGE_HINT}`)
    .max(MAX_SEED_AFFINITY, `must be ${SEED_AFFINITY_RANGE_HINT}`)
    .default(DEFAULT_SEED_AFFINITY),
  variations: z.number().int().min(1).max(8).default(4),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
});

/** Validated generation settings. */
export type GenerateSettings = z.infer<typeof GenerateSettingsSchema>;
/** Generation settings as a caller writes them. */
export type GenerateSettingsInput = z.input<typeof GenerateSettingsSchema>;

/** Validates generation settings; a bad one becomes a MusicError 'invalid-option' naming the field and its range. */
export function parseGenerateSettings(input: GenerateSettingsInput): GenerateSettings {
  return parseSettings(
    GenerateSettingsSchema,
    input,
    (details, field) =>
      new MusicError('invalid-option', `The generation settings are not valid (${details}).`, field),
  );
}

/** Settings of a training run in the app: fine-tune the base model on the seed, or train from scratch on corpus + seed. */
export const MelodyTrainingSettingsSchema = z.object({
  mode: z.enum(['finetune', 'scratch']).default('finetune'),
  /** Scratch only: the new model's cell, units per layer and layers. */
  cell: z.enum(CELL_TYPES).default('lstm'),
  units: z.number().int().min(8).max(512).default(128),
  layers: z.number().int().min(1).max(3).default(1),
  /** Scratch only: how the new model's gate biases start (LSTM forget bias 1, or chrono; see gateInit.ts). */
  gateInit: GateInitSchema.default({ kind: 'forget-bias', value: 1 }),
  /** Scratch only: attention over the top layer's last N outputs (Magenta's attention_rnn style); 0 = none. */
  attention: z.number().int().min(0).max(64).default(0),
  epochs: z.number().int().min(1).max(1000).default(20),
  learningRate: z.number().positive().max(1).default(0.001),
  batchSize: z.number().int().min(1).max(1024).default(32),
  /** Global gradient-norm clip; null = none. */
  clipNorm: z.number().positive().finite().nullable().default(1),
  /** Scratch only: epochs without a better validation loss before stopping; null = never. */
  patience: z.number().int().min(1).nullable().default(3),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
  backend: z.enum(['wasm', 'webgl', 'cpu']).default('wasm'),
});

/** Validated training settings. */
export type MelodyTrainingSettings = z.infer<typeof MelodyTrainingSettingsSchema>;
/** Training settings as a caller writes them. */
export type MelodyTrainingSettingsInput = z.input<typeof MelodyTrainingSettingsSchema>;

/** Defaults per mode: fine-tuning takes many small steps on the seed, scratch training a few epochs on the corpus. */
export const TRAINING_DEFAULTS: Readonly<Record<MelodyTrainingSettings['mode'], MelodyTrainingSettings>> = {
  finetune: MelodyTrainingSettingsSchema.parse({ mode: 'finetune', epochs: 20, learningRate: 0.001 }),
  // The base model's recipe (one LSTM layer of 128, learning rate 0.004), a few epochs: about half a minute each.
  scratch: MelodyTrainingSettingsSchema.parse({
    mode: 'scratch',
    epochs: 8,
    learningRate: 0.004,
    patience: 4,
  }),
};

/** Validates training settings; a bad one becomes a MusicError 'invalid-option' naming the field. */
export function parseTrainingSettings(input: MelodyTrainingSettingsInput): MelodyTrainingSettings {
  return parseSettings(
    MelodyTrainingSettingsSchema,
    input,
    (details, field) =>
      new MusicError('invalid-option', `The training settings are not valid (${details}).`, field),
  );
}
