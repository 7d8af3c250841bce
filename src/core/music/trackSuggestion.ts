/**
 * Which track of a MIDI file carries the melody: a score from the track's name (melody, lead, vocal... score up;
 * drums, bass, chords... score down), its General MIDI program (solo instruments up; bass, pads, percussion down),
 * and its notes (higher and more monophonic scores up; a sparse track scores down). Channel 10 is drums and never
 * suggested.
 */
import { pitchName } from './pitch';

/** Track names that suggest the melody (matched as words, case-insensitive; "Melody-1" matches). */
const MELODY_NAMES =
  /(^|[^a-z])(melody|melodie|lead|vocals?|vox|voice|solo|tune|theme|singer|sing|right ?hand|rh|main)([^a-z]|$)/i;
/** Track names that suggest an accompaniment. */
const ACCOMPANIMENT_NAMES =
  /(^|[^a-z])(drums?|drum ?kit|kit|perc|percussion|bass|acc|accomp|accompaniment|chords?|pad|pads|left ?hand|lh|rhythm|comp|harmony|backing|strings? ?pad)([^a-z]|$)/i;

/** Score added for a melody name, subtracted for an accompaniment name. */
export const NAME_WEIGHT = 20;

/**
 * Score of a General MIDI program (0-127) for carrying a melody: solo instruments (violin, viola, voices, brass,
 * reeds, pipes, synth leads) +12; bass -24; ensembles, pads and effects -12; percussive programs and sound effects -24.
 */
export function programScore(program: number): number {
  if (program >= 40 && program <= 41) return 12; // violin, viola
  if (program >= 52 && program <= 54) return 12; // choir, voice oohs, synth voice
  if (program >= 56 && program <= 87) return 12; // brass, reed, pipe, synth lead
  if (program >= 32 && program <= 39) return -24; // bass
  if (program >= 48 && program <= 51) return -12; // string ensembles
  if (program >= 88 && program <= 103) return -12; // synth pads and effects
  if (program >= 112) return -24; // percussive, sound effects
  return 0;
}

/** Score of a track name: +NAME_WEIGHT for a melody word, -NAME_WEIGHT for an accompaniment word, else 0. */
export function nameScore(name: string): number {
  const melody = MELODY_NAMES.test(name);
  const accompaniment = ACCOMPANIMENT_NAMES.test(name);
  if (melody === accompaniment) return 0;
  return melody ? NAME_WEIGHT : -NAME_WEIGHT;
}

/** What the score reads from a track. */
export interface TrackFeatures {
  readonly name: string;
  /** General MIDI program 0-127. */
  readonly program: number;
  readonly isDrums: boolean;
  readonly noteCount: number;
  /** Share of notes that start while another note sounds, 0-1. */
  readonly chordShare: number;
  readonly meanPitch: number | null;
}

/**
 * How much a track looks like a melody (higher is more melodic): mean pitch - 24 x chordShare, - 24 when it has under a
 * tenth of the notes of the busiest track (`mostNotes`), plus {@link nameScore} and {@link programScore}. Null for
 * drum tracks (channel 10) and tracks without notes.
 */
export function melodyScore(track: TrackFeatures, mostNotes: number): number | null {
  if (track.isDrums || track.meanPitch === null || track.noteCount === 0) return null;
  const sparse = track.noteCount < 0.1 * mostNotes ? 24 : 0;
  return (
    track.meanPitch - 24 * track.chordShare - sparse + nameScore(track.name) + programScore(track.program)
  );
}

/**
 * A one-line description of a track for a dropdown, e.g. `1: Melody — trumpet (brass), channel 2, 64 notes, C4–G5`,
 * or `…, 12 notes, drums` for channel 10.
 */
export function trackLabel(track: {
  readonly index: number;
  readonly name: string;
  readonly instrument: string;
  readonly instrumentFamily: string;
  readonly channel: number;
  readonly isDrums: boolean;
  readonly noteCount: number;
  readonly lowestPitch: number | null;
  readonly highestPitch: number | null;
}): string {
  const name = track.name.trim() || `Track ${track.index + 1}`;
  const instrument = track.isDrums
    ? 'drums'
    : track.instrumentFamily && track.instrumentFamily !== track.instrument
      ? `${track.instrument} (${track.instrumentFamily})`
      : track.instrument;
  const range =
    track.isDrums || track.lowestPitch === null || track.highestPitch === null
      ? ''
      : `, ${pitchName(track.lowestPitch)}–${pitchName(track.highestPitch)}`;
  const notes = `${track.noteCount} note${track.noteCount === 1 ? '' : 's'}`;
  return `${track.index}: ${name} — ${instrument}, channel ${track.channel + 1}, ${notes}${range}`;
}
