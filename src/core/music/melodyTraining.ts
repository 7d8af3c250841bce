/**
 * Training and scoring of melody models on token sequences with the lab's custom loop (trainModel): tunes become
 * one token stream (each tune after a bar of rests), the stream is cut into fixed-length windows, batches are
 * one-hot encoded on demand and the loss is softmax cross-entropy over every step.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { trainModel } from '../model/train';
import type { BatchProvider, EpochSummary, LossFunction, TrainProgress, TrainResult } from '../model/train';
import { augmentByTransposition, tokenWindows } from './dataset';
import type { TokenWindows } from './dataset';
import { MusicError } from './errors';
import { CELL_KINDS, oneHotTokens } from './melodyModel';
import { argmax, mulberry32 } from './sampling';
import type { Random } from './sampling';
import { melodyToTokens } from './tokens';
import type { Melody } from './types';
import { REST } from './vocabulary';
import type { Vocabulary } from './vocabulary';

/** Rest steps put before every tune (training) and before every seed (scoring, generation): the "start" context. */
export const LEAD_IN_STEPS = 16;

/** Training window length in steps (4 bars of 4/4 at sixteenth notes). */
export const WINDOW_STEPS = 64;

/** Next-token accuracy and likelihood of a model on some sequences (the same shape as the n-gram's). */
export interface SequenceEvaluation {
  /** Predictions scored: every token of every sequence. */
  readonly tokens: number;
  /** Sum of ln P(token | previous tokens), nats. */
  readonly logProb: number;
  /** logProb / tokens. */
  readonly meanLogProb: number;
  /** exp(-meanLogProb). */
  readonly perplexity: number;
  /** Share of tokens equal to the model's most likely next token. */
  readonly accuracy: number;
}

/**
 * One token stream from melodies: for each melody (in a seeded random order when `random` is given),
 * `leadIn` REST tokens, then its tokens. Pitches outside the vocabulary are folded by octaves.
 */
export function tuneStream(
  melodies: readonly Melody[],
  vocab: Vocabulary,
  random?: Random,
  leadIn = LEAD_IN_STEPS,
): number[] {
  const order = melodies.map((_, i) => i);
  if (random) {
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
  }
  const stream: number[] = [];
  for (const index of order) {
    for (let i = 0; i < leadIn; i += 1) stream.push(REST);
    for (const token of melodyToTokens(melodies[index], vocab)) stream.push(token);
  }
  return stream;
}

/**
 * Training windows from melodies augmented by transposition: one stream per shift (tunes in a seeded order, so window
 * boundaries fall differently in every key), cut into windows of `length` steps every `stride` steps.
 */
export function melodyWindows(
  melodies: readonly Melody[],
  vocab: Vocabulary,
  options: { shifts: readonly number[]; length: number; stride: number; seed: number },
): TokenWindows {
  const random = mulberry32(options.seed);
  const streams = options.shifts.map((shift) =>
    tuneStream(augmentByTransposition(melodies, [shift], vocab.range), vocab, random),
  );
  return tokenWindows(streams, options.length, options.stride);
}

/**
 * Batches of next-token windows, one-hot encoded on demand: x [batch, length, vocabSize] (inputs),
 * y [batch, length, vocabSize] (the same windows shifted by one step).
 */
export function windowBatches(windows: TokenWindows, vocabSize: number): BatchProvider {
  return {
    size: windows.inputs.length,
    batch(indices: Int32Array) {
      const pick = (rows: number[][]) => Array.from(indices, (i) => rows[i]);
      return {
        x: oneHotTokens(pick(windows.inputs), vocabSize),
        y: oneHotTokens(pick(windows.targets), vocabSize),
      };
    },
  };
}

/** Mean softmax cross-entropy (nats per step) of logits [batch, steps, vocab] against one-hot targets of the same shape. */
export const melodyLoss: LossFunction = (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred);

/** Options of {@link trainMelodyModel}. */
export interface MelodyTrainOptions {
  readonly model: tf.LayersModel;
  readonly train: TokenWindows;
  readonly validation?: TokenWindows | null;
  readonly vocabSize: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Global gradient-norm clip; null = none. */
  readonly clipNorm: number | null;
  /** Epochs without a better validation loss before stopping; null = never (also without validation). */
  readonly patience: number | null;
  readonly seed: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: TrainProgress) => void;
  readonly onEpoch?: (summary: EpochSummary) => void;
}

