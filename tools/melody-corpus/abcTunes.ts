/**
 * ABC tunes to the lab's corpus format: abcjs parses the ABC and plays it into timed MIDI notes (key signature,
 * accidentals, ties and triplets applied) after ornaments, grace notes, repeats and first endings are taken out of
 * the parsed tune, so each part is written once with its written notes; the line is quantized to sixteenths and made
 * monophonic with the lab's own quantizer, and the result is written with formatCorpusTune.
 */
import abcjs from 'abcjs';
import type { TuneObject } from 'abcjs';
import { formatCorpusTune } from '../../src/core/music/corpus';
import { quantizeToLine } from '../../src/core/music/quantize';
import type { TimeSignature } from '../../src/core/music/types';

/** Grid of the corpus: 4 steps per quarter note (sixteenths). */
export const STEPS_PER_QUARTER = 4;
const TICKS_PER_QUARTER = 960;
/** Tempo written when the ABC has no Q: field, quarter notes per minute. */
export const DEFAULT_TEMPO = 120;
/** Tunes with fewer notes are left out (fragments, incipits). */
export const MIN_NOTES = 16;
/** Tunes longer than this many bars are cut after it, at a bar line. */
export const MAX_BARS = 32;

/** One ABC tune ready for the corpus, or the reason it was left out. */
export type ConvertedTune =
  | {
      readonly ok: true;
      /** X: number in its file. */
      readonly number: string;
      readonly title: string;
      readonly key: string;
      /** The tune in the corpus text format (several lines, ending with a newline). */
      readonly text: string;
      readonly noteCount: number;
      readonly bars: number;
    }
  | { readonly ok: false; readonly number: string; readonly title: string; readonly reason: string };

interface AbcNoteEvent {
  readonly cmd: string;
  readonly pitch: number;
  /** Whole notes. */
  readonly start: number;
  readonly duration: number;
  readonly style?: string;
  readonly startChar?: number;
}

const MODES: Readonly<Record<string, string>> = {
  '': 'major',
  maj: 'major',
  ion: 'major',
  m: 'minor',
  min: 'minor',
  aeo: 'minor',
  dor: 'dorian',
  mix: 'mixolydian',
  lyd: 'lydian',
  phr: 'phrygian',
  loc: 'locrian',
};

/** "A major", "G minor", "D dorian" from the K: field; null for K:none or a key abcjs cannot name. */
export function keyLabel(tune: TuneObject): string | null {
  const key = tune.getKeySignature();
  if (!key || !/^[A-G]$/.test(key.root)) return null;
  const accidental = key.acc === '#' ? '#' : key.acc === 'b' ? 'b' : '';
  const mode =
    MODES[
      String(key.mode ?? '')
        .toLowerCase()
        .slice(0, 3)
    ] ?? MODES[String(key.mode ?? '')];
  return mode ? `${key.root}${accidental} ${mode}` : null;
}

function meterOf(tune: TuneObject): TimeSignature | null {
  const meter = tune.getMeterFraction();
  const num = Number(meter?.num);
  const den = Number(meter?.den);
  if (!Number.isInteger(num) || num < 1 || num > 99 || ![1, 2, 4, 8, 16].includes(den)) return null;
  return [num, den];
}

function tempoOf(tune: TuneObject): number {
  const tempo = tune.metaText.tempo;
  if (!tempo?.bpm || !tempo.duration?.length) return DEFAULT_TEMPO;
  const beatWholeNotes = tempo.duration.reduce((sum, value) => sum + value, 0);
  const quarters = Math.round(tempo.bpm * beatWholeNotes * 4);
  return Math.min(300, Math.max(20, quarters));
}

interface AbcPitch {
  pitch: number;
  accidental?: string;
  startTie?: object;
  endTie?: boolean;
}
interface AbcElement {
  el_type: string;
  duration?: number;
  rest?: { type?: string };
  startTriplet?: number;
  tripletMultiplier?: number;
  endTriplet?: boolean;
  type?: string;
  startEnding?: string;
  endEnding?: boolean;
  pitches?: (AbcPitch | null)[];
  decoration?: string[];
  gracenotes?: object[];
}

