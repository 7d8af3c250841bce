import { DataError } from './errors';

/** Text of a file and how it was read. */
export interface DecodedText {
  text: string;
  encoding: string;
  warnings: string[];
}

const NOT_TEXT =
  'This file is not plain text, so it cannot be a CSV. Open it in its program (for example a spreadsheet) ' +
  'and save or export it as "CSV (comma-separated values)", then import that file.';

function zeroShare(bytes: Uint8Array, parity: 0 | 1, limit: number): number {
  let zeros = 0;
  let total = 0;
  for (let i = parity; i < limit; i += 2) {
    total++;
    if (bytes[i] === 0) zeros++;
  }
  return total === 0 ? 0 : zeros / total;
}

function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', warnings: [] };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return {
      text: new TextDecoder('utf-16le').decode(bytes.subarray(2)),
      encoding: 'utf-16le',
      warnings: [],
    };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return {
      text: new TextDecoder('utf-16be').decode(bytes.subarray(2)),
      encoding: 'utf-16be',
      warnings: [],
    };
  }
  const isZip =
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (isZip) {
    throw new DataError(
      'not-text',
      'This file is a compressed archive (an Excel .xlsx workbook is one), not a CSV. ' +
        'In the spreadsheet choose "Save as" > "CSV (comma-separated values)" and import that file.',
    );
  }
  const limit = Math.min(bytes.length, 4096);
  if (bytes.subarray(0, limit).includes(0)) {
    if (zeroShare(bytes, 1, limit) > 0.4 && zeroShare(bytes, 0, limit) < 0.1) {
      return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le', warnings: [] };
    }
    if (zeroShare(bytes, 0, limit) > 0.4 && zeroShare(bytes, 1, limit) < 0.1) {
      return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be', warnings: [] };
    }
    throw new DataError('not-text', NOT_TEXT);
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', warnings: [] };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      encoding: 'windows-1252',
      warnings: [
        'The file is not valid UTF-8; it was read as Windows-1252 (Western European). Check accented names.',
      ],
    };
  }
}

/**
 * Turns file bytes (or text) into a string: UTF-8 with or without BOM, UTF-16 with BOM or recognisable
 * by its zero bytes, else Windows-1252. Throws DataError `not-text` for binary files (xlsx, images).
 */
export function decodeInput(input: string | Uint8Array | ArrayBuffer): DecodedText {
  let decoded: DecodedText;
  if (typeof input === 'string') decoded = { text: input, encoding: 'utf-16 (text)', warnings: [] };
  else decoded = decodeBytes(input instanceof Uint8Array ? input : new Uint8Array(input));
  let text = decoded.text;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const head = text.slice(0, 4096);
  if (head.includes('\u0000')) throw new DataError('not-text', NOT_TEXT);
  return { ...decoded, text };
}
