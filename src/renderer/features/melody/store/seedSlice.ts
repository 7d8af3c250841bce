import {
  clampBarRange,
  defaultSeedRange,
  importMidi,
  isMusicError,
  melodyBars,
  sliceMelodyBars,
  type BarRange,
  type Melody,
  type MidiImport,
} from '../../../../core/music';
import { lab } from '../../../api/client';
import type { ImportChoice, SeedSlice, Slice } from './types';

/** What a choice reads from a file: the import, or why it failed; the seed's bars and the seed. */
interface SeedReading {
  imported: MidiImport | null;
  importError: string | null;
  seedRange: BarRange | null;
  seed: Melody | null;
}

/** The seed's bars and notes of an import: the chosen range clamped into the track, or the default range. */
function seedOf(imported: MidiImport, range: BarRange | null): { seedRange: BarRange; seed: Melody } {
  const melody = imported.melody;
  const seedRange = range ? clampBarRange(range, melodyBars(melody)) : defaultSeedRange(melody);
  return { seedRange, seed: sliceMelodyBars(melody, seedRange) };
}

/** Reads the seed from the file's bytes as chosen; a bad choice becomes an import error, not an exception. */
function reimport(bytes: Uint8Array, choice: ImportChoice): SeedReading {
  try {
    const imported = importMidi(bytes, {
      track: choice.track ?? undefined,
      polyphony: choice.polyphony,
      stepsPerQuarter: choice.stepsPerQuarter,
    });
    return { imported, importError: null, ...seedOf(imported, choice.range) };
  } catch (error) {
    if (isMusicError(error))
      return { imported: null, importError: error.message, seedRange: null, seed: null };
    throw error;
  }
}

export const seedSlice: Slice<SeedSlice> = (set, get) => {
  /** The dataset whose file is being fetched: a second open of it waits for that fetch instead of starting another. */
  let loading: number | null = null;
  return {
    dataset: null,
    bytes: null,
    loadError: null,
    choice: { track: null, polyphony: 'highest', stepsPerQuarter: 4, range: null },
    imported: null,
    importError: null,
    seedRange: null,
    seed: null,

    async openDataset(dataset, choice) {
      if (get().dataset?.id === dataset.id && (get().bytes || loading === dataset.id)) {
        if (choice) get().setChoice(choice);
        return;
      }
      const keepResult = get().result?.datasetId === dataset.id;
      set({
        dataset,
        bytes: null,
        imported: null,
        importError: null,
        seedRange: null,
        seed: null,
        loadError: null,
        choice: choice ?? { ...get().choice, track: null, range: null },
        ...(keepResult ? {} : { result: null }),
      });
      loading = dataset.id;
      try {
        const full = await lab['datasets:get']({ id: dataset.id });
        if (get().dataset?.id !== dataset.id) return;
        set({ bytes: full.bytes, ...reimport(full.bytes, get().choice) });
      } catch (error) {
        if (get().dataset?.id === dataset.id) set({ loadError: (error as Error).message });
      } finally {
        if (loading === dataset.id) loading = null;
      }
    },

    setChoice(patch) {
      // Another track or grid has other bars: the range goes back to its default unless the patch sets one.
      const resetsRange = 'track' in patch || 'stepsPerQuarter' in patch;
      const choice = { ...get().choice, ...(resetsRange ? { range: null } : {}), ...patch };
      const bytes = get().bytes;
      set({ choice, ...(bytes ? reimport(bytes, choice) : {}) });
    },

    setSeedRange(range) {
      const imported = get().imported;
      if (!imported) return;
      const reading = seedOf(imported, range);
      set({ choice: { ...get().choice, range: range ? reading.seedRange : null }, ...reading });
    },
  };
};
