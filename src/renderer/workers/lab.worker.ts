/// <reference lib="webworker" />
// The lab's compute worker: CSV parsing with progress, training, forecasting. Keeps parsed tables here
// so big columns never cross to the UI thread.
import '@tensorflow/tfjs-backend-wasm';
import {
  extractSeries,
  isDataError,
  parseCsv,
  proposeForecastDefaults,
  summarizeTable,
  type Table,
} from '../../core/data';
import { ConfigError } from '../../core/data/windowing';
import { forecastAgain, runForecast } from '../../core/model/forecastPipeline';
import {
  forecastInspectionInputs,
  inspectChallengeRun,
  inspectForecaster,
  inspectMelodyModel,
  runMemoryChallenge,
} from '../../core/inspect';
import baseMelodyModelUrl from '../../../resources/models/base-melody/model.bin?url';
import { packWeightsFile, unpackWeightsFile } from '../../core/model/weightsFile';
import type { FromWorker, ParsedDataset, ToWorker, WorkerRequests } from './protocol';
import { startBackend, type BackendName } from './tfBackend';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

/** Parsed tables by dataset hash; a few are kept so switching datasets is instant. */
const tables = new Map<string, Table>();
const running = new Map<number, AbortController>();

function remember(key: string, table: Table): void {
  tables.delete(key);
  tables.set(key, table);
  while (tables.size > 3) tables.delete(tables.keys().next().value as string);
}

function tableFor(key: string): Table {
  const table = tables.get(key);
  if (!table)
    throw Object.assign(new Error('The dataset is no longer loaded: open it again.'), { code: 'BAD_INPUT' });
  return table;
}

function seriesFor(key: string, extract: WorkerRequests['train']['args']['extract'], seasonLength: number) {
  const s = extractSeries(tableFor(key), extract);
  return { time: s.time, target: s.target, features: s.features, seasonLength };
}

type Handlers = {
  [K in keyof WorkerRequests]: (
    args: WorkerRequests[K]['args'],
    id: number,
  ) => Promise<WorkerRequests[K]['result']>;
};

const handlers: Handlers = {
  async parse({ key, bytes }, id) {
    let last = -1;
    const table = parseCsv(bytes, {
      onProgress: (fraction) => {
        if (fraction - last >= 0.01 || fraction === 1) {
          last = fraction;
          post({ kind: 'progress', id, fraction, stage: 'Parsing' });
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
  },
  async series({ key, options }) {
    return extractSeries(tableFor(key), options);
  },
  async train({ key, extract, seasonLength, config }, id) {
    const controller = new AbortController();
    running.set(id, controller);
    try {
      await startBackend((config.backend ?? 'wasm') as BackendName);
      const series = seriesFor(key, extract, seasonLength);
      let lastPost = 0;
      const result = await runForecast(series, config, {
        signal: controller.signal,
        onProgress: (progress) => {
          const now = performance.now();
          if (now - lastPost > 100 || progress.step === progress.totalSteps) {
            lastPost = now;
            post({ kind: 'trainProgress', id, progress });
          }
        },
        onEpoch: (summary) => post({ kind: 'epoch', id, summary }),
      });
      const { saved, ...rest } = result;
      return { ...rest, weights: saved ? packWeightsFile(saved) : null };
    } finally {
      running.delete(id);
    }
  },
  async inspectForecast({ key, extract, seasonLength, weights, windowIndex }, id) {
    const controller = new AbortController();
    running.set(id, controller);
    const saved = unpackWeightsFile(weights) as { config: { backend: BackendName } };
    await startBackend(saved.config.backend === 'webgl' ? 'wasm' : saved.config.backend);
    const inputs = forecastInspectionInputs(weights, seriesFor(key, extract, seasonLength));
    try {
      return await inspectForecaster(inputs, {
        windowIndex,
        signal: controller.signal,
        onProgress: (fraction, stage) => post({ kind: 'progress', id, fraction, stage }),
      });
    } finally {
      inputs.model.dispose();
      running.delete(id);
    }
  },
  async inspectMelody({ weights, seed, continuation }, id) {
    const controller = new AbortController();
    running.set(id, controller);
    await startBackend('wasm');
    try {
      const bytes = weights ?? new Uint8Array(await (await fetch(baseMelodyModelUrl)).arrayBuffer());
      return await inspectMelodyModel(bytes, seed, continuation, {
        signal: controller.signal,
        onProgress: (fraction, stage) => post({ kind: 'progress', id, fraction, stage }),
      });
    } finally {
      running.delete(id);
    }
  },
  async inspectChallenge({ weights, windowIndex }, id) {
    const controller = new AbortController();
    running.set(id, controller);
    await startBackend('wasm');
    try {
      return await inspectChallengeRun(weights, {
        windowIndex,
        signal: controller.signal,
        onProgress: (fraction, stage) => post({ kind: 'progress', id, fraction, stage }),
      });
    } finally {
      running.delete(id);
    }
  },
  async memoryChallenge({ task, lags, cells, seed, settings, backend }, id) {
    const controller = new AbortController();
    running.set(id, controller);
    await startBackend(backend as BackendName);
    let last = 0;
    try {
      const result = await runMemoryChallenge({
        task,
        lags,
        cells,
        seed,
        settings,
        keepModels: true,
        signal: controller.signal,
        onProgress: (progress) => {
          const now = performance.now();
          if (now - last > 150) {
            last = now;
            post({ kind: 'challengeProgress', id, progress });
          }
        },
        onRecord: (record) => post({ kind: 'record', id, record }),
      });
      return { stopped: result.stopped, summary: result.summary, settings: result.settings };
    } finally {
      running.delete(id);
    }
  },
  async forecastAgain({ key, extract, seasonLength, weights }) {
    const saved = unpackWeightsFile(weights) as { config: { backend: BackendName } };
    await startBackend(saved.config.backend);
    return forecastAgain(saved, seriesFor(key, extract, seasonLength));
  },
};

function errorShape(error: unknown): { code: string; message: string } {
  if (isDataError(error) || error instanceof ConfigError)
    return { code: 'BAD_INPUT', message: error.message };
  const e = error as { code?: unknown; message?: unknown };
  if (e && typeof e.code === 'string' && typeof e.message === 'string')
    return { code: e.code, message: e.message };
  const message = error instanceof Error ? error.message : String(error);
  // A wasm abort usually means memory ran out.
  if (/Aborted\(\)|out of memory/i.test(message)) {
    return {
      code: 'INTERNAL',
      message: 'The model ran out of memory: use fewer units, a shorter lookback or a smaller batch.',
    };
  }
  return { code: 'INTERNAL', message: `Unexpected error in the compute worker: ${message}` };
}

scope.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.kind === 'stop') {
    running.get(message.id)?.abort();
    return;
  }
  if (message.kind === 'init') {
    const result = await startBackend(message.backend as BackendName);
    post({ kind: 'backend', ...result, threads: scope.crossOriginIsolated === true });
    return;
  }
  try {
    const handler = handlers[message.type] as (args: unknown, id: number) => Promise<unknown>;
    const value = await handler(message.args, message.id);
    const transfer: Transferable[] = [];
    const weights = (value as { weights?: unknown }).weights;
    if (weights instanceof Uint8Array) transfer.push(weights.buffer);
    post({ kind: 'done', id: message.id, value }, transfer);
  } catch (error) {
    post({ kind: 'error', id: message.id, error: errorShape(error) });
  }
};
