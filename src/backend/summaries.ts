import { LabError, type DatasetKind } from '../core/api';
import { isDataError, parseCsv, summarizeTable } from '../core/data';
import { importMidi, isMusicError } from '../core/music';

/** Decides whether bytes are a MIDI file or a CSV, from the MIDI header and then the file name. */
export function detectKind(name: string, bytes: Uint8Array): DatasetKind {
  const isMidiHeader = bytes.length >= 4 && bytes[0] === 0x4d && bytes[1] === 0x54 && bytes[2] === 0x68 && bytes[3] === 0x64;
  if (isMidiHeader || /\.(mid|midi|smf)$/i.test(name)) return 'midi';
  return 'csv';
}

/**
 * Parses a file with src/core and returns the JSON summary stored with the dataset. Throws LabError
 * BAD_INPUT, with a message that says what is wrong and what to do, when the file cannot be used.
 */
export function summarize(kind: DatasetKind, name: string, bytes: Uint8Array): Record<string, unknown> {
  if (bytes.length === 0) throw new LabError('BAD_INPUT', `${name} is empty. Choose a file with data in it.`);
  try {
    if (kind === 'csv') {
      const { preview: _preview, ...summary } = summarizeTable(parseCsv(bytes));
      return { ...summary, preview: _preview.slice(0, 5) };
    }
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
  } catch (error) {
    if (isDataError(error) || isMusicError(error)) throw new LabError('BAD_INPUT', `${name}: ${error.message}`);
    throw error;
  }
}
