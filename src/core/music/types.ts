/** Inclusive MIDI pitch range, e.g. 48 (C3) to 84 (C6). */
export interface PitchRange {
  readonly low: number;
  readonly high: number;
}

/** Time signature as [numerator, denominator], e.g. [3, 4]. */
export type TimeSignature = readonly [numerator: number, denominator: number];

/** One note of a quantized monophonic melody; `start` and `duration` are in grid steps. */
export interface MelodyNote {
  readonly pitch: number;
  readonly start: number;
  readonly duration: number;
}

/**
 * A quantized monophonic melody on a grid of `stepsPerQuarter` steps per quarter note.
 * Notes are sorted by start and never overlap; gaps are rests. `totalSteps` >= the end of the last note.
 */
export interface Melody {
  readonly stepsPerQuarter: number;
  readonly bpm: number;
  readonly timeSignature: TimeSignature;
  readonly totalSteps: number;
  readonly notes: readonly MelodyNote[];
}

/** The timing of a melody without its notes (what tokens need to become a melody again). */
export type MelodyTiming = Pick<Melody, 'stepsPerQuarter' | 'bpm' | 'timeSignature'>;

/** Default pitch range: C3 (48) to C6 (84), 37 pitches. */
export const DEFAULT_RANGE: PitchRange = { low: 48, high: 84 };

/** Default grid: 4 steps per quarter note (sixteenth notes). */
export const DEFAULT_STEPS_PER_QUARTER = 4;

/** Default tempo when a file has none, as in the MIDI standard. */
export const DEFAULT_BPM = 120;

/** Default time signature when a file has none, as in the MIDI standard. */
export const DEFAULT_TIME_SIGNATURE: TimeSignature = [4, 4];
