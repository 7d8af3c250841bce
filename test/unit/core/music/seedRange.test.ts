import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  defaultSeedRange,
  importMidi,
  melodyBars,
  MusicError,
  sliceMelodyBars,
  clampBarRange,
} from '../../../../src/core/music';
import type { Melody, MelodyNote } from '../../../../src/core/music';
import { LONG_FIXTURE_BARS } from './midiFixtures';

/** A 4/4 melody at 4 steps per quarter (16 steps a bar) with one note per bar: pitch 60 + bar, lasting `length` steps. */
function barMelody(bars: number, length = 4, timeSignature: [number, number] = [4, 4]): Melody {
  const bar = (timeSignature[0] * 16) / timeSignature[1];
  const notes: MelodyNote[] = [];
  for (let b = 0; b < bars; b += 1)
    notes.push({ pitch: 60 + (b % 24), start: b * bar + 2, duration: length });
  return { stepsPerQuarter: 4, bpm: 100, timeSignature, totalSteps: bars * bar - bar + 2 + length, notes };
}

describe('seed range', () => {
  it('selects exactly the notes that start in the chosen bars, moved to step 0, on whole bars', () => {
    const melody = barMelody(20);
    const slice = sliceMelodyBars(melody, { fromBar: 3, toBar: 7 });
    expect(slice.totalSteps).toBe(4 * 16);
    expect(slice.notes.map((n) => [n.pitch, n.start, n.duration])).toEqual([
      [63, 2, 4],
      [64, 18, 4],
      [65, 34, 4],
      [66, 50, 4],
    ]);
    expect(slice.bpm).toBe(100);
    expect(slice.timeSignature).toEqual([4, 4]);
  });

  it('cuts a note still sounding at the end of the range at its last bar line, and leaves out notes started before it', () => {
    // Notes of 20 steps: each starts at step 2 of its bar and sounds into the next bar.
    const melody = barMelody(6, 20);
    const slice = sliceMelodyBars(melody, { fromBar: 2, toBar: 4 });
    expect(slice.notes.map((n) => [n.pitch, n.start, n.duration])).toEqual([
      [62, 2, 20],
      [63, 18, 14],
    ]);
    expect(slice.totalSteps).toBe(32);
  });

  it('counts bars in the time signature (3/4 = 12 steps)', () => {
    const melody = barMelody(10, 2, [3, 4]);
    expect(melodyBars(melody)).toBe(10);
    const slice = sliceMelodyBars(melody, { fromBar: 9, toBar: 10 });
    expect(slice.totalSteps).toBe(12);
    expect(slice.notes).toEqual([{ pitch: 69, start: 2, duration: 2 }]);
  });

  it('defaults to the last 8 bars of a long melody and all of a short one', () => {
    expect(defaultSeedRange(barMelody(40))).toEqual({ fromBar: 32, toBar: 40 });
    expect(defaultSeedRange(barMelody(16))).toEqual({ fromBar: 0, toBar: 16 });
    expect(defaultSeedRange(barMelody(3))).toEqual({ fromBar: 0, toBar: 3 });
  });

  it('refuses a range outside the melody with a message naming the bars that exist', () => {
    const melody = barMelody(5);
    for (const range of [
      { fromBar: 0, toBar: 6 },
      { fromBar: 3, toBar: 3 },
      { fromBar: -1, toBar: 2 },
      { fromBar: 1.5, toBar: 3 },
    ]) {
      expect(() => sliceMelodyBars(melody, range)).toThrow(MusicError);
      expect(() => sliceMelodyBars(melody, range)).toThrow(/whole bars from 1 to 5/);
    }
  });

  it('clamps a dragged range into the melody, at least one bar long', () => {
    expect(clampBarRange({ fromBar: -3, toBar: 50 }, 10)).toEqual({ fromBar: 0, toBar: 10 });
    expect(clampBarRange({ fromBar: 12, toBar: 2 }, 10)).toEqual({ fromBar: 9, toBar: 10 });
    expect(clampBarRange({ fromBar: 4.4, toBar: 4.4 }, 10)).toEqual({ fromBar: 4, toBar: 5 });
  });
});

describe('seed range of a long multi-track file', () => {
  const bytes = new Uint8Array(
    fs.readFileSync(new URL('../../../fixtures/midi/long-multitrack.mid', import.meta.url)),
  );

  it('suggests the lead, and by default seeds with exactly its last 8 bars', () => {
    const imported = importMidi(bytes);
    expect(imported.tracks[imported.trackIndex].name).toBe('Lead');
    expect(imported.tracks[imported.trackIndex].label).toBe(
      '1: Lead — trumpet (brass), channel 2, 450 notes, D4–F#5',
    );
    expect(melodyBars(imported.melody)).toBe(LONG_FIXTURE_BARS);
    const range = defaultSeedRange(imported.melody);
    expect(range).toEqual({ fromBar: 112, toBar: 120 });
    const seed = sliceMelodyBars(imported.melody, range);
    // Every note of the lead that starts in bars 113-120 (quarter notes = 4 steps), and nothing else.
    const bar = 16;
    const expected = imported.melody.notes
      .filter((n) => n.start >= 112 * bar)
      .map((n) => ({ ...n, start: n.start - 112 * bar }));
    expect(seed.notes).toEqual(expected);
    expect(seed.notes).toHaveLength(30);
    expect(seed.totalSteps).toBe(8 * bar);
  });
});
