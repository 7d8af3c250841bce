import { describe, expect, it } from 'vitest';
import {
  HOLD,
  MAX_SEED_AFFINITY,
  REST,
  applySeedAffinity,
  createVocabulary,
  pitchToToken,
  seedAffinityBias,
  seedPitchClassDistribution,
  softmax,
} from '../../../../src/core/music';
import type { MelodyNote } from '../../../../src/core/music';
import { GenerateSettingsSchema, parseGenerateSettings } from '../../../../src/core/music/melodySettings';

const vocab = createVocabulary();
/** C4 for 6 steps, G4 for 2: the seed's pitch classes are C and G. */
const seed: MelodyNote[] = [
  { pitch: 60, start: 0, duration: 6 },
  { pitch: 67, start: 6, duration: 2 },
];
const C4 = pitchToToken(vocab, 60);
const D4 = pitchToToken(vocab, 62);
const G4 = pitchToToken(vocab, 67);

/** Logits of a model that likes REST, HOLD and every pitch equally. */
const flat = (): Float64Array => new Float64Array(vocab.size);

describe('seed pitch-class distribution', () => {
  it('weights pitch classes by duration with one step added to each', () => {
    const p = seedPitchClassDistribution(seed);
    expect(p[0]).toBeCloseTo(7 / 20, 12);
    expect(p[7]).toBeCloseTo(3 / 20, 12);
    expect(p[2]).toBeCloseTo(1 / 20, 12);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(seedPitchClassDistribution([])).toEqual(new Array(12).fill(1 / 12));
  });
});

describe('seed affinity bias', () => {
  it('is β·ln(12·p) on pitch tokens and 0 on REST and HOLD', () => {
    const bias = seedAffinityBias(seed, vocab, 0.5);
    expect(bias).toHaveLength(vocab.size);
    expect(bias[REST]).toBe(0);
    expect(bias[HOLD]).toBe(0);
    expect(bias[C4]).toBeCloseTo(0.5 * Math.log((12 * 7) / 20), 12);
    expect(bias[pitchToToken(vocab, 72)]).toBeCloseTo(bias[C4], 12);
    expect(bias[D4]).toBeCloseTo(0.5 * Math.log(12 / 20), 12);
  });

  it('reads pitch classes in the key the model samples in', () => {
    // The seed moved up 2 semitones (C to D): the model's D is the seed's C.
    const moved = seedAffinityBias(seed, vocab, 1, 2);
    const plain = seedAffinityBias(seed, vocab, 1);
    expect(moved[D4]).toBeCloseTo(plain[C4], 12);
    expect(moved[pitchToToken(vocab, 69)]).toBeCloseTo(plain[G4], 12);
  });

  it('refuses a strength outside 0-3 with a message that says what to enter', () => {
    for (const bad of [-0.1, MAX_SEED_AFFINITY + 0.5, Number.NaN, Infinity]) {
      expect(() => seedAffinityBias(seed, vocab, bad)).toThrow(
        `Seed affinity must be a number from 0 to ${MAX_SEED_AFFINITY}; 0 turns it off, higher keeps the continuation closer to the seed's pitch classes (got ${bad}).`,
      );
    }
    expect(() => parseGenerateSettings({ seedAffinity: 4 })).toThrow(
      'The generation settings are not valid (seedAffinity: must be a number from 0 to 3; 0 turns it off',
    );
    expect(() => parseGenerateSettings({ seedAffinity: -1 })).toThrow(/seedAffinity/);
    expect(parseGenerateSettings({ seedAffinity: 0 }).seedAffinity).toBe(0);
  });
});

describe('applying seed affinity', () => {
  it('moves probability toward the seed’s pitch classes and leaves REST and HOLD alone', () => {
    const logits = flat();
    logits[REST] = 1.5;
    logits[HOLD] = 0.7;
    logits[D4] = 2;
    const before = softmax(logits);
    const after = softmax(applySeedAffinity(logits, seedAffinityBias(seed, vocab, 1)));
    expect(after[REST]).toBeCloseTo(before[REST], 12);
    expect(after[HOLD]).toBeCloseTo(before[HOLD], 12);
    expect(after[C4]).toBeGreaterThan(before[C4]);
    expect(after[G4]).toBeGreaterThan(before[G4]);
    expect(after[D4]).toBeLessThan(before[D4]);
    // Between two pitches, the odds are multiplied by (p_seed(C) / p_seed(D))^β = 7.
    expect(after[C4] / after[D4]).toBeCloseTo((before[C4] / before[D4]) * 7, 10);
    const pitchMass = (p: Float64Array) => p.slice(2).reduce((a, b) => a + b, 0);
    expect(pitchMass(after)).toBeCloseTo(pitchMass(before), 12);
  });

  it('grows with β: twice the strength squares the odds', () => {
    const once = softmax(applySeedAffinity(flat(), seedAffinityBias(seed, vocab, 1)));
    const twice = softmax(applySeedAffinity(flat(), seedAffinityBias(seed, vocab, 2)));
    expect(twice[C4] / twice[D4]).toBeCloseTo((once[C4] / once[D4]) ** 2, 8);
  });

  it('is the identity at β = 0 and keeps ruled-out tokens out', () => {
    const logits = Float64Array.from({ length: vocab.size }, (_, i) => Math.sin(i));
    logits[G4] = -Infinity;
    expect(applySeedAffinity(logits, seedAffinityBias(seed, vocab, 0))).toEqual(logits);
    expect(applySeedAffinity(logits, seedAffinityBias(seed, vocab, 2))[G4]).toBe(-Infinity);
    const onlyRests = flat().fill(-Infinity);
    onlyRests[REST] = 0;
    expect(applySeedAffinity(onlyRests, seedAffinityBias(seed, vocab, 2))).toEqual(onlyRests);
  });
});

describe('seed affinity in the settings', () => {
  it('defaults to the chosen strength for a new generation', () => {
    expect(GenerateSettingsSchema.parse({}).seedAffinity).toBe(0.5);
  });
});
