import { MusicError } from './errors';
import { foldPitch, parsePitchName, pitchName } from './pitch';
import { assertStepsPerQuarter } from './midiImport';
import { stepsPerBar } from './tokens';
import type { Melody, MelodyNote, PitchRange, TimeSignature } from './types';
import { DEFAULT_RANGE, DEFAULT_STEPS_PER_QUARTER } from './types';

/** One tune of the melody corpus. */
export interface CorpusTune {
  readonly title: string;
  /** Composer and date, or "traditional, <country>". */
  readonly origin: string;
  /** Key as written in the corpus, e.g. "D major", "D dorian". */
  readonly key: string;
  readonly tempo: number;
  readonly meter: TimeSignature;
  readonly melody: Melody;
  /** Notes moved by octaves into the range. */
  readonly foldedNotes: number;
  /** 1-based line of the tune's `title:`. */
  readonly line: number;
}

/** Options of {@link parseMelodyCorpus}. */
export interface CorpusOptions {
  /** Grid resolution; default 4. Every duration of the corpus must fall on it. */
  readonly stepsPerQuarter?: number;
  /** Range notes are folded into; default C3-C6. */
  readonly range?: PitchRange;
}

const FIELDS = ['title', 'origin', 'key', 'tempo', 'meter', 'notes'] as const;
type Field = (typeof FIELDS)[number];
const QUARTERS: Readonly<Record<string, number>> = { w: 4, h: 2, q: 1, e: 0.5, s: 0.25 };
const NOTE = /^(R|~|[A-G](?:#|b)?-?\d)((?:[whqes]\.?)(?:\+[whqes]\.?)*)$/;

interface RawTune {
  readonly line: number;
  readonly fields: Partial<Record<Field, string>>;
  readonly fieldLines: Partial<Record<Field, number>>;
}

function splitTunes(text: string): RawTune[] {
  const tunes: RawTune[] = [];
  let current: RawTune | null = null;
  let lastField: Field | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNumber = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fail = (what: string): never => {
      throw new MusicError('bad-corpus', `Line ${lineNumber}: ${what}`);
    };
    if (/^\s/.test(raw)) {
      if (!current || lastField === null)
        fail('an indented line continues nothing; start a tune with "title:".');
      else current.fields[lastField] = `${current.fields[lastField] ?? ''} ${trimmed}`;
      return;
    }
    const match = /^([a-z]+):\s*(.*)$/.exec(trimmed);
    if (!match)
      return fail(`expected "field: value" (fields: ${FIELDS.join(', ')}), got "${trimmed.slice(0, 40)}".`);
    const field = match[1] as Field;
    if (!FIELDS.includes(field))
      return fail(`unknown field "${match[1]}"; the fields are ${FIELDS.join(', ')}.`);
    if (field === 'title') {
      current = { line: lineNumber, fields: {}, fieldLines: {} };
      tunes.push(current);
    }
    if (!current) return fail('a tune starts with "title:".');
    if (current.fields[field] !== undefined) return fail(`"${field}" is given twice for one tune.`);
    current.fields[field] = match[2];
    current.fieldLines[field] = lineNumber;
    lastField = field;
  });
  return tunes;
}

function durationSteps(code: string, stepsPerQuarter: number, fail: (what: string) => never): number {
  let steps = 0;
  for (const part of code.split('+')) {
    const quarters = QUARTERS[part[0]] * (part.endsWith('.') ? 1.5 : 1);
    steps += quarters * stepsPerQuarter;
  }
  if (Math.abs(steps - Math.round(steps)) > 1e-9) {
    fail(`duration "${code}" does not fall on a grid of ${stepsPerQuarter} steps per quarter note.`);
  }
  return Math.round(steps);
}

