/**
 * Training and scoring of melody models on token sequences with the lab's custom loop (trainModel): tunes become
 * one token stream (each tune after a bar of rests), the stream is cut into fixed-length windows, batches are
 * one-hot encoded on demand and the loss is softmax cross-entropy over every step.
 */
import * as tf from '@tensorflow/tfjs';
import { isLabEngineLayer } from '../engine/labEngine';
import { fusedSoftmaxCrossEntropy, releaseSoftmaxCrossEntropy } from '../engine/softmaxCrossEntropy';
import { trainModel } from '../model/train';
import type { BatchProvider, EpochSummary, LossFunction, TrainProgress, TrainResult } from '../model/train';
import { augmentByTransposition, tokenWindows } from './dataset';
import type { TokenWindows } from './dataset';
import { MusicError } from './errors';
import { toCommonKey } from './keyRelative';
import type { KeyHandling } from './keyRelative';
import { oneHotTokens } from './melodyModel';
import { argmax, mulberry32 } from './sampling';
import type { Random } from './sampling';
import { melodyToTokens, stepsPerBar } from './tokens';
import type { Melody } from './types';
import { REST } from './vocabulary';
import type { Vocabulary } from './vocabulary';

export { MelodyTrainingSettingsSchema, TRAINING_DEFAULTS, parseTrainingSettings } from './melodySettings';
export type { MelodyTrainingSettings, MelodyTrainingSettingsInput } from './melodySettings';

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

/** melodyLoss computed in one fused kernel pass per direction (the lab engine's; same values and gradients). */
export const fusedMelodyLoss: LossFunction = (yTrue, yPred) => fusedSoftmaxCrossEntropy(yTrue, yPred);

/** The training loss for `model`: fused when its layers run on the lab engine, else tfjs's own. */
export function melodyLossFor(model: tf.LayersModel): LossFunction {
  return model.layers.some(isLabEngineLayer) ? fusedMelodyLoss : melodyLoss;
}

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
  const loss = melodyLossFor(options.model);
  try {
    return await trainModel({
      model: options.model,
      loss,
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
  } finally {
    if (loss === fusedMelodyLoss) releaseSoftmaxCrossEntropy();
  }
}

/**
 * Scores a model on token sequences: each sequence is read after `leadIn` rests (as in training), or after its own
 * lead-in tokens `leadIns[i]` when given, and every one of its tokens is predicted from the tokens before it.
 * Returns accuracy (argmax = target), log-likelihood and perplexity. Runs the whole sequence at once; all tensors
 * are freed.
 */
export async function evaluateSequences(
  model: tf.LayersModel,
  sequences: readonly (readonly number[])[],
  vocabSize: number,
  leadIn = LEAD_IN_STEPS,
  leadIns?: readonly (readonly number[])[],
): Promise<SequenceEvaluation> {
  let tokens = 0;
  let logProb = 0;
  let correct = 0;
  for (const [index, sequence] of sequences.entries()) {
    if (sequence.length === 0) continue;
    const prefix = leadIns?.[index] ?? new Array<number>(leadIn).fill(REST);
    const input = [...prefix, ...sequence.slice(0, -1)];
    const logits = tf.tidy(() => {
      const output = model.apply(oneHotTokens([input], vocabSize), { training: false }) as tf.Tensor3D;
      const start = Math.max(0, prefix.length - 1);
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

/** Options of {@link fineTuneWindows}. */
export interface FineTuneData {
  /** Corpus melodies mixed in so the model keeps what it knew; empty for the seed alone. */
  readonly replay: readonly Melody[];
  /**
   * How the model being tuned reads keys (MelodyModelInfo.keyHandling). 'common-key' (the default, the base model's):
   * the seed and the replayed melodies are moved to C major / A minor. Otherwise: the seed in its key, the replayed
   * melodies in random keys.
   */
  readonly keyHandling?: KeyHandling;
  /** Corpus windows per seed window; default 1. */
  readonly replayRatio?: number;
  readonly seed: number;
}

/**
 * Fine-tuning windows (in the common key for 'common-key' models, see {@link FineTuneData}): the seed, padded with
 * rests to whole bars and looped (so the model learns to go on after its last note rather than hold it), after a bar
 * of rests, cut into 64-step windows every 8 steps; plus `replayRatio` x as many windows drawn from the corpus
 * melodies (in the common key or random keys). Throws a MusicError when the seed is shorter than a bar or has no
 * notes.
 */
export function fineTuneWindows(seedMelody: Melody, vocab: Vocabulary, data: FineTuneData): TokenWindows {
  const commonKey = (data.keyHandling ?? 'common-key') === 'common-key';
  const seed = commonKey ? toCommonKey(seedMelody, vocab.range).melody : seedMelody;
  const bar = stepsPerBar(seed);
  if (seed.notes.length === 0 || seed.totalSteps < Math.min(bar, 4)) {
    throw new MusicError(
      'empty-seed',
      'The seed is too short to fine-tune on: use a melody of at least a bar.',
    );
  }
  const tokens = melodyToTokens(seed, vocab);
  while (tokens.length % bar !== 0) tokens.push(REST);
  const stream = new Array<number>(LEAD_IN_STEPS).fill(REST);
  while (
    stream.length < LEAD_IN_STEPS + 3 * WINDOW_STEPS ||
    stream.length < LEAD_IN_STEPS + 2 * tokens.length
  ) {
    stream.push(...tokens);
  }
  const own = tokenWindows([stream], WINDOW_STEPS, 8);
  const random = mulberry32(data.seed);
  const inputs = [...own.inputs];
  const targets = [...own.targets];
  if (data.replay.length > 0) {
    const shifts = commonKey ? [0] : [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6];
    const replay = commonKey
      ? data.replay.map((melody) => toCommonKey(melody, vocab.range).melody)
      : data.replay;
    const pool = melodyWindows(replay, vocab, {
      shifts,
      length: WINDOW_STEPS,
      stride: WINDOW_STEPS,
      seed: data.seed,
    });
    const wanted = pool.inputs.length > 0 ? Math.round(own.inputs.length * (data.replayRatio ?? 1)) : 0;
    for (let i = 0; i < wanted; i += 1) {
      const pick = Math.floor(random() * pool.inputs.length);
      inputs.push(pool.inputs[pick]);
      targets.push(pool.targets[pick]);
    }
  }
  return { inputs, targets };
}
