import { describe, expect, it } from 'vitest';
import {
  KRUMHANSL_MAJOR,
  KRUMHANSL_MINOR,
  createVocabulary,
  estimateKey,
  estimateKeyFromHistogram,
  keyName,
  melodyStats,
  parseKeyName,
  perplexityFromLogProb,
  pitchClassHistogram,
  scalePitchClasses,
  sumLogProb,
  tokenStats,
} from '../../../../src/core/music';
import type { Melody } from '../../../../src/core/music';

const vocab = createVocabulary();
const line = (pitches: number[], duration = 4, stepsPerQuarter = 4): Melody => ({
  stepsPerQuarter,
  bpm: 120,
  timeSignature: [4, 4],
  totalSteps: pitches.length * duration,
  notes: pitches.map((pitch, i) => ({ pitch, start: i * duration, duration })),
});

describe('Krumhansl-Schmuckler key estimation', () => {
  it('finds C major for a C major scale, correlation 0.9014, A minor next-best minor at 0.7563', () => {
    const estimate = estimateKey(line([60, 62, 64, 65, 67, 69, 71, 72]));
    expect(estimate?.name).toBe('C major');
    expect(estimate?.correlation).toBeCloseTo(0.901352, 5);
    expect(estimate?.ranking).toHaveLength(24);
    const aMinor = estimate?.ranking.find((k) => k.name === 'A minor');
    expect(aMinor?.correlation).toBeCloseTo(0.756305, 5);
  });

  it('finds A minor for a tune in A minor with its raised leading tone', () => {
    // A B C B A G# A E | A C E D C B A — quarter notes, last held.
    const tune = line([69, 71, 72, 71, 69, 68, 69, 64, 69, 72, 76, 74, 72, 71, 69]);
    const estimate = estimateKey(tune);
    expect(estimate).toMatchObject({ tonic: 9, mode: 'minor', name: 'A minor' });
    expect(estimate?.ranking[1].name).not.toBe('A minor');
  });

  it('weights pitch classes by duration', () => {
    expect(pitchClassHistogram(line([60, 64, 72], 3).notes)).toEqual([6, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0]);
    // Mostly D and A with F: D minor; the same notes with a long F#: D major.
    const dMinor = {
      notes: [
        { pitch: 62, start: 0, duration: 8 },
        { pitch: 65, start: 8, duration: 4 },
        { pitch: 69, start: 12, duration: 4 },
      ],
    };
    expect(estimateKey(dMinor)?.name).toBe('D minor');
    const dMajor = {
      notes: [...dMinor.notes.filter((n) => n.pitch !== 65), { pitch: 66, start: 8, duration: 4 }],
    };
    expect(estimateKey(dMajor)?.name).toBe('D major');
  });

  it('returns correlation 1 for a histogram shaped like a rotated profile', () => {
    const dMinorProfile = KRUMHANSL_MINOR.map((_, pc) => KRUMHANSL_MINOR[(pc - 2 + 12) % 12]);
    const estimate = estimateKeyFromHistogram(dMinorProfile);
    expect(estimate?.name).toBe('D minor');
    expect(estimate?.correlation).toBeCloseTo(1, 10);
  });

  it('returns null without notes', () => {
    expect(estimateKey({ notes: [] })).toBeNull();
  });

  it('names every key the way musicians spell it, and reads each name back', () => {
    const majors = Array.from({ length: 12 }, (_, tonic) => keyName({ tonic, mode: 'major' }));
    const minors = Array.from({ length: 12 }, (_, tonic) => keyName({ tonic, mode: 'minor' }));
    expect(majors).toEqual(
      ['C', 'D♭', 'D', 'E♭', 'E', 'F', 'F♯', 'G', 'A♭', 'A', 'B♭', 'B'].map((t) => `${t} major`),
    );
    expect(minors).toEqual(
      ['C', 'C♯', 'D', 'E♭', 'E', 'F', 'F♯', 'G', 'G♯', 'A', 'B♭', 'B'].map((t) => `${t} minor`),
    );
    for (const mode of ['major', 'minor'] as const)
      for (let tonic = 0; tonic < 12; tonic++)
        expect(parseKeyName(keyName({ tonic, mode }))).toEqual({ tonic, mode });
    // The key a melody in E-flat is estimated in carries the flat spelling too.
    const eFlatProfile = KRUMHANSL_MINOR.map((_, pc) => KRUMHANSL_MAJOR[(pc - 3 + 12) % 12]);
    expect(estimateKeyFromHistogram(eFlatProfile)?.name).toBe('E♭ major');
  });

  it('parses key names and lists scale pitch classes (minor with its leading tone)', () => {
    expect(parseKeyName('F# major')).toEqual({ tonic: 6, mode: 'major' });
    expect(parseKeyName('Bb minor')).toEqual({ tonic: 10, mode: 'minor' });
    expect(parseKeyName('D dorian')).toBeNull();
    expect(scalePitchClasses({ tonic: 7, mode: 'major' })).toEqual([7, 9, 11, 0, 2, 4, 6]);
    expect(scalePitchClasses({ tonic: 9, mode: 'minor' })).toEqual([9, 11, 0, 2, 4, 5, 7, 8]);
  });
});

