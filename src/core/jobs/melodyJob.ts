/**
 * The melody pipeline, assembled once for the app's worker and the CLI: a seed melody -> the shipped base model,
 * fine-tuned on the seed, or a model trained from scratch on the corpus -> continuations -> what `experiments:save`
 * stores. Training from scratch uses the base model's recipe and corpus split: it learns on the training tunes and
 * the seed and stops early on the validation tunes, and never sees the held-out tunes the base model is scored on.
 */
import type { ExperimentInputOf } from '../api';
import type { MelodyModelDescription, SeedImportSettings } from '../experiments/melody';
import { BASE_MODEL_SETTINGS, recipeWindows, splitCorpus } from '../music/baseModel';
import { parseMelodyCorpus } from '../music/corpus';
import type { TokenWindows } from '../music/dataset';
import {
  melodyExperimentInput,
  type MelodyMode,
  type MelodyOutcome,
  type MelodyTrainingLog,
} from '../music/melodyExperiment';
import { generateVariations, type Generation, type GenerateSettingsInput } from '../music/melodyGenerate';
import { buildMelodyModel, melodyModelLabel, type MelodyModelSpec } from '../music/melodyModel';
import {
  cloneMelodyModel,
  packMelodyModel,
  type LoadedMelodyModel,
  type MelodyModelInfo,
} from '../music/melodyModelFile';
import { fineTuneWindows, parseTrainingSettings, trainMelodyModel } from '../music/melodyTraining';
import type { MelodyTrainingSettingsInput } from '../music/melodySettings';
import type { Melody } from '../music/types';
import { throttleProgress, type JobHooks } from './hooks';

/** How the UI and saved runs describe a model. */
export function describeMelodyModel(info: MelodyModelInfo): MelodyModelDescription {
  return { label: melodyModelLabel(info.spec), spec: info.spec, description: info.description };
}

/** A finished training run: its log, and the trained model (the caller owns and disposes it) with its packed file. */
export interface MelodyTrainingResult {
  log: MelodyTrainingLog;
  /** Null when training diverged before usable weights. */
  model: LoadedMelodyModel | null;
  weights: Uint8Array | null;
  description: MelodyModelDescription;
}

/** Training windows of the seed (looped, with corpus windows replayed) for fine-tuning a model. */
function fineTuneData(
  seed: Melody,
  base: LoadedMelodyModel,
  corpusText: string,
  settingsSeed: number,
): TokenWindows {
  const corpus = splitCorpus(parseMelodyCorpus(corpusText));
  return fineTuneWindows(seed, base.vocab, {
    replay: corpus.train.map((tune) => tune.melody),
    keyHandling: base.info.keyHandling,
    seed: settingsSeed,
  });
}

/**
 * The scratch recipe: the corpus split as for the base model, the training tunes and the seed prepared by the base
 * model's key handling and cut into windows, the validation tunes for early stopping. The held-out tunes are left out.
 */
export function scratchTrainingData(
  seed: Melody,
  base: LoadedMelodyModel,
  corpusText: string,
  settingsSeed: number,
): { train: TokenWindows; validation: TokenWindows; trainTunes: number } {
  const split = splitCorpus(parseMelodyCorpus(corpusText), BASE_MODEL_SETTINGS);
  const windows = recipeWindows(split, base.vocab, BASE_MODEL_SETTINGS, [seed], settingsSeed);
  return { ...windows, trainTunes: split.train.length };
}

/**
 * Fine-tunes the base model on the seed, or trains a new model from scratch on the corpus and the seed (see
 * {@link scratchTrainingData}). The base model is left unchanged. Stopping keeps the best weights so far.
 */
