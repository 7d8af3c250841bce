/**
 * Seed affinity: a soft pull of sampled pitches toward the seed's own pitch classes. With strength β, a pitch token of
 * pitch class c has its probability multiplied by (12·p_seed(c))^β, where p_seed is the seed's duration-weighted
 * pitch-class histogram with one step added to every class (so a class the seed never plays is made rarer, never
 * impossible). The pitch tokens are then scaled together so that their total probability is the model's: REST and
 * HOLD keep exactly the probability the model gave them, and only the choice among pitches moves. β = 0 leaves the
 * model's distribution unchanged; 1 multiplies it by the seed's pitch-class distribution relative to uniform (a
 * product of the two).
 */
import { pitchClassHistogram } from './analysis';
import { MusicError } from './errors';
import type { MelodyNote } from './types';
import { SPECIAL_TOKENS, tokenToPitch } from './vocabulary';
import type { Vocabulary } from './vocabulary';

/** Largest allowed seed affinity. */
export const MAX_SEED_AFFINITY = 3;

/** Steps added to every pitch class of the seed's histogram before normalizing (add-one smoothing). */
export const SEED_HISTOGRAM_SMOOTHING = 1;

/** What to enter instead of a bad seed affinity. */
export const SEED_AFFINITY_RANGE_HINT = `a number from 0 to ${MAX_SEED_AFFINITY}; 0 turns it off, higher keeps the continuation closer to the seed's pitch classes`;

/** Throws MusicError 'invalid-option' unless `beta` is a number from 0 to {@link MAX_SEED_AFFINITY}. */
export function assertSeedAffinity(beta: number): void {
  if (!Number.isFinite(beta) || beta < 0 || beta > MAX_SEED_AFFINITY) {
    throw new MusicError(
      'invalid-option',
      `Seed affinity must be ${SEED_AFFINITY_RANGE_HINT} (got ${beta}).`,
      'seedAffinity',
    );
  }
}

/**
 * The seed's smoothed pitch-class distribution: steps sounded per pitch class (0 = C) plus
 * {@link SEED_HISTOGRAM_SMOOTHING}, normalized to sum 1. Uniform for a seed without notes.
 */
export function seedPitchClassDistribution(notes: readonly MelodyNote[]): number[] {
  const counts = pitchClassHistogram(notes).map((steps) => steps + SEED_HISTOGRAM_SMOOTHING);
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((count) => count / total);
}

/**
 * Per-token log-weights of seed affinity `beta` over `vocab`: 0 for REST and HOLD, β·ln(12·p_seed(c)) for a pitch
 * token, with c its pitch class moved back by `shift` semitones (the seed was moved up by `shift` into the key the
 * model reads, e.g. the common key). Throws MusicError 'invalid-option' for a bad `beta`.
 */
export function seedAffinityBias(
  seedNotes: readonly MelodyNote[],
  vocab: Vocabulary,
  beta: number,
  shift = 0,
): Float64Array {
  assertSeedAffinity(beta);
  const distribution = seedPitchClassDistribution(seedNotes);
  const bias = new Float64Array(vocab.size);
  for (let token = SPECIAL_TOKENS; token < vocab.size; token += 1) {
    const pitch = tokenToPitch(vocab, token) ?? 0;
    const pc = (((pitch - shift) % 12) + 12) % 12;
    bias[token] = beta * Math.log(12 * distribution[pc]);
  }
  return bias;
}

function logSumExp(values: ArrayLike<number>, from: number): number {
  let max = -Infinity;
  for (let i = from; i < values.length; i += 1) max = Math.max(max, values[i]);
  if (!Number.isFinite(max)) return max;
  let sum = 0;
  for (let i = from; i < values.length; i += 1) sum += Math.exp(values[i] - max);
  return max + Math.log(sum);
}

/**
 * Applies per-token log-weights `bias` (from {@link seedAffinityBias}) to next-token `logits` (one per token, REST and
 * HOLD first): each pitch token's logit gains its bias, and all pitch logits are shifted together so that the pitch
 * tokens keep the total probability they had (at temperature 1). REST and HOLD logits, and -Infinity logits (tokens
 * ruled out), are unchanged. Returns new logits.
 */
export function applySeedAffinity(logits: ArrayLike<number>, bias: ArrayLike<number>): Float64Array {
  if (bias.length !== logits.length) {
    throw new RangeError(`bias has ${bias.length} entries for ${logits.length} logits`);
  }
  const out = Float64Array.from(logits);
  const before = logSumExp(out, SPECIAL_TOKENS);
  if (!Number.isFinite(before)) return out;
  for (let i = SPECIAL_TOKENS; i < out.length; i += 1) out[i] += bias[i];
  const correction = before - logSumExp(out, SPECIAL_TOKENS);
  for (let i = SPECIAL_TOKENS; i < out.length; i += 1) out[i] += correction;
  return out;
}
