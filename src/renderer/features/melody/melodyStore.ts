/** The melody view's store: the seed, job and playback slices (store/) combined. */
import { create } from 'zustand';
import { jobSlice } from './store/jobSlice';
import { playbackSlice } from './store/playbackSlice';
import { seedSlice } from './store/seedSlice';
import type { MelodyState } from './store/types';

export type { ImportChoice, MelodyRun, MelodyState, TrainedModel } from './store/types';
export { variationMelody } from './store/playbackSlice';

export const useMelody = create<MelodyState>()((...a) => ({
  ...seedSlice(...a),
  ...jobSlice(...a),
  ...playbackSlice(...a),
}));

/** Opens a saved melody experiment in the melody view (for the Experiments view's Open button). */
export function openMelodyExperiment(id: number): Promise<void> {
  return useMelody.getState().openExperiment(id);
}
