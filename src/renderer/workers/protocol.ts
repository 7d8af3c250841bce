import type { ExtractOptions, Series, Table, TableSummary, ForecastDefaults } from '../../core/data';
import type { EpochSummary, TrainProgress } from '../../core/model/train';
import type { ForecastConfigInput } from '../../core/model/spec';
import type { FutureForecast } from '../../core/model/forecastPipeline';
import type { ForecastOutcome } from '../../core/model/forecastExperiment';
import type {
  ChallengeProgress,
  ChallengeRecord,
  ChallengeSettings,
  ChallengeTask,
  Inspection,
} from '../../core/inspect';
import type { CellType } from '../../core/model/spec';
import type { Melody } from '../../core/music/types';

/** A parsed table as the UI sees it: the summary, the proposal, and the table itself stays in the worker. */
export interface ParsedDataset {
  summary: TableSummary;
  defaults: ForecastDefaults | null;
  /** Why no forecast defaults could be proposed (e.g. no numeric column). */
  defaultsError: string | null;
}

export type { ForecastOutcome };

export interface WorkerRequests {
  parse: { args: { key: string; bytes: Uint8Array }; result: ParsedDataset };
  series: { args: { key: string; options: ExtractOptions }; result: Series };
  train: {
    args: { key: string; extract: ExtractOptions; seasonLength: number; config: ForecastConfigInput };
    result: ForecastOutcome;
  };
  inspectForecast: {
    args: {
      key: string;
      extract: ExtractOptions;
      seasonLength: number;
      weights: Uint8Array;
      windowIndex?: number;
    };
    result: Inspection;
  };
  inspectMelody: {
    args: { weights: Uint8Array | null; seed: Melody; continuation: number[] };
    result: Inspection;
  };
  inspectChallenge: { args: { weights: Uint8Array; windowIndex?: number }; result: Inspection };
  memoryChallenge: {
    args: ChallengeArgs;
    result: { stopped: boolean; summary: string; settings: ChallengeSettings };
  };
  forecastAgain: {
    args: { key: string; extract: ExtractOptions; seasonLength: number; weights: Uint8Array };
    result: FutureForecast;
  };
}

export type RequestType = keyof WorkerRequests;

/** Memory challenge request: one record arrives per finished run (kind 'record'). */
export interface ChallengeArgs {
  task: ChallengeTask;
  lags: number[];
  cells: CellType[];
  seed: number;
  settings?: Partial<ChallengeSettings>;
  backend: string;
}

export type ToWorker =
  | {
      [K in RequestType]: { kind: 'request'; id: number; type: K; args: WorkerRequests[K]['args'] };
    }[RequestType]
  | { kind: 'stop'; id: number }
  | { kind: 'init'; backend: string };

export type FromWorker =
  | { kind: 'progress'; id: number; fraction: number; stage: string }
  | { kind: 'trainProgress'; id: number; progress: TrainProgress }
  | { kind: 'epoch'; id: number; summary: EpochSummary }
  | { kind: 'record'; id: number; record: ChallengeRecord }
  | { kind: 'challengeProgress'; id: number; progress: ChallengeProgress }
  | { kind: 'done'; id: number; value: unknown }
  | { kind: 'error'; id: number; error: { code: string; message: string } }
  | { kind: 'backend'; backend: string; note: string | null; threads: boolean };

export type { Table };