/** Trains a melody model with Adam and softmax cross-entropy through the lab's training loop (gradient norms logged). */
export async function trainMelodyModel(options: MelodyTrainOptions): Promise<TrainResult> {
  if (options.train.inputs.length === 0) {
    throw new MusicError(
      'invalid-option',
      'There is nothing to train on: the melodies are shorter than one training window.',
    );
  }
  const validation =
    options.validation && options.validation.inputs.length > 0
      ? windowBatches(options.validation, options.vocabSize)
      : null;
  return trainModel({
    model: options.model,
    loss: melodyLoss,
    train: windowBatches(options.train, options.vocabSize),
    validation,
    optimizer: { name: 'adam', learningRate: options.learningRate },
    batchSize: options.batchSize,
    epochs: options.epochs,
    patience: validation ? options.patience : null,
    clipNorm: options.clipNorm,
    seed: options.seed,
    validationBatchSize: 128,
    signal: options.signal,
    onProgress: options.onProgress,
    onEpoch: options.onEpoch,
  });
}

/**
 * Scores a model on token sequences: each sequence is read after `leadIn` rests (as in training), and every one of
 * its tokens is predicted from the tokens before it. Returns accuracy (argmax = target), log-likelihood and
 * perplexity. Runs the whole sequence at once; all tensors are freed.
 */
export async function evaluateSequences(
  model: tf.LayersModel,
  sequences: readonly (readonly number[])[],
  vocabSize: number,
  leadIn = LEAD_IN_STEPS,
): Promise<SequenceEvaluation> {
  let tokens = 0;
  let logProb = 0;
  let correct = 0;
  for (const sequence of sequences) {
    if (sequence.length === 0) continue;
    const input = [...new Array<number>(leadIn).fill(REST), ...sequence.slice(0, -1)];
    const logits = tf.tidy(() => {
      const output = model.apply(oneHotTokens([input], vocabSize), { training: false }) as tf.Tensor3D;
      const start = Math.max(0, leadIn - 1);
      const scored = output.slice([0, start, 0], [1, sequence.length, vocabSize]);
      return tf.logSoftmax(scored).reshape([sequence.length, vocabSize]);
    });
    const values = (await logits.data()) as Float32Array;
    logits.dispose();
    sequence.forEach((target, step) => {
      const row = values.subarray(step * vocabSize, (step + 1) * vocabSize);
      logProb += row[target];
      if (argmax(row) === target) correct += 1;
      tokens += 1;
    });
  }
  if (tokens === 0) throw new RangeError('nothing to evaluate: the sequences are empty');
  return {
    tokens,
    logProb,
    meanLogProb: logProb / tokens,
    perplexity: Math.exp(-logProb / tokens),
    accuracy: correct / tokens,
  };
}

/** Settings of a training run in the app: fine-tune the base model on the seed, or train from scratch on corpus + seed. */
export const MelodyTrainingSettingsSchema = z.object({
  mode: z.enum(['finetune', 'scratch']).default('finetune'),
  /** Scratch only: the new model's cell, units per layer and layers. */
  cell: z.enum(CELL_KINDS).default('lstm'),
  units: z.number().int().min(8).max(512).default(128),
  layers: z.number().int().min(1).max(3).default(1),
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
  scratch: MelodyTrainingSettingsSchema.parse({ mode: 'scratch', epochs: 5, learningRate: 0.002 }),
};

/** Validates training settings; a bad one becomes a MusicError 'invalid-option' naming the field. */
export function parseTrainingSettings(input: MelodyTrainingSettingsInput): MelodyTrainingSettings {
  const result = MelodyTrainingSettingsSchema.safeParse(input);
  if (!result.success) {
    const details = result.error.issues
      .map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`)
      .join('; ');
    throw new MusicError('invalid-option', `The training settings are not valid (${details}).`);
  }
  return result.data;
}

/**
 * Fine-tuning windows from the seed alone, in its own key: the seed after a bar of rests, cut into overlapping
 * windows of up to 64 steps (every eighth of a window). Throws a MusicError when the seed is too short (< 2 steps).
 */
export function seedWindows(seed: Melody, vocab: Vocabulary): TokenWindows {
  const stream = tuneStream([seed], vocab);
  const length = Math.min(WINDOW_STEPS, stream.length - 1);
  if (seed.totalSteps < 2 || length < 2) {
    throw new MusicError(
      'empty-seed',
      'The seed is too short to fine-tune on: use a melody of at least a bar.',
    );
  }
  return tokenWindows([stream], length, Math.max(1, Math.floor(length / 8)));
}
