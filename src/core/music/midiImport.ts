import { MusicError } from './errors';
import { checkMidiLayout, countMidiNotes, parseMidiBytes } from './midiFile';
import type { ToneMidi } from './midiFile';
import { assertPitchRange, foldPitch, pitchName } from './pitch';
import { quantizeToLine } from './quantize';
import { melodyScore, trackLabel } from './trackSuggestion';
import type { PolyphonyRule } from './quantize';
import { stepsPerBar } from './tokens';
import type { Melody, PitchRange, TimeSignature } from './types';
import { DEFAULT_BPM, DEFAULT_RANGE, DEFAULT_STEPS_PER_QUARTER, DEFAULT_TIME_SIGNATURE } from './types';

/** MIDI channel index (0-based) that General MIDI reserves for drums: channel 10. */
export const DRUM_CHANNEL = 9;

/** Summary of one track of a MIDI file, for choosing which one to continue. */
export interface TrackInfo {
  /** Position in `MidiImport.tracks`, the value to pass as `track`. */
  readonly index: number;
  readonly name: string;
  /** General MIDI instrument name, e.g. "acoustic grand piano". */
  readonly instrument: string;
  /** General MIDI program, 0-127 (0 when the track sets none). */
  readonly program: number;
  /** General MIDI instrument family, e.g. "piano", "brass", "drums". */
  readonly instrumentFamily: string;
  /** 0-based MIDI channel; 9 is the drum channel 10. */
  readonly channel: number;
  readonly isDrums: boolean;
  readonly noteCount: number;
  /** Lowest and highest MIDI pitch of the track; null without notes. */
  readonly lowestPitch: number | null;
  readonly highestPitch: number | null;
  /** Most notes sounding at once (overlaps shorter than a 32nd note are ignored as legato). */
  readonly maxSimultaneous: number;
  /** Share of notes that start while another note of the track sounds, 0-1. */
  readonly chordShare: number;
  /** Mean MIDI pitch, null without notes. */
  readonly meanPitch: number | null;
  /** How much the track looks like a melody (higher is more melodic); null for drum and empty tracks. */
  readonly melodyScore: number | null;
  /** One line for a track list: index, name, instrument, channel, note count and range (see trackLabel). */
  readonly label: string;
}

/** A note of the chosen track exactly as imported (before quantization, monophony and folding). */
export interface ImportedNote {
  readonly pitch: number;
  /** 0-1. */
  readonly velocity: number;
  readonly startTicks: number;
  readonly durationTicks: number;
  readonly startSeconds: number;
  readonly durationSeconds: number;
}

/** A non-fatal remark about an import. */
export interface ImportWarning {
  readonly code: 'tempo-change' | 'time-signature-change' | 'notes-dropped' | 'notes-folded';
  readonly message: string;
}

/** Options of {@link importMidi}. */
export interface MidiImportOptions {
  /** Track index to use; default: the most melodic track (see {@link chooseMelodyTrack}). */
  readonly track?: number;
  /** How to reduce chords and overlaps to one line; default 'highest'. */
  readonly polyphony?: PolyphonyRule;
  /** Grid resolution; default 4 (sixteenth notes). Whole number 1-16. */
  readonly stepsPerQuarter?: number;
  /** Pitch range notes are folded into by octaves; default 48-84 (C3-C6). */
  readonly range?: PitchRange;
  /** Drop whole bars of silence before the first note; default true. */
  readonly trimLeadingSilence?: boolean;
  /** Refuse files with more notes than this, counted before parsing (default {@link MIDI_LIMITS}.maxNotes). */
  readonly maxNotes?: number;
}

