/**
 * "All series, one model": the state of a global forecast in the Forecast view — its settings, the run in the compute
 * worker (progress with members, epochs and series; Stop) and the result on screen, fresh or reopened from the
 * experiments.
 */
import { create } from 'zustand';
import type { DatasetInfo, ExperimentOf } from '../../../core/api';
import { MANY_SERIES } from '../../../core/experiments/global';
import type { GlobalJobProgress } from '../../../core/jobs/globalJob';
import { failureMessage, getExperimentOf, lab } from '../../api/client';
import { useLab } from '../../state/store';
import { callbacks, startJob, type Job } from '../../workers/computeClient';

/** What the panel lets a person change. */
export interface GlobalSettings {
  horizon: number;
  epochs: number;
  /** Networks in the ensemble (the forecast is their median). */
  members: number;
  /** Also forecast each series with a network of its own, to compare. */
  compareLocal: boolean;
}

/** A saved global run as the results panel shows it. */
export type GlobalExperiment = ExperimentOf<'global'>;

export interface GlobalRun {
  job: Job<unknown>;
  datasetId: number;
  progress: GlobalJobProgress | null;
  stopping: boolean;
}

/** Columns of the per-series table. */
export type SeriesSortKey =
  'id' | 'smape' | 'mase' | 'naive2Mase' | 'snaiveMase' | 'bestClassical' | 'localMase';

interface GlobalState {
  settings: GlobalSettings;
  run: GlobalRun | null;
  result: GlobalExperiment | null;
  /** The series whose chart is shown. */
  selected: string | null;
  sort: { key: SeriesSortKey; descending: boolean };
  setSettings(patch: Partial<GlobalSettings>): void;
  start(input: {
    dataset: DatasetInfo;
    target: string;
    seasonLength: number;
    seriesCount: number;
  }): Promise<void>;
  stop(): void;
  openExperiment(id: number): Promise<void>;
  select(id: string): void;
  sortBy(key: SeriesSortKey): void;
  close(): void;
}

export const DEFAULT_GLOBAL_SETTINGS: GlobalSettings = {
  horizon: 12,
  epochs: 20,
  members: 5,
  compareLocal: true,
};

export const useGlobal = create<GlobalState>((set, get) => ({
  settings: DEFAULT_GLOBAL_SETTINGS,
  run: null,
  result: null,
  selected: null,
  sort: { key: 'mase', descending: false },

  setSettings(patch) {
    set({ settings: { ...get().settings, ...patch } });
  },

  async start({ dataset, target, seasonLength, seriesCount }) {
    if (get().run) return;
    const { settings } = get();
    const few = seriesCount <= MANY_SERIES;
    const toast = useLab.getState().toast;
    const job = startJob((api, jobId) =>
      api.forecastAllSeries(
        jobId,
        {
          key: dataset.hash,
          target,
          horizon: settings.horizon,
          seasonLength,
          settings: { epochs: settings.epochs, members: settings.members },
          compareLocal: settings.compareLocal && few,
          classical: few ? 'all' : 'fast',
          dataset: { id: dataset.id, name: dataset.name },
        },
        callbacks({
          onProgress: (progress) => {
            const r = get().run;
            if (r && r.job === job) set({ run: { ...r, progress } });
          },
        }),
      ),
    );
    set({ run: { job, datasetId: dataset.id, progress: null, stopping: false }, result: null });
    try {
      const done = await job.promise;
      const saved = await lab['experiments:save'](done.experiment);
      const experiment = await getExperimentOf('global', saved.id);
      set({ run: null, result: experiment, selected: experiment.predictions.series[0]?.id ?? null });
      if (done.status === 'stopped')
        toast(
          'info',
          `Stopped: the networks trained so far forecast every series. Saved as “${saved.name}”.`,
        );
      else toast('success', `Saved as “${saved.name}”.`);
    } catch (error) {
      const stopped = get().run?.stopping === true;
      set({ run: null });
      if (stopped) toast('info', 'Stopped before the network trained: nothing was saved.');
      else toast('error', failureMessage(error, 'The forecast of all series failed'));
    }
  },

  stop() {
    const run = get().run;
    if (!run || run.stopping) return;
    run.job.cancel();
    set({ run: { ...run, stopping: true } });
  },

  async openExperiment(id) {
    try {
      const experiment = await getExperimentOf('global', id);
      set({ result: experiment, selected: experiment.predictions.series[0]?.id ?? null });
    } catch (error) {
      useLab.getState().toast('error', failureMessage(error, 'Could not open the run'));
    }
  },

  select(id) {
    set({ selected: id });
  },

  sortBy(key) {
    const sort = get().sort;
    set({ sort: { key, descending: sort.key === key ? !sort.descending : false } });
  },

  close() {
    set({ result: null, selected: null });
  },
}));
