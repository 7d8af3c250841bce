/**
 * Gate traces: replays every recurrent layer of a model step by step with the layer's own weights and
 * records what happens inside the cell (gates, candidate, cell state, hidden state) at every time step.
 * The math runs in plain JavaScript (float64) on copies of the weights, following the tfjs cell equations:
 * LSTM gates in Keras order i, f, c, o; GRU z, r, h with the reset gate applied before the recurrent
 * product (resetAfter false); SimpleRNN h = act(x W + b + h U). Layers before and between the recurrent
 * layers (the melody model's embedding, dropout) run through tfjs in inference mode.
 */
import { CELL_SERIES, type CellType, type SeriesName } from '../model/cells';
import * as tf from '@tensorflow/tfjs';

/** One recurrent layer's trace for one window. JSON-ready. */
export interface LayerTrace {
  /** The layer's name, e.g. 'lstm_1'. */
  name: string;
  cell: CellType;
  units: number;
  /** Position among the model's recurrent layers: 0 is the one nearest the input. */
  depth: number;
  /** The layer's activation and recurrent (gate) activation, e.g. 'tanh' and 'sigmoid'. */
  activation: string;
  recurrentActivation: string | null;
  /**
   * Per series of CELL_SERIES[cell]: values as [time][unit] (time steps of the window in order, oldest first).
   * 'hidden' is the layer's output at each step; 'cell' the LSTM cell state after the step.
   */
  series: Partial<Record<SeriesName, number[][]>>;
}

/** Everything a replay records for one input window. JSON-ready. */
export interface GateTrace {
  /** Time steps of the window. */
  steps: number;
  /** One entry per recurrent layer, bottom (nearest the input) first. */
  layers: LayerTrace[];
}

/** A recurrent layer of a model, as the inspector sees it. */
export interface RecurrentLayerInfo {
  name: string;
  cell: CellType;
  units: number;
  depth: number;
}

/** Input windows: a tensor [windows, time, features] or nested arrays [window][time][feature]. */
export type WindowsInput = tf.Tensor | readonly (readonly (readonly number[])[])[];

const CELL_OF_CLASS: Readonly<Record<string, CellType>> = { SimpleRNN: 'rnn', LSTM: 'lstm', GRU: 'gru' };
const GATE_BLOCKS: Readonly<Record<CellType, number>> = { rnn: 1, lstm: 4, gru: 3 };

/** The cell kind of a tfjs layer (SimpleRNN, LSTM or GRU), or null for any other layer. */
export function recurrentCellOf(layer: tf.layers.Layer): CellType | null {
  return CELL_OF_CLASS[layer.getClassName()] ?? null;
}

/** The recurrent layers of a model, bottom first. */
export function recurrentLayers(model: tf.LayersModel): RecurrentLayerInfo[] {
  const out: RecurrentLayerInfo[] = [];
  for (const layer of model.layers) {
    const cell = recurrentCellOf(layer);
    if (cell) out.push({ name: layer.name, cell, units: Number(layer.getConfig().units), depth: out.length });
  }
  return out;
}

type Activation = (v: number) => number;

const ACTIVATIONS: Readonly<Record<string, Activation>> = {
  tanh: Math.tanh,
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  hardSigmoid: (v) => Math.min(1, Math.max(0, 0.2 * v + 0.5)),
  relu: (v) => Math.max(0, v),
  linear: (v) => v,
  softsign: (v) => v / (1 + Math.abs(v)),
};

function activationOf(name: unknown, layer: string): Activation {
  const fn = typeof name === 'string' ? ACTIVATIONS[name] : undefined;
  if (!fn) throw new Error(`layer ${layer}: activation ${String(name)} cannot be replayed`);
  return fn;
}

/** A recurrent layer's weights copied out of the backend, row-major. */
interface CellWeights {
  name: string;
  cell: CellType;
  units: number;
  inputSize: number;
  /** [inputSize, k * units]. */
  kernel: Float32Array;
  /** [units, k * units]. */
  recurrentKernel: Float32Array;
  /** [k * units]; zeros without a bias. */
  bias: Float32Array;
  act: Activation;
  gate: Activation;
  activation: string;
  recurrentActivation: string | null;
}

