import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MusicError,
  augmentByTransposition,
  createVocabulary,
  evaluateNGram,
  heldOutSplit,
  melodyToTokens,
  ngramDistribution,
  parseMelodyCorpus,
  tokenWindows,
  trainNGram,
  transposeMelody,
} from '../../../../src/core/music';
import type { Melody } from '../../../../src/core/music';

// Tiny corpus: one sequence a b a b over the vocabulary {a, b, c} = {0, 1, 2}, discount 0.5.
// Bigram counts (with start symbol S): S->a 1, a->b 2, b->a 1. Continuation counts: a 2 (after S, b), b 1, c 0.
// Unigram: P1(w) = max(N(w) - 0.5, 0) / 3 + (0.5 x 2 / 3) x 1/3 -> a 0.61111, b 0.27778, c 0.11111.
const P1 = { a: 1.5 / 3 + 1 / 9, b: 0.5 / 3 + 1 / 9, c: 1 / 9 };

describe('Kneser-Ney n-gram, by hand', () => {
  const bigram = trainNGram([[0, 1, 0, 1]], { vocabSize: 3, order: 2, discount: 0.5 });

  it('interpolates a bigram with the continuation unigram', () => {
    // P(. | a) = max(c - 0.5, 0) / 2 + (0.5 x 1 / 2) x P1.
    const afterA = ngramDistribution(bigram, [0]);
    expect(afterA[0]).toBeCloseTo(0.25 * P1.a, 12);
    expect(afterA[1]).toBeCloseTo(0.75 + 0.25 * P1.b, 12);
    expect(afterA[2]).toBeCloseTo(0.25 * P1.c, 12);
    // At the start: P(a | S) = 0.5 / 1 + (0.5 x 1 / 1) x P1(a).
    expect(ngramDistribution(bigram, [])[0]).toBeCloseTo(0.5 + 0.5 * P1.a, 12);
    // Only the last token matters for a bigram.
    expect(Array.from(ngramDistribution(bigram, [1, 1, 0]))).toEqual(Array.from(afterA));
  });

  it('scores held-out tokens: log-likelihood, perplexity and argmax accuracy', () => {
    const result = evaluateNGram(bigram, [[0, 1, 2]]);
    const logProb = Math.log(0.5 + 0.5 * P1.a) + Math.log(0.75 + 0.25 * P1.b) + Math.log(0.5 * P1.c);
    // P(c | b) = 0 + (0.5 x 1 / 1) x P1(c): b was only followed by a.
    expect(result.tokens).toBe(3);
    expect(result.logProb).toBeCloseTo(logProb, 12);
    expect(result.meanLogProb).toBeCloseTo(logProb / 3, 12);
    expect(result.perplexity).toBeCloseTo(Math.exp(-logProb / 3), 10);
    expect(result.accuracy).toBeCloseTo(2 / 3, 12);
  });

  it('backs off through a trigram', () => {
    // Trigram counts on S S a b a b: (b,a)->b 1. Bigram continuation counts: a->b 2 (from S and b).
    const trigram = trainNGram([[0, 1, 0, 1]], { vocabSize: 3, order: 3, discount: 0.5 });
    const p2 = 1.5 / 2 + 0.25 * P1.b;
    expect(ngramDistribution(trigram, [0, 1, 0])[1]).toBeCloseTo(0.5 + 0.5 * p2, 12);
    // Unseen trigram context (a, a): falls back to the bigram context a.
    expect(ngramDistribution(trigram, [0, 0])[1]).toBeCloseTo(p2, 12);
  });

  it('gives a proper distribution with no zero for any context', () => {
    const model = trainNGram(
      [
        [3, 4, 5, 3, 4, 6],
        [5, 5, 5],
      ],
      { vocabSize: 8 },
    );
    for (const context of [[], [3], [3, 4], [7, 7], [5, 5, 5]]) {
      const distribution = ngramDistribution(model, context);
      expect(distribution.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(Math.min(...distribution)).toBeGreaterThan(0);
    }
  });

  it('rejects a bad order or discount and tokens outside the vocabulary', () => {
    expect(() => trainNGram([[0]], { vocabSize: 3, order: 6 })).toThrow(MusicError);
    expect(() => trainNGram([[0]], { vocabSize: 3, discount: 1.5 })).toThrow(/discount must be in \(0, 1\]/);
    expect(() => trainNGram([[3]], { vocabSize: 3 })).toThrow(RangeError);
  });
});

describe('n-gram baseline on the corpus', () => {
  it('a trigram beats the unigram and the uniform model on held-out tunes', () => {
    const vocab = createVocabulary();
    const tunes = parseMelodyCorpus(
      readFileSync(new URL('../../../../resources/melodies/melodies.txt', import.meta.url), 'utf8'),
    );
    const { train, heldOut } = heldOutSplit(tunes);
    const toTokens = (melodies: readonly Melody[]): number[][] =>
      melodies.map((m) => melodyToTokens(m, vocab));
    const trainTokens = toTokens(augmentByTransposition(train.map((t) => t.melody)));
    const heldOutTokens = toTokens(heldOut.map((t) => t.melody));
    const trigram = evaluateNGram(
      trainNGram(trainTokens, { vocabSize: vocab.size, order: 3 }),
      heldOutTokens,
    );
    const unigram = evaluateNGram(
      trainNGram(trainTokens, { vocabSize: vocab.size, order: 1 }),
      heldOutTokens,
    );
    expect(heldOut).toHaveLength(5);
    expect(trigram.perplexity).toBeLessThan(unigram.perplexity - 0.2);
    expect(trigram.perplexity).toBeLessThan(4);
    expect(trigram.accuracy).toBeGreaterThanOrEqual(unigram.accuracy);
  });
});

describe('held-out split', () => {
  const items = Array.from({ length: 48 }, (_, i) => i);

  it('holds out 10% (rounded, at least one) the same way every time', () => {
    const first = heldOutSplit(items);
    expect(first.heldOut).toHaveLength(5);
    expect(first.train).toHaveLength(43);
    expect([...first.train, ...first.heldOut].sort((a, b) => a - b)).toEqual(items);
    expect(heldOutSplit(items)).toEqual(first);
    expect(heldOutSplit(items, 0.1, 99).heldOut).not.toEqual(first.heldOut);
    expect(heldOutSplit(items.slice(0, 4)).heldOut).toHaveLength(1);
    expect(heldOutSplit([1]).heldOut).toHaveLength(0);
  });

  it('keeps the original order inside each part', () => {
    const { train, heldOut } = heldOutSplit(items, 0.25);
    expect(heldOut).toHaveLength(12);
    expect(train).toEqual([...train].sort((a, b) => a - b));
    expect(heldOut).toEqual([...heldOut].sort((a, b) => a - b));
  });

  it('rejects a fraction outside [0, 1)', () => {
    expect(() => heldOutSplit(items, 1)).toThrow(/held-out fraction/);
  });
});

describe('transposition augmentation', () => {
  const melody: Melody = {
    stepsPerQuarter: 4,
    bpm: 100,
    timeSignature: [4, 4],
    totalSteps: 8,
    notes: [
      { pitch: 60, start: 0, duration: 4 },
      { pitch: 83, start: 4, duration: 4 },
    ],
  };

  it('shifts every pitch and folds into C3-C6', () => {
    expect(transposeMelody(melody, 3).notes.map((n) => n.pitch)).toEqual([63, 74]);
    expect(transposeMelody(melody, -5).notes.map((n) => n.pitch)).toEqual([55, 78]);
    expect(
      transposeMelody({ ...melody, notes: [{ pitch: 50, start: 0, duration: 1 }] }, -5).notes[0].pitch,
    ).toBe(57);
    expect(transposeMelody(melody, 3).notes[1]).toEqual({ pitch: 74, start: 4, duration: 4 });
  });

  it('makes 12 versions of each melody, -5 to +6', () => {
    const augmented = augmentByTransposition([melody, melody]);
    expect(augmented).toHaveLength(24);
    expect(augmented.slice(0, 12).map((m) => m.notes[0].pitch)).toEqual([
      55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66,
    ]);
  });
});

describe('token windows', () => {
  it('pairs each window with the next tokens', () => {
    expect(
      tokenWindows(
        [
          [1, 2, 3, 4, 5, 6],
          [7, 8],
        ],
        3,
        2,
      ),
    ).toEqual({
      inputs: [
        [1, 2, 3],
        [3, 4, 5],
      ],
      targets: [
        [2, 3, 4],
        [4, 5, 6],
      ],
    });
  });
});
