/**
 * The stored payload of a melody experiment (kind 'melody'): how the seed was read, the model that continued it,
 * the generation settings, the seed and its continuations with their statistics, and the training run when the
 * model was fine-tuned or trained from scratch.
 */
import { z } from 'zod';
import { CELL_TYPES } from '../model/cells';
import { GateInitSchema } from '../model/gateInit';
import type { Key, MelodyStats } from '../music/analysis';
import type { Generation, Variation, VariationStats } from '../music/melodyGenerate';
import type { MelodyModelSpec } from '../music/melodyModel';
import { GenerateSettingsSchema, MelodyTrainingSettingsSchema } from '../music/melodySettings';
import { MAX_SEED_AFFINITY } from '../music/seedAffinity';
import type { Melody } from '../music/types';
import type { Expect, SchemaOf } from './checks';
import { HeadlineSchema, JsonNumber, MaybeNumber, TrainingHistorySchema } from './common';

/** Where the model that continued the seed came from. */
export const MELODY_MODES = ['base', 'finetune', 'scratch'] as const;
export type MelodyMode = (typeof MELODY_MODES)[number];

/** How the seed was read from its MIDI file. */
export const SeedImportSettingsSchema = z.object({
  track: z.number().int().min(0),
  polyphony: z.enum(['highest', 'lowest', 'first']),
  stepsPerQuarter: z.number().int().min(1),
  /** The seed's bars of the track, 0-based, `toBar` excluded; absent in runs from before seed ranges (the whole track). */
  fromBar: z.number().int().min(0).optional(),
  toBar: z.number().int().min(1).optional(),
});
export type SeedImportSettings = z.output<typeof SeedImportSettingsSchema>;

export const MelodyModelSpecStored = z.object({
  cell: z.enum(CELL_TYPES),
  units: z.number().int(),
  layers: z.number().int(),
  embeddingSize: z.number().int(),
  vocabSize: z.number().int(),
  /** Attention window (0 = none); absent in runs from before attention. */
  attention: z.number().int().default(0),
  engine: z.enum(['lab', 'tfjs']).optional(),
  gateInit: GateInitSchema.optional(),
});

/** The model as the UI describes it. */
export const MelodyModelDescriptionSchema = z.object({
  /** e.g. "LSTM 1×128". */
  label: z.string(),
  spec: MelodyModelSpecStored,
  description: z.string(),
});
export type MelodyModelDescription = z.output<typeof MelodyModelDescriptionSchema>;

/**
 * Generation settings as stored with a run. Runs from before seed affinity were sampled without it, so a missing
 * `seedAffinity` reads as 0 (not today's default), and reopening such a run regenerates what it made.
 */
export const StoredGenerateSettingsSchema = GenerateSettingsSchema.extend({
  seedAffinity: z.number().min(0).max(MAX_SEED_AFFINITY).default(0),
});

export const MelodyRunConfigSchema = z.object({
  mode: z.enum(MELODY_MODES),
  cell: z.enum(CELL_TYPES),
  model: MelodyModelDescriptionSchema,
  import: SeedImportSettingsSchema,
  generate: StoredGenerateSettingsSchema,
  /** The training settings of a fine-tuned or scratch model; null for the base model. */
  training: MelodyTrainingSettingsSchema.nullable(),
});
export type MelodyRunConfig = z.output<typeof MelodyRunConfigSchema>;
/** Training settings as stored with a fine-tuned or scratch run. */
export type MelodyTrainingSettings = z.output<typeof MelodyTrainingSettingsSchema>;

const KeySchema = z
  .object({ tonic: z.number().int().min(0).max(11), mode: z.enum(['major', 'minor']) })
  .readonly();

const MelodyStatsShape = {
  steps: z.number().int(),
  noteCount: z.number().int(),
  lowest: MaybeNumber,
  highest: MaybeNumber,
  rangeSemitones: MaybeNumber,
  key: KeySchema.nullable(),
  inKeyRatio: MaybeNumber,
  distinct4gramRatio: MaybeNumber,
  restRatio: MaybeNumber,
};

export const VariationStatsSchema = z
  .object({ ...MelodyStatsShape, logLikelihood: JsonNumber, meanLogLikelihood: JsonNumber })
  .readonly();

const NoteSchema = z
  .object({ pitch: z.number().int(), start: z.number().int(), duration: z.number().int().min(1) })
  .readonly();

export const MelodySchema = z
  .object({
    stepsPerQuarter: z.number().int().min(1),
    bpm: z.number().positive(),
    timeSignature: z.tuple([z.number().int().min(1), z.number().int().min(1)]).readonly(),
    totalSteps: z.number().int().min(0),
    notes: z.array(NoteSchema).readonly(),
  })
  .readonly();

const VariationSchema = z
  .object({
    index: z.number().int(),
    tokens: z.array(z.number().int()),
    notes: z.array(NoteSchema),
    heldSeedSteps: z.number().int(),
    stats: VariationStatsSchema,
  })
  .readonly();

export const GenerationSchema = z
  .object({
    settings: StoredGenerateSettingsSchema,
    steps: z.number().int(),
    seedSteps: z.number().int(),
    seedKey: KeySchema.nullable(),
    seedKeyName: z.string().nullable(),
    variations: z.array(VariationSchema),
    durationMs: z.number(),
  })
  .readonly();

export const MelodyMetricsSchema = z.object({
  headline: HeadlineSchema.nullable(),
  seedKey: z.string().nullable(),
  variations: z.number().int(),
  steps: z.number().int(),
  /** Means over the variations. */
  inKeyRatio: MaybeNumber,
  distinct4gramRatio: MaybeNumber,
  restRatio: MaybeNumber,
  meanLogLikelihood: MaybeNumber,
  perVariation: z.array(VariationStatsSchema),
  /** Training runs only: the final training loss, the best validation loss and the epochs run. */
  trainLoss: MaybeNumber.default(null),
  bestValLoss: MaybeNumber.default(null),
  epochsRun: z.number().int().nullable().default(null),
});
export type MelodyRunMetrics = z.output<typeof MelodyMetricsSchema>;

/** The training curves, with the sentence training ended with and its duration (empty for the base model). */
export const MelodyHistorySchema = TrainingHistorySchema.extend({
  message: z.string().default(''),
  durationMs: z.number().nonnegative().default(0),
});
export type MelodyHistory = z.output<typeof MelodyHistorySchema>;

export const MelodyPredictionsSchema = z.object({ seed: MelodySchema, generation: GenerationSchema });
export type MelodyPredictions = z.output<typeof MelodyPredictionsSchema>;

/** What the music code produces is what the schemas accept. */
export type MelodyPayloadChecks = [
  Expect<SchemaOf<typeof KeySchema, Key>>,
  Expect<SchemaOf<typeof MelodySchema, Melody>>,
  Expect<SchemaOf<typeof VariationStatsSchema, VariationStats>>,
  Expect<SchemaOf<z.ZodObject<typeof MelodyStatsShape>, MelodyStats>>,
  Expect<SchemaOf<typeof VariationSchema, Variation>>,
  Expect<SchemaOf<typeof GenerationSchema, Generation>>,
  Expect<SchemaOf<typeof MelodyModelSpecStored, MelodyModelSpec>>,
];
