// Builders of small MIDI files for the music tests: format 1 through @tonejs/midi, format 0 byte by byte.
import { midiClass } from '../../../../src/core/music/midiFile';

export interface FixtureNote {
  readonly midi: number;
  readonly ticks: number;
  readonly durationTicks: number;
}

export interface FixtureTrack {
  readonly name?: string;
  readonly channel?: number;
  /** General MIDI program 0-127 (default 0, piano). */
  readonly program?: number;
  readonly notes: readonly FixtureNote[];
}

export interface FixtureFile {
  readonly tempos?: readonly { readonly ticks: number; readonly bpm: number }[];
  readonly timeSignatures?: readonly { readonly ticks: number; readonly timeSignature: [number, number] }[];
  readonly tracks: readonly FixtureTrack[];
}

/** A format 1 file (480 ticks per quarter) written by @tonejs/midi. */
export function midiFile(spec: FixtureFile): Uint8Array {
  const Midi = midiClass();
  const midi = new Midi();
  for (const tempo of spec.tempos ?? []) midi.header.tempos.push({ ticks: tempo.ticks, bpm: tempo.bpm });
  for (const signature of spec.timeSignatures ?? []) {
    midi.header.timeSignatures.push({ ticks: signature.ticks, timeSignature: [...signature.timeSignature] });
  }
  midi.header.update();
  for (const spec_ of spec.tracks) {
    const track = midi.addTrack();
    track.name = spec_.name ?? '';
    track.channel = spec_.channel ?? 0;
    if (spec_.program !== undefined) track.instrument.number = spec_.program;
    for (const note of spec_.notes)
      track.addNote({ midi: note.midi, ticks: note.ticks, durationTicks: note.durationTicks });
  }
  return midi.toArray();
}

/** Notes of one line: [pitch, startTicks, durationTicks] triples. */
export function notes(...triples: [number, number, number][]): FixtureNote[] {
  return triples.map(([midi, ticks, durationTicks]) => ({ midi, ticks, durationTicks }));
}

const vlq = (value: number): number[] => {
  const bytes = [value & 0x7f];
  for (let rest = value >> 7; rest > 0; rest >>= 7) bytes.unshift((rest & 0x7f) | 0x80);
  return bytes;
};

/** A chunk: 4-letter id, 32-bit length, data. */
export function chunk(id: string, data: readonly number[]): number[] {
  const length = data.length;
  return [...id]
    .map((c) => c.charCodeAt(0))
    .concat([length >>> 24, (length >> 16) & 255, (length >> 8) & 255, length & 255], data);
}

/** Raw events of one track, [absoluteTick, ...bytes]; end-of-track is added. */
export function trackChunk(events: readonly (readonly number[])[]): number[] {
  const sorted = [...events].sort((a, b) => a[0] - b[0]);
  const data: number[] = [];
  let last = 0;
  for (const [tick, ...bytes] of sorted) {
    data.push(...vlq(tick - last), ...bytes);
    last = tick;
  }
  data.push(0, 0xff, 0x2f, 0);
  return chunk('MTrk', data);
}

/** A Standard MIDI File from its format, ticks per quarter and track chunks. */
export function rawMidi(format: number, ppq: number, tracks: readonly number[][]): Uint8Array {
  const header = chunk('MThd', [0, format, 0, tracks.length, ppq >> 8, ppq & 255]);
  return new Uint8Array([...header, ...tracks.flat()]);
}

/** Note-on / note-off event pair for a raw track. */
export function rawNote(channel: number, pitch: number, tick: number, duration: number): number[][] {
  return [
    [tick, 0x90 | channel, pitch, 100],
    [tick + duration, 0x80 | channel, pitch, 0],
  ];
}

/** Set-tempo meta event in beats per minute. */
export function rawTempo(tick: number, bpm: number): number[] {
  const micros = Math.round(60_000_000 / bpm);
  return [tick, 0xff, 0x51, 3, (micros >> 16) & 255, (micros >> 8) & 255, micros & 255];
}

/** Time-signature meta event. */
export function rawTimeSignature(tick: number, numerator: number, denominator: number): number[] {
  return [tick, 0xff, 0x58, 4, numerator, Math.log2(denominator), 24, 8];
}

/** Quarter notes (480 ticks) of one line from pitches; 0 is a rest. */
const line = (...pitches: number[]): FixtureNote[] =>
  pitches.flatMap((midi, i) => (midi > 0 ? [{ midi, ticks: 480 * i, durationTicks: 480 }] : []));

