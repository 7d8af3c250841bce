/**
 * Continuing a seed melody: the generation settings (bars, temperature, top-k, variations, seed), the context the
 * model reads (a bar of rests, then the end of the seed), and each variation's tokens, notes and statistics.
 */
import type * as tf from '@tensorflow/tfjs';
import { estimateKey, keyName, melodyStats } from './analysis';
import type { Key, MelodyStats } from './analysis';
import { MusicError } from './errors';
import { parseGenerateSettings } from './melodySettings';
import type { GenerateSettings, GenerateSettingsInput } from './melodySettings';
import { transposeMelody } from './dataset';
import { commonKeyShift, keyLeadIn, keyTokenMask, transposeTokens } from './keyRelative';
import type { KeyHandling } from './keyRelative';
import { continueTokens } from './melodySampler';
import { seedAffinityBias } from './seedAffinity';
import { LEAD_IN_STEPS } from './melodyTraining';
import { melodyToTokens, stepsPerBar, tokensToMelody } from './tokens';
import type { Melody, MelodyNote } from './types';
import { REST } from './vocabulary';
import type { Vocabulary } from './vocabulary';

export { GenerateSettingsSchema, parseGenerateSettings } from './melodySettings';
export type { GenerateSettings, GenerateSettingsInput } from './melodySettings';

/** At most this many seed steps are fed to the model (the end of a long seed; training windows are 64 steps). */
export const MAX_CONTEXT_STEPS = 256;

/** Statistics of a continuation, with its likelihood under the model that wrote it. */
export interface VariationStats extends MelodyStats {
  /** Sum of ln P(token) under the model at temperature 1, nats. */
  readonly logLikelihood: number;
  /** logLikelihood per step. */
  readonly meanLogLikelihood: number;
}

/** One generated continuation. */
export interface Variation {
  /** 0-based; variation i depends only on (seed, i). */
  readonly index: number;
  /** The continuation's tokens, one per step after the seed. */
  readonly tokens: number[];
  /** The notes the continuation starts, steps counted from the start of the seed. */
  readonly notes: MelodyNote[];
  /** Steps the continuation's leading holds extend the seed's last note. */
  readonly heldSeedSteps: number;
  readonly stats: VariationStats;
}

/** The result of {@link generateVariations}. */
export interface Generation {
  readonly settings: GenerateSettings;
  /** Steps generated per variation. */
  readonly steps: number;
  /** Seed steps (the continuation starts here). */
  readonly seedSteps: number;
  /** The seed's Krumhansl-Schmuckler key, which in-key ratios are measured against; null for a seed without pitch. */
  readonly seedKey: Key | null;
  readonly seedKeyName: string | null;
  readonly variations: Variation[];
  readonly durationMs: number;
}

/** Steps to generate: the rest of the seed's last bar, then `bars` whole bars. */
export function continuationSteps(seed: Melody, bars: number): number {
  const bar = stepsPerBar(seed);
  const remainder = (bar - (seed.totalSteps % bar)) % bar;
  return remainder + bars * bar;
}

/**
 * What the model reads before generating: a bar of rests (as before every training tune) or the given lead-in tokens,
 * then the seed, or its last {@link MAX_CONTEXT_STEPS} steps cut at a bar line.
 */
export function seedContext(
  seed: Melody,
  vocab: Vocabulary,
  leadIn: number | readonly number[] = LEAD_IN_STEPS,
): number[] {
  const tokens = melodyToTokens(seed, vocab);
  let from = 0;
  if (tokens.length > MAX_CONTEXT_STEPS) {
    const bar = stepsPerBar(seed);
    from = Math.ceil((tokens.length - MAX_CONTEXT_STEPS) / bar) * bar;
  }
  const lead = typeof leadIn === 'number' ? new Array<number>(leadIn).fill(REST) : leadIn;
  return [...lead, ...tokens.slice(from)];
}

/**
 * A continuation decoded after its seed: the notes it starts (steps counted from the start of the seed) and how many
 * steps its leading holds extend the seed's last note (0 when it starts with a rest or a pitch).
 */
