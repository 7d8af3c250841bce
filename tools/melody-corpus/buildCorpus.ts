/**
 * Builds the folk corpus text and its SOURCES.md table from ABC files, deterministically: files in the given order
 * (the caller sorts them), tunes in file order, a tune number seen twice in a collection or the same notes seen twice
 * kept once, repeated titles numbered.
 */
import { convertAbcText } from './abcTunes';
import type { Collection } from './collections';

/** One ABC file of a collection. */
export interface SourceFile {
  readonly collection: Collection;
  /** Path shown in SOURCES.md, e.g. "music21/corpus/oneills1850/0001-0050.abc". */
  readonly path: string;
  readonly text: string;
}

/** One kept tune and where it came from. */
export interface SourceLine {
  readonly title: string;
  readonly collection: string;
  readonly source: string;
  readonly licence: string;
}

/** What {@link buildCorpus} returns. */
export interface BuiltCorpus {
  /** The corpus file (lab format). */
  readonly corpus: string;
  /** One entry per tune of `corpus`, same order. */
  readonly sources: SourceLine[];
  /** Tunes per collection id. */
  readonly kept: Record<string, number>;
  /** Reasons tunes were left out, with counts. */
  readonly skipped: Record<string, number>;
}

const HEADER = [
  '# RNN Lab folk corpus: public-domain tunes converted from ABC transcriptions by tools/melody-corpus.',
  '# Generated file: do not edit; SOURCES.md gives every tune its source file and licence. Format: README.md.',
  '',
];

/** Converts the files into one corpus; the same files in the same order always give the same bytes. */
export function buildCorpus(files: readonly SourceFile[]): BuiltCorpus {
  const parts: string[] = [...HEADER];
  const sources: SourceLine[] = [];
  const kept: Record<string, number> = {};
  const skipped: Record<string, number> = {};
  const seenNumbers = new Set<string>();
  const seenNotes = new Set<string>();
  const titles = new Map<string, number>();
  const skip = (reason: string): void => {
    const label = reason.startsWith('only ') ? `fewer than 16 notes` : reason;
    skipped[label] = (skipped[label] ?? 0) + 1;
  };
  for (const file of files) {
    const tunes = convertAbcText(file.text, () => file.collection.origin);
    for (const tune of tunes) {
      if (!tune.ok) {
        skip(tune.reason);
        continue;
      }
      const numberKey = `${file.collection.id}:${tune.number}`;
      const notes = tune.text.slice(tune.text.indexOf('\nnotes:'));
      if (tune.number && file.collection.id === 'oneill' && seenNumbers.has(numberKey)) {
        skip('same tune number twice');
        continue;
      }
      if (seenNotes.has(notes)) {
        skip('same notes as an earlier tune');
        continue;
      }
      seenNumbers.add(numberKey);
      seenNotes.add(notes);
      const count = (titles.get(tune.title) ?? 0) + 1;
      titles.set(tune.title, count);
      const title = count === 1 ? tune.title : `${tune.title} (${count})`;
      const text = count === 1 ? tune.text : tune.text.replace(/^title: .*$/m, `title: ${title}`);
      parts.push(text);
      sources.push({
        title,
        collection: file.collection.name,
        source: tune.number ? `${file.path} X:${tune.number}` : file.path,
        licence: file.collection.licence,
      });
      kept[file.collection.id] = (kept[file.collection.id] ?? 0) + 1;
    }
  }
  return { corpus: parts.join('\n'), sources, kept, skipped };
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** SOURCES.md: what the corpora are, then one table row per tune (title, collection, source file, licence). */
export function sourcesMarkdown(
  entries: readonly {
    readonly file: string;
    readonly intro: string;
    readonly lines: readonly SourceLine[];
  }[],
): string {
  const out = [
    '# Sources of the melody corpora',
    '',
    'One row per tune of each corpus file, in file order: title, collection, source file and licence.',
    '',
  ];
  for (const entry of entries) {
    out.push(
      `## ${entry.file}`,
      '',
      entry.intro,
      '',
      '| title | collection | source | licence |',
      '|---|---|---|---|',
    );
    for (const line of entry.lines) {
      out.push(
        `| ${cell(line.title)} | ${cell(line.collection)} | ${cell(line.source)} | ${cell(line.licence)} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