/** Everything {@link importMidi} read from a file. */
export interface MidiImport {
  /** 0 or 1 (or 2), from the file header. */
  readonly format: number;
  /** Ticks per quarter note. */
  readonly ppq: number;
  /** First tempo of the file (beats per minute, 2 decimals), 120 if none. */
  readonly bpm: number;
  /** First time signature of the file, 4/4 if none. */
  readonly timeSignature: TimeSignature;
  readonly tracks: readonly TrackInfo[];
  /** Index of the track the melody was taken from. */
  readonly trackIndex: number;
  /** Notes of that track as imported, sorted by start, for an "as imported" piano roll. */
  readonly notes: readonly ImportedNote[];
  /** The quantized monophonic melody, pitches folded into the range. */
  readonly melody: Melody;
  /** Grid steps trimmed before the melody (whole bars of leading silence); melody step 0 = file step offsetSteps. */
  readonly offsetSteps: number;
  readonly durationSeconds: number;
  readonly warnings: readonly ImportWarning[];
}

/**
 * What a MIDI import accepts by default: a song's melody has a few thousand notes; a file with millions would hold
 * the parser for minutes, so it is refused, after a linear count, with a message naming the limit.
 */
export const MIDI_LIMITS = {
  /** Notes in all tracks together. */
  maxNotes: 200_000,
} as const;

const LEGATO_FRACTION_OF_QUARTER = 1 / 8;

/** A binary min-heap of numbers. */
class MinHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): number {
    return this.items[0];
  }
  push(value: number): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= a[i]) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }
  pop(): void {
    const a = this.items;
    const last = a.pop() as number;
    if (a.length === 0) return;
    a[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && a[l] < a[m]) m = l;
      if (r < a.length && a[r] < a[m]) m = r;
      if (m === i) return;
      [a[m], a[i]] = [a[i], a[m]];
      i = m;
    }
  }
}

function describeTracks(midi: ToneMidi): TrackInfo[] {
  const tolerance = midi.header.ppq * LEGATO_FRACTION_OF_QUARTER;
  const infos = midi.tracks.map((track, index) => {
    const notes = [...track.notes].sort((a, b) => a.ticks - b.ticks);
    // Ends of the notes sounding, in a min-heap: n log n however many notes overlap.
    const active = new MinHeap();
    let maxSimultaneous = 0;
    let chordNotes = 0;
    for (let i = 0; i < notes.length;) {
      let j = i;
      while (j < notes.length && notes[j].ticks === notes[i].ticks) j += 1;
      const start = notes[i].ticks;
      while (active.size > 0 && active.peek() <= start + tolerance) active.pop();
      if (j - i > 1 || active.size > 0) chordNotes += j - i;
      for (let k = i; k < j; k += 1) active.push(notes[k].ticks + Math.max(1, notes[k].durationTicks));
      maxSimultaneous = Math.max(maxSimultaneous, active.size);
      i = j;
    }
    const isDrums = track.channel === DRUM_CHANNEL;
    let sum = 0;
    let lowest = Infinity;
    let highest = -Infinity;
    for (const note of notes) {
      sum += note.midi;
      lowest = Math.min(lowest, note.midi);
      highest = Math.max(highest, note.midi);
    }
    const meanPitch = notes.length > 0 ? sum / notes.length : null;
    return {
      index,
      name: track.name ?? '',
      instrument: isDrums ? 'drums' : track.instrument.name,
      program: isDrums ? 0 : track.instrument.number,
      instrumentFamily: isDrums ? 'drums' : track.instrument.family,
      channel: track.channel,
      isDrums,
      noteCount: notes.length,
      lowestPitch: notes.length > 0 ? lowest : null,
      highestPitch: notes.length > 0 ? highest : null,
      maxSimultaneous,
      chordShare: notes.length > 0 ? chordNotes / notes.length : 0,
      meanPitch,
    };
  });
  const mostNotes = Math.max(0, ...infos.filter((info) => !info.isDrums).map((info) => info.noteCount));
  return infos.map((info) => ({
    ...info,
    melodyScore: melodyScore(info, mostNotes),
    label: trackLabel(info),
  }));
}

/**
 * Index of the track that looks most like a melody: not on the drum channel, with notes, highest `melodyScore`
 * (mean pitch - 24 x chordShare, - 24 when it has under a tenth of the notes of the busiest track, plus the name's and
 * the General MIDI program's scores, see trackSuggestion.ts); ties go to the track with more notes. Throws MusicError
 * 'no-notes' or 'drums-only' when none qualifies.
 */
