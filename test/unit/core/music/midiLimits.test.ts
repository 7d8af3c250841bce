import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countMidiNotes, parseMidiBytes } from '../../../../src/core/music/midiFile';
import { importMidi, MIDI_LIMITS, MusicError } from '../../../../src/core/music';
import { midiFile, rawMidi, rawNote, trackChunk } from './midiFixtures';

describe('MIDI note limit', () => {
  it('counts the notes the parser finds, in any track layout', () => {
    const note = fc.record({
      midi: fc.integer({ min: 0, max: 127 }),
      ticks: fc.integer({ min: 0, max: 20_000 }),
      durationTicks: fc.integer({ min: 1, max: 2000 }),
    });
    const track = fc.record({
      channel: fc.integer({ min: 0, max: 15 }),
      notes: fc.array(note, { maxLength: 40 }),
    });
    fc.assert(
      fc.property(fc.array(track, { minLength: 1, maxLength: 4 }), (tracks) => {
        const bytes = midiFile({ tracks });
        const parsed = parseMidiBytes(bytes).tracks.reduce((sum, t) => sum + t.notes.length, 0);
        expect(countMidiNotes(bytes)).toBe(parsed);
      }),
      { numRuns: 100 },
    );
  });

  it('counts running-status events and stops at damage instead of throwing', () => {
    // note-on 60, then a second note-on by running status (no status byte), then note-offs
    const running = rawMidi(0, 480, [
      trackChunk([
        [0, 0x90, 60, 90],
        [0, 62, 90],
        [480, 0x80, 60, 0],
        [0, 62, 0],
      ]),
    ]);
    expect(countMidiNotes(running)).toBe(2);
    expect(countMidiNotes(running.slice(0, running.length - 6))).toBe(2);
    expect(countMidiNotes(new Uint8Array([1, 2, 3]))).toBe(0);
  });

  it('refuses a file with more notes than the limit before parsing it', () => {
    const events = Array.from({ length: 50 }, (_, i) => rawNote(0, 60 + (i % 12), i * 240, 200)).flat();
    const bytes = rawMidi(0, 480, [trackChunk(events)]);
    expect(() => importMidi(bytes, { maxNotes: 49 })).toThrow(
      new MusicError(
        'too-many-notes',
        'The MIDI file has 50 notes; RNN Lab reads files of up to 49. Export the melody track alone, or a shorter part of the piece.',
      ),
    );
    expect(importMidi(bytes, { maxNotes: 50 }).melody.notes.length).toBeGreaterThan(0);
    expect(MIDI_LIMITS.maxNotes).toBe(200_000);
  });
});

describe('MIDI export timing warnings', () => {
  it('warns about an absurd tempo or time signature, and about nothing in an ordinary one', async () => {
    const { midiExportWarnings } = await import('../../../../src/core/music');
    expect(midiExportWarnings({ bpm: 120, timeSignature: [6, 8] })).toEqual([]);
    expect(midiExportWarnings({ bpm: 20, timeSignature: [32, 32] })).toEqual([]);
    const [tempo] = midiExportWarnings({ bpm: 4000, timeSignature: [4, 4] });
    expect(tempo).toMatch(/^The tempo 4000 BPM \(from the seed\) is outside 20-300;/);
    expect(midiExportWarnings({ bpm: Number.NaN, timeSignature: [4, 4] })).toHaveLength(1);
    const [meter] = midiExportWarnings({ bpm: 100, timeSignature: [99, 3] });
    expect(meter).toMatch(/^The time signature 99\/3 \(from the seed\) is not one notation programs read;/);
    expect(midiExportWarnings({ bpm: 0.5, timeSignature: [0, 4] })).toHaveLength(2);
  });
});
