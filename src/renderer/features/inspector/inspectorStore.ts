import { create } from 'zustand';
import type { Experiment, ExperimentSummary } from '../../../core/api';
import type { ChallengeProgress, ChallengeRecord } from '../../../core/inspect/challenge';
import type { ChallengeTask } from '../../../core/inspect/challengeTasks';
import type { GateInitKind } from '../../../core/model/gateInit';
import type { Inspection } from '../../../core/inspect/inspection';
import type { CellType } from '../../../core/model/spec';
import { savedMelodyFromExperiment } from '../../../core/music/melodyExperiment';
import { extractOf } from '../../../core/experiments/forecast';
import { isUserError } from '../../../core/api';
import { failureMessage, lab } from '../../api/client';
import { useLab } from '../../state/store';
import type { ChallengeRun } from '../../workers/computeApi';
import { callbacks, compute, startJob, type Job } from '../../workers/computeClient';

export interface JobState {
  /** Null while the dataset is being loaded, before the analysis starts. */
  job: Job<Inspection> | null;
  fraction: number;
  stage: string;
}

/** How a challenge trains: gate initialisations (with chrono's T_max), the step budget, curriculum. */
export interface ChallengeRunOptions {
  inits: GateInitKind[];
  /** Chrono's T_max; null: each lag's sequence length. */
  tMax: number | null;
  /** Train until solved or this many steps; null: the default epochs. */
  maxSteps: number | null;
  curriculum: boolean;
}

export interface ChallengeState {
  job: Job<unknown>;
  task: ChallengeTask;
  lags: number[];
  cells: CellType[];
  records: Omit<ChallengeRecord, 'model'>[];
  /** Runs saved as experiments so far. */
  saved: number;
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
  /** Inspects the experiment on a test window (default the last) and, for an ensemble, a member (default the current, else the first). */
  analyse(windowIndex?: number, member?: number): Promise<void>;
  cancel(): void;
  toggleCompare(id: number): Promise<void>;
  runChallenge(
    task: ChallengeTask,
    lags: number[],
    cells: CellType[],
    seed: number,
    options?: ChallengeRunOptions,
  ): Promise<void>;
  stopChallenge(): void;
}

/** The stored inspection of an experiment, when one was computed before. */
function storedInspection(e: Pick<Experiment, 'inspection'>): Inspection | null {
  return e.inspection.latest;
}

async function ensureDatasetParsed(datasetId: number): Promise<string> {
  const dataset = await lab['datasets:get']({ id: datasetId });
  await compute().parseTable(dataset.hash, dataset.bytes, callbacks());
  return dataset.hash;
}

/**
 * Reads again the overlays that had no stored memory horizon when they were ticked: opening one of them in the
 * Inspector computes and stores it, and coming back must draw it without unticking and ticking again.
 */