function parseTune(raw: RawTune, stepsPerQuarter: number, range: PitchRange): CorpusTune {
  const title = raw.fields.title?.trim() ?? '';
  const fail = (what: string, field: Field = 'title'): never => {
    throw new MusicError('bad-corpus', `Line ${raw.fieldLines[field] ?? raw.line} ("${title}"): ${what}`);
  };
  for (const field of FIELDS) {
    if (!raw.fields[field]?.trim()) fail(`the "${field}:" field is missing or empty.`);
  }
  const tempo = Number(raw.fields.tempo);
  if (!Number.isFinite(tempo) || tempo < 20 || tempo > 300)
    fail('tempo must be a number of beats per minute from 20 to 300.', 'tempo');
  const meterMatch = /^(\d{1,2})\/(1|2|4|8|16)$/.exec(raw.fields.meter?.trim() ?? '');
  if (!meterMatch) return fail('meter must look like 4/4, 3/4 or 6/8.', 'meter');
  const meter: TimeSignature = [Number(meterMatch[1]), Number(meterMatch[2])];
  const timing = { stepsPerQuarter, bpm: tempo, timeSignature: meter };
  const barSteps = stepsPerBar(timing);
  const failNotes = (what: string): never => fail(what, 'notes');

  const segments = (raw.fields.notes ?? '').split('|').map((segment) => segment.trim());
  while (segments.length > 0 && segments[0] === '') segments.shift();
  while (segments.length > 0 && segments.at(-1) === '') segments.pop();
  const notes: MelodyNote[] = [];
  let position = 0;
  let lastWasNote = false;
  let folded = 0;
  segments.forEach((segment, barIndex) => {
    if (segment === '') failNotes(`bar ${barIndex + 1} is empty.`);
    let barLength = 0;
    for (const word of segment.split(/\s+/)) {
      const match = NOTE.exec(word);
      if (!match) {
        failNotes(
          `"${word}" in bar ${barIndex + 1} is not a note; write notes like C4q, F#4e or Bb3h., rests like Rq, ties like ~e.`,
        );
        return;
      }
      const steps = durationSteps(match[2], stepsPerQuarter, failNotes);
      barLength += steps;
      if (match[1] === '~') {
        if (position === 0) failNotes('a tie "~" needs a note or rest before it.');
        const last = notes.at(-1);
        if (lastWasNote && last) notes[notes.length - 1] = { ...last, duration: last.duration + steps };
      } else if (match[1] === 'R') {
        lastWasNote = false;
      } else {
        const pitch = parsePitchName(match[1]);
        if (pitch === null) return failNotes(`"${match[1]}" is not a MIDI pitch.`);
        const inRange = foldPitch(pitch, range);
        if (inRange !== pitch) folded += 1;
        notes.push({ pitch: inRange, start: position, duration: steps });
        lastWasNote = true;
      }
      position += steps;
    }
    const edge = barIndex === 0 || barIndex === segments.length - 1;
    if (barLength > barSteps || (!edge && barLength !== barSteps)) {
      failNotes(
        `bar ${barIndex + 1} lasts ${barLength} steps but a ${meter.join('/')} bar has ${barSteps} (only the first and last bar may be shorter).`,
      );
    }
  });
  if (notes.length === 0) failNotes('the tune has no notes.');
  return {
    title,
    origin: raw.fields.origin?.trim() ?? '',
    key: raw.fields.key?.trim() ?? '',
    tempo,
    meter,
    melody: { ...timing, totalSteps: position, notes },
    foldedNotes: folded,
    line: raw.line,
  };
}

/**
 * Parses the melody corpus text format (see resources/melodies/README.md): tunes of `field: value` lines
 * (title, origin, key, tempo, meter, notes; indented lines continue a field), notes like `C4q F#4e. Bb3h Rq ~e`
 * between bar lines `|`. Bars are checked against the meter. Throws MusicError 'bad-corpus' with the line.
 */
export function parseMelodyCorpus(text: string, options: CorpusOptions = {}): CorpusTune[] {
  const stepsPerQuarter = options.stepsPerQuarter ?? DEFAULT_STEPS_PER_QUARTER;
  assertStepsPerQuarter(stepsPerQuarter);
  const range = options.range ?? DEFAULT_RANGE;
  return splitTunes(text).map((raw) => parseTune(raw, stepsPerQuarter, range));
}