export async function trainMelodyJob(
  input: {
    seed: Melody;
    settings: MelodyTrainingSettingsInput;
    base: LoadedMelodyModel;
    corpusText: string;
  },
  hooks: JobHooks = {},
): Promise<MelodyTrainingResult> {
  const settings = parseTrainingSettings(input.settings);
  const { base } = input;
  hooks.onStage?.('Preparing training windows…');
  let info: MelodyModelInfo;
  let train: TokenWindows;
  let validation: TokenWindows | null = null;
  const scratchSpec: MelodyModelSpec = {
    cell: settings.cell,
    units: settings.units,
    layers: settings.layers,
    embeddingSize: 32,
    vocabSize: base.vocab.size,
    gateInit: settings.gateInit,
    attention: settings.attention,
  };
  const model =
    settings.mode === 'finetune'
      ? cloneMelodyModel(base.model, base.info.spec)
      : buildMelodyModel(scratchSpec, settings.seed);
  try {
    if (settings.mode === 'finetune') {
      info = {
        ...base.info,
        description: `The base model fine-tuned on the seed (${settings.epochs} epochs)`,
      };
      train = fineTuneData(input.seed, base, input.corpusText, settings.seed);
    } else {
      const data = scratchTrainingData(input.seed, base, input.corpusText, settings.seed);
      train = data.train;
      validation = data.validation;
      info = {
        ...base.info,
        spec: scratchSpec,
        keyHandling: BASE_MODEL_SETTINGS.keyHandling,
        description: `Trained from scratch on ${data.trainTunes} corpus tunes and the seed (the base model's recipe)`,
      };
    }
    const result = await trainMelodyModel({
      model,
      train,
      validation,
      vocabSize: base.vocab.size,
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      clipNorm: settings.clipNorm,
      patience: settings.patience,
      seed: settings.seed,
      signal: hooks.signal,
      onProgress: throttleProgress(hooks.onProgress, 100),
      onEpoch: hooks.onEpoch,
    });
    const usable = result.status !== 'diverged';
    const weights = usable ? await packMelodyModel(model, info) : null;
    if (!usable) model.dispose();
    return {
      log: {
        status: result.status,
        message: result.message,
        settings,
        history: result.history,
        bestEpoch: result.bestEpoch,
        epochsRun: result.epochsRun,
        earlyStopped: result.earlyStopped,
        gradients: result.gradients,
        durationMs: result.durationMs,
      },
      model: usable ? { model, info, vocab: base.vocab } : null,
      weights,
      description: describeMelodyModel(info),
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** Continues the seed with a loaded model, fed the way the model was trained (its key handling). */
export function generateMelodyJob(
  loaded: LoadedMelodyModel,
  seed: Melody,
  settings: GenerateSettingsInput,
): Generation {
  return generateVariations(loaded.model, seed, loaded.vocab, settings, {
    keyHandling: loaded.info.keyHandling,
  });
}

/**
 * The whole pipeline for one seed: optionally fine-tune or train from scratch, then continue the seed, and describe
 * the run for `experiments:save`. The caller loads the base model (and owns it); a trained model is disposed here.
 */
export async function melodyJob(
  input: {
    seed: Melody;
    importSettings: SeedImportSettings;
    mode: MelodyMode;
    training?: MelodyTrainingSettingsInput;
    generate: GenerateSettingsInput;
    base: LoadedMelodyModel;
    corpusText: string;
    backend: string;
    dataset: { id: number; name: string } | null;
  },
  hooks: JobHooks = {},
): Promise<{ outcome: MelodyOutcome; experiment: ExperimentInputOf<'melody'> }> {
  const started = performance.now();
  let trained: MelodyTrainingResult | null = null;
  if (input.mode !== 'base') {
    trained = await trainMelodyJob(
      {
        seed: input.seed,
        settings: { ...input.training, mode: input.mode },
        base: input.base,
        corpusText: input.corpusText,
      },
      hooks,
    );
  }
  try {
    hooks.onStage?.('Generating…');
    const loaded = trained?.model ?? input.base;
    const generation = generateMelodyJob(loaded, input.seed, input.generate);
    const outcome: MelodyOutcome = {
      mode: input.mode,
      model: trained?.description ?? describeMelodyModel(input.base.info),
      importSettings: input.importSettings,
      seed: input.seed,
      generation,
      training: trained?.log ?? null,
      weights: trained?.weights ?? null,
      backend: input.backend,
      durationMs: performance.now() - started,
    };
    return { outcome, experiment: melodyExperimentInput(outcome, input.dataset) };
  } finally {
    trained?.model?.model.dispose();
  }
}
