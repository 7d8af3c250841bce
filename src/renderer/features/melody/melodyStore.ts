import { create } from 'zustand';
import type { DatasetInfo } from '../../../core/api';
import type { EpochSummary, TrainProgress } from '../../../core/model/train';
import {
  continuationToMidi,
  createVocabulary,
  importMidi,
  isMusicError,
  DEFAULT_RANGE,
} from '../../../core/music';
import type { Melody, MelodyNote, MidiImport, PolyphonyRule } from '../../../core/music';
import { melodyExperimentInput, savedMelodyFromExperiment } from '../../../core/music/melodyExperiment';
import type {
  MelodyMode,
  MelodyOutcome,
  MelodyTrainingLog,
  SavedMelody,
} from '../../../core/music/melodyExperiment';
import type { Variation } from '../../../core/music/melodyGenerate';
import { GenerateSettingsSchema, TRAINING_DEFAULTS } from '../../../core/music/melodySettings';
import type { GenerateSettings, MelodyTrainingSettings } from '../../../core/music/melodySettings';
import { failureMessage, getExperimentOf, lab } from '../../api/client';
import { melodyPlayer, renderMelodyWav, type PlayableMelody } from '../../audio/melodyPlayer';
import { downloadBlob, safeFileName } from '../../charts/download';
import { useLab } from '../../state/store';
import type { MelodyModelDescription as ModelDescription } from '../../../core/experiments/melody';
import { callbacks, compute, startJob, type Job } from '../../workers/computeClient';

/** How the seed is read from its file; `track` null = the import's own choice. */
export interface ImportChoice {
  track: number | null;
  polyphony: PolyphonyRule;
  stepsPerQuarter: number;
}

/** A live training run (fine-tuning or from scratch). */
export interface MelodyRun {
  job: Job<unknown>;
  mode: Exclude<MelodyMode, 'base'>;
  settings: MelodyTrainingSettings;
  stage: string;
  progress: TrainProgress | null;
  epochs: EpochSummary[];
  stopping: boolean;
}

/** The model in the worker's "trained" slot, which "Generate again" samples from. */
export interface TrainedModel {
  mode: Exclude<MelodyMode, 'base'>;
  model: ModelDescription;
  /** The experiment that holds its weights. */
  experimentId: number;
}

type Trainable = Exclude<MelodyMode, 'base'>;

interface MelodyState {
  dataset: DatasetInfo | null;
  bytes: Uint8Array | null;
  loadError: string | null;
  choice: ImportChoice;
  imported: MidiImport | null;
  importError: string | null;
  mode: MelodyMode;
  training: Record<Trainable, MelodyTrainingSettings>;
  generate: GenerateSettings;
  trained: TrainedModel | null;
  run: MelodyRun | null;
  /** What the worker is doing besides training (loading the model, generating). */
  busy: string | null;
  result: SavedMelody | null;
  /** Playback tempo (bpm); null = the seed's. */
  tempo: number | null;
  includeSeed: boolean;
  /** What plays: 'seed' or a variation index. */
  playing: 'seed' | number | null;
  openDataset(dataset: DatasetInfo): Promise<void>;
  setChoice(patch: Partial<ImportChoice>): void;
  setMode(mode: MelodyMode): void;
  setTraining(patch: Partial<MelodyTrainingSettings>): void;
  setGenerate(patch: Partial<GenerateSettings>): void;
  /** Generates with the chosen mode: the base model, or train (live) then generate. */
  start(): Promise<void>;
  /** Generates again with the trained model, without training. */
  generateWithTrained(): Promise<void>;
  stop(): void;
  openExperiment(id: number): Promise<void>;
  closeResult(): void;
  setTempo(bpm: number | null): void;
  setIncludeSeed(on: boolean): void;
  play(what: 'seed' | number): Promise<void>;
  stopPlayback(): void;
  exportMidi(index: number): void;
  exportWav(index: number): Promise<void>;
}

const vocab = createVocabulary(DEFAULT_RANGE);

function reimport(
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

function playable(result: SavedMelody, what: 'seed' | number, bpm: number): PlayableMelody {
  const { seed, generation } = result;
  if (what === 'seed')
    return { notes: seed.notes, totalSteps: seed.totalSteps, bpm, stepsPerQuarter: seed.stepsPerQuarter };
  return {
    notes: variationMelody(seed, generation.variations[what]),
    totalSteps: generation.seedSteps + generation.steps,
    bpm,
    stepsPerQuarter: seed.stepsPerQuarter,
  };
}

function fileStem(result: SavedMelody): string {
  return safeFileName((result.datasetName ?? 'melody').replace(/\.(mid|midi|smf)$/i, ''));
}

const failure = failureMessage;

export const useMelody = create<MelodyState>((set, get) => {
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
    const { imported, choice, generate } = get();
    if (!imported) return null;
    set({ busy: 'Generating…' });
    try {
      const { generation, model, backend } = await compute().melodyGenerate(
        { slot, seed: imported.melody, settings: generate },
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
        },
        seed: imported.melody,
        generation,
        training: training?.log ?? null,
        weights: training?.weights ?? null,
        backend,
        durationMs: Date.now() - started,
      });
    } catch (error) {
      set({ busy: null });
      useLab.getState().toast('error', failure(error, 'Generation failed'));
      return null;
    }
  };

  return {
    dataset: null,
    bytes: null,
    loadError: null,
    choice: { track: null, polyphony: 'highest', stepsPerQuarter: 4 },
    imported: null,
    importError: null,
    mode: 'base',
    training: { finetune: { ...TRAINING_DEFAULTS.finetune }, scratch: { ...TRAINING_DEFAULTS.scratch } },
    generate: GenerateSettingsSchema.parse({}),
    trained: null,
    run: null,
    busy: null,
    result: null,
    tempo: null,
    includeSeed: true,
    playing: null,

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
      const { imported, mode, run, busy } = get();
      if (!imported || run || busy) return;
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
          { seed: imported.melody, settings: { ...settings, mode } },
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
        useLab.getState().toast('error', failure(error, 'Training failed'));
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
        const { track, polyphony, stepsPerQuarter } = result.importSettings;
        set({
          result,
          tempo: null,
          mode: result.mode,
          generate: { ...result.generation.settings },
          choice: { track, polyphony, stepsPerQuarter },
        });
        const dataset = datasets.find((d) => d.id === result.datasetId);
        if (dataset) {
          selectDataset(dataset.id);
          if (get().dataset?.id !== dataset.id || !get().bytes) {
            set({ dataset, bytes: null, imported: null, importError: null, loadError: null });
            const full = await lab['datasets:get']({ id: dataset.id });
            set({ bytes: full.bytes, ...reimport(full.bytes, get().choice) });
          } else {
            get().setChoice({ track, polyphony, stepsPerQuarter });
          }
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
    setTempo(tempo) {
      set({ tempo });
    },
    setIncludeSeed(includeSeed) {
      set({ includeSeed });
    },

    async play(what) {
      const result = get().result;
      const seed = result?.seed ?? get().imported?.melody;
      if (!seed) return;
      const bpm = get().tempo ?? seed.bpm;
      const melody = result
        ? playable(result, what, bpm)
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
  };
});

/** Opens a saved melody experiment in the melody view (for the Experiments view's Open button). */
export function openMelodyExperiment(id: number): Promise<void> {
  return useMelody.getState().openExperiment(id);
}