export function continuationNotes(
  seed: Melody,
  tokens: readonly number[],
  vocab: Vocabulary,
): { notes: MelodyNote[]; heldSeedSteps: number } {
  const whole = tokensToMelody([...melodyToTokens(seed, vocab), ...tokens], vocab, seed);
  const notes = whole.notes.filter((note) => note.start >= seed.totalSteps);
  const last = seed.notes.at(-1);
  const extended = last ? whole.notes.find((note) => note.start === last.start) : undefined;
  const heldSeedSteps = last && extended ? extended.duration - last.duration : 0;
  return { notes, heldSeedSteps };
}

/** Statistics of a continuation against the seed's key. */
export function variationStats(
  seed: Melody,
  tokens: readonly number[],
  vocab: Vocabulary,
  key: Key | null,
  logLikelihood: number,
): VariationStats {
  const melody = tokensToMelody(tokens, vocab, seed);
  const stats = melodyStats(melody, vocab, key);
  return {
    ...stats,
    logLikelihood,
    meanLogLikelihood: tokens.length > 0 ? logLikelihood / tokens.length : 0,
  };
}

/** How {@link generateVariations} feeds the model, from the model file (MelodyModelInfo.keyHandling). */
export interface GenerateOptions {
  /**
   * How the model reads keys. 'common-key' (the default, and the base model's): the seed is moved to C major /
   * A minor from its estimated key and the continuation moved back, which also suits 'any-key' models (trained in
   * every key). 'key-prompt': the seed is read after its key's prompt, in its own key.
   */
  readonly keyHandling?: KeyHandling;
}

/**
 * Generates `variations` continuations of the seed with a model from buildMelodyModel (stateful sampling, see
 * continueTokens), each `continuationSteps(seed, bars)` long, in the seed's key, with statistics against the seed's
 * estimated key. Pass the model's key handling in `options` (MelodyModelInfo.keyHandling). With `stayInKey`, pitches
 * outside the seed's key are never sampled; with `seedAffinity` above 0, pitches lean toward the seed's pitch classes
 * (seedAffinity.ts). Throws MusicError 'empty-seed' for a seed without notes, 'invalid-option'
 * for bad settings.
 */
export function generateVariations(
  model: tf.LayersModel,
  seed: Melody,
  vocab: Vocabulary,
  settingsInput: GenerateSettingsInput,
  options: GenerateOptions = {},
): Generation {
  const settings = parseGenerateSettings(settingsInput);
  if (seed.notes.length === 0) {
    throw new MusicError(
      'empty-seed',
      'The seed melody has no notes: choose a track with notes to continue.',
    );
  }
  const started = Date.now();
  const steps = continuationSteps(seed, settings.bars);
  const estimate = estimateKey(seed);
  const key = estimate ? { tonic: estimate.tonic, mode: estimate.mode } : null;
  const handling = options.keyHandling ?? 'common-key';
  const shift = handling === 'common-key' && key ? commonKeyShift(key) : 0;
  const context =
    handling === 'key-prompt'
      ? seedContext(seed, vocab, keyLeadIn(key, vocab, LEAD_IN_STEPS))
      : seedContext(shift === 0 ? seed : transposeMelody(seed, shift, vocab.range), vocab);
  const sampled = continueTokens(model, context, {
    steps,
    temperature: settings.temperature,
    topK: settings.topK,
    topP: settings.topP,
    seed: settings.seed,
    variations: settings.variations,
    allowed:
      settings.stayInKey && key
        ? keyTokenMask({ tonic: (key.tonic + shift + 12) % 12, mode: key.mode }, vocab)
        : undefined,
    // The bias is in the key the model reads: the seed's pitch classes moved by the same shift.
    pitchBias:
      settings.seedAffinity > 0
        ? seedAffinityBias(seed.notes, vocab, settings.seedAffinity, shift)
        : undefined,
  });
  const continuations = sampled.map((continuation) => ({
    ...continuation,
    tokens: transposeTokens(continuation.tokens, -shift, vocab),
  }));
  return {
    settings,
    steps,
    seedSteps: seed.totalSteps,
    seedKey: key,
    seedKeyName: key ? keyName(key) : null,
    variations: continuations.map((continuation, index) => ({
      index,
      tokens: continuation.tokens,
      ...continuationNotes(seed, continuation.tokens, vocab),
      stats: variationStats(seed, continuation.tokens, vocab, key, continuation.logProb),
    })),
    durationMs: Date.now() - started,
  };
}
