/**
 * Converts the public-domain ABC collections of a music21 checkout into resources/melodies/folk.txt and writes
 * resources/melodies/SOURCES.md (one row per tune of melodies.txt and folk.txt). Deterministic: files are read in
 * sorted order and nothing depends on the clock.
 *
 *   npx tsx tools/melody-corpus/convert.ts --music21 <music21 checkout at MUSIC21_COMMIT> [--out resources/melodies]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseMelodyCorpus } from '../../src/core/music/corpus';
import { buildCorpus, sourcesMarkdown } from './buildCorpus';
import type { SourceFile } from './buildCorpus';
import { COLLECTIONS, MUSIC21_COMMIT, MUSIC21_REPOSITORY, TRANSCRIPTION_TERMS } from './collections';

/** The ABC files of every collection under `corpusDir` (music21/corpus), sorted by name within a collection. */
export function readSourceFiles(corpusDir: string): SourceFile[] {
  return COLLECTIONS.flatMap((collection) => {
    const folder = path.join(corpusDir, collection.folder);
    return fs
      .readdirSync(folder)
      .filter((name) => name.endsWith('.abc'))
      .sort()
      .map((name) => ({
        collection,
        path: `${collection.folder}/${name}`,
        text: fs.readFileSync(path.join(folder, name), 'latin1'),
      }));
  });
}

function main(): void {
  const { values } = parseArgs({
    options: { music21: { type: 'string' }, out: { type: 'string', default: 'resources/melodies' } },
  });
  if (!values.music21)
    throw new Error('give --music21 <path of a music21 checkout or of its music21/corpus folder>');
  const root = path.resolve(values.music21);
  const corpusDir = fs.existsSync(path.join(root, 'music21', 'corpus'))
    ? path.join(root, 'music21', 'corpus')
    : root;
  const out = path.resolve(values.out);
  const built = buildCorpus(readSourceFiles(corpusDir));
  const own = parseMelodyCorpus(fs.readFileSync(path.join(out, 'melodies.txt'), 'utf8'));
  const tunes = parseMelodyCorpus(built.corpus);
  fs.writeFileSync(path.join(out, 'folk.txt'), built.corpus);
  fs.writeFileSync(
    path.join(out, 'SOURCES.md'),
    sourcesMarkdown([
      {
        file: 'melodies.txt',
        intro:
          "Transcriptions by the RNN Lab authors of public-domain melodies (traditional tunes, or composers who died more than 100 years ago); see README.md. Distributed under the project's licence (MIT).",
        lines: own.map((tune) => ({
          title: tune.title,
          collection: 'RNN Lab transcriptions',
          source: `melodies.txt line ${tune.line} (${tune.origin})`,
          licence: 'public-domain melody; transcription MIT',
        })),
      },
      {
        file: 'folk.txt',
        intro: `Converted by \`tools/melody-corpus\` from the ABC files of ${MUSIC21_REPOSITORY} at commit ${MUSIC21_COMMIT}; the source column is the path under \`music21/corpus/\` and the tune's X: number. ${TRANSCRIPTION_TERMS}`,
        lines: built.sources,
      },
    ]),
  );
  const bytes = Buffer.byteLength(built.corpus);
  process.stdout.write(
    `${tunes.length} tunes (${Object.entries(built.kept)
      .map(([id, n]) => `${id} ${n}`)
      .join(', ')}), ${bytes} bytes; left out: ${JSON.stringify(built.skipped)}\n`,
  );
}

main();
