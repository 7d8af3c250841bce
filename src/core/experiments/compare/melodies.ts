/** The seed and a continuation of a saved melody run, ready for a piano roll. */
import type { Experiment } from '../../api/schemas';

export interface MelodyView {
  seedNotes: { pitch: number; start: number; duration: number }[];
  continuation: { pitch: number; start: number; duration: number }[];
  totalSteps: number;
  seedSteps: number;
  stepsPerBar: number;
  variations: number;
}

/** The seed and the first variation of a saved melody run, for a piano roll; null when not stored. */
export function melodyOf(e: Experiment, variation = 0): MelodyView | null {
  if (e.kind !== 'melody') return null;
  const { seed, generation } = e.predictions;
  if (!generation.variations.length) return null;
  const v = generation.variations[Math.min(variation, generation.variations.length - 1)];
  const [beats, unit] = seed.timeSignature;
  const seedNotes = seed.notes.map((n, i, all) =>
    i === all.length - 1 && v.heldSeedSteps > 0 ? { ...n, duration: n.duration + v.heldSeedSteps } : { ...n },
  );
  return {
    seedNotes,
    continuation: v.notes,
    seedSteps: generation.seedSteps,
    totalSteps: generation.seedSteps + generation.steps,
    stepsPerBar: Math.max(1, Math.round((seed.stepsPerQuarter * 4 * beats) / unit)),
    variations: generation.variations.length,
  };
}
