/**
 * What the compute worker does for the page: one typed API (see compute.worker.ts), called through comlink
 * (computeClient.ts). Long jobs take a job id the page can cancel, and report through callbacks.
 */
import type { ExperimentInputOf } from '../../core/api';
import type { ExtractOptions, ForecastDefaults, Series, TableSummary } from '../../core/data';
import type { ChallengeProgress, ChallengeRecord } from '../../core/inspect/challenge';
import type { Inspection } from '../../core/inspect/inspection';
import type { ForecastJobResult } from '../../core/jobs/forecastJob';
import type { GlobalJobProgress, GlobalJobResult } from '../../core/jobs/globalJob';
import type { GlobalForecastConfigInput } from '../../core/model/global/config';
import type { GlobalEpoch } from '../../core/model/global/trainer';
import type { MemoryChallengeRequest } from '../../core/jobs/memoryChallengeJob';
import type { MelodyModelDescription } from '../../core/experiments/melody';
import type { FutureForecast } from '../../core/model/forecastPipeline';
import type { ForecastConfigInput } from '../../core/model/spec';
import type { EpochSummary, TrainProgress } from '../../core/model/train';
import type { MelodyTrainingLog } from '../../core/music/melodyExperiment';
import type { Generation, GenerateSettingsInput } from '../../core/music/melodyGenerate';
import type { MelodyTrainingSettingsInput } from '../../core/music/melodySettings';
import type { Melody } from '../../core/music/types';
import type { ChallengeSettings } from '../../core/inspect/challengeSettings';
import type { RemoteCallbacks } from './rpc';

/** A parsed table as the UI sees it: the summary, the proposal; the table itself stays in the worker. */
export interface ParsedDataset {
  summary: TableSummary;
  defaults: ForecastDefaults | null;
  /** Why no forecast defaults could be proposed (e.g. no numeric column). */
  defaultsError: string | null;
}

/** Which model melody generation samples from: the shipped base model, or the last trained / reopened one. */
export type ModelSlot = 'base' | 'trained';

/** Callbacks of a training job. */
export type TrainingCallbacks = RemoteCallbacks<TrainProgress, EpochSummary>;
/** Callbacks of a job that reports stages only. */
export type StageCallbacks = RemoteCallbacks;
/** A finished memory-challenge run and the experiment that stores it. */
export interface ChallengeRun {
  record: Omit<ChallengeRecord, 'model'>;
  experiment: ExperimentInputOf<'memory'>;
}

export interface ComputeApi {
  /** Starts tfjs on a backend; says what runs. */
  init(backend: string): Promise<{ backend: string; note: string | null; threads: boolean }>;
  /** Stops a running job: training stops after its current batch (keeping the best weights), analyses reject. */
  cancel(jobId: string): void;

  /** Parses CSV bytes and keeps the table under `key` (the dataset's hash). */
  parseTable(key: string, bytes: Uint8Array, cb: StageCallbacks): Promise<ParsedDataset>;
  series(key: string, extract: ExtractOptions): Promise<Series>;
  forecast(
    jobId: string,
    input: {
      key: string;
      extract: ExtractOptions;
      seasonLength: number;
      config: ForecastConfigInput;
      dataset: { id: number; name: string } | null;
    },
    cb: TrainingCallbacks,
  ): Promise<ForecastJobResult>;
  /** Every series of a long-format table forecast by one network (see globalJob). */
  forecastAllSeries(
    jobId: string,
    input: {
      key: string;
      target: string;
      horizon: number;
      seasonLength: number;
      settings: GlobalForecastConfigInput;
      compareLocal: boolean;
      classical: 'fast' | 'all';
      dataset: { id: number; name: string } | null;
    },
    cb: RemoteCallbacks<GlobalJobProgress, GlobalEpoch>,
  ): Promise<GlobalJobResult>;
  forecastAgain(input: {
    key: string;
    extract: ExtractOptions;
    seasonLength: number;
    weights: Uint8Array;
  }): Promise<FutureForecast>;

  inspectForecast(
    jobId: string,
    input: {
      key: string;
      extract: ExtractOptions;
      seasonLength: number;
      weights: Uint8Array;
      windowIndex?: number;
      /** For a recipe ensemble, the member to inspect (0-based, default the first). */
      member?: number;
    },
    cb: StageCallbacks,
  ): Promise<Inspection>;
  inspectMelody(
    jobId: string,
    input: {
      weights: Uint8Array | null;
      seed: Melody;
      continuation: number[];
      /** The seed a scratch model's training started from (else the base model's). */
      initSeed?: number;
    },
    cb: StageCallbacks,
  ): Promise<Inspection>;
  inspectChallenge(
    jobId: string,
    input: { weights: Uint8Array; windowIndex?: number },
    cb: StageCallbacks,
  ): Promise<Inspection>;
  memoryChallenge(
    jobId: string,
    request: MemoryChallengeRequest,
    cb: RemoteCallbacks<ChallengeProgress, never, ChallengeRun>,
  ): Promise<{ stopped: boolean; summary: string; settings: ChallengeSettings; runs: number }>;

  melodyGenerate(
    input: { slot: ModelSlot; seed: Melody; settings: GenerateSettingsInput },
    cb: StageCallbacks,
  ): Promise<{ generation: Generation; model: MelodyModelDescription; backend: string }>;
  melodyTrain(
    jobId: string,
    input: { seed: Melody; settings: MelodyTrainingSettingsInput },
    cb: TrainingCallbacks,
  ): Promise<{
    log: MelodyTrainingLog;
    weights: Uint8Array | null;
    model: MelodyModelDescription;
    backend: string;
  }>;
  /** Makes a saved model the 'trained' slot (a reopened run). */
  melodyLoadTrained(weights: Uint8Array): Promise<{ model: MelodyModelDescription }>;
}
