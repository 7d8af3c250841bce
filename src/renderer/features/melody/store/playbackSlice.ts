import {
  continuationToMidi,
  createVocabulary,
  DEFAULT_RANGE,
  midiExportWarnings,
} from '../../../../core/music';
import type { Melody, MelodyNote } from '../../../../core/music';
import type { SavedMelody } from '../../../../core/music/melodyExperiment';
import type { Variation } from '../../../../core/music/melodyGenerate';
import { melodyPlayer, renderMelodyWav, type PlayableMelody } from '../../../audio/melodyPlayer';
import { downloadBlob, safeFileName } from '../../../charts/download';
import { useLab } from '../../../state/store';
import type { PlaybackSlice, Slice } from './types';

const vocab = createVocabulary(DEFAULT_RANGE);

/** The seed's notes with its last note held into the continuation, followed by the continuation. */
export function variationMelody(
  seed: Melody,
  variation: Pick<Variation, 'notes' | 'heldSeedSteps'>,
): MelodyNote[] {
  const seedNotes = seed.notes.map((note, i) =>
    i === seed.notes.length - 1 && variation.heldSeedSteps > 0
      ? { ...note, duration: note.duration + variation.heldSeedSteps }
      : note,
  );
  return [...seedNotes, ...variation.notes];
}

function playable(
  result: SavedMelody,
  what: 'seed' | number,
  bpm: number,
  fromContinuation = false,
): PlayableMelody {
  const { seed, generation } = result;
  if (what === 'seed')
    return { notes: seed.notes, totalSteps: seed.totalSteps, bpm, stepsPerQuarter: seed.stepsPerQuarter };
  return {
    notes: variationMelody(seed, generation.variations[what]),
    totalSteps: generation.seedSteps + generation.steps,
    bpm,
    stepsPerQuarter: seed.stepsPerQuarter,
    fromStep: fromContinuation ? generation.seedSteps : 0,
  };
}

function fileStem(result: SavedMelody): string {
  return safeFileName((result.datasetName ?? 'melody').replace(/\.(mid|midi|smf)$/i, ''));
}

export const playbackSlice: Slice<PlaybackSlice> = (set, get) => ({
  tempo: null,
  includeSeed: true,
  playFromContinuation: false,
  playing: null,

  setTempo(tempo) {
    set({ tempo });
  },
  setIncludeSeed(includeSeed) {
    set({ includeSeed });
  },
  setPlayFromContinuation(playFromContinuation) {
    set({ playFromContinuation });
  },

  async play(what) {
    const result = get().result;
    const seed = result?.seed ?? get().seed;
    if (!seed) return;
    const bpm = get().tempo ?? seed.bpm;
    const melody = result
      ? playable(result, what, bpm, get().playFromContinuation)
      : { notes: seed.notes, totalSteps: seed.totalSteps, bpm, stepsPerQuarter: seed.stepsPerQuarter };
    set({ playing: what });
    try {
      await melodyPlayer.play(melody, () => {
        if (get().playing === what) set({ playing: null });
      });
    } catch (error) {
      set({ playing: null });
      useLab.getState().toast('error', `Could not play: ${(error as Error).message}`);
    }
  },
  stopPlayback() {
    melodyPlayer.stop();
    set({ playing: null });
  },

  exportMidi(index) {
    const { result, includeSeed } = get();
    if (!result) return;
    const variation = result.generation.variations[index];
    const bytes = continuationToMidi(result.seed, variation.tokens, vocab, {
      includeSeed,
      name: `${result.datasetName ?? 'melody'} · variation ${index + 1}`,
    });
    downloadBlob(
      new Uint8Array(bytes),
      `${fileStem(result)}-variation-${index + 1}${includeSeed ? '' : '-continuation'}.mid`,
      'audio/midi',
    );
    for (const warning of midiExportWarnings(result.seed)) useLab.getState().toast('info', warning);
  },
  async exportWav(index) {
    const { result, tempo } = get();
    if (!result) return;
    try {
      const wav = await renderMelodyWav(playable(result, index, tempo ?? result.seed.bpm));
      downloadBlob(new Uint8Array(wav), `${fileStem(result)}-variation-${index + 1}.wav`, 'audio/wav');
    } catch (error) {
      useLab.getState().toast('error', `Could not render the audio: ${(error as Error).message}`);
    }
  },
});
