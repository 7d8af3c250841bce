/**
 * The shipped base melody model, reproducibly: the corpus is split by fixed seeds into training, validation (for
 * early stopping) and held-out tunes (for the reported numbers only); every tune is prepared by the key handling
 * ('common-key': moved to C major / A minor; 'key-prompt' and 'any-key': in random keys, after a key prompt or a bar
 * of rests) and the training tunes are cut into 64-step windows; an LSTM is trained with softmax cross-entropy and
 * early stopping; the model and an interpolated Kneser-Ney n-gram (trained on the same prepared tunes plus the
 * validation ones) are scored on the held-out tunes, prepared the same way.
 */
import type * as tf from '@tensorflow/tfjs';
import type { EpochSummary, TrainProgress, TrainResult } from '../model/train';
import { estimateKey } from './analysis';
import { parseMelodyCorpus } from './corpus';
import type { CorpusTune } from './corpus';
import {
  DEFAULT_TRANSPOSITIONS,
  HELD_OUT_SEED,
  heldOutSplit,
  tokenWindows,
  transposeMelody,
} from './dataset';
import type { TokenWindows } from './dataset';
import { keyLeadIn, toCommonKey } from './keyRelative';
import type { KeyHandling } from './keyRelative';
import { buildMelodyModel, melodyModelLabel } from './melodyModel';
import type { MelodyModelSpec } from './melodyModel';
import type { MelodyModelInfo } from './melodyModelFile';
import { LEAD_IN_STEPS, WINDOW_STEPS, evaluateSequences, trainMelodyModel } from './melodyTraining';
import type { SequenceEvaluation } from './melodyTraining';
import { evaluateNGram, trainNGram } from './ngram';
import { mulberry32 } from './sampling';
import { melodyToTokens } from './tokens';
import type { Melody } from './types';
import { DEFAULT_RANGE, DEFAULT_STEPS_PER_QUARTER } from './types';
import { REST, createVocabulary } from './vocabulary';
import type { Vocabulary } from './vocabulary';

/** The corpus files of resources/melodies the base model is trained on, concatenated in this order. */
export const BASE_CORPUS_FILES: readonly string[] = ['melodies.txt', 'folk.txt'];