/** Block chords, one per bar of 4/4, from root pitches: root, third, fifth for a whole bar each. */
const chords = (...roots: number[]): FixtureNote[] =>
  roots.flatMap((root, bar) =>
    [0, 4, 7].map((interval) => ({ midi: root + interval, ticks: 1920 * bar, durationTicks: 1920 })),
  );

const TUNE = [62, 66, 69, 74, 73, 71, 69, 66, 67, 71, 69, 67, 66, 64, 62, 0]; // D major, 4 bars

/** Bars of the long fixture: 30 four-bar phrases. */
export const LONG_FIXTURE_BARS = 120;

/** Phrase k of the long fixture's lead: the tune, then the tune backwards, then the tune a third up in the scale… */
const longPhrase = (k: number): number[] => {
  const up: Record<number, number> = { 62: 66, 64: 67, 66: 69, 67: 71, 69: 73, 71: 74, 73: 76, 74: 78 };
  if (k % 3 === 0) return TUNE;
  if (k % 3 === 1) return [...TUNE.slice(0, 15).reverse(), 0];
  return TUNE.map((p) => (p > 0 ? up[p] : 0));
};

/**
 * The named-track MIDI fixtures of test/fixtures/midi (see its README), as written by @tonejs/midi: the bytes a
 * test compares with the committed files.
 */
export const NAMED_TRACK_FIXTURES: Readonly<Record<string, FixtureFile>> = {
  // Three melody tracks and a higher, busier accompaniment: by pitch alone "Acc-2" would win.
  'named-melody-tracks.mid': {
    tempos: [{ ticks: 0, bpm: 100 }],
    tracks: [
      { name: 'Acc-2', channel: 3, program: 0, notes: line(...TUNE.map((p) => (p > 0 ? p + 16 : 0))) },
      { name: 'Melody-1', channel: 0, program: 73, notes: line(...TUNE.map((p) => (p > 0 ? p + 12 : 0))) },
      { name: 'Melody-2', channel: 1, program: 40, notes: line(...TUNE) },
      { name: 'Melody-3', channel: 2, program: 68, notes: line(...TUNE.map((p) => (p > 0 ? p + 7 : 0))) },
    ],
  },
  // A track named "Drums" that is a trumpet on channel 2 playing the tune; piano chords; a bass line.
  'drums-named-brass.mid': {
    tempos: [{ ticks: 0, bpm: 110 }],
    tracks: [
      { name: 'Piano', channel: 0, program: 0, notes: chords(62, 67, 69, 62) },
      { name: 'Drums', channel: 1, program: 56, notes: line(...TUNE) },
      {
        name: 'Bass',
        channel: 2,
        program: 33,
        notes: line(38, 0, 45, 0, 43, 0, 45, 0, 45, 0, 43, 0, 38, 0, 38, 0),
      },
    ],
  },
  // A track named "Lead" on channel 10 (drums, whatever its name) and a string line.
  'channel-10-lead.mid': {
    tempos: [{ ticks: 0, bpm: 120 }],
    tracks: [
      {
        name: 'Lead',
        channel: 9,
        notes: line(76, 76, 79, 76, 76, 76, 79, 76, 76, 76, 79, 76, 76, 76, 79, 76),
      },
      { name: 'Strings', channel: 0, program: 48, notes: line(...TUNE) },
    ],
  },
  // A long game-style song: 120 bars of piano chords, a trumpet lead named "Lead" and a drum track on channel 10.
  'long-multitrack.mid': {
    tempos: [{ ticks: 0, bpm: 132 }],
    tracks: [
      {
        name: 'Piano',
        channel: 0,
        program: 0,
        notes: chords(...Array.from({ length: LONG_FIXTURE_BARS }, (_, bar) => [62, 67, 69, 62][bar % 4])),
      },
      {
        name: 'Lead',
        channel: 1,
        program: 56,
        notes: line(...Array.from({ length: LONG_FIXTURE_BARS / 4 }, (_, k) => longPhrase(k)).flat()),
      },
      {
        name: 'Drums',
        channel: 9,
        notes: Array.from({ length: LONG_FIXTURE_BARS * 4 }, (_, beat) => ({
          midi: beat % 2 === 0 ? 36 : 38,
          ticks: 480 * beat,
          durationTicks: 120,
        })),
      },
    ],
  },
};
