import { LabError, UserError, type DatasetKind } from '../core/api';
import { isDataError, parseCsv, summarizeTable, type Table } from '../core/data';
import { importMidi, isMusicError } from '../core/music';

/** Decides whether bytes are a MIDI file or a CSV, from the MIDI header and then the file name. */
export function detectKind(name: string, bytes: Uint8Array): DatasetKind {
  const isMidiHeader =
    bytes.length >= 4 && bytes[0] === 0x4d && bytes[1] === 0x54 && bytes[2] === 0x68 && bytes[3] === 0x64;
  if (isMidiHeader || /\.(mid|midi|smf)$/i.test(name)) return 'midi';
  return 'csv';
}

/** The JSON summary stored with a CSV dataset, from its parsed table. */
export function tableSummary(table: Table): Record<string, unknown> {
  const { preview, ...summary } = summarizeTable(table);
  return { ...summary, preview: preview.slice(0, 5) };
}

function midiSummary(bytes: Uint8Array): Record<string, unknown> {
  const midi = importMidi(bytes);
  return {
    format: midi.format,
    bpm: midi.bpm,
    timeSignature: midi.timeSignature,
    tracks: midi.tracks,
    trackIndex: midi.trackIndex,
    notes: midi.melody.notes.length,
    durationSeconds: midi.durationSeconds,
    warnings: midi.warnings,
  };
}

function userError(name: string, error: unknown): unknown {
  // the file's name goes in front; the domain code (too-many-columns, not-midi...) travels on as the reason
  if (isDataError(error) || isMusicError(error))
    return new UserError(error.code, `${name}: ${error.message}`, error.field, 'BAD_INPUT');
  return error;
}

function checkNotEmpty(name: string, bytes: Uint8Array): void {
  if (bytes.length === 0) throw new LabError('BAD_INPUT', `${name} is empty. Choose a file with data in it.`);
}

/**
 * Parses a file with src/core and returns the JSON summary stored with the dataset. Throws LabError BAD_INPUT, with
 * a message that says what is wrong and what to do, when the file cannot be used. Imports run it in a worker
 * thread (hostThread.ts); the bundled samples run it inline, inside their transaction.
 */
export function summarizeSync(kind: DatasetKind, name: string, bytes: Uint8Array): Record<string, unknown> {
  checkNotEmpty(name, bytes);
  try {
    return kind === 'csv' ? tableSummary(parseCsv(bytes)) : midiSummary(bytes);
  } catch (error) {
    throw userError(name, error);
  }
}
