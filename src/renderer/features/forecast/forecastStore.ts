import { create } from 'zustand';
import type { DatasetInfo } from '../../../core/api';
import type { ExtractOptions, Series } from '../../../core/data';
import type { FutureForecast } from '../../../core/model/forecastPipeline';
import { proposalForNewData } from '../../../core/model/recommend';
import { DEFAULT_FORECAST_CONFIG, parseForecastConfig, type ForecastConfig } from '../../../core/model/spec';
import type { EpochSummary, TrainProgress } from '../../../core/model/train';
import { extractOf } from '../../../core/experiments/forecast';
import { failureMessage, getExperimentOf, lab } from '../../api/client';
import { forecastsDiffer, refitMessage, savedRunMessage } from '../../state/messages';
import { useLab } from '../../state/store';
import type { ParsedDataset } from '../../workers/computeApi';
import { callbacks, compute, startJob, type Job } from '../../workers/computeClient';
import type { ForecastJobResult } from '../../../core/jobs/forecastJob';
import { savedForecastFromExperiment, type SavedForecast } from '../../../core/model/forecastExperiment';

export type ParseState =
  | { status: 'idle' }
  | { status: 'loading'; fraction: number; name: string; stage: 'fetching' | 'parsing' }
  | { status: 'ready'; parsed: ParsedDataset }
  | { status: 'error'; message: string };

export interface RunState {
  job: Job<ForecastJobResult>;
  startedAt: number;
  progress: TrainProgress | null;
  epochs: EpochSummary[];
  stopping: boolean;
  config: ForecastConfig;
}

interface ForecastState {
  dataset: DatasetInfo | null;
  parse: ParseState;
  extract: ExtractOptions | null;
  seasonLength: number;
  config: ForecastConfig;
  series: Series | null;
  seriesError: string | null;
  run: RunState | null;
  /** The result on screen: a fresh run (saved) or a reopened experiment. */
  result: SavedForecast | null;
  refit: { status: 'idle' | 'running' } & {
    future?: FutureForecast | null;
    error?: string | null;
    /** What the last "Forecast again" did, shown under the results. */
    note?: string | null;
  };
  openDataset(dataset: DatasetInfo): Promise<void>;
  setExtract(patch: Partial<ExtractOptions>): void;
  setSeasonLength(m: number): void;
  setConfig(patch: Partial<ForecastConfig>): void;
  train(): Promise<void>;
  stop(): void;
  openExperiment(id: number): Promise<void>;
  /** Opens the setup of a saved run's dataset with the run's target and settings, ready to train again. */
  setupFromExperiment(id: number): Promise<boolean>;
  forecastAgain(): Promise<void>;
  closeResult(): void;
}

let seriesRequest = 0;

async function loadSeries(get: () => ForecastState, set: (p: Partial<ForecastState>) => void): Promise<void> {
  const { dataset, extract } = get();
  if (!dataset || !extract) return;
  const mine = ++seriesRequest;
  try {
    const series = await compute().series(dataset.hash, extract);
    if (mine === seriesRequest) set({ series, seriesError: null });
  } catch (error) {
    if (mine === seriesRequest) set({ series: null, seriesError: (error as Error).message });
  }
}