/** What {@link formatCorpusTune} writes: a tune's fields and its notes on a grid. */
export interface CorpusTuneSource {
  readonly title: string;
  readonly origin: string;
  readonly key: string;
  readonly tempo: number;
  readonly meter: TimeSignature;
  /** Notes on a grid of `stepsPerQuarter` steps (sorted, not overlapping); gaps become rests. */
  readonly notes: readonly MelodyNote[];
  readonly stepsPerQuarter: number;
  /** Steps of the first (pickup) bar, 1 to a whole bar; default a whole bar. */
  readonly pickupSteps?: number;
}

const CODE_SIXTEENTHS: readonly (readonly [string, number])[] = [
  ['w', 16],
  ['h.', 12],
  ['h', 8],
  ['q.', 6],
  ['q', 4],
  ['e.', 3],
  ['e', 2],
  ['s', 1],
];

/** Shortest duration code of `steps` grid steps (e.g. 6 sixteenths -> "q.", 5 -> "q+s"); throws off the grid. */
export function durationCode(steps: number, stepsPerQuarter: number): string {
  const sixteenths = (steps * 4) / stepsPerQuarter;
  if (!Number.isInteger(sixteenths) || sixteenths < 1) {
    throw new RangeError(`${steps} steps at ${stepsPerQuarter} per quarter are not whole sixteenths`);
  }
  const parts: string[] = [];
  let left = sixteenths;
  while (left > 0) {
    const [code, value] = CODE_SIXTEENTHS.find(([, v]) => v <= left) ?? CODE_SIXTEENTHS[7];
    parts.push(code);
    left -= value;
  }
  return parts.join('+');
}

const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * Writes one tune in the corpus text format (the inverse of {@link parseMelodyCorpus}): bars of the meter after an
 * optional pickup, rests in the gaps, a note crossing a bar line continued with `~`, the last bar as long as the
 * music. Pitch names use sharps. Throws a RangeError when a duration is not whole sixteenths.
 */
export function formatCorpusTune(tune: CorpusTuneSource): string {
  const bar = stepsPerBar({
    stepsPerQuarter: tune.stepsPerQuarter,
    bpm: tune.tempo,
    timeSignature: tune.meter,
  });
  const first = Math.min(bar, Math.max(1, tune.pickupSteps ?? bar));
  const end = tune.notes.reduce((max, note) => Math.max(max, note.start + note.duration), 0);
  const events: { pitch: number | null; start: number; duration: number }[] = [];
  let position = 0;
  for (const note of tune.notes) {
    if (note.start < position) throw new RangeError(`notes overlap at step ${note.start}`);
    if (note.start > position) events.push({ pitch: null, start: position, duration: note.start - position });
    events.push(note);
    position = note.start + note.duration;
  }
  const bars: string[][] = [];
  let barStart = 0;
  let barEnd = first;
  let words: string[] = [];
  for (const event of events) {
    let at = event.start;
    let continued = false;
    while (at < event.start + event.duration) {
      while (at >= barEnd) {
        bars.push(words);
        words = [];
        barStart = barEnd;
        barEnd += bar;
      }
      const until = Math.min(barEnd, event.start + event.duration);
      const code = durationCode(until - at, tune.stepsPerQuarter);
      words.push(`${continued ? '~' : event.pitch === null ? 'R' : pitchName(event.pitch)}${code}`);
      continued = true;
      at = until;
    }
  }
  if (words.length > 0 || barStart < end) bars.push(words);
  const notes = bars.map((barWords) => barWords.join(' ')).join(' | ');
  return [
    `title: ${flat(tune.title)}`,
    `origin: ${flat(tune.origin)}`,
    `key: ${flat(tune.key)}`,
    `tempo: ${tune.tempo}`,
    `meter: ${tune.meter[0]}/${tune.meter[1]}`,
    `notes: ${notes} |`,
    '',
  ].join('\n');
}
