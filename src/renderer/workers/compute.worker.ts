/// <reference lib="webworker" />
// The page's one compute worker: CSV parsing, forecasting, melody training and generation, inspection and the memory
// challenge, all through the core's job modules, with one tfjs and one pool of kernel threads. Parsed tables and
// melody models stay here; the page gets summaries, forecasts, notes and packed weights.
import '@tensorflow/tfjs-backend-wasm';
import { z } from 'zod';
import baseModelUrl from '../../../resources/models/base-melody/model.bin?url';
import folkCorpus from '../../../resources/melodies/folk.txt?raw';
import corpusMelodies from '../../../resources/melodies/melodies.txt?raw';
import { LabError } from '../../core/api';
import {
  isDataError,
  parseCsv,
  proposeForecastDefaults,
  summarizeTable,
  extractSeries,
  type Table,
} from '../../core/data';
import { forecastInspectionInputs } from '../../core/inspect/forecastInputs';
import { inspectChallengeRun, inspectForecaster } from '../../core/inspect/inspection';
import { inspectMelodyModel } from '../../core/inspect/melodyInspection';
import { forecastAgainJob, forecastJob } from '../../core/jobs/forecastJob';
import { globalJob, seriesOfTable } from '../../core/jobs/globalJob';
import { describeMelodyModel, generateMelodyJob, trainMelodyJob } from '../../core/jobs/melodyJob';
import { memoryChallengeJob } from '../../core/jobs/memoryChallengeJob';
import { unpackWeightsFile } from '../../core/model/weightsFile';
import { loadMelodyModel, type LoadedMelodyModel } from '../../core/music/melodyModelFile';
import { parseTrainingSettings } from '../../core/music/melodySettings';
import type { ComputeApi, ModelSlot, ParsedDataset } from './computeApi';
import { Comlink, answerAfterCallbacks, installErrorHandler, type RemoteCallbacks } from './rpc';
import { startBackend, type BackendName } from './tfBackend';

installErrorHandler();
const scope = self as unknown as DedicatedWorkerGlobalScope;
/** The corpus the base model was trained on (BASE_CORPUS_FILES order). */
const corpusText = `${corpusMelodies}\n${folkCorpus}`;

/** Parsed tables by dataset hash; a few are kept so switching datasets is instant. */
const tables = new Map<string, Table>();
const running = new Map<string, AbortController>();
const slots = new Map<ModelSlot, LoadedMelodyModel>();
let backendName = 'wasm';

function remember(key: string, table: Table): void {
  tables.delete(key);
  tables.set(key, table);
  while (tables.size > 3) tables.delete(tables.keys().next().value as string);
}

function tableFor(key: string): Table {
  const table = tables.get(key);
  if (!table) throw new LabError('BAD_INPUT', 'The dataset is no longer loaded: open it again.');
  return table;
}

async function ensureBackend(requested: string = 'wasm'): Promise<void> {
  backendName = (await startBackend(requested as BackendName)).backend;
}

/**
 * Runs a cancellable job: `jobId` can be passed to cancel() while it runs. The job answers only after the page has
 * taken every callback it made (see answerAfterCallbacks).
 */
async function job<T, P, E, S>(
  jobId: string,
  callbacks: RemoteCallbacks<P, E, S>,
  run: (signal: AbortSignal, cb: RemoteCallbacks<P, E, S>) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  running.set(jobId, controller);
  try {
    return await answerAfterCallbacks(callbacks, (cb) => run(controller.signal, cb));
  } finally {
    running.delete(jobId);
  }
}

async function baseModel(): Promise<LoadedMelodyModel> {
  const loaded = slots.get('base');
  if (loaded) return loaded;
  const response = await fetch(baseModelUrl);
  if (!response.ok) throw new Error(`the base melody model could not be loaded (HTTP ${response.status})`);
  const model = loadMelodyModel(new Uint8Array(await response.arrayBuffer()));
  slots.set('base', model);
  return model;
}

function setTrained(model: LoadedMelodyModel): void {
  slots.get('trained')?.model.dispose();
  slots.set('trained', model);
}

/** The backend a saved forecaster ran on (webgl is replaced by wasm for analyses). */
function savedBackend(weights: Uint8Array): string {
  const saved = SavedBackend.safeParse(unpackWeightsFile(weights));
  return saved.success ? saved.data.config.backend : 'wasm';
}

const SavedBackend = z.object({ config: z.object({ backend: z.string() }) });