export const useForecast = create<ForecastState>((set, get) => ({
  dataset: null,
  parse: { status: 'idle' },
  extract: null,
  seasonLength: 1,
  config: { ...DEFAULT_FORECAST_CONFIG },
  series: null,
  seriesError: null,
  run: null,
  result: null,
  refit: { status: 'idle' },

  async openDataset(dataset) {
    if (get().dataset?.id === dataset.id && get().parse.status !== 'error') return;
    set({
      dataset,
      parse: { status: 'loading', fraction: 0, name: dataset.name, stage: 'fetching' },
      series: null,
      extract: null,
      seriesError: null,
    });
    try {
      const full = await lab['datasets:get']({ id: dataset.id });
      const parsed = await compute().parseTable(
        dataset.hash,
        full.bytes,
        callbacks({
          onStage: (_stage, fraction) => {
            if (get().dataset?.id === dataset.id)
              set({
                parse: { status: 'loading', fraction: fraction ?? 0, name: dataset.name, stage: 'parsing' },
              });
          },
        }),
      );
      if (get().dataset?.id !== dataset.id) return;
      const d = parsed.defaults;
      set({
        parse: { status: 'ready', parsed },
        extract: d
          ? { target: d.target, features: [], key: d.key ?? undefined, missing: 'interpolate' }
          : null,
        seasonLength: d?.seasonLength ?? 1,
        config: d
          ? {
              ...DEFAULT_FORECAST_CONFIG,
              backend: get().config.backend,
              engine: get().config.engine,
              lookback: d.lookback,
              horizon: d.horizon,
            }
          : get().config,
      });
      await loadSeries(get, set);
      const series = get().series;
      if (d && series && get().dataset?.id === dataset.id)
        set({ config: proposalForNewData(series.target, d, get().config) });
    } catch (error) {
      if (get().dataset?.id === dataset.id)
        set({ parse: { status: 'error', message: (error as Error).message } });
    }
  },

  setExtract(patch) {
    const current = get().extract;
    if (!current) return;
    set({ extract: { ...current, ...patch } });
    void loadSeries(get, set);
  },
  setSeasonLength(m) {
    set({ seasonLength: m });
  },
  setConfig(patch) {
    set({ config: { ...get().config, ...patch } });
  },

  async train() {
    const { dataset, extract, seasonLength, config, run } = get();
    if (!dataset || !extract || run) return;
    const toast = useLab.getState().toast;
    const job = startJob((api, jobId) =>
      api.forecast(
        jobId,
        { key: dataset.hash, extract, seasonLength, config, dataset: { id: dataset.id, name: dataset.name } },
        callbacks({
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
      run: { job, startedAt: Date.now(), progress: null, epochs: [], stopping: false, config },
      result: null,
      refit: { status: 'idle' },
    });
    let result: ForecastJobResult;
    try {
      result = await job.promise;
    } catch (error) {
      set({ run: null });
      toast('error', failureMessage(error, 'Training failed'));
      return;
    }
    const { outcome, experiment: input } = result;
    try {
      if (!input) throw new Error('the run has no dataset to belong to');
      const saved = await lab['experiments:save'](input);
      const experiment = await getExperimentOf('forecast', saved.id);
      set({ run: null, result: savedForecastFromExperiment(experiment) });
      toast(
        outcome.status === 'diverged' ? 'error' : outcome.status === 'stopped' ? 'info' : 'success',
        savedRunMessage(outcome.status, outcome.message, saved.name),
      );
    } catch (error) {
      set({ run: null });
      toast('error', `The run finished but could not be saved: ${(error as Error).message}`);
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
      const experiment = await getExperimentOf('forecast', id);
      set({ result: savedForecastFromExperiment(experiment), refit: { status: 'idle' } });
      const datasets = useLab.getState().datasets;
      const dataset = datasets.find((d) => d.id === experiment.datasetId);
      if (dataset) {
        useLab.getState().selectDataset(dataset.id);
        await get().openDataset(dataset);
        const cfg = experiment.config;
        const base = get().extract;
        if (base) {
          set({
            extract: { ...base, ...extractOf(cfg) },
            seasonLength: cfg.seasonLength,
          });
          void loadSeries(get, set);
        }
      }
    } catch (error) {
      useLab.getState().toast('error', `Could not open the experiment: ${(error as Error).message}`);
    }
  },

  async setupFromExperiment(id) {
    const toast = useLab.getState().toast;
    if (get().run) {
      toast('error', 'A forecast is training: stop it or wait for it before setting up another.');
      return false;
    }
    try {
      const e = await getExperimentOf('forecast', id);
      const dataset = useLab.getState().datasets.find((d) => d.id === e.datasetId);
      if (!dataset) {
        toast(
          'error',
          `The dataset of “${e.name}” is no longer in the lab: import it again to repeat the run.`,
        );
        return false;
      }
      const cfg = e.config;
      set({ result: null, refit: { status: 'idle' } });
      useLab.getState().selectDataset(dataset.id);
      await get().openDataset(dataset);
      if (get().dataset?.id !== dataset.id || get().parse.status !== 'ready') return false;
      const base = get().extract;
      set({
        extract: base ? { ...base, ...extractOf(cfg) } : base,
        seasonLength: cfg.seasonLength,
        config: parseForecastConfig(cfg),
      });
      await loadSeries(get, set);
      return true;
    } catch (error) {
      toast('error', `Could not set up the run again: ${(error as Error).message}`);
      return false;
    }
  },

  async forecastAgain() {
    const { result, dataset } = get();
    if (!result || !result.weightsId || !dataset) return;
    set({ refit: { status: 'running' } });
    try {
      const experiment = await lab['experiments:get']({ id: result.weightsId });
      if (!experiment.weights) throw new Error('this experiment has no saved model');
      const future = await compute().forecastAgain({
        key: dataset.hash,
        extract: result.extract,
        seasonLength: result.seasonLength,
        weights: experiment.weights,
      });
      const note = refitMessage(
        future.mean.length,
        forecastsDiffer(future.mean, (get().refit.future ?? result.future)?.mean),
        new Date(),
      );
      set({ refit: { status: 'idle', future, error: null, note } });
    } catch (error) {
      set({ refit: { status: 'idle', future: null, error: (error as Error).message } });
    }
  },

  closeResult() {
    set({ result: null, refit: { status: 'idle' } });
  },
}));
