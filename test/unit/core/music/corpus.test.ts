import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RANGE,
  MusicError,
  createVocabulary,
  estimateKey,
  melodyToTokens,
  parseKeyName,
  parseMelodyCorpus,
} from '../../../../src/core/music';

const corpusText = readFileSync(
  new URL('../../../../resources/melodies/melodies.txt', import.meta.url),
  'utf8',
);

const tune = (notes: string, meter = '4/4'): string =>
  `title: Test tune\norigin: traditional, nowhere\nkey: C major\ntempo: 90\nmeter: ${meter}\nnotes: ${notes}\n`;

function parseError(text: string, stepsPerQuarter = 4): string {
  try {
    parseMelodyCorpus(text, { stepsPerQuarter });
  } catch (error) {
    if (error instanceof MusicError && error.code === 'bad-corpus') return error.message;
    throw error;
  }
  throw new Error('expected a bad-corpus error');
}

describe('the shipped corpus', () => {
  const tunes = parseMelodyCorpus(corpusText);
  const vocab = createVocabulary();

  it('has at least 40 tunes, each with a title and an origin, no title twice', () => {
    expect(tunes.length).toBeGreaterThanOrEqual(40);
    for (const { title, origin } of tunes) {
      expect(title.length).toBeGreaterThan(2);
      // "traditional, <country> ..." or a composer with a date.
      expect(origin).toMatch(/^traditional\b|\b1\d{3}\b/);
    }
    expect(new Set(tunes.map((t) => t.title)).size).toBe(tunes.length);
  });

  it('keeps every tune in C3-C6 without folding, with a reasonable length', () => {
    for (const { title, melody, foldedNotes } of tunes) {
      expect(foldedNotes, title).toBe(0);
      for (const note of melody.notes) {
        expect(note.pitch, title).toBeGreaterThanOrEqual(DEFAULT_RANGE.low);
        expect(note.pitch, title).toBeLessThanOrEqual(DEFAULT_RANGE.high);
      }
      expect(melody.notes.length, title).toBeGreaterThanOrEqual(16);
      expect(melody.totalSteps, title).toBeGreaterThanOrEqual(48);
      expect(melody.totalSteps, title).toBeLessThanOrEqual(512);
    }
  });

  it('encodes every tune into tokens of the 39-token vocabulary', () => {
    for (const { melody } of tunes) {
      const tokens = melodyToTokens(melody, vocab);
      expect(tokens).toHaveLength(melody.totalSteps);
      expect(Math.max(...tokens)).toBeLessThan(39);
      expect(tokens.some((token) => token >= 2)).toBe(true);
    }
  });

  it('agrees with Krumhansl-Schmuckler on the written key of most major/minor tunes', () => {
    const written = tunes.filter((t) => parseKeyName(t.key) !== null);
    const agreeing = written.filter((t) => {
      const key = parseKeyName(t.key);
      const estimate = estimateKey(t.melody);
      return key !== null && estimate !== null && key.tonic === estimate.tonic && key.mode === estimate.mode;
    });
    expect(written.length).toBeGreaterThanOrEqual(40);
    expect(agreeing.length / written.length).toBeGreaterThanOrEqual(0.8);
  });

  it('reads titles, origins, keys, tempos and meters', () => {
    const ode = tunes.find((t) => t.title === 'Ode to Joy');
    expect(ode).toMatchObject({ key: 'D major', tempo: 120, meter: [4, 4], line: 5 });
    expect(ode?.origin).toContain('Beethoven');
    expect(ode?.melody.notes.slice(0, 4).map((n) => n.pitch)).toEqual([66, 66, 67, 69]);
    const elise = tunes.find((t) => t.title.startsWith('Fur Elise'));
    expect(elise?.meter).toEqual([3, 8]);
  });
});

describe('parseMelodyCorpus', () => {
  it('parses pitches, accidentals, dots, sums, rests and ties into steps', () => {
    const [parsed] = parseMelodyCorpus(tune('G4q | C5h. Bb4e+s F#4s | Rq ~e E4e D4h | ~q C4q', '4/4'));
    expect(parsed.melody.notes).toEqual([
      { pitch: 67, start: 0, duration: 4 },
      { pitch: 72, start: 4, duration: 12 },
      { pitch: 70, start: 16, duration: 3 },
      { pitch: 66, start: 19, duration: 1 },
      { pitch: 64, start: 26, duration: 2 },
      { pitch: 62, start: 28, duration: 12 },
      { pitch: 60, start: 40, duration: 4 },
    ]);
    expect(parsed.melody.totalSteps).toBe(44);
    expect(parsed).toMatchObject({
      title: 'Test tune',
      origin: 'traditional, nowhere',
      tempo: 90,
      meter: [4, 4],
    });
  });

  it('accepts indented continuation lines, comments and several tunes', () => {
    const text = `# comment\n${tune('C4h D4h |\n   E4w |')}\n# another\n${tune('E4q. D4e C4q', '3/4')}`;
    const tunes = parseMelodyCorpus(text);
    expect(tunes).toHaveLength(2);
    expect(tunes[0].melody.notes.map((n) => n.pitch)).toEqual([60, 62, 64]);
    expect(tunes[1].line).toBe(11);
    expect(tunes[1].melody.stepsPerQuarter).toBe(4);
    expect(tunes[1].meter).toEqual([3, 4]);
  });

  it('parses on another grid and folds pitches into the range', () => {
    const [parsed] = parseMelodyCorpus(tune('C2h C7h'), { stepsPerQuarter: 2 });
    expect(parsed.melody.notes).toEqual([
      { pitch: 48, start: 0, duration: 4 },
      { pitch: 84, start: 4, duration: 4 },
    ]);
    expect(parsed.foldedNotes).toBe(2);
  });

  it('says which line and bar is wrong', () => {
    expect(parseError(tune('C4q | C4w D4q | C4h'))).toBe(
      'Line 6 ("Test tune"): bar 2 lasts 20 steps but a 4/4 bar has 16 (only the first and last bar may be shorter).',
    );
    expect(parseError(tune('C4q | C4h | C4w'))).toMatch(/^Line 6 \("Test tune"\): bar 2 lasts 8 steps/);
    expect(parseError(tune('C4q H4q'))).toMatch(
      /^Line 6 \("Test tune"\): "H4q" in bar 1 is not a note; write notes like C4q/,
    );
    expect(parseError(tune('~q C4q'))).toMatch(/a tie "~" needs a note or rest before it/);
    expect(parseError(tune('C4q', '4/5'))).toMatch(/^Line 5 \("Test tune"\): meter must look like 4\/4/);
    expect(parseError(tune('C4q').replace('tempo: 90', 'tempo: fast'))).toMatch(
      /^Line 4 .*tempo must be a number/,
    );
    expect(parseError(tune('C4q').replace('origin: traditional, nowhere\n', ''))).toMatch(
      /the "origin:" field is missing/,
    );
    expect(parseError(`${tune('C4q')}colour: red\n`)).toMatch(/^Line 7: unknown field "colour"/);
    expect(parseError('  C4q\n')).toMatch(/^Line 1: an indented line continues nothing/);
    expect(parseError(tune('Rq Rq'))).toMatch(/the tune has no notes/);
  });

  it('rejects durations that do not fall on the grid', () => {
    expect(parseMelodyCorpus(tune('C4e C4e. C4s'))[0].melody.notes.map((n) => n.duration)).toEqual([2, 3, 1]);
    expect(parseError(tune('C4e C4e. C4s'), 2)).toBe(
      'Line 6 ("Test tune"): duration "e." does not fall on a grid of 2 steps per quarter note.',
    );
  });
});
