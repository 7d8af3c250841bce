/**
 * The shipped base melody model, reproducibly: the corpus is split by fixed seeds into training, validation (for
 * early stopping) and held-out tunes (10%, for the reported numbers only); the training tunes are transposed into 12
 * keys and cut into 64-step windows; an LSTM is trained with softmax cross-entropy and early stopping; the model and an
 * interpolated Kneser-Ney n-gram (trained on the same augmented tunes, plus the validation ones) are scored on the
 * held-out tunes in their written keys.
 */
import type * as tf from '@tensorflow/tfjs';
import { modelLabel } from '../model/cells';
import type { EpochSummary, TrainProgress, TrainResult } from '../model/train';
import { parseMelodyCorpus } from './corpus';
import type { CorpusTune } from './corpus';
import {
  DEFAULT_TRANSPOSITIONS,
  HELD_OUT_SEED,
  augmentByTransposition,
  heldOutSplit,
  tokenWindows,
} from './dataset';
import { buildMelodyModel } from './melodyModel';
import type { MelodyModelSpec } from './melodyModel';
import type { MelodyModelInfo } from './melodyModelFile';
import {
  LEAD_IN_STEPS,
  WINDOW_STEPS,
  evaluateSequences,
  melodyWindows,
  trainMelodyModel,
  tuneStream,
} from './melodyTraining';
import type { SequenceEvaluation } from './melodyTraining';
import { evaluateNGram, trainNGram } from './ngram';
import { melodyToTokens } from './tokens';
import { DEFAULT_RANGE, DEFAULT_STEPS_PER_QUARTER } from './types';
import { createVocabulary } from './vocabulary';

/** Every choice that determines the base model. */
export interface BaseModelSettings {
  readonly spec: MelodyModelSpec;
  /** Seed of the initial weights, of the batch order and of the tune order in the training streams. */
  readonly seed: number;
  readonly heldOutFraction: number;
  readonly heldOutSeed: number;
  /** Share of the remaining tunes used to decide when to stop (never for the reported numbers). */
  readonly validationFraction: number;
  readonly validationSeed: number;
  /** Semitone shifts of the augmentation. */
  readonly transpositions: readonly number[];
  readonly windowSteps: number;
  readonly windowStride: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly clipNorm: number | null;
  readonly epochs: number;
  readonly patience: number | null;
  readonly ngramOrder: number;
}

/** The settings of the shipped base model; change one and the numbers in metrics.json change. */
export const BASE_MODEL_SETTINGS: BaseModelSettings = {
  // One layer of 128 trains best in the time budget (about 20 epochs of 44 batches): two layers of 128 stopped at a
  // higher validation loss (0.99 against 0.88) in twice the time.
  spec: { cell: 'lstm', units: 128, layers: 1, embeddingSize: 32, vocabSize: 39 },
  seed: 1729,
  heldOutFraction: 0.1,
  heldOutSeed: HELD_OUT_SEED,
  validationFraction: 0.1,
  validationSeed: HELD_OUT_SEED + 1,
  transpositions: DEFAULT_TRANSPOSITIONS,
  windowSteps: WINDOW_STEPS,
  windowStride: WINDOW_STEPS,
  batchSize: 32,
  learningRate: 0.004,
  clipNorm: 1,
  epochs: 40,
  patience: 4,
  ngramOrder: 3,
};

/** The three parts of the corpus. */
export interface CorpusSplit {
  readonly train: CorpusTune[];
  readonly validation: CorpusTune[];
  readonly heldOut: CorpusTune[];
}

/** Splits the corpus by the fixed seeds: held-out tunes first, then validation tunes among the rest. */
export function splitCorpus(
  tunes: readonly CorpusTune[],
  settings: BaseModelSettings = BASE_MODEL_SETTINGS,
): CorpusSplit {
  const outer = heldOutSplit(tunes, settings.heldOutFraction, settings.heldOutSeed);
  const inner = heldOutSplit(outer.train, settings.validationFraction, settings.validationSeed);
  return { train: inner.train, validation: inner.heldOut, heldOut: outer.heldOut };
}

/** Held-out scores of one model. */
export interface HeldOutScore {
  /** Share of steps where the most likely token was right. */
  readonly accuracy: number;
  /** exp(mean negative log-likelihood per step). */
  readonly perplexity: number;
  /** Mean ln P per step, nats. */
  readonly meanLogProb: number;
}

/** What resources/models/base-melody/metrics.json holds. */
export interface BaseModelMetrics {
  readonly model: HeldOutScore & { readonly label: string };
  readonly ngram: HeldOutScore & { readonly label: string; readonly order: number };
  /** Steps scored: every token of every held-out tune, in its written key. */
  readonly heldOutSteps: number;
  readonly heldOutTunes: string[];
  readonly validationTunes: string[];
  readonly trainTunes: number;
  readonly trainWindows: number;
  readonly seed: number;
  readonly epochsRun: number;
  readonly bestEpoch: number | null;
  readonly earlyStopped: boolean;
  readonly trainingSeconds: number;
  readonly backend: string;
  readonly date: string;
  readonly spec: MelodyModelSpec;
  readonly settings: Omit<BaseModelSettings, 'spec'>;
  readonly history: { readonly loss: number[]; readonly valLoss: number[] };
}

/** Options of {@link trainBaseMelodyModel}. */
export interface TrainBaseOptions {
  readonly settings?: BaseModelSettings;
  readonly backend: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: TrainProgress) => void;
  readonly onEpoch?: (summary: EpochSummary) => void;
}