export function chooseMelodyTrack(tracks: readonly TrackInfo[]): number {
  const withNotes = tracks.filter((track) => track.noteCount > 0);
  if (withNotes.length === 0) {
    throw new MusicError('no-notes', 'The MIDI file has no notes. Choose a file that contains a melody.');
  }
  const candidates = withNotes.filter((track) => track.melodyScore !== null);
  if (candidates.length === 0) {
    throw new MusicError(
      'drums-only',
      'The MIDI file only has drum notes (channel 10), which carry no melody. Choose a file with a melodic track.',
    );
  }
  const best = candidates.reduce((a, b) => {
    const scoreA = a.melodyScore ?? -Infinity;
    const scoreB = b.melodyScore ?? -Infinity;
    if (scoreB !== scoreA) return scoreB > scoreA ? b : a;
    return b.noteCount > a.noteCount ? b : a;
  });
  return best.index;
}

function checkTrackChoice(tracks: readonly TrackInfo[], track: number): void {
  if (tracks.length === 0) {
    throw new MusicError(
      'no-notes',
      'The MIDI file has no tracks, so no notes. Choose a file that contains a melody.',
    );
  }
  if (!Number.isInteger(track) || track < 0 || track >= tracks.length) {
    const valid = tracks.length === 1 ? 'index 0' : `indexes 0 to ${tracks.length - 1}`;
    throw new MusicError(
      'track-out-of-range',
      `Track ${track} does not exist: this file has ${tracks.length} track${tracks.length === 1 ? '' : 's'} (${valid}). Choose one of them.`,
    );
  }
  const info = tracks[track];
  const label = info.name ? `Track ${track} ("${info.name}")` : `Track ${track}`;
  if (info.noteCount === 0) {
    throw new MusicError('empty-track', `${label} has no notes. Choose a track with notes.`);
  }
  if (info.isDrums) {
    throw new MusicError(
      'drum-track',
      `${label} is a drum track (channel 10) and carries no melody. Choose another track.`,
    );
  }
}

/** Throws a MusicError 'invalid-option' unless `stepsPerQuarter` is a whole number from 1 to 16. */
export function assertStepsPerQuarter(stepsPerQuarter: number): void {
  if (!Number.isInteger(stepsPerQuarter) || stepsPerQuarter < 1 || stepsPerQuarter > 16) {
    throw new MusicError(
      'invalid-option',
      `Steps per quarter note must be a whole number from 1 to 16 (got ${stepsPerQuarter}); 4 means sixteenth notes.`,
    );
  }
}

const roundBpm = (bpm: number): number => Math.round(bpm * 100) / 100;

/**
 * Imports a Standard MIDI File (type 0 or 1) from its bytes: lists the tracks, picks the melody track (or
 * `options.track`), reads the first tempo and time signature, reduces the track to one line by the polyphony
 * rule, quantizes it to the grid and folds pitches into the range by octaves.
 * Throws MusicError for bad input: 'not-midi', 'truncated', 'invalid-midi', 'no-notes', 'drums-only',
 * 'track-out-of-range', 'empty-track', 'drum-track', 'invalid-option'.
 */
