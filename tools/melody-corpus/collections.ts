/** The public-domain ABC collections the folk corpus is made from, where they lie and under what terms. */

/** One collection: a folder of ABC files in the music21 repository's corpus. */
export interface Collection {
  /** Short id, used in the corpus origin and in SOURCES.md. */
  readonly id: string;
  /** The printed book. */
  readonly name: string;
  /** Folder under music21/corpus/. */
  readonly folder: string;
  /** The origin field written for every tune. */
  readonly origin: string;
  /** The licence column of SOURCES.md (short; {@link TRANSCRIPTION_TERMS} explains "music21 corpus terms"). */
  readonly licence: string;
}

/** The music21 repository, whose corpus holds the ABC files. */
export const MUSIC21_REPOSITORY = 'https://github.com/cuthbertLab/music21';

/** The music21 commit the shipped corpus was converted from. */
export const MUSIC21_COMMIT = '3146cb08762979cd6aae7dc95f246144026eb3cd';

/** Under what terms the ABC transcriptions are distributed, written once at the top of SOURCES.md. */
export const TRANSCRIPTION_TERMS =
  "The music of these books is in the public domain (published 1782-1903). The ABC transcriptions were made by volunteers (named in each file's Z: line) and are distributed in the music21 repository's corpus: music21 is BSD-3-Clause, and its corpus/license.txt says the encodings are distributed with the encoders' permission. These folders carry no licence file of their own, and no file in them restricts use, redistribution or processing by software (checked file by file when the corpus was converted). The Essen and Nottingham collections of the same corpus were left out: Essen is licensed for non-commercial use in music21 only, and Nottingham carries no licence.";

/** The collections, in the order they appear in the corpus. */
export const COLLECTIONS: readonly Collection[] = [
  {
    id: 'ryan',
    name: "Ryan's Mammoth Collection (Boston, 1883)",
    folder: 'ryansMammoth',
    origin: "Ryan's Mammoth Collection, Boston 1883",
    licence: 'public domain (1883); transcription: music21 corpus terms',
  },
  {
    id: 'oneill',
    name: "O'Neill's Music of Ireland (Chicago, 1903)",
    folder: 'oneills1850',
    origin: "traditional, Ireland; O'Neill's Music of Ireland, Chicago 1903",
    licence: 'public domain (1903); transcription: music21 corpus terms',
  },
  {
    id: 'aird',
    name: "Aird's Selection of Scotch, English, Irish and Foreign Airs (Glasgow, 1782-1801)",
    folder: 'airdsAirs',
    origin: "Aird's Selection of Scotch, English, Irish and Foreign Airs, Glasgow 1782-1801",
    licence: 'public domain (1782-1801); transcription: music21 corpus terms',
  },
];