/**
 * Makes a parsed tune play every part once, as written: the notes of first endings are removed and repeat signs and
 * endings become plain bar lines, so the second ending follows the first pass.
 */
export function playOnce(tune: TuneObject): void {
  const inFirstEnding = new Map<string, boolean>();
  for (const line of tune.lines) {
    line.staff?.forEach((staff, s) =>
      staff.voices?.forEach((voice, v) => {
        const key = `${s}:${v}`;
        const elements = voice as unknown as AbcElement[];
        const kept: AbcElement[] = [];
        for (const element of elements) {
          if (element.el_type === 'bar') {
            if (element.endEnding || element.startEnding !== undefined) inFirstEnding.set(key, false);
            if (element.startEnding !== undefined && /^1\.?$/.test(element.startEnding.trim())) {
              inFirstEnding.set(key, true);
            }
            if (element.type && /repeat/.test(element.type)) element.type = 'bar_thin';
            delete element.startEnding;
            delete element.endEnding;
          } else if (element.el_type === 'note' && inFirstEnding.get(key)) {
            continue;
          }
          kept.push(element);
        }
        elements.splice(0, elements.length, ...kept);
      }),
    );
  }
}

/**
 * Prepares a parsed tune for reading its written melody: ornaments (trills, rolls, mordents...) and grace notes are
 * removed, so abcjs plays the written note; a tie between two different pitches (some transcriptions write slurs
 * as ties) is removed too, as abcjs would otherwise join the first note to the next note of the same pitch.
 */
export function writtenNotesOnly(tune: TuneObject): void {
  const voices = new Map<string, AbcElement[]>();
  for (const line of tune.lines) {
    line.staff?.forEach((staff, s) =>
      staff.voices?.forEach((voice, v) => {
        const key = `${s}:${v}`;
        voices.set(key, [...(voices.get(key) ?? []), ...(voice as unknown as AbcElement[])]);
      }),
    );
  }
  for (const elements of voices.values()) {
    const notes = elements.filter((element) => element.el_type === 'note');
    notes.forEach((note, i) => {
      delete note.decoration;
      delete note.gracenotes;
      const first = note.pitches?.[0];
      if (!first?.startTie) return;
      const next = notes[i + 1]?.pitches?.[0];
      if (!next || next.pitch !== first.pitch || (next.accidental && next.accidental !== first.accidental)) {
        for (const pitch of note.pitches ?? []) if (pitch) delete pitch.startTie;
        for (const pitch of notes[i + 1]?.pitches ?? []) if (pitch) delete pitch.endTie;
      }
    });
  }
}

/**
 * The melody line abcjs plays for the first voice (after {@link playOnce} and {@link writtenNotesOnly}), in whole
 * notes; a written chord keeps its highest note.
 */
export function playedLine(tune: TuneObject): { pitch: number; start: number; duration: number }[] {
  playOnce(tune);
  writtenNotesOnly(tune);
  const audio = tune.setUpAudio({ chordsOff: true } as Parameters<TuneObject['setUpAudio']>[0]);
  const track = (audio.tracks[0] ?? []) as unknown as AbcNoteEvent[];
  const line: { pitch: number; start: number; duration: number }[] = [];
  for (const event of track) {
    if (event.cmd !== 'note' || event.style === 'grace' || event.style === 'decoration') continue;
    const previous = line.at(-1);
    if (previous && Math.abs(previous.start - event.start) < 1e-9) {
      previous.pitch = Math.max(previous.pitch, event.pitch);
      previous.duration = Math.max(previous.duration, event.duration);
      continue;
    }
    line.push({ pitch: event.pitch, start: event.start, duration: event.duration });
  }
  return line;
}

/**
 * Length of the first bar in whole notes when it is a pickup (shorter than a bar), else 0. Like abcjs's
 * getPickupLength, but a bar line before the first note (a leading "|:") does not end the pickup.
 */