async function refreshCompare(
  get: () => InspectorState,
  set: (part: Partial<InspectorState>) => void,
): Promise<void> {
  const missing = Object.entries(get().compare).filter(([, c]) => !c.inspection);
  if (!missing.length) return;
  const fetched = await Promise.all(missing.map(([id]) => lab['experiments:get']({ id: Number(id) })));
  const compare = { ...get().compare };
  for (const e of fetched)
    if (compare[e.id]) compare[e.id] = { name: e.name, inspection: storedInspection(e) };
  set({ compare });
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
      await refreshCompare(get, set);
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },

  async analyse(windowIndex, member) {
    const experiment = get().experiment;
    if (!experiment || (!experiment.weights && experiment.kind !== 'melody')) return;
    const cb = callbacks({
      onStage: (stage: string, fraction?: number) => {
        const job = get().job;
        if (job) set({ job: { ...job, fraction: fraction ?? job.fraction, stage } });
      },
    });
    set({ error: null });
    try {
      let request: Job<Inspection>;
      if (experiment.kind === 'forecast') {
        if (!experiment.weights) throw new Error('This forecast has no saved model.');
        const weights = experiment.weights;
        if (experiment.datasetId === null)
          throw new Error('The dataset of this forecast was deleted, so its windows cannot be rebuilt.');
        set({ job: { job: null, fraction: 0, stage: 'Loading the dataset' } });
        const key = await ensureDatasetParsed(experiment.datasetId);
        request = startJob((api, jobId) =>
          api.inspectForecast(
            jobId,
            {
              key,
              extract: extractOf(experiment.config),
              seasonLength: experiment.config.seasonLength,
              weights,
              windowIndex,
              member: member ?? get().inspection?.member?.index ?? 0,
            },
            cb,
          ),
        );
      } else if (experiment.kind === 'melody') {
        const saved = savedMelodyFromExperiment(experiment);
        const variation = saved.generation.variations[0];
        if (!variation) throw new Error('This melody run has no generated variation to inspect.');
        request = startJob((api, jobId) =>
          api.inspectMelody(
            jobId,
            {
              weights: experiment.weights,
              seed: saved.seed,
              continuation: variation.tokens,
              // A scratch model started from its own seed; the base and fine-tuned ones from the base model's.
              ...(experiment.config.mode === 'scratch' && experiment.config.training
                ? { initSeed: experiment.config.training.seed }
                : {}),
            },
            cb,
          ),
        );
      } else {
        const weights = experiment.weights;
        if (!weights) throw new Error('This run has no saved network to inspect.');
        request = startJob((api, jobId) => api.inspectChallenge(jobId, { weights, windowIndex }, cb));
      }
      set({ job: { job: request, fraction: 0, stage: 'Starting' } });
      const inspection = await request.promise;
      if (get().experiment?.id !== experiment.id) return;
      set({ inspection, job: null });
      // An overlay ticked before this experiment had a memory horizon draws it now.
      const overlaid = get().compare[experiment.id];
      if (overlaid && !overlaid.inspection)
        set({ compare: { ...get().compare, [experiment.id]: { ...overlaid, inspection } } });
      await lab['experiments:update']({
        id: experiment.id,
        inspection: { ...experiment.inspection, latest: inspection },
      });
    } catch (error) {
      set({
        job: null,
        error:
          isUserError(error) && error.wireCode === 'CANCELLED'
            ? null
            : failureMessage(error, 'The analysis failed'),
      });
    }
  },

  cancel() {
    get().job?.job?.cancel();
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

  async runChallenge(task, lags, cells, seed, options) {
    if (get().challenge?.running) return;
    const toast = useLab.getState().toast;
    const mine = (job: Job<unknown>) => get().challenge?.job === job;
    // Each finished run is saved as it arrives, so a stopped challenge keeps the runs it finished.
    let saving: Promise<unknown> = Promise.resolve();
    const job = startJob((api, jobId) =>
      api.memoryChallenge(
        jobId,
        {
          task,
          lags,
          cells,
          seed,
          backend: 'wasm',
          ...(options
            ? {
                inits: options.inits,
                tMax: options.tMax,
                settings: { maxSteps: options.maxSteps, curriculum: options.curriculum },
              }
            : {}),
        },
        callbacks<ChallengeProgress, never, ChallengeRun>({
          onProgress: (progress) => {
            const c = get().challenge;
            if (c && mine(job)) set({ challenge: { ...c, progress } });
          },
          onItem: ({ record, experiment }) => {
            const c = get().challenge;
            if (c && mine(job)) set({ challenge: { ...c, records: [...c.records, record] } });
            saving = saving.then(async () => {
              await lab['experiments:save'](experiment);
              const now = get().challenge;
              if (now && mine(job)) set({ challenge: { ...now, saved: now.saved + 1 } });
            });
            return saving.then(() => undefined);
          },
        }),
      ),
    );
    set({
      challenge: {
        job,
        task,
        lags,
        cells,
        records: [],
        saved: 0,
        progress: null,
        running: true,
        summary: null,
      },
    });
    try {
      const result = await job.promise;
      await saving;
      const c = get().challenge;
      if (!c || !mine(job)) return;
      set({ challenge: { ...c, running: false, summary: result.summary } });
      toast('success', `Saved ${c.saved} memory-challenge runs as experiments.`);
      await get().loadCandidates();
    } catch (error) {
      await saving.catch(() => undefined);
      const c = get().challenge;
      if (c) set({ challenge: { ...c, running: false } });
      toast('error', failureMessage(error, 'The memory challenge failed'));
    }
  },

  stopChallenge() {
    const c = get().challenge;
    if (c?.running) c.job.cancel();
  },
}));
