import { describe, expect, it } from 'vitest';
import { MusicError, importMidi } from '../../../../src/core/music';
import type { MidiImportOptions, MusicErrorCode } from '../../../../src/core/music';
import {
  chunk,
  midiFile,
  notes,
  rawMidi,
  rawNote,
  rawTempo,
  rawTimeSignature,
  trackChunk,
} from './midiFixtures';

const simplified = (bytes: Uint8Array, options: MidiImportOptions = {}): [number, number, number][] =>
  importMidi(bytes, options).melody.notes.map((note) => [note.pitch, note.start, note.duration]);

/** Throws, and returns the MusicError for its code and message. */
function musicError(run: () => unknown): MusicError {
  try {
    run();
  } catch (error) {
    if (error instanceof MusicError) return error;
    throw error;
  }
  throw new Error('expected a MusicError');
}

function expectMusicError(run: () => unknown, code: MusicErrorCode, message: RegExp): void {
  const error = musicError(run);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

// One track, 480 ticks per quarter (120 ticks per sixteenth step):
// a C4-E4-G4 chord (G4 struck 20 ticks late), C4 held two beats, then D4 on beat 2, a short B4 over D4,
// and F4 after that.
const polyphonic = midiFile({
  tracks: [
    {
      name: 'piano',
      notes: notes(
        [60, 0, 960],
        [64, 0, 480],
        [67, 20, 460],
        [62, 480, 480],
        [71, 600, 120],
        [65, 1000, 470],
      ),
    },
  ],
});

describe('importMidi: polyphony rules', () => {
  it("'highest' keeps the top note of a chord and lets a higher note cut a sounding one", () => {
    expect(simplified(polyphonic)).toEqual([
      [67, 0, 4],
      [62, 4, 1],
      [71, 5, 1],
      [65, 8, 4],
    ]);
    const result = importMidi(polyphonic);
    expect(result.warnings.find((w) => w.code === 'notes-dropped')?.message).toBe(
      '2 overlapping notes were left out to keep one line (rule: highest).',
    );
  });

  it("'lowest' keeps the bottom note and drops higher notes struck while it sounds", () => {
    expect(simplified(polyphonic, { polyphony: 'lowest' })).toEqual([
      [60, 0, 8],
      [65, 8, 4],
    ]);
  });

  it("'first' keeps the earliest-struck note (ties: highest) until it ends", () => {
    expect(simplified(polyphonic, { polyphony: 'first' })).toEqual([
      [64, 0, 4],
      [62, 4, 4],
      [65, 8, 4],
    ]);
  });

  it('does not drop a lower note that overlaps the previous one by less than half a step (legato)', () => {
    const legato = midiFile({ tracks: [{ notes: notes([67, 0, 545], [64, 490, 470]) }] });
    expect(simplified(legato)).toEqual([
      [67, 0, 4],
      [64, 4, 4],
    ]);
    expect(importMidi(legato).warnings).toEqual([]);
  });
});

describe('importMidi: quantization', () => {
  const loose = midiFile({
    tracks: [{ notes: notes([60, 5, 230], [62, 250, 100], [64, 470, 500], [65, 1430, 60]) }],
  });

  it('rounds onsets and ends to the nearest sixteenth by default, at least one step long', () => {
    expect(simplified(loose)).toEqual([
      [60, 0, 2],
      [62, 2, 1],
      [64, 4, 4],
      [65, 12, 1],
    ]);
    expect(importMidi(loose).melody.totalSteps).toBe(13);
  });

  it('uses the grid given in steps per quarter note', () => {
    expect(simplified(loose, { stepsPerQuarter: 2 })).toEqual([
      [60, 0, 1],
      [62, 1, 1],
      [64, 2, 2],
      [65, 6, 1],
    ]);
    expect(importMidi(loose, { stepsPerQuarter: 2 }).melody.stepsPerQuarter).toBe(2);
  });

  it('returns the notes as imported, in ticks and seconds, before quantization', () => {
    const result = importMidi(loose);
    expect(result.notes[1]).toEqual({
      pitch: 62,
      velocity: expect.closeTo(1, 1),
      startTicks: 250,
      durationTicks: 100,
      startSeconds: expect.closeTo(250 / 960, 6),
      durationSeconds: expect.closeTo(100 / 960, 6),
    });
    expect(result.ppq).toBe(480);
  });

  it('trims whole bars of leading silence and reports the offset', () => {
    const late = midiFile({ tracks: [{ notes: notes([60, 1920 * 2 + 480, 480]) }] });
    const result = importMidi(late);
    expect(result.offsetSteps).toBe(32);
    expect(simplified(late)).toEqual([[60, 4, 4]]);
    expect(simplified(late, { trimLeadingSilence: false })).toEqual([[60, 36, 4]]);
  });
});

describe('importMidi: tempo and time signature', () => {
  it('reads the tempo and time signature', () => {
    const bytes = midiFile({
      tempos: [{ ticks: 0, bpm: 93 }],
      timeSignatures: [{ ticks: 0, timeSignature: [3, 4] }],
      tracks: [{ notes: notes([60, 0, 480]) }],
    });
    const result = importMidi(bytes);
    expect(result.bpm).toBe(93);
    expect(result.timeSignature).toEqual([3, 4]);
    expect(result.melody.bpm).toBe(93);
    expect(result.melody.timeSignature).toEqual([3, 4]);
    expect(result.warnings).toEqual([]);
  });

  it('defaults to 120 bpm and 4/4 when the file says nothing', () => {
    const result = importMidi(rawMidi(0, 96, [trackChunk(rawNote(0, 60, 0, 96))]));
    expect(result.bpm).toBe(120);
    expect(result.timeSignature).toEqual([4, 4]);
  });

  it('keeps the first tempo when the tempo changes, and says so', () => {
    const bytes = midiFile({
      tempos: [
        { ticks: 0, bpm: 100 },
        { ticks: 1920, bpm: 140 },
      ],
      tracks: [{ notes: notes([60, 0, 480], [62, 1920, 480]) }],
    });
    const result = importMidi(bytes);
    expect(result.bpm).toBe(100);
    expect(result.warnings).toEqual([
      {
        code: 'tempo-change',
        message:
          'The file changes tempo (100, 140 bpm); the melody keeps the first tempo, 100 bpm, throughout.',
      },
    ]);
    // Quantization counts beats, so the faster second bar still starts at step 16.
    expect(result.melody.notes[1]).toEqual({ pitch: 62, start: 16, duration: 4 });
    expect(result.notes[1].startSeconds).toBeCloseTo(2.4, 6);
  });

  it('does not warn when the same tempo is repeated', () => {
    const bytes = midiFile({
      tempos: [
        { ticks: 0, bpm: 100 },
        { ticks: 960, bpm: 100 },
      ],
      tracks: [{ notes: notes([60, 0, 480]) }],
    });
    expect(importMidi(bytes).warnings).toEqual([]);
  });

  it('keeps the first time signature when it changes, and says so', () => {
    const bytes = midiFile({
      timeSignatures: [
        { ticks: 0, timeSignature: [6, 8] },
        { ticks: 2880, timeSignature: [2, 4] },
      ],
      tracks: [{ notes: notes([60, 0, 480]) }],
    });
    const result = importMidi(bytes);
    expect(result.timeSignature).toEqual([6, 8]);
    expect(result.warnings.map((w) => w.code)).toEqual(['time-signature-change']);
    expect(result.warnings[0].message).toContain('keeps the first one, 6/8');
  });
});

describe('importMidi: octave folding', () => {
  it('folds pitches outside the range by octaves instead of rejecting them', () => {
    const bytes = midiFile({
      tracks: [{ notes: notes([30, 0, 480], [100, 480, 480], [60, 960, 480], [85, 1440, 480]) }],
    });
    const result = importMidi(bytes);
    expect(result.melody.notes.map((note) => note.pitch)).toEqual([54, 76, 60, 73]);
    expect(result.notes.map((note) => note.pitch)).toEqual([30, 100, 60, 85]);
    expect(result.warnings).toEqual([
      { code: 'notes-folded', message: '3 notes were outside C3-C6 and moved by octaves into range.' },
    ]);
  });

  it('folds into a custom range', () => {
    const bytes = midiFile({ tracks: [{ notes: notes([48, 0, 480], [84, 480, 480]) }] });
    expect(importMidi(bytes, { range: { low: 60, high: 72 } }).melody.notes.map((n) => n.pitch)).toEqual([
      60, 72,
    ]);
  });
});

describe('importMidi: tracks', () => {
  const band = midiFile({
    tempos: [{ ticks: 0, bpm: 110 }],
    tracks: [
      {
        name: 'Bass',
        channel: 1,
        notes: notes([36, 0, 480], [43, 480, 480], [41, 960, 480], [36, 1440, 480]),
      },
      {
        name: 'Drums',
        channel: 9,
        notes: notes([81, 0, 120], [81, 240, 120], [80, 480, 120], [81, 720, 120], [81, 960, 120]),
      },
      {
        name: 'Chords',
        channel: 2,
        notes: notes(
          [60, 0, 960],
          [64, 0, 960],
          [67, 0, 960],
          [62, 960, 960],
          [65, 960, 960],
          [69, 960, 960],
        ),
      },
      {
        name: 'Melody',
        channel: 0,
        notes: notes([72, 0, 480], [74, 480, 480], [76, 960, 480], [77, 1440, 480]),
      },
    ],
  });

  it('lists every track with name, channel, note count, polyphony and mean pitch', () => {
    const { tracks } = importMidi(band);
    expect(
      tracks.map(({ index, name, channel, isDrums, noteCount, maxSimultaneous, meanPitch }) => ({
        index,
        name,
        channel,
        isDrums,
        noteCount,
        maxSimultaneous,
        meanPitch,
      })),
    ).toEqual([
      { index: 0, name: 'Bass', channel: 1, isDrums: false, noteCount: 4, maxSimultaneous: 1, meanPitch: 39 },
      {
        index: 1,
        name: 'Drums',
        channel: 9,
        isDrums: true,
        noteCount: 5,
        maxSimultaneous: 1,
        meanPitch: 80.8,
      },
      {
        index: 2,
        name: 'Chords',
        channel: 2,
        isDrums: false,
        noteCount: 6,
        maxSimultaneous: 3,
        meanPitch: 64.5,
      },
      {
        index: 3,
        name: 'Melody',
        channel: 0,
        isDrums: false,
        noteCount: 4,
        maxSimultaneous: 1,
        meanPitch: 74.75,
      },
    ]);
    expect(tracks[2].chordShare).toBe(1);
    expect(tracks[1].melodyScore).toBeNull();
    // mean pitch - 24 x chordShare, +20 for a melody name, -20 for an accompaniment name (piano: program 0)
    expect(tracks[3].melodyScore).toBe(74.75 + 20);
    expect(tracks[2].melodyScore).toBe(64.5 - 24 - 20);
  });

  it('picks the melody by default: monophonic and high, never the drums even when they are higher', () => {
    const result = importMidi(band);
    expect(result.trackIndex).toBe(3);
    expect(result.melody.notes.map((note) => note.pitch)).toEqual([72, 74, 76, 77]);
    expect(result.bpm).toBe(110);
  });

  it('takes the track asked for, e.g. the bass, folded into range', () => {
    const result = importMidi(band, { track: 0 });
    expect(result.trackIndex).toBe(0);
    expect(result.melody.notes.map((note) => note.pitch)).toEqual([48, 55, 53, 48]);
    expect(result.notes.map((note) => note.pitch)).toEqual([36, 43, 41, 36]);
  });

  it('reads a type 0 file, splitting its channels into tracks', () => {
    const events = [
      rawTempo(0, 90),
      rawTimeSignature(0, 3, 4),
      ...rawNote(1, 40, 0, 1440),
      ...rawNote(0, 76, 0, 480),
      ...rawNote(0, 79, 480, 480),
      ...rawNote(0, 81, 960, 480),
      ...rawNote(9, 38, 0, 100),
      ...rawNote(9, 38, 480, 100),
    ];
    const result = importMidi(rawMidi(0, 480, [trackChunk(events)]));
    expect(result.format).toBe(0);
    expect(result.bpm).toBe(90);
    expect(result.timeSignature).toEqual([3, 4]);
    expect([...result.tracks.map((track) => track.channel)].sort()).toEqual([0, 1, 9]);
    expect(result.tracks[result.trackIndex].channel).toBe(0);
    expect(result.melody.notes).toEqual([
      { pitch: 76, start: 0, duration: 4 },
      { pitch: 79, start: 4, duration: 4 },
      { pitch: 81, start: 8, duration: 4 },
    ]);
  });
});

describe('importMidi: bad input', () => {
  const good = midiFile({ tracks: [{ name: 'Lead', notes: notes([60, 0, 480], [62, 480, 480]) }] });

  it('rejects a file that is not MIDI', () => {
    expectMusicError(
      () => importMidi(new TextEncoder().encode('title,value\n1,2\n')),
      'not-midi',
      /^This is not a MIDI file: it does not start with the "MThd" header\. Choose a Standard MIDI File/,
    );
  });

  it('rejects an empty file', () => {
    expectMusicError(
      () => importMidi(new Uint8Array(0)),
      'not-midi',
      /^The file is empty\. Choose a Standard MIDI File/,
    );
  });

  it('rejects a file cut inside a track', () => {
    expectMusicError(
      () => importMidi(good.slice(0, good.length - 6)),
      'truncated',
      /^The MIDI file is truncated: track 2 of 2 declares \d+ bytes but only \d+ remain\. Export or download it again\.$/,
    );
  });

  it('rejects a file cut before its tracks, or inside its header', () => {
    expectMusicError(() => importMidi(good.slice(0, 14)), 'truncated', /declares 2 tracks but ends after 0/);
    expectMusicError(
      () => importMidi(good.slice(0, 9)),
      'truncated',
      /ends after 9 bytes, inside its 14-byte header/,
    );
  });

  it('rejects a damaged track', () => {
    const damaged = rawMidi(0, 480, [chunk('MTrk', [0, 0xf4, 1, 2, 0, 0xff, 0x2f, 0])]);
    expectMusicError(
      () => importMidi(damaged),
      'invalid-midi',
      /^The MIDI file is damaged \(.+\)\. Export it again/,
    );
  });

  it('rejects a file without notes', () => {
    const empty = midiFile({ tempos: [{ ticks: 0, bpm: 120 }], tracks: [{ name: 'Empty', notes: [] }] });
    expectMusicError(
      () => importMidi(empty),
      'no-notes',
      /^The MIDI file has no notes\. Choose a file that contains a melody\.$/,
    );
  });

  it('rejects a file without tracks', () => {
    expectMusicError(
      () => importMidi(rawMidi(1, 480, [])),
      'no-notes',
      /^The MIDI file has no tracks, so no notes\./,
    );
  });

  it('rejects a drums-only file', () => {
    const drums = midiFile({
      tracks: [{ name: 'Kit', channel: 9, notes: notes([36, 0, 120], [38, 480, 120]) }],
    });
    expectMusicError(
      () => importMidi(drums),
      'drums-only',
      /^The MIDI file only has drum notes \(channel 10\), which carry no melody\. Choose a file with a melodic track\.$/,
    );
  });

  it('rejects a track index that does not exist, naming the valid ones', () => {
    const two = midiFile({ tracks: [{ notes: notes([60, 0, 480]) }, { notes: notes([64, 0, 480]) }] });
    expectMusicError(
      () => importMidi(two, { track: 7 }),
      'track-out-of-range',
      /^Track 7 does not exist: this file has 2 tracks \(indexes 0 to 1\)\. Choose one of them\.$/,
    );
    expectMusicError(
      () => importMidi(good, { track: -1 }),
      'track-out-of-range',
      /this file has 1 track \(index 0\)/,
    );
  });

  it('rejects a chosen drum track or empty track', () => {
    const mixed = midiFile({
      tracks: [
        { name: 'Kit', channel: 9, notes: notes([36, 0, 120]) },
        { name: 'Silent', channel: 1, notes: [] },
        { name: 'Lead', notes: notes([60, 0, 480]) },
      ],
    });
    expectMusicError(
      () => importMidi(mixed, { track: 0 }),
      'drum-track',
      /^Track 0 \("Kit"\) is a drum track \(channel 10\)/,
    );
    expectMusicError(
      () => importMidi(mixed, { track: 1 }),
      'empty-track',
      /^Track 1 \("Silent"\) has no notes\./,
    );
    expect(importMidi(mixed).trackIndex).toBe(2);
  });

  it('rejects a grid that is not a whole number of steps from 1 to 16', () => {
    expectMusicError(
      () => importMidi(good, { stepsPerQuarter: 0 }),
      'invalid-option',
      /whole number from 1 to 16 \(got 0\)/,
    );
    expectMusicError(() => importMidi(good, { stepsPerQuarter: 2.5 }), 'invalid-option', /got 2\.5/);
  });

  it('rejects a pitch range narrower than an octave', () => {
    expectMusicError(
      () => importMidi(good, { range: { low: 60, high: 65 } }),
      'invalid-option',
      /at least 12 semitones/,
    );
  });
});
