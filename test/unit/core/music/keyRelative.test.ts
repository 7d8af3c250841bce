import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateKey, pitchClassSimilarity, scalePitchClasses } from '../../../../src/core/music/analysis';
import { parseMelodyCorpus } from '../../../../src/core/music/corpus';
import {
  COMMON_TONIC,
  commonKeyShift,
  keyLeadIn,
  keyTokenMask,
  toCommonKey,
  transposeTokens,
} from '../../../../src/core/music/keyRelative';
import { melodyToTokens } from '../../../../src/core/music/tokens';
import type { Melody } from '../../../../src/core/music/types';
import { HOLD, REST, createVocabulary, pitchToToken } from '../../../../src/core/music/vocabulary';

const vocab = createVocabulary();
const corpus = parseMelodyCorpus(
  readFileSync(new URL('../../../../resources/melodies/melodies.txt', import.meta.url), 'utf8'),
);
const tune = (title: string): Melody => {
  const found = corpus.find((t) => t.title === title);
  if (!found) throw new Error(`no tune ${title}`);
  return found.melody;
};

describe('key detection on known tunes', () => {
  it.each([
    ['Ode to Joy', 2, 'major'],
    ['Twinkle, Twinkle, Little Star', 0, 'major'],
    ['Frere Jacques', 5, 'major'],
    ['Amazing Grace', 7, 'major'],
    ['Greensleeves', 9, 'minor'],
  ] as const)('%s is in its written key', (title, tonic, mode) => {
    expect(estimateKey(tune(title))).toMatchObject({ tonic, mode });
  });
});

describe('the common key', () => {
  it('moves every tonic to C major or A minor by the smallest shift', () => {
    for (let tonic = 0; tonic < 12; tonic += 1) {
      for (const mode of ['major', 'minor'] as const) {
        const shift = commonKeyShift({ tonic, mode });
        expect(shift).toBeGreaterThanOrEqual(-5);
        expect(shift).toBeLessThanOrEqual(6);
        expect((((tonic + shift) % 12) + 12) % 12).toBe(COMMON_TONIC[mode]);
      }
    }
    expect(commonKeyShift({ tonic: 2, mode: 'major' })).toBe(-2);
    expect(commonKeyShift({ tonic: 7, mode: 'minor' })).toBe(2);
  });

  it('moves Ode to Joy (D major) down a tone, and the estimated key follows', () => {
    const moved = toCommonKey(tune('Ode to Joy'));
    expect(moved.shift).toBe(-2);
    expect(moved.key).toEqual({ tonic: 2, mode: 'major' });
    expect(moved.melody.notes.slice(0, 4).map((n) => n.pitch)).toEqual([64, 64, 65, 67]);
    expect(estimateKey(moved.melody)).toMatchObject({ tonic: 0, mode: 'major' });
    expect(toCommonKey(tune('Greensleeves')).shift).toBe(0);
  });

  it('round-trips: tokens moved to the common key and back are the original ones', () => {
    for (const { melody, title } of corpus) {
      const moved = toCommonKey(melody);
      const back = transposeTokens(melodyToTokens(moved.melody, vocab), -moved.shift, vocab);
      expect(back, title).toEqual(melodyToTokens(melody, vocab));
    }
  });

  it('transposeTokens keeps rests and holds and inverts itself inside the range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: vocab.size - 1 }), { maxLength: 50 }),
        fc.integer({ min: -6, max: 6 }),
        (tokens, shift) => {
          const moved = transposeTokens(tokens, shift, vocab);
          moved.forEach((token, i) => expect(token < 2).toBe(tokens[i] < 2));
          const inside = tokens.every((t) => t < 2 || (t - 2 + shift >= 0 && t - 2 + shift <= 36));
          if (inside) expect(transposeTokens(moved, -shift, vocab)).toEqual(tokens);
        },
      ),
    );
  });

  it('prompts a key with its tonic triad and masks the pitches outside its scale', () => {
    const prompt = keyLeadIn({ tonic: 9, mode: 'minor' }, vocab);
    expect(prompt).toHaveLength(16);
    expect(prompt.slice(0, 4)).toEqual([pitchToToken(vocab, 69), HOLD, HOLD, HOLD]);
    expect(prompt[4]).toBe(pitchToToken(vocab, 72));
    expect(prompt[8]).toBe(pitchToToken(vocab, 76));
    expect(prompt.slice(12)).toEqual([REST, REST, REST, REST]);
    expect(keyLeadIn(null, vocab)).toEqual(new Array(16).fill(REST));
    const mask = keyTokenMask({ tonic: 0, mode: 'major' }, vocab);
    expect(mask.slice(0, 2)).toEqual([true, true]);
    expect(mask[pitchToToken(vocab, 60)]).toBe(true);
    expect(mask[pitchToToken(vocab, 61)]).toBe(false);
    expect(mask.filter(Boolean)).toHaveLength(2 + 22);
    expect(scalePitchClasses({ tonic: 9, mode: 'minor' })).toContain(8);
  });
});

describe('pitchClassSimilarity', () => {
  it('is 1 for the same mix, 0 for disjoint pitch classes, and weighs by duration', () => {
    const a = [
      { pitch: 60, start: 0, duration: 2 },
      { pitch: 64, start: 2, duration: 2 },
    ];
    expect(
      pitchClassSimilarity(a, [
        { pitch: 72, start: 0, duration: 1 },
        { pitch: 52, start: 1, duration: 1 },
      ]),
    ).toBe(1);
    expect(pitchClassSimilarity(a, [{ pitch: 61, start: 0, duration: 4 }])).toBe(0);
    expect(pitchClassSimilarity(a, [{ pitch: 60, start: 0, duration: 4 }])).toBeCloseTo(0.5, 12);
    expect(pitchClassSimilarity(a, [])).toBeNull();
  });
});