/** The trained base model, its description for the model file, its metrics and the training log. */
export interface BaseModelRun {
  readonly model: tf.LayersModel;
  readonly info: MelodyModelInfo;
  readonly metrics: BaseModelMetrics;
  readonly result: TrainResult;
}

const score = (evaluation: SequenceEvaluation): HeldOutScore => ({
  accuracy: evaluation.accuracy,
  perplexity: evaluation.perplexity,
  meanLogProb: evaluation.meanLogProb,
});

/** Token sequences of the held-out tunes, in their written keys: what both models are scored on. */
export function heldOutSequences(
  corpusText: string,
  settings: BaseModelSettings = BASE_MODEL_SETTINGS,
): number[][] {
  const vocab = createVocabulary(DEFAULT_RANGE);
  return splitCorpus(parseMelodyCorpus(corpusText), settings).heldOut.map((tune) =>
    melodyToTokens(tune.melody, vocab),
  );
}

/** Scores a melody model on the held-out tunes (accuracy, perplexity), as metrics.json reports it. */
export async function evaluateOnHeldOut(
  model: tf.LayersModel,
  corpusText: string,
  settings: BaseModelSettings = BASE_MODEL_SETTINGS,
): Promise<SequenceEvaluation> {
  return evaluateSequences(model, heldOutSequences(corpusText, settings), settings.spec.vocabSize);
}

/**
 * The n-gram baseline on the held-out tunes: interpolated Kneser-Ney of order `settings.ngramOrder`, trained on the
 * training and validation tunes in the same keys as the network.
 */
export function ngramBaseline(
  split: CorpusSplit,
  settings: BaseModelSettings = BASE_MODEL_SETTINGS,
): SequenceEvaluation {
  const vocab = createVocabulary(DEFAULT_RANGE);
  const tunes = augmentByTransposition(
    [...split.train, ...split.validation].map((tune) => tune.melody),
    settings.transpositions,
    vocab.range,
  ).map((melody) => melodyToTokens(melody, vocab));
  const ngram = trainNGram(tunes, { vocabSize: vocab.size, order: settings.ngramOrder });
  return evaluateNGram(
    ngram,
    split.heldOut.map((tune) => melodyToTokens(tune.melody, vocab)),
  );
}

/**
 * Trains the base model from the corpus text (resources/melodies/melodies.txt) on the current tfjs backend and scores
 * it and the n-gram baseline on the held-out tunes. Deterministic for the same settings and backend.
 */
export async function trainBaseMelodyModel(
  corpusText: string,
  options: TrainBaseOptions,
): Promise<BaseModelRun> {
  const settings = options.settings ?? BASE_MODEL_SETTINGS;
  const vocab = createVocabulary(DEFAULT_RANGE);
  const split = splitCorpus(parseMelodyCorpus(corpusText), settings);
  const trainMelodies = split.train.map((tune) => tune.melody);
  const train = melodyWindows(trainMelodies, vocab, {
    shifts: settings.transpositions,
    length: settings.windowSteps,
    stride: settings.windowStride,
    seed: settings.seed,
  });
  const validation = tokenWindows(
    [
      tuneStream(
        split.validation.map((tune) => tune.melody),
        vocab,
      ),
    ],
    settings.windowSteps,
    settings.windowSteps / 2,
  );
  const model = buildMelodyModel(settings.spec, settings.seed);
  let result: TrainResult;
  try {
    result = await trainMelodyModel({
      model,
      train,
      validation,
      vocabSize: vocab.size,
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      clipNorm: settings.clipNorm,
      patience: settings.patience,
      seed: settings.seed,
      signal: options.signal,
      onProgress: options.onProgress,
      onEpoch: options.onEpoch,
    });
  } catch (error) {
    model.dispose();
    throw error;
  }

  const heldOut = split.heldOut.map((tune) => melodyToTokens(tune.melody, vocab));
  const modelScore = await evaluateSequences(model, heldOut, vocab.size);
  const ngramScore = ngramBaseline(split, settings);
  const { spec, ...rest } = settings;
  const label = modelLabel(spec);
  const metrics: BaseModelMetrics = {
    model: { label, ...score(modelScore) },
    ngram: {
      label: `${settings.ngramOrder}-gram (Kneser-Ney)`,
      order: settings.ngramOrder,
      ...score(ngramScore),
    },
    heldOutSteps: modelScore.tokens,
    heldOutTunes: split.heldOut.map((tune) => tune.title),
    validationTunes: split.validation.map((tune) => tune.title),
    trainTunes: split.train.length,
    trainWindows: train.inputs.length,
    seed: settings.seed,
    epochsRun: result.epochsRun,
    bestEpoch: result.bestEpoch === null ? null : result.bestEpoch + 1,
    earlyStopped: result.earlyStopped,
    trainingSeconds: Math.round(result.durationMs / 1000),
    backend: options.backend,
    date: new Date().toISOString().slice(0, 10),
    spec,
    settings: rest,
    history: result.history,
  };
  const info: MelodyModelInfo = {
    spec,
    range: vocab.range,
    stepsPerQuarter: DEFAULT_STEPS_PER_QUARTER,
    leadIn: LEAD_IN_STEPS,
    description: `RNN Lab base melody model: ${label} trained on ${split.train.length} public-domain tunes in 12 keys`,
  };
  return { model, info, metrics, result };
}
