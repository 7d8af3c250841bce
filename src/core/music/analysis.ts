import { melodyToTokens, tokensToMelody } from './tokens';
import type { Vocabulary } from './vocabulary';
import type { Melody, MelodyNote } from './types';

/** Krumhansl-Kessler major key profile, index 0 = tonic. */
export const KRUMHANSL_MAJOR: readonly number[] = [
  6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88,
];
/** Krumhansl-Kessler minor key profile, index 0 = tonic. */
export const KRUMHANSL_MINOR: readonly number[] = [
  6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17,
];

/** Mode of a key in the Krumhansl-Schmuckler sense. */
export type KeyMode = 'major' | 'minor';

/** A key: tonic pitch class (0 = C) and mode. */
export interface Key {
  readonly tonic: number;
  readonly mode: KeyMode;
}

/** A candidate key and its correlation with the melody's pitch-class histogram. */
export interface KeyScore extends Key {
  readonly name: string;
  readonly correlation: number;
}

/** Result of {@link estimateKey}: the best key, and all 24 keys best first. */
export interface KeyEstimate extends KeyScore {
  readonly ranking: readonly KeyScore[];
}

/** Per-melody statistics (see {@link melodyStats}). */
export interface MelodyStats {
  readonly steps: number;
  readonly noteCount: number;
  /** Lowest and highest MIDI pitch and their distance in semitones; null without notes. */
  readonly lowest: number | null;
  readonly highest: number | null;
  readonly rangeSemitones: number | null;
  /** The key the in-key ratio is measured against; null without notes. */
  readonly key: Key | null;
  /** Share of sounding steps whose pitch is in the key's scale, 0-1; null without notes. */
  readonly inKeyRatio: number | null;
  /** Distinct token 4-grams / all token 4-grams, 0-1 (low = repetitive); null under 4 steps. */
  readonly distinct4gramRatio: number | null;
  /** Share of steps where nothing sounds, 0-1; null for an empty melody. */
  readonly restRatio: number | null;
}

/**
 * How musicians spell the tonic of each key, by pitch class: the spelling with fewer accidentals (E♭ major has
 * three flats, D♯ major would need nine sharps); F♯ major, C♯ minor and G♯ minor take sharps as key signatures do.
 */
const TONIC_SPELLING: Record<KeyMode, readonly string[]> = {
  major: ['C', 'D♭', 'D', 'E♭', 'E', 'F', 'F♯', 'G', 'A♭', 'A', 'B♭', 'B'],
  minor: ['C', 'C♯', 'D', 'E♭', 'E', 'F', 'F♯', 'G', 'G♯', 'A', 'B♭', 'B'],
};

/** Name of a key in its conventional spelling, e.g. "A minor", "E♭ major", "F♯ minor". The one place keys are named. */
export function keyName(key: Key): string {
  return `${TONIC_SPELLING[key.mode][((key.tonic % 12) + 12) % 12]} ${key.mode}`;
}

/** Duration-weighted pitch-class histogram: element c = steps sounded by notes of pitch class c (0 = C). */
export function pitchClassHistogram(notes: readonly MelodyNote[]): number[] {
  const histogram = new Array<number>(12).fill(0);
  for (const note of notes) histogram[((note.pitch % 12) + 12) % 12] += note.duration;
  return histogram;
}

function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const meanX = x.reduce((a, b) => a + b, 0) / n;
  const meanY = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    sxy += (x[i] - meanX) * (y[i] - meanY);
    sxx += (x[i] - meanX) ** 2;
    syy += (y[i] - meanY) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/**
 * Krumhansl-Schmuckler key estimation: correlates a 12-bin pitch-class histogram (index 0 = C) with the major and
 * minor profiles rotated to each of the 12 tonics. Returns null when the histogram is empty or flat.
 * Ties keep the order C major, C minor, C# major, ...
 */
export function estimateKeyFromHistogram(histogram: readonly number[]): KeyEstimate | null {
  if (histogram.length !== 12) throw new RangeError('a pitch-class histogram has 12 bins');
  if (histogram.every((value) => value === histogram[0])) return null;
  const scores: KeyScore[] = [];
  for (let tonic = 0; tonic < 12; tonic += 1) {
    for (const mode of ['major', 'minor'] as const) {
      const profile = mode === 'major' ? KRUMHANSL_MAJOR : KRUMHANSL_MINOR;
      const rotated = histogram.map((_, pc) => profile[(pc - tonic + 12) % 12]);
      scores.push({ tonic, mode, name: keyName({ tonic, mode }), correlation: pearson(histogram, rotated) });
    }
  }
  const ranking = scores
    .map((score, order) => ({ score, order }))
    .sort((a, b) => b.score.correlation - a.score.correlation || a.order - b.order)
    .map(({ score }) => score);
  return { ...ranking[0], ranking };
}

/** Krumhansl-Schmuckler key of a melody from its duration-weighted pitch classes; null without notes. */
export function estimateKey(melody: Pick<Melody, 'notes'>): KeyEstimate | null {
  return estimateKeyFromHistogram(pitchClassHistogram(melody.notes));
}

/**
 * Pitch classes of a key's scale: major (ionian); minor = natural minor plus the raised 7th (the leading tone of
 * harmonic minor), as melodies in minor use both.
 */