function cellWeights(layer: tf.layers.Layer, cell: CellType): CellWeights {
  const config = layer.getConfig();
  if (config.goBackwards === true)
    throw new Error(`layer ${layer.name}: goBackwards is not supported by the replay`);
  if (config.stateful === true)
    throw new Error(`layer ${layer.name}: stateful layers are not supported by the replay`);
  const units = Number(config.units);
  const width = GATE_BLOCKS[cell] * units;
  const [kernel, recurrentKernel, bias] = layer.getWeights();
  const recurrentActivation = cell === 'rnn' ? null : String(config.recurrentActivation);
  return {
    name: layer.name,
    cell,
    units,
    inputSize: kernel.shape[0],
    kernel: Float32Array.from(kernel.dataSync()),
    recurrentKernel: Float32Array.from(recurrentKernel.dataSync()),
    bias: bias ? Float32Array.from(bias.dataSync()) : new Float32Array(width),
    act: activationOf(config.activation, layer.name),
    gate: cell === 'rnn' ? ACTIVATIONS.linear : activationOf(config.recurrentActivation, layer.name),
    activation: String(config.activation),
    recurrentActivation,
  };
}

/** acc[j] += sum_d x[d] * m[d * width + offset + j] for j < count (x [rows], m [rows, width]). */
function addProduct(
  acc: Float64Array,
  x: ArrayLike<number>,
  m: Float32Array,
  width: number,
  offset: number,
  count: number,
): void {
  for (let d = 0; d < x.length; d++) {
    const xd = x[d];
    if (xd === 0) continue;
    const row = d * width + offset;
    for (let j = 0; j < count; j++) acc[j] += xd * m[row + j];
  }
}

/**
 * Replays one layer on one window. x: [steps * inputSize] row-major. Returns the trace series and the
 * hidden states [steps * units] row-major (the next layer's input).
 */
function replayCell(
  w: CellWeights,
  x: Float32Array,
  steps: number,
): { series: Partial<Record<SeriesName, number[][]>>; hidden: Float32Array } {
  const { units, inputSize, cell } = w;
  const width = GATE_BLOCKS[cell] * units;
  const series: Partial<Record<SeriesName, number[][]>> = {};
  for (const name of CELL_SERIES[cell]) series[name] = [];
  const hidden = new Float32Array(steps * units);
  let h = new Float64Array(units);
  const c = new Float64Array(units);
  const z = new Float64Array(width);
  const rh = new Float64Array(units);
  for (let t = 0; t < steps; t++) {
    const xt = x.subarray(t * inputSize, (t + 1) * inputSize);
    for (let j = 0; j < width; j++) z[j] = w.bias[j];
    addProduct(z, xt, w.kernel, width, 0, width);
    const next = new Float64Array(units);
    if (cell === 'rnn') {
      addProduct(z, h, w.recurrentKernel, width, 0, width);
      for (let u = 0; u < units; u++) next[u] = w.act(z[u]);
    } else if (cell === 'lstm') {
      addProduct(z, h, w.recurrentKernel, width, 0, width);
      const gi = new Array<number>(units);
      const gf = new Array<number>(units);
      const go = new Array<number>(units);
      const gc = new Array<number>(units);
      const cs = new Array<number>(units);
      for (let u = 0; u < units; u++) {
        gi[u] = w.gate(z[u]);
        gf[u] = w.gate(z[units + u]);
        gc[u] = w.act(z[2 * units + u]);
        go[u] = w.gate(z[3 * units + u]);
        c[u] = gf[u] * c[u] + gi[u] * gc[u];
        cs[u] = c[u];
        next[u] = go[u] * w.act(c[u]);
      }
      series.input!.push(gi);
      series.forget!.push(gf);
      series.output!.push(go);
      series.candidate!.push(gc);
      series.cell!.push(cs);
    } else {
      // z, r from x W + b + h U[:, :2u]; candidate from x W_h + b_h + (r * h) U[:, 2u:].
      addProduct(z, h, w.recurrentKernel, width, 0, 2 * units);
      const gz = new Array<number>(units);
      const gr = new Array<number>(units);
      const gc = new Array<number>(units);
      for (let u = 0; u < units; u++) {
        gz[u] = w.gate(z[u]);
        gr[u] = w.gate(z[units + u]);
        rh[u] = gr[u] * h[u];
      }
      const zh = z.subarray(2 * units);
      addProduct(zh, rh, w.recurrentKernel, width, 2 * units, units);
      for (let u = 0; u < units; u++) {
        gc[u] = w.act(zh[u]);
        next[u] = gz[u] * h[u] + (1 - gz[u]) * gc[u];
      }
      series.update!.push(gz);
      series.reset!.push(gr);
      series.candidate!.push(gc);
    }
    series.hidden!.push(Array.from(next));
    hidden.set(next, t * units);
    h = next;
  }
  return { series, hidden };
}

