import { LabError, type DatasetKind } from '../core/api';

/** Decides whether bytes are a MIDI file or a CSV, from the file name and the MIDI header. */
export function detectKind(name: string, bytes: Uint8Array): DatasetKind {
  const isMidiHeader = bytes.length >= 4 && bytes[0] === 0x4d && bytes[1] === 0x54 && bytes[2] === 0x68 && bytes[3] === 0x64;
  if (isMidiHeader || /\.(mid|midi|smf)$/i.test(name)) return 'midi';
  return 'csv';
}

/**
 * Parses a file with src/core and returns the JSON summary stored with the dataset. Throws a LabError
 * BAD_INPUT that says what is wrong when the file cannot be used.
 */
export function summarize(kind: DatasetKind, name: string, bytes: Uint8Array): Record<string, unknown> {
  if (bytes.length === 0) throw new LabError('BAD_INPUT', `${name} is empty. Choose a file with data in it.`);
  if (kind === 'csv') {
    const text = new TextDecoder('utf-8').decode(bytes);
    const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '');
    return { rows: Math.max(0, lines.length - 1) };
  }
  return {};
}
