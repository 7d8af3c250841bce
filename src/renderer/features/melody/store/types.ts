/** The melody view's state, in three slices: the seed (file, track, import), the job (model, training, generation, the result) and playback. */
import type { StateCreator } from 'zustand';
import type { DatasetInfo } from '../../../../core/api';
import type { MelodyModelDescription as ModelDescription } from '../../../../core/experiments/melody';
import type { EpochSummary, TrainProgress } from '../../../../core/model/train';
import type { BarRange, Melody, MidiImport, PolyphonyRule } from '../../../../core/music';
import type { MelodyMode, SavedMelody } from '../../../../core/music/melodyExperiment';
import type { GenerateSettings, MelodyTrainingSettings } from '../../../../core/music/melodySettings';
import type { Job } from '../../../workers/computeClient';

/** How the seed is read from its file; `track` null = the import's own choice. */
export interface ImportChoice {
  track: number | null;
  polyphony: PolyphonyRule;
  stepsPerQuarter: number;
  /** The seed's bars of the track; null = the default (the last 8 bars of a long track, else all of it). */
  range: BarRange | null;
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

export type Trainable = Exclude<MelodyMode, 'base'>;

/** The seed: its dataset, bytes, how it is read, and the melody read from it. */
export interface SeedSlice {
  dataset: DatasetInfo | null;
  bytes: Uint8Array | null;
  loadError: string | null;
  choice: ImportChoice;
  imported: MidiImport | null;
  importError: string | null;
  /** The bars of the imported melody that form the seed (the choice's range, or the default), and the seed itself. */
  seedRange: BarRange | null;
  seed: Melody | null;
  /**
   * Loads a dataset's file and reads the seed from it, read as `choice` when given (a saved run's track, grid and
   * bars), else with the track suggested and the default bars. A load already under way for the dataset is reused.
   */
  openDataset(dataset: DatasetInfo, choice?: ImportChoice): Promise<void>;
  setChoice(patch: Partial<ImportChoice>): void;
  /** Sets the seed's bars (clamped into the track); null = back to the default. */
  setSeedRange(range: BarRange | null): void;
}

/** The model and what it does: the mode, training settings and run, generation settings, and the saved result. */
export interface JobSlice {
  mode: MelodyMode;
  training: Record<Trainable, MelodyTrainingSettings>;
  generate: GenerateSettings;
  trained: TrainedModel | null;
  run: MelodyRun | null;
  /** What the worker is doing besides training (loading the model, generating). */
  busy: string | null;
  result: SavedMelody | null;
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
}

/** Listening and exporting: tempo, with or without the seed, what plays. */
export interface PlaybackSlice {
  /** Playback tempo (bpm); null = the seed's. */
  tempo: number | null;
  includeSeed: boolean;
  /** Variations play from the start of the continuation (true) or from the start of the seed. */
  playFromContinuation: boolean;
  /** What plays: 'seed' or a variation index. */
  playing: 'seed' | number | null;
  setTempo(bpm: number | null): void;
  setIncludeSeed(on: boolean): void;
  setPlayFromContinuation(on: boolean): void;
  play(what: 'seed' | number): Promise<void>;
  stopPlayback(): void;
  exportMidi(index: number): void;
  exportWav(index: number): Promise<void>;
}

export type MelodyState = SeedSlice & JobSlice & PlaybackSlice;

/** A slice of the melody store, seeing the whole state. */
export type Slice<T> = StateCreator<MelodyState, [], [], T>;