export function pickupLength(tune: TuneObject): number {
  const barLength = tune.getBarLength();
  let length = 0;
  let multiplier = 1;
  for (const line of tune.lines) {
    const voice = (line.staff?.[0]?.voices?.[0] ?? []) as unknown as AbcElement[];
    for (const element of voice) {
      if (element.startTriplet) multiplier = element.tripletMultiplier ?? 1;
      if (element.el_type === 'note' && element.duration && element.rest?.type !== 'spacer') {
        length += element.duration * multiplier;
      }
      if (element.endTriplet) multiplier = 1;
      if (element.el_type === 'bar' && length > 0) {
        return length < barLength - 1e-8 ? length : 0;
      }
    }
  }
  return 0;
}

/**
 * Converts one parsed ABC tune; `origin` is written as the tune's origin. Left out (with a reason): no usable key or
 * meter, fewer than {@link MIN_NOTES} notes, or a pickup that is not whole sixteenths.
 */
export function convertTune(tune: TuneObject, number: string, origin: string): ConvertedTune {
  const title = (tune.metaText.title ?? '').replace(/\s+/g, ' ').trim();
  const skip = (reason: string): ConvertedTune => ({ ok: false, number, title, reason });
  if (!title) return skip('no title');
  const key = keyLabel(tune);
  if (!key) return skip('no key');
  const meter = meterOf(tune);
  if (!meter) return skip('no meter');
  const barSteps = Math.round((meter[0] * 4 * STEPS_PER_QUARTER) / meter[1]);
  const wholeSteps = 4 * STEPS_PER_QUARTER;
  const played = playedLine(tune);
  const quantized = quantizeToLine(
    played.map((note) => ({
      pitch: note.pitch,
      ticks: Math.round(note.start * 4 * TICKS_PER_QUARTER),
      durationTicks: Math.max(1, Math.round(note.duration * 4 * TICKS_PER_QUARTER)),
    })),
    TICKS_PER_QUARTER,
    STEPS_PER_QUARTER,
    'highest',
  );
  const pickupWhole = pickupLength(tune);
  const pickup = Math.round(pickupWhole * wholeSteps);
  if (Math.abs(pickup - pickupWhole * wholeSteps) > 1e-6) return skip('pickup off the grid');
  const firstBar = pickup > 0 && pickup < barSteps ? pickup : barSteps;
  const limit = firstBar + (MAX_BARS - 1) * barSteps;
  const notes = quantized.notes
    .filter((note) => note.start < limit)
    .map((note) => ({ ...note, duration: Math.min(note.duration, limit - note.start) }));
  if (notes.length < MIN_NOTES) return skip(`only ${notes.length} notes`);
  const end = notes.reduce((max, note) => Math.max(max, note.start + note.duration), 0);
  const bars = end <= firstBar ? 1 : 1 + Math.ceil((end - firstBar) / barSteps);
  const text = formatCorpusTune({
    title,
    origin,
    key,
    tempo: tempoOf(tune),
    meter,
    notes,
    stepsPerQuarter: STEPS_PER_QUARTER,
    pickupSteps: firstBar,
  });
  return { ok: true, number, title, key, text, noteCount: notes.length, bars };
}

/**
 * Splits an ABC file into tunes with abcjs (its file header, e.g. default L:, applies to each), parses each and
 * converts it, in file order; `origin` gives the origin field of a parsed tune.
 */
export function convertAbcText(abcText: string, origin: (tune: TuneObject) => string): ConvertedTune[] {
  const book = new abcjs.TuneBook(abcText);
  return book.tunes.map((entry) => {
    const [tune] = abcjs.parseOnly(entry.abc) as unknown as TuneObject[];
    const number = String(entry.id ?? '').trim();
    if (!tune) return { ok: false as const, number, title: entry.title ?? '', reason: 'abcjs found no tune' };
    return convertTune(tune, number, origin(tune));
  });
}
