import { create } from 'zustand';
import type { Experiment, ExperimentSummary } from '../../../core/api';
import type { ChallengeProgress, ChallengeRecord, ChallengeTask, Inspection } from '../../../core/inspect';
import { experimentFromChallengeRecord } from '../../../core/inspect/challengeExperiment';
import type { CellType } from '../../../core/model/spec';
import { savedMelodyFromExperiment } from '../../../core/music/melodyExperiment';
import { extractOf } from '../../../core/experiments/forecast';
import { lab } from '../../api/client';
import { useLab } from '../../state/store';
import { labWorker } from '../../workers/labWorker';

export interface JobState {
  id: number;
  fraction: number;
  stage: string;
}

export interface ChallengeState {
  id: number;
  task: ChallengeTask;
  lags: number[];
  cells: CellType[];
  records: ChallengeRecord[];
  progress: ChallengeProgress | null;
  running: boolean;
  summary: string | null;
}

interface InspectorState {
  candidates: ExperimentSummary[];
  experiment: Experiment | null;
  inspection: Inspection | null;
  /** Other experiments whose stored memory horizon is overlaid, by id. */
  compare: Record<number, { name: string; inspection: Inspection | null }>;
  job: JobState | null;
  error: string | null;
  challenge: ChallengeState | null;
  loadCandidates(): Promise<void>;
  select(id: number): Promise<void>;
  analyse(windowIndex?: number): Promise<void>;
  cancel(): void;
  toggleCompare(id: number): Promise<void>;
  runChallenge(task: ChallengeTask, lags: number[], cells: CellType[], seed: number): Promise<void>;
  stopChallenge(): void;
}

/** The stored inspection of an experiment, when one was computed before. */
function storedInspection(e: Pick<Experiment, 'inspection'>): Inspection | null {
  return e.inspection.latest;
}

async function ensureDatasetParsed(datasetId: number): Promise<string> {
  const dataset = await lab['datasets:get']({ id: datasetId });
  await labWorker().request('parse', { key: dataset.hash, bytes: dataset.bytes }).promise;
  return dataset.hash;
}

export const useInspector = create<InspectorState>((set, get) => ({
  candidates: [],
  experiment: null,
  inspection: null,
  compare: {},
  job: null,
  error: null,
  challenge: null,

  async loadCandidates() {
    try {
      const forecasts = await lab['experiments:list']({ kind: 'forecast', limit: 500 });
      const memory = await lab['experiments:list']({ kind: 'memory', limit: 500 });
      const melodies = await lab['experiments:list']({ kind: 'melody', limit: 500 });
      // Melody runs with the shipped base model have no weights of their own: they are inspected with it.
      set({
        candidates: [
          ...forecasts.items.filter((e) => e.hasWeights),
          ...memory.items.filter((e) => e.hasWeights),
          ...melodies.items,
        ].sort((a, b) => b.id - a.id),
      });
    } catch (error) {
      useLab.getState().toast('error', `Could not list experiments: ${(error as Error).message}`);
    }
  },

  async select(id) {
    get().cancel();
    try {
      const experiment = await lab['experiments:get']({ id });
      set({ experiment, inspection: storedInspection(experiment), error: null });
      if (!storedInspection(experiment)) await get().analyse();
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },

  async analyse(windowIndex) {
    const experiment = get().experiment;
    if (!experiment || (!experiment.weights && experiment.kind !== 'melody')) return;
    const worker = labWorker();
    const onProgress = (fraction: number, stage: string) => {
      const job = get().job;
      if (job) set({ job: { ...job, fraction, stage } });
    };
    set({ error: null });
    try {
      let request;
      if (experiment.kind === 'forecast') {
        if (!experiment.weights) throw new Error('This forecast has no saved model.');
        const weights = experiment.weights;
        if (experiment.datasetId === null)
          throw new Error('The dataset of this forecast was deleted, so its windows cannot be rebuilt.');
        set({ job: { id: -1, fraction: 0, stage: 'Loading the dataset' } });
        const key = await ensureDatasetParsed(experiment.datasetId);
        request = worker.request(
          'inspectForecast',
          {
            key,
            extract: extractOf(experiment.config),
            seasonLength: experiment.config.seasonLength,
            weights,
            windowIndex,
          },
          { onProgress },
        );
      } else if (experiment.kind === 'melody') {
        const saved = savedMelodyFromExperiment(experiment);
        const variation = saved.generation.variations[0];
        if (!variation) throw new Error('This melody run has no generated variation to inspect.');
        request = worker.request(
          'inspectMelody',
          { weights: experiment.weights, seed: saved.seed, continuation: variation.tokens },
          { onProgress },
        );
      } else {
        request = worker.request(
          'inspectChallenge',
          { weights: experiment.weights!, windowIndex },
          { onProgress },
        );
      }
      set({ job: { id: request.id, fraction: 0, stage: 'Starting' } });
      const inspection = await request.promise;
      if (get().experiment?.id !== experiment.id) return;
      set({ inspection, job: null });
      await lab['experiments:update']({
        id: experiment.id,
        inspection: { ...experiment.inspection, latest: inspection },
      });
    } catch (error) {
      const message = (error as Error).message;
      set({ job: null, error: /abort/i.test(message) ? null : message });
    }
  },

  cancel() {
    const job = get().job;
    if (job && job.id > 0) labWorker().stop(job.id);
    set({ job: null });
  },

  async toggleCompare(id) {
    const compare = { ...get().compare };
    if (compare[id]) {
      delete compare[id];
      set({ compare });
      return;
    }
    const e = await lab['experiments:get']({ id });
    compare[id] = { name: e.name, inspection: storedInspection(e) };
    set({ compare });
  },

  async runChallenge(task, lags, cells, seed) {
    if (get().challenge?.running) return;
    const backend = 'wasm';
    const job = labWorker().request(
      'memoryChallenge',
      { task, lags, cells, seed, backend },
      {
        onChallengeProgress: (progress) => {
          const c = get().challenge;
          if (c && c.id === job.id) set({ challenge: { ...c, progress } });
        },
        onRecord: (record) => {
          const c = get().challenge;
          if (c && c.id === job.id) set({ challenge: { ...c, records: [...c.records, record] } });
        },
      },
    );
    set({
      challenge: { id: job.id, task, lags, cells, records: [], progress: null, running: true, summary: null },
    });
    try {
      const result = await job.promise;
      const c = get().challenge;
      if (!c || c.id !== job.id) return;
      for (const record of c.records) {
        await lab['experiments:save'](
          experimentFromChallengeRecord(record, { settings: result.settings, backend }),
        );
      }
      set({ challenge: { ...c, running: false, summary: result.summary } });
      useLab.getState().toast('success', `Saved ${c.records.length} memory-challenge runs as experiments.`);
      await get().loadCandidates();
    } catch (error) {
      const c = get().challenge;
      if (c) set({ challenge: { ...c, running: false } });
      useLab.getState().toast('error', `The memory challenge failed: ${(error as Error).message}`);
    }
  },

  stopChallenge() {
    const c = get().challenge;
    if (c?.running) labWorker().stop(c.id);
  },
}));