export function scalePitchClasses(key: Key): number[] {
  const steps = key.mode === 'major' ? [0, 2, 4, 5, 7, 9, 11] : [0, 2, 3, 5, 7, 8, 10, 11];
  return steps.map((step) => (key.tonic + step) % 12);
}

function distinctNgramRatio(tokens: readonly number[], n: number): number | null {
  const total = tokens.length - n + 1;
  if (total <= 0) return null;
  const seen = new Set<string>();
  for (let i = 0; i < total; i += 1) seen.add(tokens.slice(i, i + n).join(','));
  return seen.size / total;
}

/**
 * Statistics of a melody: pitch range, in-key ratio against `key` (default: the melody's own estimated key; pass
 * the seed's key to judge a continuation), distinct token 4-gram ratio over `vocab` tokens, and rest ratio.
 */
export function melodyStats(melody: Melody, vocab: Vocabulary, key?: Key | null): MelodyStats {
  const notes = melody.notes;
  const pitches = notes.map((note) => note.pitch);
  const lowest = pitches.length > 0 ? Math.min(...pitches) : null;
  const highest = pitches.length > 0 ? Math.max(...pitches) : null;
  const reference = key === undefined || key === null ? estimateKey(melody) : key;
  const sounding = notes.reduce((sum, note) => sum + note.duration, 0);
  let inKeyRatio: number | null = null;
  if (reference && sounding > 0) {
    const scale = new Set(scalePitchClasses(reference));
    const inKey = notes.reduce((sum, note) => sum + (scale.has(note.pitch % 12) ? note.duration : 0), 0);
    inKeyRatio = inKey / sounding;
  }
  return {
    steps: melody.totalSteps,
    noteCount: notes.length,
    lowest,
    highest,
    rangeSemitones: lowest !== null && highest !== null ? highest - lowest : null,
    key: reference ? { tonic: reference.tonic, mode: reference.mode } : null,
    inKeyRatio,
    distinct4gramRatio: distinctNgramRatio(melodyToTokens(melody, vocab), 4),
    restRatio: melody.totalSteps > 0 ? (melody.totalSteps - sounding) / melody.totalSteps : null,
  };
}

/** {@link melodyStats} of a token sequence (e.g. a sampled continuation), against `key` (e.g. the seed's key). */
export function tokenStats(tokens: readonly number[], vocab: Vocabulary, key?: Key | null): MelodyStats {
  const melody = tokensToMelody(tokens, vocab, { stepsPerQuarter: 4, bpm: 120, timeSignature: [4, 4] });
  return melodyStats(melody, vocab, key);
}

/**
 * Pitch-class similarity of two melodies: 1 - total variation distance of their duration-weighted pitch-class
 * histograms (each normalized to sum 1), 0-1 (1 = the same pitch-class mix). Null when either has no notes.
 */
export function pitchClassSimilarity(a: readonly MelodyNote[], b: readonly MelodyNote[]): number | null {
  const ha = pitchClassHistogram(a);
  const hb = pitchClassHistogram(b);
  const sa = ha.reduce((x, y) => x + y, 0);
  const sb = hb.reduce((x, y) => x + y, 0);
  if (sa === 0 || sb === 0) return null;
  let distance = 0;
  for (let pc = 0; pc < 12; pc += 1) distance += Math.abs(ha[pc] / sa - hb[pc] / sb);
  return 1 - distance / 2;
}

/** Floor applied to probabilities before taking logs, so a zero probability gives a large finite penalty. */
export const MIN_PROBABILITY = 1e-12;

/**
 * Log-likelihood of a token sequence: sum over steps of ln(probabilities[t][targets[t]]) in nats, where
 * probabilities[t] is the model's distribution over the vocabulary for step t. Probabilities are floored at
 * {@link MIN_PROBABILITY}. Divide by the step count and negate for cross-entropy; exp of that is perplexity.
 */
export function sumLogProb(probabilities: readonly ArrayLike<number>[], targets: readonly number[]): number {
  if (probabilities.length !== targets.length) {
    throw new RangeError(`${probabilities.length} probability vectors for ${targets.length} targets`);
  }
  let total = 0;
  targets.forEach((target, step) => {
    const row = probabilities[step];
    if (target < 0 || target >= row.length)
      throw new RangeError(`target ${target} outside vector of ${row.length}`);
    total += Math.log(Math.max(row[target], MIN_PROBABILITY));
  });
  return total;
}

/** Perplexity from a summed natural-log likelihood over `count` predictions: exp(-logProb / count). */
export function perplexityFromLogProb(logProb: number, count: number): number {
  if (count <= 0) throw new RangeError('perplexity needs at least one prediction');
  return Math.exp(-logProb / count);
}

const PITCH_CLASS_OF_LETTER: Readonly<Record<string, number>> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/**
 * Parses a key name such as "A minor", "F# major", "Bb major" or "E♭ major" (case-insensitive mode), so every
 * name keyName() writes reads back; null if it is not one.
 */
export function parseKeyName(name: string): Key | null {
  const match = /^([A-G])(#|b|♯|♭)?\s+(major|minor)$/i.exec(name.trim());
  if (!match) return null;
  const shift = match[2] === '#' || match[2] === '♯' ? 1 : match[2] === 'b' || match[2] === '♭' ? -1 : 0;
  return {
    tonic: (PITCH_CLASS_OF_LETTER[match[1]] + shift + 12) % 12,
    mode: match[3].toLowerCase() as KeyMode,
  };
}
