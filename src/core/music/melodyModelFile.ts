/**
 * A trained melody model as one blob (the lab's weights-file layout, see core/model/weightsFile.ts): the spec, the
 * token vocabulary's pitch range, the grid it was trained on and the float32 weights. The shipped base model
 * (resources/models/base-melody/model.bin), fine-tuned and scratch models saved with experiments use it.
 */
import * as tf from '@tensorflow/tfjs';
import { packWeightsFile, unpackWeightsFile } from '../model/weightsFile';
import { MusicError } from './errors';
import { buildMelodyModel, parseMelodyModelSpec } from './melodyModel';
import type { MelodyModelSpec } from './melodyModel';
import { LEAD_IN_STEPS } from './melodyTraining';
import type { KeyHandling } from './keyRelative';
import { KEY_HANDLINGS } from './keyRelative';
import type { PitchRange } from './types';
import { createVocabulary } from './vocabulary';
import type { Vocabulary } from './vocabulary';

/** One weight tensor in the blob: name, shape; data lie back to back in `weightData` in model.weights order. */
export interface MelodyWeightSpec {
  readonly name: string;
  readonly shape: number[];
}

/** What a melody model file holds. */
export interface SavedMelodyModel {
  readonly kind: 'melody-model';
  readonly spec: MelodyModelSpec;
  /** Pitch range of the token vocabulary (REST, HOLD, then one token per pitch). */
  readonly range: PitchRange;
  /** Grid the model was trained on, steps per quarter note. */
  readonly stepsPerQuarter: number;
  /** Rest steps the model expects before a tune starts. */
  readonly leadIn: number;
  /**
   * How the model reads keys (see KeyHandling): pass it to generateVariations. Absent in files saved before keys
   * were handled, which read as 'any-key'.
   */
  readonly keyHandling?: KeyHandling;
  /** One line on what it was trained on, e.g. "43 corpus tunes x 12 keys". */
  readonly description: string;
  readonly model: { readonly weightSpecs: MelodyWeightSpec[]; readonly weightData: ArrayBuffer };
}

/** Everything but the weights, to describe a model in the UI and in experiments. */
export type MelodyModelInfo = Omit<SavedMelodyModel, 'model' | 'kind'>;

/** A model ready to sample from, with what it was trained on. The caller disposes `model`. */
export interface LoadedMelodyModel {
  readonly info: MelodyModelInfo;
  readonly vocab: Vocabulary;
  readonly model: tf.LayersModel;
}

/** Copies the model's weights out and packs them with `info` into one byte array. */
export async function packMelodyModel(model: tf.LayersModel, info: MelodyModelInfo): Promise<Uint8Array> {
  const weightSpecs: MelodyWeightSpec[] = [];
  const parts: Float32Array[] = [];
  for (const weight of model.weights) {
    const value = weight.read();
    weightSpecs.push({ name: weight.originalName, shape: [...value.shape] });
    parts.push((await value.data()) as Float32Array);
  }
  const all = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  const saved: SavedMelodyModel = {
    kind: 'melody-model',
    ...info,
    model: { weightSpecs, weightData: all.buffer },
  };
  return packWeightsFile(saved);
}

const damaged = (detail: string): MusicError =>
  new MusicError(
    'bad-model',
    `This is not a usable melody model (${detail}). Train it again or reinstall RNN Lab.`,
  );

/** Reads a packed melody model's description without building it; throws MusicError 'bad-model'. */
export function readMelodyModelFile(bytes: Uint8Array): SavedMelodyModel {
  let raw: unknown;
  try {
    raw = unpackWeightsFile(bytes);
  } catch (error) {
    throw damaged((error as Error).message);
  }
  const saved = raw as Partial<SavedMelodyModel>;
  if (saved.kind !== 'melody-model' || !saved.spec || !saved.range || !saved.model?.weightSpecs) {
    throw damaged('it is not a melody model file');
  }
  return {
    kind: 'melody-model',
    spec: parseMelodyModelSpec(saved.spec),
    range: saved.range,
    stepsPerQuarter: saved.stepsPerQuarter ?? 4,
    leadIn: saved.leadIn ?? LEAD_IN_STEPS,
    keyHandling:
      saved.keyHandling && KEY_HANDLINGS.includes(saved.keyHandling) ? saved.keyHandling : 'any-key',
    description: saved.description ?? '',
    model: { weightSpecs: saved.model.weightSpecs, weightData: saved.model.weightData },
  };
}

/** Rebuilds a packed melody model and loads its weights. Throws MusicError 'bad-model' when they do not fit. */
export function loadMelodyModel(bytes: Uint8Array): LoadedMelodyModel {
  const saved = readMelodyModelFile(bytes);
  const vocab = createVocabulary(saved.range);
  if (vocab.size !== saved.spec.vocabSize) throw damaged('its vocabulary does not match its pitch range');
  const model = buildMelodyModel(saved.spec, 0);
  try {
    const weights = model.weights;
    const specs = saved.model.weightSpecs;
    const floats = new Float32Array(saved.model.weightData);
    const expected = specs.reduce((sum, spec) => sum + spec.shape.reduce((p, q) => p * q, 1), 0);
    const mismatch =
      specs.length !== weights.length ||
      floats.length !== expected ||
      specs.some((spec, i) => {
        const shape = weights[i].read().shape;
        return spec.shape.length !== shape.length || spec.shape.some((d, k) => d !== shape[k]);
      });
    if (mismatch) throw damaged('its weights do not fit its description');
    let offset = 0;
    const tensors = specs.map((spec) => {
      const size = spec.shape.reduce((p, q) => p * q, 1);
      const tensor = tf.tensor(floats.subarray(offset, offset + size), spec.shape, 'float32');
      offset += size;
      return tensor;
    });
    model.setWeights(tensors);
    tf.dispose(tensors);
  } catch (error) {
    model.dispose();
    throw error;
  }
  const { model: _weights, kind: _kind, ...info } = saved;
  return { info, vocab, model };
}

/** A copy of a loaded model (same spec and weights) to train further without touching the original. */
export function cloneMelodyModel(source: tf.LayersModel, spec: MelodyModelSpec): tf.LayersModel {
  const copy = buildMelodyModel(spec, 0);
  const values = source.weights.map((weight) => weight.read());
  copy.setWeights(values);
  return copy;
}
