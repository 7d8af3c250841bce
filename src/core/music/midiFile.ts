import * as toneMidi from '@tonejs/midi';
import { MusicError } from './errors';

/** The @tonejs/midi `Midi` class (its type). */
export type ToneMidi = toneMidi.Midi;
type ToneMidiClass = typeof toneMidi.Midi;

// @tonejs/midi ships CommonJS: bundlers expose `Midi` as a named export, plain Node ESM only on `default`.
const namespace = toneMidi as unknown as { Midi?: ToneMidiClass; default?: { Midi?: ToneMidiClass } };
const MidiClass: ToneMidiClass | undefined = namespace.Midi ?? namespace.default?.Midi;

/** The @tonejs/midi `Midi` constructor, whichever way the module system exposed it. */
export function midiClass(): ToneMidiClass {
  if (!MidiClass) throw new Error('@tonejs/midi did not expose a Midi class');
  return MidiClass;
}

/** What the chunk structure of a Standard MIDI File says about itself. */
export interface MidiFileLayout {
  /** 0 (one track), 1 (parallel tracks) or 2 (independent patterns). */
  readonly format: number;
  /** Track chunks declared in the header. */
  readonly declaredTracks: number;
  /** Ticks per quarter note. */
  readonly ppq: number;
}

const text = (bytes: Uint8Array, at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
const u32 = (bytes: Uint8Array, at: number): number =>
  ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3];
const u16 = (bytes: Uint8Array, at: number): number => (bytes[at] << 8) + bytes[at + 1];

/**
 * Checks the chunk structure of a Standard MIDI File before parsing it: the "MThd" header, and that every
 * declared "MTrk" chunk is present and complete. Throws a MusicError ('not-midi', 'truncated', 'invalid-midi').
 */
export function checkMidiLayout(bytes: Uint8Array): MidiFileLayout {
  if (bytes.length === 0) {
    throw new MusicError('not-midi', 'The file is empty. Choose a Standard MIDI File (.mid or .midi).');
  }
  const magic = 'MThd';
  const head = text(bytes, 0);
  if (head !== magic.slice(0, head.length) || (bytes.length >= 4 && head !== magic)) {
    throw new MusicError(
      'not-midi',
      'This is not a MIDI file: it does not start with the "MThd" header. Choose a Standard MIDI File (.mid or .midi).',
    );
  }
  if (bytes.length < 14) {
    throw new MusicError(
      'truncated',
      `The MIDI file is truncated: it ends after ${bytes.length} bytes, inside its 14-byte header. Export or download it again.`,
    );
  }
  const headerLength = u32(bytes, 4);
  const format = u16(bytes, 8);
  const declaredTracks = u16(bytes, 10);
  const division = u16(bytes, 12);
  if (declaredTracks === 0) {
    throw new MusicError(
      'no-notes',
      'The MIDI file has no tracks, so no notes. Choose a file that contains a melody.',
    );
  }
  if (headerLength < 6) {
    throw new MusicError(
      'invalid-midi',
      'The MIDI file is damaged: its header is too short. Export it again from your editor.',
    );
  }
  if (division & 0x8000) {
    throw new MusicError(
      'invalid-midi',
      'This MIDI file counts time in SMPTE frames, which is not supported. Export it with beats (ticks per quarter note).',
    );
  }
  if (division === 0) {
    throw new MusicError(
      'invalid-midi',
      'The MIDI file is damaged: it declares 0 ticks per quarter note. Export it again.',
    );
  }
  let at = 8 + headerLength;
  let found = 0;
  while (found < declaredTracks) {
    if (at + 8 > bytes.length) {
      throw new MusicError(
        'truncated',
        `The MIDI file is truncated: it declares ${declaredTracks} tracks but ends after ${found}. Export or download it again.`,
      );
    }
    const id = text(bytes, at);
    const length = u32(bytes, at + 4);
    if (at + 8 + length > bytes.length) {
      throw new MusicError(
        'truncated',
        `The MIDI file is truncated: track ${found + 1} of ${declaredTracks} declares ${length} bytes but only ${bytes.length - at - 8} remain. Export or download it again.`,
      );
    }
    if (id === 'MTrk') found += 1;
    at += 8 + length;
  }
  return { format, declaredTracks, ppq: division };
}

/** Reads a variable-length quantity at `at`; returns [value, next offset], or null past the end. */
function readVarLength(bytes: Uint8Array, at: number, end: number): [number, number] | null {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    if (at >= end) return null;
    const b = bytes[at++];
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) return [value, at];
  }
  return null;
}

/** Data bytes of a channel message by its status nibble (0x8n note off ... 0xEn pitch bend). */
const DATA_BYTES: Readonly<Record<number, number>> = { 8: 2, 9: 2, 10: 2, 11: 2, 12: 1, 13: 1, 14: 2 };

/**
 * Counts the notes (note-on events with a velocity above 0) in every track of a MIDI file, in one linear pass
 * over its events and without building anything: what a size limit needs to know before the file is parsed.
 * A damaged track stops its own count (the parser reports the damage afterwards).
 */
export function countMidiNotes(bytes: Uint8Array): number {
  if (bytes.length < 14) return 0;
  let at = 8 + u32(bytes, 4);
  let notes = 0;
  while (at + 8 <= bytes.length) {
    const isTrack = text(bytes, at) === 'MTrk';
    const end = Math.min(bytes.length, at + 8 + u32(bytes, at + 4));
    let p = at + 8;
    at = end;
    if (!isTrack) continue;
    let running = 0;
    while (p < end) {
      const delta = readVarLength(bytes, p, end);
      if (delta === null) break;
      p = delta[1];
      let status = bytes[p];
      if (status === undefined) break;
      if (status >= 0x80) p++;
      else if (running !== 0) status = running;
      else break;
      if (status === 0xff) {
        const length = readVarLength(bytes, p + 1, end);
        if (length === null) break;
        p = length[1] + length[0];
      } else if (status === 0xf0 || status === 0xf7) {
        const length = readVarLength(bytes, p, end);
        if (length === null) break;
        p = length[1] + length[0];
      } else if (status >= 0xf0) {
        break;
      } else {
        running = status;
        const kind = status >> 4;
        if (kind === 9 && p + 1 < end && bytes[p + 1] > 0) notes++;
        p += DATA_BYTES[kind];
      }
    }
  }
  return notes;
}

/** Parses checked MIDI bytes with @tonejs/midi; a parser failure becomes a MusicError 'invalid-midi'. */
export function parseMidiBytes(bytes: Uint8Array): ToneMidi {
  const Midi = midiClass();
  try {
    return new Midi(bytes);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new MusicError(
      'invalid-midi',
      `The MIDI file is damaged (${detail}). Export it again from your editor.`,
    );
  }
}
