import { midiClass } from './midiFile';
import { melodyToTokens, stepsPerBar, tokensToMelody } from './tokens';
import type { Vocabulary } from './vocabulary';
import type { Melody, MelodyTiming } from './types';
import { REST } from './vocabulary';

/** Options of {@link melodyToMidi}. */
export interface MidiExportOptions {
  /** Song and track name written into the file; default "RNN Lab melody". */
  readonly name?: string;
  /** Note velocity 0-1; default 0.8. */
  readonly velocity?: number;
  /** General MIDI program 0-127; default 0 (acoustic grand piano). */
  readonly program?: number;
}

/**
 * Writes a melody as a type 1 Standard MIDI File (480 ticks per quarter) with its tempo and time signature
 * (one note track, channel 1).
 * Trailing rests are not stored (MIDI has no "end of music" marker our reader keeps).
 */
export function melodyToMidi(melody: Melody, options: MidiExportOptions = {}): Uint8Array {
  const Midi = midiClass();
  const midi = new Midi();
  const ppq = midi.header.ppq;
  const name = options.name ?? 'RNN Lab melody';
  midi.header.name = name;
  midi.header.setTempo(melody.bpm);
  midi.header.timeSignatures.push({
    ticks: 0,
    timeSignature: [melody.timeSignature[0], melody.timeSignature[1]],
  });
  midi.header.update();
  const track = midi.addTrack();
  track.name = name;
  track.channel = 0;
  track.instrument.number = options.program ?? 0;
  const ticksAt = (step: number): number => Math.round((step * ppq) / melody.stepsPerQuarter);
  for (const note of melody.notes) {
    const start = ticksAt(note.start);
    track.addNote({
      midi: note.pitch,
      ticks: start,
      durationTicks: ticksAt(note.start + note.duration) - start,
      velocity: options.velocity ?? 0.8,
    });
  }
  return midi.toArray();
}

/** Tempos a player or notation program takes as they are, in beats per minute. */
export const PLAUSIBLE_BPM = { min: 20, max: 300 } as const;

/**
 * What is odd about a melody's timing for a MIDI file (empty when nothing is): a tempo outside 20-300 BPM, or a time
 * signature whose numerator is not 1-32 or whose denominator is not 1, 2, 4, 8, 16 or 32. The file is written as
 * asked (the timing came from the seed); the warning says what players may do with it.
 */
export function midiExportWarnings(melody: Pick<Melody, 'bpm' | 'timeSignature'>): string[] {
  const warnings: string[] = [];
  const { bpm } = melody;
  if (!(bpm >= PLAUSIBLE_BPM.min && bpm <= PLAUSIBLE_BPM.max))
    warnings.push(
      `The tempo ${Number.isFinite(bpm) ? Math.round(bpm * 100) / 100 : bpm} BPM (from the seed) is outside ${PLAUSIBLE_BPM.min}-${PLAUSIBLE_BPM.max}; ` +
        'players may refuse the file or play it at a default tempo. Set a tempo in your editor after opening it.',
    );
  const [numerator, denominator] = melody.timeSignature;
  const oddNumerator = !(Number.isInteger(numerator) && numerator >= 1 && numerator <= 32);
  const oddDenominator = ![1, 2, 4, 8, 16, 32].includes(denominator);
  if (oddNumerator || oddDenominator)
    warnings.push(
      `The time signature ${numerator}/${denominator} (from the seed) is not one notation programs read; ` +
        'they may show the melody in 4/4. Set the meter in your editor after opening it.',
    );
  return warnings;
}

/** Writes tokens as a MIDI file with the given timing (see {@link tokensToMelody} for how tokens decode). */
export function tokensToMidi(
  tokens: readonly number[],
  vocab: Vocabulary,
  timing: MelodyTiming,
  options: MidiExportOptions = {},
): Uint8Array {
  return melodyToMidi(tokensToMelody(tokens, vocab, timing), options);
}

/**
 * The tokens a continuation is written with: the seed followed by the continuation (`includeSeed` true; a leading
 * HOLD then extends the seed's last note), or the continuation alone after the rests that put it where it lies in its
 * bar, so its notes stay on the bar grid when a seed ends inside a bar (a leading HOLD then reads as a rest).
 */
export function continuationTokens(
  seed: Melody,
  continuation: readonly number[],
  vocab: Vocabulary,
  includeSeed: boolean,
): number[] {
  if (includeSeed) return [...melodyToTokens(seed, vocab), ...continuation];
  const offset = seed.totalSteps % stepsPerBar(seed);
  return [...new Array<number>(offset).fill(REST), ...continuation];
}

/**
 * Writes a generated continuation as MIDI with the seed's tempo and time signature: the seed followed by the
 * continuation, or the continuation alone starting on a bar line (see {@link continuationTokens}).
 */
export function continuationToMidi(
  seed: Melody,
  continuation: readonly number[],
  vocab: Vocabulary,
  options: MidiExportOptions & { readonly includeSeed: boolean },
): Uint8Array {
  return tokensToMidi(
    continuationTokens(seed, continuation, vocab, options.includeSeed),
    vocab,
    seed,
    options,
  );
}
