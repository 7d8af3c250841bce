import { MusicError } from './errors';
import { foldPitch } from './pitch';
import { mulberry32 } from './sampling';
import type { Melody, PitchRange } from './types';
import { DEFAULT_RANGE } from './types';

/** Default seed of {@link heldOutSplit}, so every run holds out the same tunes. */
export const HELD_OUT_SEED = 20240611;

/** Transpositions used for augmentation by default: -5..+6 semitones (all 12 keys). */
export const DEFAULT_TRANSPOSITIONS: readonly number[] = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6];

/** A train / held-out partition of items, each keeping the original order. */
export interface Split<T> {
  readonly train: T[];
  readonly heldOut: T[];
}

/**
 * Deterministic held-out split: a seeded shuffle picks round(n x fraction) items (at least 1 when n >= 2, never
 * all) to hold out. The same items, fraction and seed always give the same split.
 */
export function heldOutSplit<T>(items: readonly T[], fraction = 0.1, seed = HELD_OUT_SEED): Split<T> {
  if (!(fraction >= 0 && fraction < 1)) {
    throw new MusicError(
      'invalid-option',
      `The held-out fraction must be at least 0 and below 1 (got ${fraction}).`,
    );
  }
  const n = items.length;
  const count = n < 2 || fraction === 0 ? 0 : Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
  const random = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const held = new Set(order.slice(0, count));
  return {
    train: items.filter((_, i) => !held.has(i)),
    heldOut: items.filter((_, i) => held.has(i)),
  };
}

/** Shifts every pitch by `semitones`, folding by octaves into `range` (default C3-C6); timing is unchanged. */
export function transposeMelody(
  melody: Melody,
  semitones: number,
  range: PitchRange = DEFAULT_RANGE,
): Melody {
  if (!Number.isInteger(semitones)) throw new RangeError(`transpose by whole semitones, not ${semitones}`);
  return {
    ...melody,
    notes: melody.notes.map((note) => ({ ...note, pitch: foldPitch(note.pitch + semitones, range) })),
  };
}

/** Augments melodies by transposition: every melody in every shift of `shifts` (default -5..+6), melody-major order. */
export function augmentByTransposition(
  melodies: readonly Melody[],
  shifts: readonly number[] = DEFAULT_TRANSPOSITIONS,
  range: PitchRange = DEFAULT_RANGE,
): Melody[] {
  return melodies.flatMap((melody) => shifts.map((shift) => transposeMelody(melody, shift, range)));
}

/** Next-token training pairs: inputs[i] = tokens[s..s+length-1], targets[i] = tokens[s+1..s+length]. */
export interface TokenWindows {
  readonly inputs: number[][];
  readonly targets: number[][];
}

/**
 * Cuts token sequences into next-token training windows of `length` steps every `stride` steps
 * (sequences shorter than length + 1 give none).
 */
export function tokenWindows(
  sequences: readonly (readonly number[])[],
  length: number,
  stride = length,
): TokenWindows {
  if (!Number.isInteger(length) || length < 1 || !Number.isInteger(stride) || stride < 1) {
    throw new MusicError(
      'invalid-option',
      `Window length and stride must be whole numbers of steps >= 1 (got ${length}, ${stride}).`,
    );
  }
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (const tokens of sequences) {
    for (let start = 0; start + length + 1 <= tokens.length; start += stride) {
      inputs.push(tokens.slice(start, start + length));
      targets.push(tokens.slice(start + 1, start + length + 1));
    }
  }
  return { inputs, targets };
}
