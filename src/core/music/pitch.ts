import { MusicError } from './errors';
import type { PitchRange } from './types';

const NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const;
const LETTER_PITCH_CLASS: Readonly<Record<string, number>> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/** Name of a pitch class 0-11 with sharps: 0 -> "C", 10 -> "A#". */
export function pitchClassName(pitchClass: number): string {
  return NAMES[((pitchClass % 12) + 12) % 12];
}

/** Scientific pitch name of a MIDI number: 60 -> "C4", 70 -> "A#4". */
export function pitchName(pitch: number): string {
  return `${pitchClassName(pitch)}${Math.floor(pitch / 12) - 1}`;
}

/** MIDI number of a scientific pitch name ("C4" = 60, "F#3", "Bb5", "C-1" = 0), or null if it is not one. */
export function parsePitchName(name: string): number | null {
  const match = /^([A-G])(#|b)?(-?\d)$/.exec(name);
  if (!match) return null;
  const accidental = match[2] === '#' ? 1 : match[2] === 'b' ? -1 : 0;
  const pitch = (Number(match[3]) + 1) * 12 + LETTER_PITCH_CLASS[match[1]] + accidental;
  return pitch >= 0 && pitch <= 127 ? pitch : null;
}

/** Throws a MusicError unless `range` is whole MIDI numbers spanning at least an octave (so folding always lands). */
export function assertPitchRange(range: PitchRange): void {
  const { low, high } = range;
  if (!Number.isInteger(low) || !Number.isInteger(high) || low < 0 || high > 127 || high - low < 11) {
    throw new MusicError(
      'invalid-option',
      `The pitch range ${low}-${high} is not usable: give whole MIDI numbers within 0-127 spanning at least 12 semitones (for example 48-84).`,
    );
  }
}

/** Moves `pitch` by whole octaves until it lies in `range` (which spans at least an octave); never rejects a pitch. */
export function foldPitch(pitch: number, range: PitchRange): number {
  let folded = pitch;
  while (folded < range.low) folded += 12;
  while (folded > range.high) folded -= 12;
  return folded;
}