describe('melodyStats', () => {
  // C4 for 4 steps, E4 for 2, rest 2, F#4 for 2, rest 2: 12 steps.
  const melody: Melody = {
    stepsPerQuarter: 4,
    bpm: 120,
    timeSignature: [4, 4],
    totalSteps: 12,
    notes: [
      { pitch: 60, start: 0, duration: 4 },
      { pitch: 64, start: 4, duration: 2 },
      { pitch: 66, start: 8, duration: 2 },
    ],
  };

  it('measures range, in-key share of sounding steps, 4-gram variety and rests by hand', () => {
    expect(melodyStats(melody, vocab, { tonic: 0, mode: 'major' })).toEqual({
      steps: 12,
      noteCount: 3,
      lowest: 60,
      highest: 66,
      rangeSemitones: 6,
      key: { tonic: 0, mode: 'major' },
      inKeyRatio: 6 / 8,
      distinct4gramRatio: 1,
      restRatio: 4 / 12,
    });
  });

  it('judges the in-key ratio against the key it is given (e.g. the seed key)', () => {
    expect(melodyStats(melody, vocab, { tonic: 7, mode: 'major' }).inKeyRatio).toBe(8 / 8);
    expect(melodyStats(melody, vocab, { tonic: 10, mode: 'major' }).inKeyRatio).toBe(4 / 8);
  });

  it('counts repeated 4-grams', () => {
    // Six repeated C4 steps: tokens 14 x 6, three 4-grams, one distinct.
    expect(melodyStats(line([60, 60, 60, 60, 60, 60], 1, 1), vocab).distinct4gramRatio).toBeCloseTo(
      1 / 3,
      12,
    );
    // C4 held 2 steps, twice, then D4 2 steps: 14 1 14 1 16 1 -> 3 distinct of 3.
    expect(melodyStats(line([60, 60, 62], 2), vocab).distinct4gramRatio).toBe(1);
  });

  it('uses its own estimated key by default and handles silence', () => {
    const scale = line([60, 62, 64, 65, 67, 69, 71, 72]);
    expect(melodyStats(scale, vocab)).toMatchObject({
      key: { tonic: 0, mode: 'major' },
      inKeyRatio: 1,
      restRatio: 0,
    });
    const silent = melodyStats({ ...melody, notes: [], totalSteps: 3 }, vocab);
    expect(silent).toMatchObject({
      lowest: null,
      highest: null,
      rangeSemitones: null,
      inKeyRatio: null,
      restRatio: 1,
      distinct4gramRatio: null,
    });
  });

  it('computes the same statistics from tokens', () => {
    const tokens = [14, 1, 1, 1, 18, 1, 0, 0, 20, 1, 0, 0];
    expect(tokenStats(tokens, vocab, { tonic: 0, mode: 'major' })).toEqual(
      melodyStats(melody, vocab, { tonic: 0, mode: 'major' }),
    );
  });
});

describe('sumLogProb', () => {
  it('sums ln p(target) over steps', () => {
    const probabilities = [
      [0.5, 0.25, 0.25],
      [0.1, 0.9, 0],
    ];
    expect(sumLogProb(probabilities, [0, 1])).toBeCloseTo(Math.log(0.5) + Math.log(0.9), 12);
    expect(sumLogProb([new Float32Array([0.2, 0.8])], [1])).toBeCloseTo(Math.log(0.8), 6);
  });

  it('floors zero probabilities at 1e-12 instead of returning -Infinity', () => {
    expect(sumLogProb([[1, 0]], [1])).toBeCloseTo(Math.log(1e-12), 9);
  });

  it('rejects mismatched lengths and targets outside the vector', () => {
    expect(() => sumLogProb([[1]], [0, 0])).toThrow(RangeError);
    expect(() => sumLogProb([[1]], [1])).toThrow(RangeError);
  });

  it('gives perplexity from the sum', () => {
    expect(perplexityFromLogProb(2 * Math.log(0.25), 2)).toBeCloseTo(4, 12);
  });
});
