import { callbacks, compute, startJob } from '../../../workers/computeClient';
import { melodyExperimentInput, savedMelodyFromExperiment } from '../../../../core/music/melodyExperiment';
import type {
  MelodyMode,
  MelodyOutcome,
  MelodyTrainingLog,
  SavedMelody,
} from '../../../../core/music/melodyExperiment';
import { GenerateSettingsSchema, TRAINING_DEFAULTS } from '../../../../core/music/melodySettings';
import { failureMessage, getExperimentOf, lab } from '../../../api/client';
import { useLab } from '../../../state/store';
import type { JobSlice, Slice } from './types';

export const jobSlice: Slice<JobSlice> = (set, get) => {
  /** Saves an outcome as an experiment and shows it. */
  const save = async (outcome: MelodyOutcome): Promise<SavedMelody | null> => {
    const toast = useLab.getState().toast;
    try {
      const saved = await lab['experiments:save'](melodyExperimentInput(outcome, get().dataset));
      const result = savedMelodyFromExperiment(await getExperimentOf('melody', saved.id));
      set({ result, tempo: null });
      toast(outcome.training?.status === 'stopped' ? 'info' : 'success', `Saved as “${saved.name}”.`);
      void useLab.getState().refreshDatasets();
      return result;
    } catch (error) {
      toast('error', `The melody was generated but could not be saved: ${(error as Error).message}`);
      return null;
    }
  };

  /** Samples from a worker slot and saves the result. */
  const generateFrom = async (
    slot: 'base' | 'trained',
    mode: MelodyMode,
    training: { log: MelodyTrainingLog; weights: Uint8Array | null } | null,
    started: number,
  ): Promise<SavedMelody | null> => {
    const { imported, seed, seedRange, choice, generate } = get();
    if (!imported || !seed || !seedRange) return null;
    set({ busy: 'Generating…' });
    try {
      const { generation, model, backend } = await compute().melodyGenerate(
        { slot, seed, settings: generate },
        callbacks({ onStage: (stage) => set({ busy: stage }) }),
      );
      set({ busy: null });
      return await save({
        mode,
        model,
        importSettings: {
          track: imported.trackIndex,
          polyphony: choice.polyphony,
          stepsPerQuarter: choice.stepsPerQuarter,
          fromBar: seedRange.fromBar,
          toBar: seedRange.toBar,
        },
        seed,
        generation,
        training: training?.log ?? null,
        weights: training?.weights ?? null,
        backend,
        durationMs: Date.now() - started,
      });
    } catch (error) {
      set({ busy: null });
      useLab.getState().toast('error', failureMessage(error, 'Generation failed'));
      return null;
    }
  };

  return {
    mode: 'base',
    training: { finetune: { ...TRAINING_DEFAULTS.finetune }, scratch: { ...TRAINING_DEFAULTS.scratch } },
    generate: GenerateSettingsSchema.parse({}),
    trained: null,
    run: null,
    busy: null,
    result: null,

    setMode(mode) {
      set({ mode });
    },
    setTraining(patch) {
      const mode = get().mode;
      if (mode === 'base') return;
      set({ training: { ...get().training, [mode]: { ...get().training[mode], ...patch } } });
    },
    setGenerate(patch) {
      set({ generate: { ...get().generate, ...patch } });
    },

    async start() {
      const { seed, mode, run, busy } = get();
      if (!seed || run || busy) return;
      get().stopPlayback();
      const started = Date.now();
      if (mode === 'base') {
        await generateFrom('base', 'base', null, started);
        return;
      }
      const settings = get().training[mode];
      const job = startJob((api, jobId) =>
        api.melodyTrain(
          jobId,
          { seed, settings: { ...settings, mode } },
          callbacks({
            onStage: (stage) => {
              const r = get().run;
              if (r && r.job === job) set({ run: { ...r, stage } });
            },
            onProgress: (progress) => {
              const r = get().run;
              if (r && r.job === job) set({ run: { ...r, progress } });
            },
            onEpoch: (summary) => {
              const r = get().run;
              if (r && r.job === job) set({ run: { ...r, epochs: [...r.epochs, summary] } });
            },
          }),
        ),
      );
      set({
        run: {
          job,
          mode,
          settings,
          stage: 'Starting…',
          progress: null,
          epochs: [],
          stopping: false,
        },
      });
      let trainedOutcome: Awaited<typeof job.promise>;
      try {
        trainedOutcome = await job.promise;
      } catch (error) {
        set({ run: null });
        useLab.getState().toast('error', failureMessage(error, 'Training failed'));
        return;
      }
      set({ run: null });
      const { log, weights } = trainedOutcome;
      if (log.status === 'diverged' || !weights) {
        useLab.getState().toast('error', log.message);
        return;
      }
      const result = await generateFrom('trained', mode, { log, weights }, started);
      if (result) set({ trained: { mode, model: trainedOutcome.model, experimentId: result.experimentId } });
    },

    async generateWithTrained() {
      const { trained, run, busy } = get();
      if (!trained || run || busy) return;
      get().stopPlayback();
      await generateFrom('trained', trained.mode, null, Date.now());
    },

    stop() {
      const run = get().run;
      if (!run || run.stopping) return;
      run.job.cancel();
      set({ run: { ...run, stopping: true } });
    },

    async openExperiment(id) {
      const { toast, setView, selectDataset, datasets } = useLab.getState();
      try {
        const experiment = await getExperimentOf('melody', id);
        const result = savedMelodyFromExperiment(experiment);
        get().stopPlayback();
        setView('melody');
        const { track, polyphony, stepsPerQuarter, fromBar, toBar } = result.importSettings;
        // Runs from before seed ranges continued the whole track.
        const range = { fromBar: fromBar ?? 0, toBar: toBar ?? Number.MAX_SAFE_INTEGER };
        set({ result, tempo: null, mode: result.mode, generate: { ...result.generation.settings } });
        const dataset = datasets.find((d) => d.id === result.datasetId);
        if (dataset) {
          // Opened before the view's own open of the selected dataset, which then finds this load under way.
          const opened = get().openDataset(dataset, { track, polyphony, stepsPerQuarter, range });
          selectDataset(dataset.id);
          await opened;
        }
        if (experiment.weights && (result.mode === 'finetune' || result.mode === 'scratch')) {
          const { model } = await compute().melodyLoadTrained(experiment.weights);
          set({ trained: { mode: result.mode, model, experimentId: result.experimentId } });
        }
      } catch (error) {
        toast('error', `Could not open the melody experiment: ${(error as Error).message}`);
      }
    },

    closeResult() {
      get().stopPlayback();
      set({ result: null });
    },
  };
};
