import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOLD, REST, createVocabulary, melodyToTokens } from '../../../../src/core/music';
import type { Melody } from '../../../../src/core/music';
import {
  MAX_CONTEXT_STEPS,
  continuationNotes,
  continuationSteps,
  generateVariations,
  parseGenerateSettings,
  seedContext,
} from '../../../../src/core/music/melodyGenerate';
import { buildMelodyModel } from '../../../../src/core/music/melodyModel';
import { continueTokens } from '../../../../src/core/music/melodySampler';
import { LEAD_IN_STEPS } from '../../../../src/core/music/melodyTraining';
import { scalePitchClasses } from '../../../../src/core/music/analysis';
import { transposeMelody } from '../../../../src/core/music/dataset';
import { transposeTokens } from '../../../../src/core/music/keyRelative';

const vocab = createVocabulary();
const waltz: Melody = {
  stepsPerQuarter: 4,
  bpm: 96,
  timeSignature: [3, 4],
  totalSteps: 20,
  notes: [
    { pitch: 67, start: 0, duration: 4 },
    { pitch: 71, start: 4, duration: 4 },
    { pitch: 74, start: 8, duration: 8 },
    { pitch: 72, start: 16, duration: 4 },
  ],
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('generation settings and context', () => {
  it('fills the seed’s last bar, then whole bars', () => {
    expect(continuationSteps(waltz, 2)).toBe(4 + 24);
    expect(continuationSteps({ ...waltz, totalSteps: 24 }, 1)).toBe(12);
  });

  it('feeds a bar of rests and at most the last 256 seed steps, cut at a bar line', () => {
    expect(seedContext(waltz, vocab)).toEqual([
      ...new Array(LEAD_IN_STEPS).fill(REST),
      ...melodyToTokens(waltz, vocab),
    ]);
    const long: Melody = {
      ...waltz,
      timeSignature: [4, 4],
      totalSteps: 400,
      notes: [{ pitch: 60, start: 0, duration: 400 }],
    };
    const context = seedContext(long, vocab);
    expect(context.length - LEAD_IN_STEPS).toBeLessThanOrEqual(MAX_CONTEXT_STEPS);
    expect((400 - (context.length - LEAD_IN_STEPS)) % 16).toBe(0);
  });

  it('rejects settings outside their ranges, naming the field', () => {
    expect(parseGenerateSettings({})).toEqual({
      bars: 8,
      temperature: 1,
      topK: 0,
      topP: 0.95,
      stayInKey: false,
      seedAffinity: 0.5,
      variations: 4,
      seed: 1,
    });
    expect(() => parseGenerateSettings({ topP: 0 })).toThrow(/topP/);
    expect(() => parseGenerateSettings({ bars: 33 })).toThrow(/bars/);
    expect(() => parseGenerateSettings({ temperature: 0.05 })).toThrow(/temperature/);
    expect(() => parseGenerateSettings({ variations: 9 })).toThrow(/variations/);
  });

  it('decodes a continuation after the seed: leading holds extend its last note', () => {
    const { notes, heldSeedSteps } = continuationNotes(waltz, [HOLD, HOLD, REST, 16, HOLD, REST], vocab);
    expect(heldSeedSteps).toBe(2);
    expect(notes).toEqual([{ pitch: 62, start: 23, duration: 2 }]);
    expect(continuationNotes(waltz, [REST, 14], vocab)).toEqual({
      notes: [{ pitch: 60, start: 21, duration: 1 }],
      heldSeedSteps: 0,
    });
  });
});

describe('generateVariations', () => {
  it('gives reproducible variations of the right length with statistics against the seed’s key', () => {
    const model = buildMelodyModel({ units: 8, layers: 1, embeddingSize: 4 }, 3);
    const before = tf.memory().numTensors;
    const settings = { bars: 2, temperature: 1.2, topK: 10, variations: 3, seed: 11 };
    const generation = generateVariations(model, waltz, vocab, settings);
    expect(tf.memory().numTensors).toBe(before);
    expect(generation.steps).toBe(28);
    expect(generation.seedSteps).toBe(20);
    expect(generation.seedKeyName).toMatch(/major|minor/);
    expect(generation.variations).toHaveLength(3);
    for (const v of generation.variations) {
      expect(v.tokens).toHaveLength(28);
      expect(v.notes.every((n) => n.start >= 20 && n.start + n.duration <= 48)).toBe(true);
      expect(v.stats.steps).toBe(28);
      expect(v.stats.logLikelihood).toBeLessThan(0);
      expect(v.stats.meanLogLikelihood).toBeCloseTo(v.stats.logLikelihood / 28, 10);
      expect(v.stats.key).toEqual(generation.seedKey);
    }
    const again = generateVariations(model, waltz, vocab, settings);
    expect(again.variations.map((v) => v.tokens)).toEqual(generation.variations.map((v) => v.tokens));
    const other = generateVariations(model, waltz, vocab, { ...settings, seed: 12 });
    expect(other.variations.map((v) => v.tokens)).not.toEqual(generation.variations.map((v) => v.tokens));
    model.dispose();
  });

  it('reads the seed in the common key and writes the continuation back in the seed’s key', () => {
    const model = buildMelodyModel({ units: 8, layers: 1, embeddingSize: 4 }, 5);
    const settings = { bars: 2, variations: 2, seed: 4 };
    const common = generateVariations(model, waltz, vocab, settings);
    // The waltz is in G major: the model reads it a fifth down (shift -7 is +5), in C major.
    expect(common.seedKey).toEqual({ tonic: 7, mode: 'major' });
    const shifted = transposeMelody(waltz, 5);
    const inC = generateVariations(model, shifted, vocab, settings, { keyHandling: 'any-key' });
    // The same tokens, up to octaves (a pitch moved back below C3 is folded up by an octave).
    const pitchClasses = (tokens: number[]) => tokens.map((t) => (t < 2 ? t : 2 + ((t - 2) % 12)));
    expect(common.variations.map((v) => pitchClasses(transposeTokens(v.tokens, 5, vocab)))).toEqual(
      inC.variations.map((v) => pitchClasses(v.tokens)),
    );
    const prompted = generateVariations(model, waltz, vocab, settings, { keyHandling: 'key-prompt' });
    expect(prompted.variations[0].tokens).toHaveLength(common.variations[0].tokens.length);
    model.dispose();
  });

  it('stays in the seed’s key when asked', () => {
    const model = buildMelodyModel({ units: 8, layers: 1, embeddingSize: 4 }, 6);
    const scale = new Set(scalePitchClasses({ tonic: 7, mode: 'major' }));
    for (const keyHandling of ['common-key', 'any-key'] as const) {
      const generation = generateVariations(
        model,
        waltz,
        vocab,
        { bars: 4, temperature: 2, variations: 4, stayInKey: true },
        { keyHandling },
      );
      const notes = generation.variations.flatMap((v) => v.notes);
      expect(notes.length).toBeGreaterThan(0);
      expect(notes.every((note) => scale.has(note.pitch % 12))).toBe(true);
      expect(
        generation.variations.every((v) => v.stats.inKeyRatio === 1 || v.stats.inKeyRatio === null),
      ).toBe(true);
    }
    model.dispose();
  });

  it('leans toward the seed’s pitch classes with seed affinity, in the key the model reads', () => {
    const model = buildMelodyModel({ units: 8, layers: 1, embeddingSize: 4 }, 6);
    const seedClasses = new Set(waltz.notes.map((note) => note.pitch % 12));
    /** Share of the continuations' sounding steps on one of the seed's pitch classes. */
    const share = (seedAffinity: number): number => {
      // G major is moved up 5 semitones to C major for the model, so the bias must be moved too.
      const generation = generateVariations(
        model,
        waltz,
        vocab,
        { bars: 8, temperature: 1, topP: 1, variations: 8, seedAffinity },
        { keyHandling: 'common-key' },
      );
      const notes = generation.variations.flatMap((v) => v.notes);
      const on = notes.filter((n) => seedClasses.has(n.pitch % 12));
      const steps = (list: typeof notes) => list.reduce((sum, n) => sum + n.duration, 0);
      return steps(on) / steps(notes);
    };
    const off = share(0);
    const strong = share(2);
    // An untrained model spreads over all 12 classes (the seed has 4); β = 2 multiplies a seed class's odds by 25-81.
    expect(off).toBeLessThan(0.5);
    expect(strong).toBeGreaterThan(0.8);
    model.dispose();
  });

  it('samples exactly as without seed affinity at β = 0 (a zero pitch bias changes nothing)', () => {
    const model = buildMelodyModel({ units: 8, layers: 1, embeddingSize: 4 }, 7);
    const context = seedContext(waltz, vocab);
    const options = { steps: 48, temperature: 1, topP: 0.95, seed: 3, variations: 3 };
    const plain = continueTokens(model, context, options);
    const zero = continueTokens(model, context, { ...options, pitchBias: new Float64Array(vocab.size) });
    expect(zero).toEqual(plain);
    const generated = generateVariations(model, waltz, vocab, { seedAffinity: 0, seed: 3 });
    const again = generateVariations(model, waltz, vocab, { seedAffinity: 0, seed: 3 });
    expect(generated.variations.map((v) => v.tokens)).toEqual(again.variations.map((v) => v.tokens));
    expect(
      generateVariations(model, waltz, vocab, { seedAffinity: 1, seed: 3 }).variations.map((v) => v.tokens),
    ).not.toEqual(generated.variations.map((v) => v.tokens));
    model.dispose();
  });

  it('refuses a seed without notes', () => {
    const model = buildMelodyModel({ units: 4, layers: 1, embeddingSize: 4 }, 1);
    expect(() => generateVariations(model, { ...waltz, notes: [], totalSteps: 0 }, vocab, {})).toThrow(
      /no notes/,
    );
    model.dispose();
  });
});