const api: ComputeApi = {
  async init(backend) {
    const result = await startBackend(backend as BackendName);
    backendName = result.backend;
    return { ...result, threads: scope.crossOriginIsolated === true };
  },

  cancel(jobId) {
    running.get(jobId)?.abort();
  },

  parseTable(key, bytes, callbacks) {
    return answerAfterCallbacks(callbacks, async (cb) => {
      let last = -1;
      const table = parseCsv(bytes, {
        onProgress: (fraction) => {
          if (fraction - last >= 0.01 || fraction === 1) {
            last = fraction;
            void cb.onStage('Parsing', fraction);
          }
        },
      });
      remember(key, table);
      let defaults: ParsedDataset['defaults'] = null;
      let defaultsError: string | null = null;
      try {
        defaults = proposeForecastDefaults(table);
      } catch (error) {
        if (!isDataError(error)) throw error;
        defaultsError = error.message;
      }
      return { summary: summarizeTable(table), defaults, defaultsError };
    });
  },

  async series(key, extract) {
    return extractSeries(tableFor(key), extract);
  },

  forecast(jobId, input, cb) {
    return job(jobId, cb, async (signal, cb) => {
      await ensureBackend(input.config.backend ?? 'wasm');
      const result = await forecastJob(
        { table: tableFor(input.key), ...input },
        { signal, onProgress: (p) => void cb.onProgress(p), onEpoch: (e) => void cb.onEpoch(e) },
      );
      const weights = result.outcome.weights;
      return weights ? Comlink.transfer(result, [weights.buffer]) : result;
    });
  },

  forecastAllSeries(jobId, input, cb) {
    return job(jobId, cb, async (signal, cb) => {
      await ensureBackend(backendName);
      const table = tableFor(input.key);
      const series = seriesOfTable(table, { target: input.target });
      return globalJob(
        {
          series,
          horizon: input.horizon,
          seasonLength: input.seasonLength,
          settings: input.settings,
          compareLocal: input.compareLocal,
          classical: input.classical,
          source: {
            kind: 'table',
            target: input.target,
            key: table.key?.column ?? null,
            files: input.dataset ? [input.dataset.name] : [],
            from: 1,
            to: series.length,
          },
          dataset: input.dataset,
        },
        { signal, onProgress: (p) => void cb.onProgress(p), onEpoch: (e) => void cb.onEpoch(e) },
      );
    });
  },

  async forecastAgain(input) {
    await ensureBackend(savedBackend(input.weights));
    return forecastAgainJob({ table: tableFor(input.key), ...input });
  },

  inspectForecast(jobId, input, cb) {
    return job(jobId, cb, async (signal, cb) => {
      const backend = savedBackend(input.weights);
      await ensureBackend(backend === 'webgl' ? 'wasm' : backend);
      const series = extractSeries(tableFor(input.key), input.extract);
      const inputs = forecastInspectionInputs(
        input.weights,
        {
          time: series.time,
          target: series.target,
          features: series.features,
          seasonLength: input.seasonLength,
        },
        input.member ?? 0,
      );
      try {
        return await inspectForecaster(inputs, {
          windowIndex: input.windowIndex,
          signal,
          onProgress: (fraction, stage) => void cb.onStage(stage, fraction),
        });
      } finally {
        inputs.model.dispose();
      }
    });
  },

  inspectMelody(jobId, input, cb) {
    return job(jobId, cb, async (signal, cb) => {
      await ensureBackend('wasm');
      const bytes = input.weights ?? new Uint8Array(await (await fetch(baseModelUrl)).arrayBuffer());
      return inspectMelodyModel(bytes, input.seed, input.continuation, {
        initSeed: input.initSeed,
        signal,
        onProgress: (fraction, stage) => void cb.onStage(stage, fraction),
      });
    });
  },

  inspectChallenge(jobId, input, cb) {
    return job(jobId, cb, async (signal, cb) => {
      await ensureBackend('wasm');
      return inspectChallengeRun(input.weights, {
        windowIndex: input.windowIndex,
        signal,
        onProgress: (fraction, stage) => void cb.onStage(stage, fraction),
      });
    });
  },

  memoryChallenge(jobId, request, cb) {
    return job(jobId, cb, async (signal, cb) => {
      await ensureBackend(request.backend);
      // job() answers only once the page has taken every run (answerAfterCallbacks)
      return memoryChallengeJob(
        { ...request, backend: backendName },
        {
          signal,
          onChallengeProgress: (progress) => void cb.onProgress(progress),
          onRun: (record, experiment) => {
            const weights = experiment.weights;
            const run = { record, experiment };
            void cb.onItem(weights ? Comlink.transfer(run, [weights.buffer]) : run);
          },
        },
      );
    });
  },

  melodyGenerate(input, callbacks) {
    return answerAfterCallbacks(callbacks, async (cb) => {
      await ensureBackend();
      if (input.slot === 'base') void cb.onStage('Loading the base model…');
      const loaded = input.slot === 'base' ? await baseModel() : slots.get('trained');
      if (!loaded)
        throw new LabError(
          'BAD_INPUT',
          'No trained model is loaded: train one first, or choose the base model.',
        );
      void cb.onStage('Generating…');
      const generation = generateMelodyJob(loaded, input.seed, input.settings);
      return { generation, model: describeMelodyModel(loaded.info), backend: backendName };
    });
  },

  melodyTrain(jobId, input, cb) {
    return job(jobId, cb, async (signal, cb) => {
      const settings = parseTrainingSettings(input.settings);
      await ensureBackend(settings.backend);
      void cb.onStage('Loading the base model…');
      const base = await baseModel();
      const result = await trainMelodyJob(
        { seed: input.seed, settings, base, corpusText },
        {
          signal,
          onStage: (stage) => void cb.onStage(stage),
          onProgress: (p) => void cb.onProgress(p),
          onEpoch: (e) => void cb.onEpoch(e),
        },
      );
      if (result.model) setTrained(result.model);
      const value = {
        log: result.log,
        weights: result.weights,
        model: result.description,
        backend: backendName,
      };
      return result.weights ? Comlink.transfer(value, [result.weights.buffer]) : value;
    });
  },

  async melodyLoadTrained(weights) {
    await ensureBackend();
    const loaded = loadMelodyModel(weights);
    setTrained(loaded);
    return { model: describeMelodyModel(loaded.info) };
  },
};

Comlink.expose(api);
