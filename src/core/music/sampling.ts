import { MusicError } from './errors';

/** A source of uniform random numbers in [0, 1). */
export type Random = () => number;

/** Below this temperature sampling is greedy (argmax). */
export const GREEDY_TEMPERATURE = 0.05;
/** Highest allowed temperature. */
export const MAX_TEMPERATURE = 2;

/** Options of {@link sampleFromLogits} and {@link sampleFromProbabilities}. */
export interface SamplingOptions {
  /** 0-2: 1 samples the model's distribution, lower is more conservative, under 0.05 is argmax. */
  readonly temperature: number;
  /** Keep only the k most likely tokens (whole number >= 1); undefined or 0 keeps all. */
  readonly topK?: number;
  /** Keep only the most likely tokens whose probabilities (after temperature) add up to p, in (0, 1]; 1 keeps all. */
  readonly topP?: number;
  /** Uniform [0, 1) source, e.g. {@link mulberry32}; not called when sampling is greedy. */
  readonly random: Random;
}

/** Mulberry32: a small, fast seeded PRNG returning uniform numbers in [0, 1); the same seed gives the same stream. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A well-mixed 32-bit seed for stream `index` of a base seed (so variation 2 is the same whatever the count). */
export function deriveSeed(seed: number, index: number): number {
  let h = (Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Index of the largest value (the first one on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i += 1) if (values[i] > values[best]) best = i;
  return best;
}

/** Softmax of logits / temperature, computed stably; -Infinity logits get probability 0. */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const out = new Float64Array(logits.length);
  let max = -Infinity;
  for (let i = 0; i < logits.length; i += 1) max = Math.max(max, logits[i]);
  if (!Number.isFinite(max)) throw new RangeError('softmax needs at least one finite logit');
  let sum = 0;
  for (let i = 0; i < logits.length; i += 1) {
    out[i] = Math.exp((logits[i] - max) / temperature);
    sum += out[i];
  }
  for (let i = 0; i < out.length; i += 1) out[i] /= sum;
  return out;
}

function checkOptions(options: SamplingOptions, size: number): void {
  const { temperature, topK } = options;
  if (!Number.isFinite(temperature) || temperature < 0 || temperature > MAX_TEMPERATURE) {
    throw new MusicError(
      'invalid-option',
      `Temperature must be between 0 and ${MAX_TEMPERATURE} (got ${temperature}); 1 follows the model, lower is safer.`,
    );
  }
  if (topK !== undefined && (!Number.isInteger(topK) || topK < 0)) {
    throw new MusicError(
      'invalid-option',
      `Top-k must be a whole number of tokens, 0 for all (got ${topK}).`,
    );
  }
  if (options.topP !== undefined && !(options.topP > 0 && options.topP <= 1)) {
    throw new MusicError('invalid-option', `Top-p must be above 0 and at most 1 (got ${options.topP}).`);
  }
  if (size === 0) throw new RangeError('cannot sample from an empty distribution');
}

/**
 * Nucleus filter: keeps the most likely tokens (the lower index on ties) until their probabilities add up to at
 * least `p`, zeroes the others and renormalizes. p >= 1 keeps all.
 */
export function topPProbabilities(probabilities: Float64Array, p = 1): Float64Array {
  if (p >= 1) return probabilities;
  const order = Array.from(probabilities.keys()).sort((a, b) => probabilities[b] - probabilities[a] || a - b);
  const out = new Float64Array(probabilities.length);
  let sum = 0;
  for (const index of order) {
    if (sum >= p) break;
    out[index] = probabilities[index];
    sum += probabilities[index];
  }
  for (let i = 0; i < out.length; i += 1) out[i] /= sum;
  return out;
}

/** Keeps the k largest logits (the lower index on ties) and sets the others to -Infinity; k 0/undefined keeps all. */
export function topKLogits(logits: ArrayLike<number>, k?: number): Float64Array {
  const out = Float64Array.from(logits);
  if (!k || k >= out.length) return out;
  const order = Array.from(out.keys()).sort((a, b) => out[b] - out[a] || a - b);
  for (const index of order.slice(k)) out[index] = -Infinity;
  return out;
}

/**
 * Samples a token index from unnormalized log-probabilities: top-k filter, then softmax(logits / temperature), then
 * the top-p filter, then one draw of `random`. A temperature under {@link GREEDY_TEMPERATURE} returns the argmax
 * without drawing.
 */
export function sampleFromLogits(logits: ArrayLike<number>, options: SamplingOptions): number {
  checkOptions(options, logits.length);
  if (options.temperature < GREEDY_TEMPERATURE) return argmax(logits);
  const probabilities = topPProbabilities(
    softmax(topKLogits(logits, options.topK), options.temperature),
    options.topP,
  );
  const draw = options.random();
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < probabilities.length; i += 1) {
    if (probabilities[i] === 0) continue;
    cumulative += probabilities[i];
    last = i;
    if (draw < cumulative) return i;
  }
  return last;
}

/** Like {@link sampleFromLogits} for a probability vector: temperature T reweights p to p^(1/T), renormalized. */
export function sampleFromProbabilities(probabilities: ArrayLike<number>, options: SamplingOptions): number {
  const logits = Array.from(probabilities, (p) => (p > 0 ? Math.log(p) : -Infinity));
  return sampleFromLogits(logits, options);
}
