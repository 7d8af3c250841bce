import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HOLD,
  REST,
  continuationToMidi,
  createVocabulary,
  importMidi,
  melodyToMidi,
  melodyToTokens,
  pitchToToken,
  tokenLabel,
  tokenToPitch,
  tokensToMelody,
  tokensToMidi,
} from '../../../../src/core/music';
import type { Melody, MelodyNote } from '../../../../src/core/music';

const vocab = createVocabulary();
const timing = { stepsPerQuarter: 4, bpm: 93, timeSignature: [3, 4] as const };

describe('vocabulary', () => {
  it('has REST, HOLD and one token per pitch of C3-C6: 39 tokens', () => {
    expect(vocab.size).toBe(39);
    expect([REST, HOLD]).toEqual([0, 1]);
    expect(pitchToToken(vocab, 48)).toBe(2);
    expect(pitchToToken(vocab, 60)).toBe(14);
    expect(pitchToToken(vocab, 84)).toBe(38);
    expect(tokenToPitch(vocab, 14)).toBe(60);
    expect(tokenToPitch(vocab, REST)).toBeNull();
    expect(() => tokenToPitch(vocab, 39)).toThrow(RangeError);
    expect([0, 1, 14, 15, 38].map((token) => tokenLabel(vocab, token))).toEqual([
      'REST',
      'HOLD',
      'C4',
      'C#4',
      'C6',
    ]);
  });

  it('folds pitches outside the range by octaves', () => {
    expect(tokenToPitch(vocab, pitchToToken(vocab, 36))).toBe(48);
    expect(tokenToPitch(vocab, pitchToToken(vocab, 97))).toBe(73);
  });

  it('sizes itself from the range', () => {
    expect(createVocabulary({ low: 60, high: 71 }).size).toBe(14);
  });
});

describe('melody <-> tokens', () => {
  const melody: Melody = {
    ...timing,
    totalSteps: 7,
    notes: [
      { pitch: 60, start: 0, duration: 2 },
      { pitch: 64, start: 3, duration: 1 },
      { pitch: 64, start: 4, duration: 2 },
    ],
  };

  it('writes a pitch at each onset, HOLD while it sounds and REST in gaps', () => {
    expect(melodyToTokens(melody, vocab)).toEqual([14, HOLD, REST, 18, 18, HOLD, REST]);
  });

  it('decodes tokens back to the same melody', () => {
    expect(tokensToMelody(melodyToTokens(melody, vocab), vocab, timing)).toEqual(melody);
  });

  it('reads a HOLD with nothing sounding as a rest', () => {
    const decoded = tokensToMelody([HOLD, 14, HOLD, REST, HOLD, 16], vocab, timing);
    expect(decoded.notes).toEqual([
      { pitch: 60, start: 1, duration: 2 },
      { pitch: 62, start: 5, duration: 1 },
    ]);
    expect(decoded.totalSteps).toBe(6);
  });

  it('rejects a note that runs past the end of the melody', () => {
    expect(() => melodyToTokens({ ...melody, totalSteps: 5 }, vocab)).toThrow(RangeError);
  });
});

describe('tokens -> MIDI -> melody', () => {
  const melody: Melody = {
    ...timing,
    totalSteps: 20,
    notes: [
      { pitch: 67, start: 2, duration: 3 },
      { pitch: 72, start: 5, duration: 1 },
      { pitch: 48, start: 8, duration: 8 },
      { pitch: 84, start: 19, duration: 1 },
    ],
  };

  it('round-trips melody -> tokens -> MIDI -> melody with tempo and time signature', () => {
    const bytes = tokensToMidi(melodyToTokens(melody, vocab), vocab, timing, { name: 'round trip' });
    const back = importMidi(bytes);
    expect(back.melody).toEqual(melody);
    expect(back.tracks[back.trackIndex].name).toBe('round trip');
    expect(back.warnings).toEqual([]);
  });

  it('round-trips random melodies on several grids, tempos and meters', () => {
    const noteArb = fc.record({
      gap: fc.nat(5),
      duration: fc.integer({ min: 1, max: 12 }),
      pitch: fc.integer({ min: 48, max: 84 }),
    });
    fc.assert(
      fc.property(
        fc.array(noteArb, { minLength: 1, maxLength: 24 }),
        fc.constantFrom(1, 2, 3, 4, 6, 8, 12),
        fc.integer({ min: 40, max: 240 }),
        fc.constantFrom<[number, number]>([4, 4], [3, 4], [6, 8], [5, 4], [2, 2]),
        (raw, stepsPerQuarter, bpm, timeSignature) => {
          let position = 0;
          const notes: MelodyNote[] = raw.map(({ gap, duration, pitch }) => {
            const note = { pitch, start: position + gap, duration };
            position = note.start + duration;
            return note;
          });
          const original: Melody = { stepsPerQuarter, bpm, timeSignature, totalSteps: position, notes };
          const bytes = melodyToMidi(tokensToMelody(melodyToTokens(original, vocab), vocab, original));
          const back = importMidi(bytes, { stepsPerQuarter, trimLeadingSilence: false });
          expect(back.melody).toEqual(original);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it('exports seed + continuation, a leading HOLD extending the seed', () => {
    const seed: Melody = { ...timing, totalSteps: 4, notes: [{ pitch: 60, start: 0, duration: 4 }] };
    const continuation = [HOLD, HOLD, 16, HOLD, REST, 18];
    const both = importMidi(continuationToMidi(seed, continuation, vocab, { includeSeed: true }));
    expect(both.melody.notes).toEqual([
      { pitch: 60, start: 0, duration: 6 },
      { pitch: 62, start: 6, duration: 2 },
      { pitch: 64, start: 9, duration: 1 },
    ]);
    expect(both.bpm).toBe(93);
    expect(both.timeSignature).toEqual([3, 4]);
  });

  it('exports the continuation alone on the bar grid, a leading HOLD becoming silence', () => {
    const seed: Melody = {
      ...timing,
      bpm: 75,
      timeSignature: [6, 8],
      totalSteps: 4,
      notes: [{ pitch: 60, start: 0, duration: 4 }],
    };
    const only = importMidi(
      continuationToMidi(seed, [HOLD, HOLD, 16, HOLD, REST, 18], vocab, { includeSeed: false }),
      {
        trimLeadingSilence: false,
      },
    );
    // The seed ends 4 steps into a 12-step bar: the continuation keeps that place in its bar.
    expect(only.melody.notes).toEqual([
      { pitch: 62, start: 6, duration: 2 },
      { pitch: 64, start: 9, duration: 1 },
    ]);
    expect(only.bpm).toBe(75);
    expect(only.timeSignature).toEqual([6, 8]);
  });
});