export function importMidi(bytes: Uint8Array, options: MidiImportOptions = {}): MidiImport {
  const stepsPerQuarter = options.stepsPerQuarter ?? DEFAULT_STEPS_PER_QUARTER;
  const range = options.range ?? DEFAULT_RANGE;
  const polyphony = options.polyphony ?? 'highest';
  assertStepsPerQuarter(stepsPerQuarter);
  assertPitchRange(range);

  const layout = checkMidiLayout(bytes);
  const maxNotes = options.maxNotes ?? MIDI_LIMITS.maxNotes;
  const count = countMidiNotes(bytes);
  if (count > maxNotes) {
    throw new MusicError(
      'too-many-notes',
      `The MIDI file has ${count.toLocaleString('en-US')} notes; RNN Lab reads files of up to ${maxNotes.toLocaleString('en-US')}. ` +
        'Export the melody track alone, or a shorter part of the piece.',
    );
  }
  const midi = parseMidiBytes(bytes);
  const tracks = describeTracks(midi);
  if (options.track === undefined) {
    // Report "no notes" / "drums only" before anything else.
    chooseMelodyTrack(tracks);
  }
  const trackIndex = options.track ?? chooseMelodyTrack(tracks);
  checkTrackChoice(tracks, trackIndex);

  const warnings: ImportWarning[] = [];
  const tempos = midi.header.tempos;
  const bpm = tempos.length > 0 ? roundBpm(tempos[0].bpm) : DEFAULT_BPM;
  const otherTempos = new Set(tempos.map((tempo) => roundBpm(tempo.bpm)).filter((value) => value !== bpm));
  if (otherTempos.size > 0) {
    warnings.push({
      code: 'tempo-change',
      message: `The file changes tempo (${[bpm, ...otherTempos].join(', ')} bpm); the melody keeps the first tempo, ${bpm} bpm, throughout.`,
    });
  }
  const signatures = midi.header.timeSignatures;
  const timeSignature: TimeSignature =
    signatures.length > 0
      ? [signatures[0].timeSignature[0], signatures[0].timeSignature[1]]
      : DEFAULT_TIME_SIGNATURE;
  const otherSignature = signatures.find(
    (event) => event.timeSignature[0] !== timeSignature[0] || event.timeSignature[1] !== timeSignature[1],
  );
  if (otherSignature) {
    warnings.push({
      code: 'time-signature-change',
      message: `The file changes time signature (${timeSignature.join('/')} to ${otherSignature.timeSignature.join('/')}); the melody keeps the first one, ${timeSignature.join('/')}.`,
    });
  }

  const track = midi.tracks[trackIndex];
  const notes: ImportedNote[] = [...track.notes]
    .sort((a, b) => a.ticks - b.ticks || a.midi - b.midi)
    .map((note) => ({
      pitch: note.midi,
      velocity: note.velocity,
      startTicks: note.ticks,
      durationTicks: note.durationTicks,
      startSeconds: note.time,
      durationSeconds: note.duration,
    }));
  const line = quantizeToLine(
    notes.map((note) => ({ pitch: note.pitch, ticks: note.startTicks, durationTicks: note.durationTicks })),
    layout.ppq,
    stepsPerQuarter,
    polyphony,
  );
  if (line.dropped > 0) {
    warnings.push({
      code: 'notes-dropped',
      message: `${line.dropped} overlapping note${line.dropped === 1 ? ' was' : 's were'} left out to keep one line (rule: ${polyphony}).`,
    });
  }
  let folded = 0;
  const timing = { stepsPerQuarter, bpm, timeSignature };
  const bar = stepsPerBar(timing);
  const trim = options.trimLeadingSilence ?? true;
  const offsetSteps = trim && line.notes.length > 0 ? Math.floor(line.notes[0].start / bar) * bar : 0;
  const melodyNotes = line.notes.map((note) => {
    const pitch = foldPitch(note.pitch, range);
    if (pitch !== note.pitch) folded += 1;
    return { pitch, start: note.start - offsetSteps, duration: note.duration };
  });
  if (folded > 0) {
    warnings.push({
      code: 'notes-folded',
      message: `${folded} note${folded === 1 ? ' was' : 's were'} outside ${pitchName(range.low)}-${pitchName(range.high)} and moved by octaves into range.`,
    });
  }
  const last = melodyNotes.at(-1);
  return {
    format: layout.format,
    ppq: layout.ppq,
    bpm,
    timeSignature,
    tracks,
    trackIndex,
    notes,
    melody: { ...timing, totalSteps: last ? last.start + last.duration : 0, notes: melodyNotes },
    offsetSteps,
    durationSeconds: midi.duration,
    warnings,
  };
}
