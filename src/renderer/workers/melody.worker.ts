/// <reference lib="webworker" />
// The melody worker: loads the shipped base model, fine-tunes it or trains a model from scratch (progress and Stop),
// and samples continuations. Models stay here; only tokens, notes and packed weights cross to the UI thread.
import '@tensorflow/tfjs-backend-wasm';
import type * as tf from '@tensorflow/tfjs';
import baseModelUrl from '../../../resources/models/base-melody/model.bin?url';
import corpusText from '../../../resources/melodies/melodies.txt?raw';
import { modelLabel } from '../../core/model/cells';
import { isMusicError, parseMelodyCorpus } from '../../core/music';
import { BASE_MODEL_SETTINGS, splitCorpus } from '../../core/music/baseModel';
import { tokenWindows } from '../../core/music/dataset';
import type { TokenWindows } from '../../core/music/dataset';
import { generateVariations } from '../../core/music/melodyGenerate';
import { buildMelodyModel } from '../../core/music/melodyModel';
import { cloneMelodyModel, loadMelodyModel, packMelodyModel } from '../../core/music/melodyModelFile';
import type { LoadedMelodyModel, MelodyModelInfo } from '../../core/music/melodyModelFile';
import {
  fineTuneWindows,
  melodyWindows,
  parseTrainingSettings,
  trainMelodyModel,
  tuneStream,
} from '../../core/music/melodyTraining';
import type {
  FromMelodyWorker,
  MelodyRequests,
  ModelDescription,
  ModelSlot,
  ToMelodyWorker,
} from './melodyProtocol';
import { startBackend, type BackendName } from './tfBackend';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromMelodyWorker, transfer: Transferable[] = []) =>
  scope.postMessage(message, transfer);
const running = new Map<number, AbortController>();
const slots = new Map<ModelSlot, LoadedMelodyModel>();
let backendName = 'wasm';

const describe = (info: MelodyModelInfo): ModelDescription => ({
  label: modelLabel(info.spec),
  spec: info.spec,
  description: info.description,
});

async function ensureBackend(requested: BackendName = 'wasm'): Promise<void> {
  backendName = (await startBackend(requested)).backend;
}

async function baseModel(id: number): Promise<LoadedMelodyModel> {
  const loaded = slots.get('base');
  if (loaded) return loaded;
  post({ kind: 'stage', id, stage: 'Loading the base model…' });
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

type Handlers = {
  [K in keyof MelodyRequests]: (
    args: MelodyRequests[K]['args'],
    id: number,
  ) => Promise<MelodyRequests[K]['result']>;
};

const handlers: Handlers = {
  async generate({ slot, seed, settings }, id) {
    await ensureBackend();
    const loaded = slot === 'base' ? await baseModel(id) : slots.get('trained');
    if (!loaded)
      throw Object.assign(
        new Error('No trained model is loaded: train one first, or choose the base model.'),
        { code: 'BAD_INPUT' },
      );
    post({ kind: 'stage', id, stage: 'Generating…' });
    const generation = generateVariations(loaded.model, seed, loaded.vocab, settings);
    return { generation, model: describe(loaded.info), backend: backendName };
  },

  async train({ seed, settings: input }, id) {
    const settings = parseTrainingSettings(input);
    await ensureBackend(settings.backend);
    const controller = new AbortController();
    running.set(id, controller);
    let model: tf.LayersModel | null = null;
    try {
      const base = await baseModel(id);
      const vocab = base.vocab;
      let info: MelodyModelInfo;
      let train: TokenWindows;
      let validation: TokenWindows | null = null;
      post({ kind: 'stage', id, stage: 'Preparing training windows…' });
      if (settings.mode === 'finetune') {
        model = cloneMelodyModel(base.model, base.info.spec);
        info = {
          ...base.info,
          description: `The base model fine-tuned on the seed (${settings.epochs} epochs)`,
        };
        const corpus = splitCorpus(parseMelodyCorpus(corpusText));
        train = fineTuneWindows(seed, vocab, {
          replay: corpus.train.map((tune) => tune.melody),
          seed: settings.seed,
        });
      } else {
        const spec = {
          cell: settings.cell,
          units: settings.units,
          layers: settings.layers,
          embeddingSize: 32,
          vocabSize: vocab.size,
        };
        model = buildMelodyModel(spec, settings.seed);
        const split = splitCorpus(parseMelodyCorpus(corpusText));
        const tunes = [...split.train, ...split.validation].map((tune) => tune.melody);
        info = {
          ...base.info,
          spec,
          description: `Trained from scratch on ${tunes.length} corpus tunes and the seed, in 12 keys`,
        };
        train = melodyWindows([...tunes, seed], vocab, {
          shifts: BASE_MODEL_SETTINGS.transpositions,
          length: BASE_MODEL_SETTINGS.windowSteps,
          stride: BASE_MODEL_SETTINGS.windowStride,
          seed: settings.seed,
        });
        validation = tokenWindows(
          [
            tuneStream(
              split.heldOut.map((tune) => tune.melody),
              vocab,
            ),
          ],
          BASE_MODEL_SETTINGS.windowSteps,
          32,
        );
      }
      let lastPost = 0;
      const result = await trainMelodyModel({
        model,
        train,
        validation,
        vocabSize: vocab.size,
        epochs: settings.epochs,
        batchSize: settings.batchSize,
        learningRate: settings.learningRate,
        clipNorm: settings.clipNorm,
        patience: settings.patience,
        seed: settings.seed,
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
      const usable = result.status !== 'diverged';
      const weights = usable ? await packMelodyModel(model, info) : null;
      if (usable) {
        setTrained({ info, vocab, model });
        model = null;
      }
      return {
        log: {
          status: result.status,
          message: result.message,
          settings: { ...settings },
          history: result.history,
          bestEpoch: result.bestEpoch,
          epochsRun: result.epochsRun,
          earlyStopped: result.earlyStopped,
          gradients: result.gradients,
          durationMs: result.durationMs,
        },
        weights,
        model: describe(info),
        backend: backendName,
      };
    } finally {
      model?.dispose();
      running.delete(id);
    }
  },

  async loadTrained({ weights }) {
    await ensureBackend();
    const loaded = loadMelodyModel(weights);
    setTrained(loaded);
    return { model: describe(loaded.info) };
  },
};

function errorShape(error: unknown): { code: string; message: string } {
  if (isMusicError(error)) return { code: 'BAD_INPUT', message: error.message };
  const e = error as { code?: unknown; message?: unknown };
  if (e && typeof e.code === 'string' && typeof e.message === 'string')
    return { code: e.code, message: e.message };
  const message = error instanceof Error ? error.message : String(error);
  if (/Aborted\(\)|out of memory/i.test(message)) {
    return {
      code: 'INTERNAL',
      message: 'The model ran out of memory: use fewer units or layers, or a smaller batch.',
    };
  }
  return { code: 'INTERNAL', message: `Unexpected error in the melody worker: ${message}` };
}

scope.onmessage = async (event: MessageEvent<ToMelodyWorker>) => {
  const message = event.data;
  if (message.kind === 'stop') {
    running.get(message.id)?.abort();
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