/** Every choice that determines the base model. */
export interface BaseModelSettings {
  readonly spec: MelodyModelSpec;
  /** Seed of the initial weights, of the batch order, of the tune order and of the random keys. */
  readonly seed: number;
  readonly heldOutFraction: number;
  readonly heldOutSeed: number;
  /** Share of the remaining tunes used to decide when to stop (never for the reported numbers). */
  readonly validationFraction: number;
  readonly validationSeed: number;
  /** How keys are handled (see {@link KeyHandling}). */
  readonly keyHandling: KeyHandling;
  /** 'key-prompt' and 'any-key': keys per training tune, drawn from `transpositions` by the seed. */
  readonly keysPerTune: number;
  /** Semitone shifts the random keys are drawn from. */
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
  spec: { cell: 'lstm', units: 128, layers: 1, embeddingSize: 32, vocabSize: 39, attention: 0 },
  seed: 1729,
  heldOutFraction: 0.05,
  heldOutSeed: HELD_OUT_SEED,
  validationFraction: 0.03,
  validationSeed: HELD_OUT_SEED + 1,
  keyHandling: 'common-key',
  keysPerTune: 1,
  transpositions: DEFAULT_TRANSPOSITIONS,
  windowSteps: WINDOW_STEPS,
  windowStride: WINDOW_STEPS,
  batchSize: 32,
  learningRate: 0.004,
  clipNorm: 1,
  epochs: 16,
  patience: 3,
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

/** A tune as a model reads it: its lead-in (rests or a key prompt) and its tokens. */
export interface PreparedTune {
  readonly leadIn: number[];
  readonly tokens: number[];
}

/**
 * Prepares melodies for a key handling. 'common-key': each melody once, moved to C major / A minor from its
 * Krumhansl-Schmuckler key, after a bar of rests. 'key-prompt' / 'any-key': each melody in `keys` keys, shifts drawn
 * from `shifts` by `seed` (the written key when `seed` is null), after its key's prompt / a bar of rests.
 */
export function prepareTunes(
  melodies: readonly Melody[],
  vocab: Vocabulary,
  handling: KeyHandling,
  options: { readonly shifts: readonly number[]; readonly keys: number; readonly seed: number | null },
): PreparedTune[] {
  const rests = new Array<number>(LEAD_IN_STEPS).fill(REST);
  if (handling === 'common-key') {
    return melodies.map((melody) => ({
      leadIn: [...rests],
      tokens: melodyToTokens(toCommonKey(melody, vocab.range).melody, vocab),
    }));
  }
  const random = options.seed === null ? null : mulberry32(options.seed);
  return melodies.flatMap((melody) => {
    const shifts = random
      ? Array.from(
          { length: options.keys },
          () => options.shifts[Math.floor(random() * options.shifts.length)],
        )
      : [0];
    return shifts.map((shift) => {
      const moved = shift === 0 ? melody : transposeMelody(melody, shift, vocab.range);
      const key = handling === 'key-prompt' ? estimateKey(moved) : null;
      return {
        leadIn: handling === 'key-prompt' ? keyLeadIn(key, vocab, LEAD_IN_STEPS) : [...rests],
        tokens: melodyToTokens(moved, vocab),
      };
    });
  });
}

/** Training windows from prepared tunes: one stream in a seeded order, cut into windows. */
export function preparedWindows(
  tunes: readonly PreparedTune[],
  length: number,
  stride: number,
  seed: number | null,
): TokenWindows {
  const order = tunes.map((_, i) => i);
  if (seed !== null) {
    const random = mulberry32(seed);
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
  }
  const stream: number[] = [];
  for (const index of order) stream.push(...tunes[index].leadIn, ...tunes[index].tokens);
  return tokenWindows([stream], length, stride);
}

/**
 * The training data of the base model's recipe: the training tunes (and `extra` melodies, e.g. a seed) prepared by
 * the key handling and cut into windows in a seeded order, and the validation tunes for early stopping. The held-out
 * tunes are never used. Shared by the base model's training and training from scratch in the app.
 */
export function recipeWindows(
  split: CorpusSplit,
  vocab: Vocabulary,
  settings: BaseModelSettings = BASE_MODEL_SETTINGS,
  extra: readonly Melody[] = [],
  seed: number = settings.seed,
): { train: TokenWindows; validation: TokenWindows } {
  const options = { shifts: settings.transpositions, keys: settings.keysPerTune };
  const train = preparedWindows(
    prepareTunes([...split.train.map((tune) => tune.melody), ...extra], vocab, settings.keyHandling, {
      ...options,
      seed,
    }),
    settings.windowSteps,
    settings.windowStride,
    seed,
  );
  const validation = preparedWindows(
    prepareTunes(
      split.validation.map((tune) => tune.melody),
      vocab,
      settings.keyHandling,
      { ...options, seed: null },
    ),
    settings.windowSteps,
    settings.windowSteps / 2,
    null,
  );
  return { train, validation };
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
  /** Steps scored: every token of every held-out tune, prepared by the key handling. */
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

/** The held-out tunes as the models are scored on them: in their written keys, prepared by the key handling. */
export function heldOutTunes(
  corpusText: string,
  settings: BaseModelSettings = BASE_MODEL_SETTINGS,
): PreparedTune[] {
  const vocab = createVocabulary(DEFAULT_RANGE);
  const heldOut = splitCorpus(parseMelodyCorpus(corpusText), settings).heldOut.map((tune) => tune.melody);
  return prepareTunes(heldOut, vocab, settings.keyHandling, { shifts: [0], keys: 1, seed: null });
}

/** Scores a melody model on the held-out tunes (accuracy, perplexity), as metrics.json reports it. */
export async function evaluateOnHeldOut(
  model: tf.LayersModel,
  corpusText: string,
  settings: BaseModelSettings = BASE_MODEL_SETTINGS,
): Promise<SequenceEvaluation> {
  const tunes = heldOutTunes(corpusText, settings);
  return evaluateSequences(
    model,
    tunes.map((tune) => tune.tokens),
    settings.spec.vocabSize,
    LEAD_IN_STEPS,
    tunes.map((tune) => tune.leadIn),
  );
}

/**
 * The n-gram baseline on the held-out tunes: interpolated Kneser-Ney of order `settings.ngramOrder`, trained on the
 * training and validation tunes prepared as for the network (same key handling and keys).
 */
export function ngramBaseline(
  split: CorpusSplit,
  settings: BaseModelSettings = BASE_MODEL_SETTINGS,
): SequenceEvaluation {
  const vocab = createVocabulary(DEFAULT_RANGE);
  const options = { shifts: settings.transpositions, keys: settings.keysPerTune, seed: settings.seed };
  const tunes = prepareTunes(
    [...split.train, ...split.validation].map((tune) => tune.melody),
    vocab,
    settings.keyHandling,
    options,
  );
  const ngram = trainNGram(
    tunes.map((tune) => tune.tokens),
    { vocabSize: vocab.size, order: settings.ngramOrder },
  );
  const heldOut = prepareTunes(
    split.heldOut.map((tune) => tune.melody),
    vocab,
    settings.keyHandling,
    { shifts: [0], keys: 1, seed: null },
  );
  return evaluateNGram(
    ngram,
    heldOut.map((tune) => tune.tokens),
  );
}

/**
 * Trains the base model from the corpus text (resources/melodies/melodies.txt and folk.txt, concatenated) on the
 * current tfjs backend and scores it and the n-gram baseline on the held-out tunes. Deterministic for the same
 * settings and backend.
 */
export async function trainBaseMelodyModel(
  corpusText: string,
  options: TrainBaseOptions,
): Promise<BaseModelRun> {
  const settings = options.settings ?? BASE_MODEL_SETTINGS;
  const vocab = createVocabulary(DEFAULT_RANGE);
  const split = splitCorpus(parseMelodyCorpus(corpusText), settings);
  const prepare = (tunes: readonly CorpusTune[], seed: number | null) =>
    prepareTunes(
      tunes.map((tune) => tune.melody),
      vocab,
      settings.keyHandling,
      { shifts: settings.transpositions, keys: settings.keysPerTune, seed },
    );
  const { train, validation } = recipeWindows(split, vocab, settings);
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

  const heldOut = prepare(split.heldOut, null);
  const modelScore = await evaluateSequences(
    model,
    heldOut.map((tune) => tune.tokens),
    vocab.size,
    LEAD_IN_STEPS,
    heldOut.map((tune) => tune.leadIn),
  );
  const ngramScore = ngramBaseline(split, settings);
  const { spec, ...rest } = settings;
  const label = melodyModelLabel(spec);
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
  const keys =
    settings.keyHandling === 'common-key'
      ? 'moved to C major / A minor'
      : `in ${settings.keysPerTune} random keys`;
  const info: MelodyModelInfo = {
    spec,
    range: vocab.range,
    stepsPerQuarter: DEFAULT_STEPS_PER_QUARTER,
    leadIn: LEAD_IN_STEPS,
    keyHandling: settings.keyHandling,
    description: `RNN Lab base melody model: ${label} trained on ${split.train.length} public-domain tunes ${keys}`,
  };
  return { model, info, metrics, result };
}
