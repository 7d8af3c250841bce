import { describe, expect, it } from 'vitest';
import {
  MusicError,
  argmax,
  deriveSeed,
  mulberry32,
  sampleFromLogits,
  sampleFromProbabilities,
  softmax,
  topKLogits,
  topPProbabilities,
} from '../../../../src/core/music';
import type { Random } from '../../../../src/core/music';

const fixed =
  (value: number): Random =>
  () =>
    value;
const never: Random = () => {
  throw new Error('random must not be called');
};

describe('mulberry32', () => {
  it('reproduces the same stream for the same seed and differs for another', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, c)).not.toEqual(first);
  });

  it('is uniform on [0, 1)', () => {
    const random = mulberry32(7);
    const values = Array.from({ length: 20_000 }, random);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    const lowTenth = values.filter((v) => v < 0.1).length / values.length;
    expect(lowTenth).toBeGreaterThan(0.09);
    expect(lowTenth).toBeLessThan(0.11);
  });

  it('derives distinct, stable seeds per variation', () => {
    expect(deriveSeed(1, 0)).toBe(deriveSeed(1, 0));
    expect(new Set([0, 1, 2, 3].map((i) => deriveSeed(1, i))).size).toBe(4);
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(2, 0));
  });
});

describe('softmax and argmax', () => {
  const logits = [0, Math.log(2), Math.log(3)];

  it('normalizes exp(logits / temperature)', () => {
    expect(Array.from(softmax(logits))).toEqual([1 / 6, 2 / 6, 3 / 6].map((p) => expect.closeTo(p, 12)));
    expect(Array.from(softmax(logits, 0.5))).toEqual(
      [1 / 14, 4 / 14, 9 / 14].map((p) => expect.closeTo(p, 12)),
    );
    expect(Array.from(softmax([1000, 1000]))).toEqual([0.5, 0.5]);
  });

  it('argmax returns the first largest index', () => {
    expect(argmax([1, 3, 3, 2])).toBe(1);
    expect(argmax(new Float32Array([-5, -1, -2]))).toBe(1);
  });

  it('top-k keeps the k largest logits', () => {
    expect(Array.from(topKLogits([3, 1, 2, 0], 2))).toEqual([3, -Infinity, 2, -Infinity]);
    expect(Array.from(topKLogits([3, 1], 0))).toEqual([3, 1]);
  });
});

describe('sampleFromLogits', () => {
  const logits = [0, Math.log(2), Math.log(3)]; // probabilities 1/6, 2/6, 3/6

  it('draws by the cumulative distribution', () => {
    expect(sampleFromLogits(logits, { temperature: 1, random: fixed(0.1) })).toBe(0);
    expect(sampleFromLogits(logits, { temperature: 1, random: fixed(0.4) })).toBe(1);
    expect(sampleFromLogits(logits, { temperature: 1, random: fixed(0.51) })).toBe(2);
    // Temperature 0.5 sharpens to 1/14, 4/14, 9/14: 0.3 now falls on token 1, 0.36 on token 2.
    expect(sampleFromLogits(logits, { temperature: 0.5, random: fixed(0.3) })).toBe(1);
    expect(sampleFromLogits(logits, { temperature: 0.5, random: fixed(0.36) })).toBe(2);
  });

  it('is argmax near temperature 0, without drawing', () => {
    expect(sampleFromLogits([0.1, 2, 1.99], { temperature: 0, random: never })).toBe(1);
    expect(sampleFromLogits([0.1, 2, 1.99], { temperature: 0.01, random: never })).toBe(1);
  });

  it('never draws outside the top k', () => {
    const random = mulberry32(3);
    const seen = new Set(
      Array.from({ length: 500 }, () =>
        sampleFromLogits([3, 2.9, 0, 2.8], { temperature: 2, topK: 2, random }),
      ),
    );
    expect([...seen].sort()).toEqual([0, 1]);
    expect(sampleFromLogits([1, 5, 2], { temperature: 2, topK: 1, random: fixed(0.99) })).toBe(1);
  });

  it('matches the distribution over many draws', () => {
    const random = mulberry32(11);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i += 1) counts[sampleFromLogits(logits, { temperature: 1, random })] += 1;
    expect(counts.map((c) => c / 30_000)).toEqual([1 / 6, 2 / 6, 3 / 6].map((p) => expect.closeTo(p, 1.5)));
    expect(Math.abs(counts[0] / 30_000 - 1 / 6)).toBeLessThan(0.01);
    expect(Math.abs(counts[2] / 30_000 - 1 / 2)).toBeLessThan(0.01);
  });

  it('reproduces a sequence from a fixed seed', () => {
    const draw = (seed: number): number[] => {
      const random = mulberry32(seed);
      return Array.from({ length: 50 }, () => sampleFromLogits(logits, { temperature: 1.3, random }));
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
  });

  it('rejects a temperature outside 0-2 and a bad top-k', () => {
    const bad = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        if (error instanceof MusicError && error.code === 'invalid-option') return error.message;
      }
      return 'no error';
    };
    expect(bad(() => sampleFromLogits(logits, { temperature: 2.5, random: fixed(0) }))).toMatch(
      /^Temperature must be between 0 and 2 \(got 2\.5\)/,
    );
    expect(bad(() => sampleFromLogits(logits, { temperature: -1, random: fixed(0) }))).toMatch(/got -1/);
    expect(bad(() => sampleFromLogits(logits, { temperature: 1, topK: 1.5, random: fixed(0) }))).toMatch(
      /^Top-k must be a whole number/,
    );
    expect(bad(() => sampleFromLogits(logits, { temperature: 1, topP: 0, random: fixed(0) }))).toMatch(
      /^Top-p must be above 0 and at most 1 \(got 0\)/,
    );
  });

  it('top-p keeps the most likely tokens until they add up to p', () => {
    const p = Float64Array.from([0.5, 0.1, 0.3, 0.1]);
    expect(Array.from(topPProbabilities(p, 0.75))).toEqual([0.5 / 0.8, 0, 0.3 / 0.8, 0]);
    expect(Array.from(topPProbabilities(p, 0.5))).toEqual([1, 0, 0, 0]);
    expect(topPProbabilities(p, 1)).toBe(p);
    const logits = Array.from(p, Math.log);
    // With p = 0.75 only tokens 0 and 2 remain: a draw past 0.625 lands on 2, never on 3.
    expect(sampleFromLogits(logits, { temperature: 1, topP: 0.75, random: fixed(0.99) })).toBe(2);
    expect(sampleFromLogits(logits, { temperature: 1, random: fixed(0.99) })).toBe(3);
  });
});

describe('sampleFromProbabilities', () => {
  it('applies temperature as p^(1/T)', () => {
    // [0.2, 0.8] at T=0.5 -> [0.04, 0.64] / 0.68 = [0.0588, 0.9412].
    expect(sampleFromProbabilities([0.2, 0.8], { temperature: 1, random: fixed(0.1) })).toBe(0);
    expect(sampleFromProbabilities([0.2, 0.8], { temperature: 0.5, random: fixed(0.05) })).toBe(0);
    expect(sampleFromProbabilities([0.2, 0.8], { temperature: 0.5, random: fixed(0.1) })).toBe(1);
  });

  it('never samples a zero-probability token, even at high temperature', () => {
    expect(sampleFromProbabilities([0, 1, 0], { temperature: 2, random: fixed(0.999) })).toBe(1);
    expect(sampleFromProbabilities([0.5, 0.5, 0], { temperature: 2, random: fixed(0.9999) })).toBe(1);
  });
});
