import { HOLD, REST, pitchToToken, tokenToPitch } from './vocabulary';
import type { Vocabulary } from './vocabulary';
import type { Melody, MelodyNote, MelodyTiming } from './types';

/**
 * Encodes a melody as one token per step: the pitch token where a note starts, HOLD while it sounds,
 * REST where nothing sounds. Length = `melody.totalSteps`. Pitches outside the vocabulary are folded by octaves.
 */
export function melodyToTokens(melody: Melody, vocab: Vocabulary): number[] {
  const tokens = new Array<number>(melody.totalSteps).fill(REST);
  for (const note of melody.notes) {
    if (note.start < 0 || note.start + note.duration > melody.totalSteps || note.duration < 1) {
      throw new RangeError(`note at step ${note.start} (duration ${note.duration}) lies outside the melody`);
    }
    tokens[note.start] = pitchToToken(vocab, note.pitch);
    for (let step = note.start + 1; step < note.start + note.duration; step += 1) tokens[step] = HOLD;
  }
  return tokens;
}

/**
 * Decodes tokens into a melody with the given timing. A HOLD with no sounding note before it
 * (at the start, or after a REST) is read as a REST, so any token sequence decodes.
 */
export function tokensToMelody(tokens: readonly number[], vocab: Vocabulary, timing: MelodyTiming): Melody {
  const notes: MelodyNote[] = [];
  let current: { pitch: number; start: number } | null = null;
  const close = (end: number): void => {
    if (current) notes.push({ pitch: current.pitch, start: current.start, duration: end - current.start });
    current = null;
  };
  tokens.forEach((token, step) => {
    const pitch = tokenToPitch(vocab, token);
    if (pitch !== null) {
      close(step);
      current = { pitch, start: step };
    } else if (token === REST) {
      close(step);
    }
  });
  close(tokens.length);
  return {
    stepsPerQuarter: timing.stepsPerQuarter,
    bpm: timing.bpm,
    timeSignature: [timing.timeSignature[0], timing.timeSignature[1]],
    totalSteps: tokens.length,
    notes,
  };
}

/** Steps in one bar of `timing`'s time signature, at least 1 (e.g. 16 for 4/4 at 4 steps per quarter). */
export function stepsPerBar(timing: MelodyTiming): number {
  const [numerator, denominator] = timing.timeSignature;
  return Math.max(1, Math.round((numerator * 4 * timing.stepsPerQuarter) / denominator));
}