/** Turns windows into a float32 tensor [windows, time, features]; `owned` tells whether the caller disposes it. */
export function windowsTensor(inputs: WindowsInput): { x: tf.Tensor3D; owned: boolean } {
  if (inputs instanceof tf.Tensor) {
    if (inputs.rank !== 3)
      throw new RangeError(
        `expected windows [windows, time, features], got shape [${inputs.shape.join(', ')}]`,
      );
    return { x: inputs as tf.Tensor3D, owned: false };
  }
  const n = inputs.length;
  const steps = inputs[0]?.length ?? 0;
  const features = inputs[0]?.[0]?.length ?? 0;
  if (n === 0 || steps === 0 || features === 0)
    throw new RangeError('expected at least one window with one step and one feature');
  const data = new Float32Array(n * steps * features);
  inputs.forEach((window, i) => {
    if (window.length !== steps)
      throw new RangeError(`window ${i} has ${window.length} steps, expected ${steps}`);
    window.forEach((row, t) => {
      if (row.length !== features)
        throw new RangeError(`window ${i}, step ${t} has ${row.length} features, expected ${features}`);
      data.set(row, (i * steps + t) * features);
    });
  });
  return { x: tf.tensor3d(data, [n, steps, features]), owned: true };
}

/**
 * Replays every recurrent layer of `model` (a forecast model from buildForecastModel, a melody model from
 * buildMelodyModel, or any chain of layers with SimpleRNN / LSTM / GRU layers) on each input window.
 * inputs: [windows, time, features] (the model's input, e.g. scaled windows or one-hot tokens).
 * Returns one GateTrace per window; series are [time][unit]. Layers after the last recurrent layer are not
 * run. Creates no lasting tensors.
 */
export function replayRecurrent(model: tf.LayersModel, inputs: WindowsInput): GateTrace[] {
  const lastRecurrent = model.layers.reduce((last, layer, i) => (recurrentCellOf(layer) ? i : last), -1);
  if (lastRecurrent < 0) throw new Error(`model ${model.name} has no SimpleRNN, LSTM or GRU layer to replay`);
  const { x, owned } = windowsTensor(inputs);
  const [n, steps] = x.shape;
  const traces: GateTrace[] = Array.from({ length: n }, () => ({ steps, layers: [] }));
  let current: tf.Tensor = x;
  const release = (t: tf.Tensor) => {
    if (t !== x || owned) t.dispose();
  };
  try {
    let depth = 0;
    for (let i = 0; i <= lastRecurrent; i++) {
      const layer = model.layers[i];
      if (layer.getClassName() === 'InputLayer') continue;
      const cell = recurrentCellOf(layer);
      if (!cell) {
        const out = tf.tidy(() => layer.apply(current, { training: false }) as tf.Tensor);
        if (out !== current) release(current);
        current = out;
        continue;
      }
      const w = cellWeights(layer, cell);
      const size = current.shape[2] ?? 0;
      if (current.rank !== 3 || size !== w.inputSize) {
        throw new RangeError(
          `layer ${layer.name} expects ${w.inputSize} input features per step, got shape [${current.shape.join(', ')}]`,
        );
      }
      const values = current.dataSync() as Float32Array;
      const hidden = new Float32Array(n * steps * w.units);
      for (let b = 0; b < n; b++) {
        const replayed = replayCell(w, values.subarray(b * steps * size, (b + 1) * steps * size), steps);
        hidden.set(replayed.hidden, b * steps * w.units);
        traces[b].layers.push({
          name: w.name,
          cell,
          units: w.units,
          depth,
          activation: w.activation,
          recurrentActivation: w.recurrentActivation,
          series: replayed.series,
        });
      }
      depth++;
      release(current);
      current = tf.tensor3d(hidden, [n, steps, w.units]);
    }
  } finally {
    release(current);
  }
  return traces;
}
