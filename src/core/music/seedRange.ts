/**
 * The seed range: which bars of an imported melody the model continues. A long file is cut to its last bars by
 * default, so the continuation follows the end of the chosen bars instead of becoming a sliver after hundreds of bars.
 */
import { MusicError } from './errors';
import { stepsPerBar } from './tokens';
import type { Melody } from './types';

/** Bars of a melody, 0-based, `fromBar` included and `toBar` excluded (bars 3-10 as shown = {fromBar: 2, toBar: 10}). */
export interface BarRange {
  readonly fromBar: number;
  readonly toBar: number;
}

/** A melody longer than this many bars is "long": its default seed is its last {@link DEFAULT_SEED_BARS} bars. */
export const LONG_MELODY_BARS = 16;

/** Bars of a long melody's default seed. */
export const DEFAULT_SEED_BARS = 8;

/** Whole bars a melody spans (its last bar counted even when the last note ends inside it); at least 1. */
export function melodyBars(melody: Melody): number {
  return Math.max(1, Math.ceil(melody.totalSteps / stepsPerBar(melody)));
}

/**
 * The default seed range: the last {@link DEFAULT_SEED_BARS} bars of a melody longer than {@link LONG_MELODY_BARS}
 * bars, otherwise all of it.
 */
export function defaultSeedRange(melody: Melody): BarRange {
  const bars = melodyBars(melody);
  return bars > LONG_MELODY_BARS
    ? { fromBar: bars - DEFAULT_SEED_BARS, toBar: bars }
    : { fromBar: 0, toBar: bars };
}

/**
 * Throws a MusicError 'invalid-option' unless `range` holds whole bars with 0 <= fromBar < toBar <= `bars`, saying
 * which bars exist (bars are numbered from 1 in the message, as on the piano roll).
 */
export function assertBarRange(range: BarRange, bars: number): void {
  const { fromBar, toBar } = range;
  if (
    !Number.isInteger(fromBar) ||
    !Number.isInteger(toBar) ||
    fromBar < 0 ||
    toBar > bars ||
    fromBar >= toBar
  ) {
    throw new MusicError(
      'invalid-option',
      `The seed range must be whole bars from 1 to ${bars}, with "from" not after "to" (got bars ${fromBar + 1} to ${toBar}). Choose bars within the track.`,
    );
  }
}

/** Keeps a range inside a melody of `bars` bars (whole bars, at least one bar long). */
export function clampBarRange(range: BarRange, bars: number): BarRange {
  const fromBar = Math.min(Math.max(0, Math.round(range.fromBar)), bars - 1);
  const toBar = Math.min(Math.max(fromBar + 1, Math.round(range.toBar)), bars);
  return { fromBar, toBar };
}

/**
 * The bars `range` of a melody as a melody of their own: the notes that start in those bars, moved so the first bar
 * starts at step 0, a note still sounding at the end cut at the range's last bar line; `totalSteps` is the range's
 * whole bars, so a continuation starts on a bar line. Throws a MusicError 'invalid-option' for a range outside the melody.
 */
export function sliceMelodyBars(melody: Melody, range: BarRange): Melody {
  assertBarRange(range, melodyBars(melody));
  const bar = stepsPerBar(melody);
  const from = range.fromBar * bar;
  const to = range.toBar * bar;
  const notes = melody.notes
    .filter((note) => note.start >= from && note.start < to)
    .map((note) => ({
      pitch: note.pitch,
      start: note.start - from,
      duration: Math.min(note.duration, to - note.start),
    }));
  return {
    stepsPerQuarter: melody.stepsPerQuarter,
    bpm: melody.bpm,
    timeSignature: [melody.timeSignature[0], melody.timeSignature[1]],
    totalSteps: to - from,
    notes,
  };
}
