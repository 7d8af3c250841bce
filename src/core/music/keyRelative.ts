/**
 * Key-relative melodies: a tune's key is estimated (Krumhansl-Schmuckler) and the tune moved to a common key, C major
 * or A minor, by the smallest shift (-5 to +6 semitones). The base model is trained on tunes in the common key and
 * reads every seed moved there too; its continuation is moved back by the opposite shift.
 */
import { estimateKey, scalePitchClasses } from './analysis';
import type { Key } from './analysis';
import { transposeMelody } from './dataset';
import type { Melody, PitchRange } from './types';
import { DEFAULT_RANGE } from './types';
import { HOLD, REST, SPECIAL_TOKENS, pitchToToken, tokenToPitch } from './vocabulary';
import type { Vocabulary } from './vocabulary';

/** Tonic of the common key of each mode: C major and A minor (the same scale, so the same pitch classes). */
export const COMMON_TONIC: Readonly<Record<Key['mode'], number>> = { major: 0, minor: 9 };

/**
 * How a model reads keys. 'common-key': trained on tunes moved to C major / A minor, and reads seeds moved there.
 * 'key-prompt': trained in random keys, each tune after a lead-in that plays its key's tonic triad (see
 * {@link keyLeadIn}). 'any-key': trained in random keys after a bar of rests (models saved before keys were handled).
 */
export type KeyHandling = 'common-key' | 'key-prompt' | 'any-key';

/** The key handlings, the default first. */
export const KEY_HANDLINGS: readonly KeyHandling[] = ['common-key', 'key-prompt', 'any-key'];

/** Semitones (-5 to +6) that move `key`'s tonic to the common tonic of its mode. */
export function commonKeyShift(key: Key): number {
  const up = (((COMMON_TONIC[key.mode] - key.tonic) % 12) + 12) % 12;
  return up > 6 ? up - 12 : up;
}

/** A melody moved to the common key, with the shift used and the key it was estimated in. */
export interface CommonKeyMelody {
  readonly melody: Melody;
  /** Semitones added to every pitch; add -shift to go back. 0 when no key could be estimated. */
  readonly shift: number;
  /** The melody's Krumhansl-Schmuckler key before the shift; null without notes (or a flat histogram). */
  readonly key: Key | null;
}

/**
 * Moves a melody to C major or A minor (see {@link commonKeyShift}) from its estimated key, or from `key` when given,
 * folding pitches by octaves into `range`. A melody without a key is returned unchanged (shift 0).
 */
export function toCommonKey(
  melody: Melody,
  range: PitchRange = DEFAULT_RANGE,
  key?: Key | null,
): CommonKeyMelody {
  const estimate = key === undefined ? estimateKey(melody) : key;
  const found = estimate ? { tonic: estimate.tonic, mode: estimate.mode } : null;
  const shift = found ? commonKeyShift(found) : 0;
  return { melody: shift === 0 ? melody : transposeMelody(melody, shift, range), shift, key: found };
}

/**
 * Transposes tokens by `semitones`: pitch tokens move (folded by octaves into the vocabulary's range), REST and HOLD
 * stay. Used to move a continuation generated in the common key back to the seed's key.
 */
export function transposeTokens(tokens: readonly number[], semitones: number, vocab: Vocabulary): number[] {
  if (!Number.isInteger(semitones)) throw new RangeError(`transpose by whole semitones, not ${semitones}`);
  if (semitones === 0) return [...tokens];
  return tokens.map((token) => {
    const pitch = tokenToPitch(vocab, token);
    return pitch === null ? token : pitchToToken(vocab, pitch + semitones);
  });
}

/**
 * The lead-in before a tune for 'key-prompt' models, `length` steps (at least 16): the key's tonic, third and fifth
 * (from the tonic at or above C4), each a quarter note, then rests. A bar of rests when there is no key.
 */
export function keyLeadIn(key: Key | null, vocab: Vocabulary, length = 16): number[] {
  const lead = new Array<number>(length).fill(REST);
  if (!key || length < 16) return lead;
  const tonic = 60 + key.tonic;
  [0, key.mode === 'major' ? 4 : 3, 7].forEach((interval, i) => {
    lead[length - 16 + 4 * i] = pitchToToken(vocab, tonic + interval);
    for (let k = 1; k < 4; k += 1) lead[length - 16 + 4 * i + k] = HOLD;
  });
  return lead;
}

/**
 * The key's scale as a mask over the vocabulary: true for REST, HOLD and every pitch token in the scale (major, or
 * natural minor with the raised 7th, as {@link scalePitchClasses}). For the "stay in key" sampling constraint.
 */
export function keyTokenMask(key: Key, vocab: Vocabulary): boolean[] {
  const inScale = new Set(scalePitchClasses(key));
  return Array.from({ length: vocab.size }, (_, token) => {
    if (token < SPECIAL_TOKENS) return true;
    const pitch = tokenToPitch(vocab, token) ?? 0;
    return inScale.has(((pitch % 12) + 12) % 12);
  });
}
