/**
 * Builds forecast networks from a ModelSpec: stacked SimpleRNN / LSTM / GRU layers with sigmoid gates,
 * seeded dropout and a Dense(horizon) head. Initial weights are computed here from the spec's seed
 * (Glorot-uniform kernels, orthogonal recurrent kernels, gate biases from the spec's gate initialisation: LSTM forget
 * bias 1 by default, or chrono, see gateInit.ts; other biases 0), in plain JavaScript, so they are identical on every backend and building stays fast on cpu (tfjs's own
 * orthogonal initializer runs a slow QR there).
 */
import * as tf from '@tensorflow/tfjs';
import type { EngineName } from '../engine/engineName';
import { applyEngine } from '../engine/labEngine';
import { DEFAULT_GATE_INIT, initialRecurrentBias } from './gateInit';
import type { ModelSpec } from './spec';
import { deriveSeed, mulberry32, normal } from './random';
import type { Random } from './random';

interface SeededDropoutArgs {
  rate: number;
  seed: number;
  name?: string;
}

/**
 * Dropout whose mask changes at every training call yet is reproducible: the n-th call uses seed (seed, n).
 * (tf.layers.dropout with a fixed seed draws the same mask at every step.) Identity outside training.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number;
  private calls = 0;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs['training'] !== true || this.rate === 0) return x;
    const seed = deriveSeed(this.seed, this.calls++);
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

/** Options of buildForecastModel. */
export interface BuildOptions {
  /** What runs the recurrent layers (default 'lab': the fused kernels; 'tfjs': stock tf.layers). */
  engine?: EngineName;
}

/**
 * Builds and initialises a forecast model. Input [batch, lookback, features] (feature 0 = target),
 * output [batch, horizon] (the scaled target, or its differences, at the next `horizon` steps).
 * The layers are tf.layers layers whatever the engine, so weights are interchangeable between engines.
 */
export function buildForecastModel(spec: ModelSpec, options: BuildOptions = {}): tf.Sequential {
  const model = tf.sequential({ name: `forecast_${spec.cell}` });
  for (let i = 0; i < spec.layers; i++) {
    const common = {
      units: spec.units,
      returnSequences: i < spec.layers - 1,
      kernelInitializer: 'zeros' as const,
      recurrentInitializer: 'zeros' as const,
      biasInitializer: 'zeros' as const,
      name: `${spec.cell}_${i + 1}`,
      ...(i === 0 ? { inputShape: [spec.lookback, spec.features] } : {}),
    };
    if (spec.cell === 'rnn') model.add(tf.layers.simpleRNN(common));
    else if (spec.cell === 'lstm') model.add(tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid' }));
    else model.add(tf.layers.gru({ ...common, recurrentActivation: 'sigmoid' }));
    if (spec.dropout > 0) {
      model.add(
        new SeededDropout({
          rate: spec.dropout,
          seed: deriveSeed(spec.seed, 1000 + i),
          name: `dropout_${i + 1}`,
        }),
      );
    }
  }
  model.add(tf.layers.dense({ units: spec.horizon, kernelInitializer: 'zeros', name: 'forecast' }));
  initializeWeights(model, spec);
  applyEngine(model, options.engine ?? 'lab');
  return model;
}

/** Overwrites every weight of a freshly built forecast model with its seeded initial value. */
function initializeWeights(model: tf.LayersModel, spec: ModelSpec): void {
  const values: tf.Tensor[] = [];
  model.weights.forEach((w, index) => {
    const rand = mulberry32(deriveSeed(spec.seed, index));
    const shape = w.read().shape;
    const role = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
    const size = shape.reduce((p, q) => p * q, 1);
    const [rows, cols] = shape;
    let data: Float32Array;
    if (role === 'kernel' && shape.length === 2) {
      data = glorotUniform(rows, cols, rand);
    } else if (role === 'recurrent_kernel' && shape.length === 2) {
      data = orthogonal(rows, cols, rand);
    } else if (role === 'bias' && w.originalName.startsWith(`${spec.cell}_`)) {
      data = initialRecurrentBias(spec.cell, spec.units, spec.gateInit ?? DEFAULT_GATE_INIT, rand);
    } else if (role === 'bias') {
      data = new Float32Array(size);
    } else {
      throw new Error(`unexpected weight ${w.originalName}`);
    }
    values.push(tf.tensor(data, shape, 'float32'));
  });
  model.setWeights(values);
  tf.dispose(values);
}

/** Glorot (Xavier) uniform: U(-limit, limit), limit = sqrt(6 / (fanIn + fanOut)); row-major [fanIn, fanOut]. */
function glorotUniform(fanIn: number, fanOut: number, rand: Random): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rand() - 1) * limit;
  return out;
}

/**
 * A random orthogonal matrix [rows, cols] (orthonormal rows when rows <= cols, else orthonormal columns):
 * a Gaussian matrix orthonormalised by modified Gram-Schmidt, i.e. the Q of its QR with a positive R diagonal.
 */
export function orthogonal(rows: number, cols: number, rand: Random): Float32Array {
  const k = Math.min(rows, cols);
  const len = Math.max(rows, cols);
  const vecs: Float64Array[] = [];
  for (let i = 0; i < k; i++) {
    const v = new Float64Array(len);
    for (let j = 0; j < len; j++) v[j] = normal(rand);
    for (let pass = 0; pass < 2; pass++) {
      for (const u of vecs) {
        let dot = 0;
        for (let j = 0; j < len; j++) dot += u[j] * v[j];
        for (let j = 0; j < len; j++) v[j] -= dot * u[j];
      }
    }
    let norm = 0;
    for (let j = 0; j < len; j++) norm += v[j] * v[j];
    norm = Math.sqrt(norm);
    for (let j = 0; j < len; j++) v[j] /= norm;
    vecs.push(v);
  }
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < len; j++) {
      if (rows <= cols) out[i * cols + j] = vecs[i][j];
      else out[j * cols + i] = vecs[i][j];
    }
  }
  return out;
}
