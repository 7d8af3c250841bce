import { assertPitchRange, foldPitch, pitchName } from './pitch';
import type { PitchRange } from './types';
import { DEFAULT_RANGE } from './types';

/** Token for silence: a note-off, or a rest continuing. */
export const REST = 0;
/** Token for "the sounding note continues through this step". */
export const HOLD = 1;
/** Number of tokens before the first pitch token. */
export const SPECIAL_TOKENS = 2;

/** Token vocabulary: REST, HOLD, then one token per pitch of `range` (39 tokens for 48-84). */
export interface Vocabulary {
  readonly range: PitchRange;
  readonly size: number;
}

/** Builds the vocabulary for a pitch range (default C3-C6: 2 + 37 = 39 tokens). */
export function createVocabulary(range: PitchRange = DEFAULT_RANGE): Vocabulary {
  assertPitchRange(range);
  return { range: { low: range.low, high: range.high }, size: SPECIAL_TOKENS + range.high - range.low + 1 };
}

/** Token of a MIDI pitch, folded by octaves into the vocabulary's range first. */
export function pitchToToken(vocab: Vocabulary, pitch: number): number {
  return SPECIAL_TOKENS + foldPitch(pitch, vocab.range) - vocab.range.low;
}

/** MIDI pitch of a token, or null for REST and HOLD. Throws a RangeError for a token outside the vocabulary. */
export function tokenToPitch(vocab: Vocabulary, token: number): number | null {
  if (!Number.isInteger(token) || token < 0 || token >= vocab.size) {
    throw new RangeError(`token ${token} is outside the vocabulary of ${vocab.size}`);
  }
  return token < SPECIAL_TOKENS ? null : vocab.range.low + token - SPECIAL_TOKENS;
}

/** Human label of a token: "REST", "HOLD" or a pitch name such as "C4". */
export function tokenLabel(vocab: Vocabulary, token: number): string {
  const pitch = tokenToPitch(vocab, token);
  if (pitch !== null) return pitchName(pitch);
  return token === REST ? 'REST' : 'HOLD';
}
