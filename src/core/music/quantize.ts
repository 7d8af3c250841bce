import type { MelodyNote } from './types';

/** How to reduce overlapping notes to one line. */
export type PolyphonyRule = 'highest' | 'lowest' | 'first';

/** The polyphony rules, default first. */
export const POLYPHONY_RULES: readonly PolyphonyRule[] = ['highest', 'lowest', 'first'];

/** A note in MIDI ticks, as read from a file. */
export interface TickNote {
  readonly pitch: number;
  readonly ticks: number;
  readonly durationTicks: number;
}

/** Result of {@link quantizeToLine}: the line in steps, and how many notes were left out to make it monophonic. */
export interface QuantizedLine {
  readonly notes: MelodyNote[];
  readonly dropped: number;
}

interface GridNote {
  readonly pitch: number;
  readonly onTick: number;
  readonly offTick: number;
  readonly start: number;
  end: number;
}

function pick(group: readonly GridNote[], rule: PolyphonyRule): GridNote {
  return group.reduce((best, note) => {
    if (rule === 'lowest') return note.pitch < best.pitch ? note : best;
    if (rule === 'first') {
      if (note.onTick !== best.onTick) return note.onTick < best.onTick ? note : best;
    }
    return note.pitch > best.pitch ? note : best;
  });
}

/**
 * Quantizes notes (ticks, `ppq` ticks per quarter) to a grid of `stepsPerQuarter` steps and reduces them to one line.
 * Onsets and ends round to the nearest step; a note lasts at least one step. Notes starting on the same step form a
 * chord and the rule picks one: 'highest' or 'lowest' pitch, or 'first' (earliest onset in ticks, then highest).
 * A new onset while the previous line note still sounds (by more than half a step, so legato overlaps do not
 * count) cuts that note if the rule prefers the newcomer ('highest': higher or equal pitch, 'lowest': lower or
 * equal) and is dropped otherwise ('first' always keeps the sounding note). Cut notes never resume.
 */
export function quantizeToLine(
  notes: readonly TickNote[],
  ppq: number,
  stepsPerQuarter: number,
  rule: PolyphonyRule,
): QuantizedLine {
  const stepTicks = ppq / stepsPerQuarter;
  const grid: GridNote[] = notes
    .map((note) => {
      const start = Math.round(note.ticks / stepTicks);
      const offTick = note.ticks + note.durationTicks;
      return {
        pitch: note.pitch,
        onTick: note.ticks,
        offTick,
        start,
        end: Math.max(start + 1, Math.round(offTick / stepTicks)),
      };
    })
    .sort((a, b) => a.start - b.start || a.onTick - b.onTick || b.pitch - a.pitch);

  const line: GridNote[] = [];
  let dropped = 0;
  for (let i = 0; i < grid.length;) {
    let j = i;
    while (j < grid.length && grid[j].start === grid[i].start) j += 1;
    const group = grid.slice(i, j);
    i = j;
    const candidate = pick(group, rule);
    dropped += group.length - 1;
    const previous = line.at(-1);
    if (previous && previous.end > candidate.start) {
      const stillSounding = previous.offTick - candidate.onTick > stepTicks / 2;
      const keepPrevious =
        rule === 'first' ||
        (rule === 'highest' && previous.pitch > candidate.pitch) ||
        (rule === 'lowest' && previous.pitch < candidate.pitch);
      if (stillSounding && keepPrevious) {
        dropped += 1;
        continue;
      }
      previous.end = candidate.start;
    }
    line.push({ ...candidate });
  }
  return {
    notes: line.map((note) => ({ pitch: note.pitch, start: note.start, duration: note.end - note.start })),
    dropped,
  };
}
