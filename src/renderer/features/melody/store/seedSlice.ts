import { importMidi, isMusicError, type MidiImport } from '../../../../core/music';
import { lab } from '../../../api/client';
import type { ImportChoice, SeedSlice, Slice } from './types';

/** Reads the seed from the file's bytes as chosen; a bad choice becomes an import error, not an exception. */
export function reimport(
  bytes: Uint8Array,
  choice: ImportChoice,
): { imported: MidiImport | null; importError: string | null } {
  try {
    return {
      imported: importMidi(bytes, {
        track: choice.track ?? undefined,
        polyphony: choice.polyphony,
        stepsPerQuarter: choice.stepsPerQuarter,
      }),
      importError: null,
    };
  } catch (error) {
    if (isMusicError(error)) return { imported: null, importError: error.message };
    throw error;
  }
}

export const seedSlice: Slice<SeedSlice> = (set, get) => ({
  dataset: null,
  bytes: null,
  loadError: null,
  choice: { track: null, polyphony: 'highest', stepsPerQuarter: 4 },
  imported: null,
  importError: null,

  async openDataset(dataset) {
    if (get().dataset?.id === dataset.id && get().bytes) return;
    const keepResult = get().result?.datasetId === dataset.id;
    set({
      dataset,
      bytes: null,
      imported: null,
      importError: null,
      loadError: null,
      choice: { ...get().choice, track: null },
      ...(keepResult ? {} : { result: null }),
    });
    try {
      const full = await lab['datasets:get']({ id: dataset.id });
      if (get().dataset?.id !== dataset.id) return;
      set({ bytes: full.bytes, ...reimport(full.bytes, get().choice) });
    } catch (error) {
      if (get().dataset?.id === dataset.id) set({ loadError: (error as Error).message });
    }
  },

  setChoice(patch) {
    const choice = { ...get().choice, ...patch };
    const bytes = get().bytes;
    set({ choice, ...(bytes ? reimport(bytes, choice) : {}) });
  },
});
