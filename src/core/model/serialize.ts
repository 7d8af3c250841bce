/** Model weights as {spec, weight specs, one ArrayBuffer}: storable as JSON plus a BLOB. */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { ConfigError } from '../data/errors';
import type { BuildOptions } from './builder';
import { buildForecastModel } from './builder';
import type { ModelSpec } from './spec';
import { ModelSpecSchema } from './spec';

export interface WeightSpec {
  /** e.g. 'lstm_1/kernel'. */
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface SerializedModel {
  spec: ModelSpec;
  /** In model.weights order; their data lie back to back in `weightData`. */
  weightSpecs: WeightSpec[];
  /** Little-endian float32 values of all weights. */
  weightData: ArrayBuffer;
}

const WeightSpecSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().min(0)),
  dtype: z.literal('float32'),
});

/** Accepts an ArrayBuffer or any byte view of one (a Node Buffer read from SQLite) and returns an ArrayBuffer. */
export const WeightDataSchema = z
  .custom<ArrayBuffer | ArrayBufferView>(
    (v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v),
    'weightData must be an ArrayBuffer or a byte array',
  )
  .transform((v): ArrayBuffer => {
    if (v instanceof ArrayBuffer) return v;
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    return bytes.slice().buffer;
  });

/** Validates a stored SerializedModel; weightData may come back as a byte array. */
export const SerializedModelSchema = z.object({
  spec: ModelSpecSchema,
  weightSpecs: z.array(WeightSpecSchema),
  weightData: WeightDataSchema,
});

/** Copies a model's weights out as a SerializedModel (reads them from the backend). */
export async function serializeModel(model: tf.LayersModel, spec: ModelSpec): Promise<SerializedModel> {
  const weightSpecs: WeightSpec[] = [];
  const parts: Float32Array[] = [];
  for (const w of model.weights) {
    const value = w.read();
    weightSpecs.push({ name: w.originalName, shape: [...value.shape], dtype: 'float32' });
    parts.push((await value.data()) as Float32Array);
  }
  const total = parts.reduce((s, p) => s + p.length, 0);
  const all = new Float32Array(total);
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.length;
  }
  return { spec: { ...spec }, weightSpecs, weightData: all.buffer };
}

/**
 * Rebuilds the network from its spec and loads the saved weights (the same weights run on either engine,
 * `options.engine`, default 'lab'). Throws ConfigError('INCOMPATIBLE_MODEL') when the weights do not match the
 * spec. The caller disposes the model.
 */
export function deserializeModel(saved: SerializedModel, options: BuildOptions = {}): tf.Sequential {
  const model = buildForecastModel(saved.spec, options);
  try {
    const weights = model.weights;
    const specs = saved.weightSpecs;
    const floats = saved.weightData.byteLength / 4;
    const expected = specs.reduce((s, w) => s + w.shape.reduce((p, q) => p * q, 1), 0);
    const mismatch =
      specs.length !== weights.length ||
      floats !== expected ||
      specs.some((s, i) => {
        const shape = weights[i].read().shape;
        return s.shape.length !== shape.length || s.shape.some((d, k) => d !== shape[k]);
      });
    if (mismatch) {
      throw new ConfigError(
        'INCOMPATIBLE_MODEL',
        'The saved weights do not fit the saved model spec (the file is damaged or from another version): train the model again.',
      );
    }
    const all = new Float32Array(saved.weightData);
    let offset = 0;
    const tensors = specs.map((s) => {
      const size = s.shape.reduce((p, q) => p * q, 1);
      const t = tf.tensor(all.subarray(offset, offset + size), s.shape, 'float32');
      offset += size;
      return t;
    });
    model.setWeights(tensors);
    tf.dispose(tensors);
    return model;
  } catch (err) {
    model.dispose();
    throw err;
  }
}
