import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationCode, formatCorpusTune, parseMelodyCorpus } from '../../../../src/core/music/corpus';
import type { MelodyNote } from '../../../../src/core/music/types';
import { convertAbcText } from '../../../../tools/melody-corpus/abcTunes';
import { buildCorpus, sourcesMarkdown } from '../../../../tools/melody-corpus/buildCorpus';
import { COLLECTIONS } from '../../../../tools/melody-corpus/collections';

const resource = (name: string): string =>
  readFileSync(new URL(`../../../../resources/melodies/${name}`, import.meta.url), 'utf8');

/** Table rows of one section of SOURCES.md: [title, collection, source, licence]. */
function sourceRows(markdown: string, file: string): string[][] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith(`${file}\n`)) ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| title |'))
    .map((line) =>
      line
        .slice(2, -2)
        .split(/ (?<!\\)\| /)
        .map((value) => value.replace(/\\\|/g, '|')),
    );
}

// Written for these tests: a reel in G with a pickup, first and second endings, a grace note, a roll and a slur
// written as a tie between different pitches; a jig in E dorian; a fragment too short to keep.
const ABC = `X:1
T:Test Reel
M:2/4
L:1/16
K:G
|:GA|B2{c}B2 ~A2G2|G2-E2 D4|B2d2 g2fe|[1 d4 c2BA:|[2 d4 B4||
X:2
T:Test Jig
M:6/8
L:1/8
Q:3/8=100
K:Edor
E2F GFE|B2A BAG|F2D DEF|A2B AFD|E2F GFE|B2A BAG|F2D DFA|E3 E2z|
X:3
T:Too Short
M:4/4
L:1/4
K:C
CDEF|G4|
`;

const collection = COLLECTIONS[0];

describe('ABC to the corpus format', () => {
  const converted = convertAbcText(ABC, () => collection.origin);

  it('plays each part once with its written notes: no graces, rolls, repeats or first endings', () => {
    const reel = converted[0];
    expect(reel).toMatchObject({ ok: true, number: '1', title: 'Test Reel', key: 'G major' });
    if (!reel.ok) throw new Error('the reel was left out');
    expect(reel.text).toBe(
      [
        'title: Test Reel',
        "origin: Ryan's Mammoth Collection, Boston 1883",
        'key: G major',
        'tempo: 120',
        'meter: 2/4',
        'notes: G4s A4s | B4e B4e A4e G4e | G4e E4e D4q | B4e D5e G5e F#5s E5s | D5q B4q |',
        '',
      ].join('\n'),
    );
  });

  it('reads modes, compound meters and Q: tempos, and leaves out fragments', () => {
    const jig = converted[1];
    expect(jig).toMatchObject({ ok: true, key: 'E dorian', bars: 8 });
    if (!jig.ok) throw new Error('the jig was left out');
    expect(jig.text).toContain('tempo: 150\nmeter: 6/8\nnotes: E4q F#4e G4e F#4e E4e | B4q A4e');
    expect(converted[2]).toEqual({ ok: false, number: '3', title: 'Too Short', reason: 'only 5 notes' });
    for (const tune of converted) if (tune.ok) expect(parseMelodyCorpus(tune.text)).toHaveLength(1);
  });

  it('is deterministic, keeps a tune once and gives every kept tune a source and licence', () => {
    const files = [
      { collection, path: 'ryansMammoth/a.abc', text: ABC },
      { collection, path: 'ryansMammoth/b.abc', text: ABC },
    ];
    const first = buildCorpus(files);
    const second = buildCorpus(files.map((file) => ({ ...file })));
    expect(second.corpus).toBe(first.corpus);
    expect(first.kept).toEqual({ ryan: 2 });
    expect(first.skipped).toEqual({ 'fewer than 16 notes': 2, 'same notes as an earlier tune': 2 });
    expect(parseMelodyCorpus(first.corpus).map((tune) => tune.title)).toEqual(['Test Reel', 'Test Jig']);
    expect(first.sources.map((line) => line.source)).toEqual([
      'ryansMammoth/a.abc X:1',
      'ryansMammoth/a.abc X:2',
    ]);
    const markdown = sourcesMarkdown([{ file: 'folk.txt', intro: 'Test.', lines: first.sources }]);
    expect(sourceRows(markdown, 'folk.txt')).toEqual(
      first.sources.map((line) => [line.title, line.collection, line.source, line.licence]),
    );
  });
});

describe('formatCorpusTune', () => {
  it('writes the shortest duration codes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 12, 14, 16, 24].map((steps) => durationCode(steps, 4))).toEqual([
      's',
      'e',
      'e.',
      'q',
      'q+s',
      'q.',
      'q.+s',
      'h.',
      'h.+e',
      'w',
      'w+h',
    ]);
    expect(durationCode(2, 2)).toBe('q');
  });

  it('round-trips any melody through the parser, with any pickup and meter', () => {
    const meters = [
      [4, 4],
      [3, 4],
      [6, 8],
      [2, 2],
      [9, 8],
    ] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gap: fc.nat(20),
            duration: fc.integer({ min: 1, max: 40 }),
            pitch: fc.integer({ min: 48, max: 84 }),
          }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.constantFrom(...meters),
        fc.integer({ min: 1, max: 16 }),
        (events, meter, pickup) => {
          const notes: MelodyNote[] = [];
          let at = 0;
          for (const event of events) {
            notes.push({ pitch: event.pitch, start: at + event.gap, duration: event.duration });
            at += event.gap + event.duration;
          }
          const text = formatCorpusTune({
            title: 'T',
            origin: 'o',
            key: 'C major',
            tempo: 100,
            meter,
            notes,
            stepsPerQuarter: 4,
            pickupSteps: pickup,
          });
          const [parsed] = parseMelodyCorpus(text);
          expect(parsed.melody.notes).toEqual(notes);
          expect(parsed.melody.totalSteps).toBe(at);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the shipped corpora', () => {
  const sources = resource('SOURCES.md');

  it('folk.txt has at least 1000 tunes that parse, with unique titles, in C3-C6 after folding', () => {
    const tunes = parseMelodyCorpus(resource('folk.txt'));
    expect(tunes.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(tunes.map((tune) => tune.title)).size).toBe(tunes.length);
    for (const tune of tunes) expect(tune.melody.notes.length, tune.title).toBeGreaterThanOrEqual(16);
  });

  it('SOURCES.md names every tune of both files, in order, with a source and a licence', () => {
    for (const file of ['melodies.txt', 'folk.txt']) {
      const titles = parseMelodyCorpus(resource(file)).map((tune) => tune.title);
      const rows = sourceRows(sources, file);
      expect(rows.map((row) => row[0])).toEqual(titles);
      for (const row of rows) {
        expect(row, row[0]).toHaveLength(4);
        expect(row[2].length, row[0]).toBeGreaterThan(3);
        expect(row[3], row[0]).toMatch(/public.domain/);
      }
    }
  });
});
