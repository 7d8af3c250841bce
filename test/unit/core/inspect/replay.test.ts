import { CELL_SERIES, type CellType } from '../../../../src/core/model/cells';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { recurrentLayers, replayRecurrent } from '../../../../src/core/inspect/replay';
import type { GateTrace } from '../../../../src/core/inspect/replay';
import { buildForecastModel } from '../../../../src/core/model/builder';
import { mulberry32, normal } from '../../../../src/core/model/random';
import { buildMelodyModel, oneHotTokens } from '../../../../src/core/music/melodyModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Overwrites every weight (biases included) with seeded N(0, scale^2) values. */
function randomizeWeights(model: tf.LayersModel, seed: number, scale = 0.5): void {
  const rand = mulberry32(seed);
  const values = model.weights.map((w) => {
    const shape = w.read().shape;
    const size = shape.reduce((p, q) => p * q, 1);
    return tf.tensor(
      Float32Array.from({ length: size }, () => scale * normal(rand)),
      shape,
    );
  });
  model.setWeights(values);
  tf.dispose(values);
}

function randomWindows(n: number, steps: number, features: number, seed: number): tf.Tensor3D {
  const rand = mulberry32(seed);
  return tf.tensor3d(
    Float32Array.from({ length: n * steps * features }, () => 1.5 * normal(rand)),
    [n, steps, features],
  );
}

/** The output of `layerName` for `x`, computed by tfjs through a sub-model: [n, time, units] or [n, units]. */
function layerOutput(model: tf.LayersModel, layerName: string, x: tf.Tensor): number[][][] | number[][] {
  const sub = tf.model({
    inputs: model.inputs,
    outputs: model.getLayer(layerName).output as tf.SymbolicTensor,
  });
  const out = sub.predict(x) as tf.Tensor;
  const values = out.arraySync() as number[][][] | number[][];
  out.dispose();
  return values;
}

/**
 * The full sequence of hidden states and the final cell state of a layer, computed by tfjs: a fresh layer
 * of the same class and weights with returnSequences and returnState on, applied to `input` [n, time, in].
 */
function fullSequence(
  layer: tf.layers.Layer,
  input: tf.Tensor,
): { hidden: number[][][]; last: number[][][] } {
  const { batchInputShape: _shape, ...base } = layer.getConfig();
  const config = { ...base, returnSequences: true, returnState: true, name: `${layer.name}_copy` };
  const className = layer.getClassName();
  const copy =
    className === 'LSTM'
      ? tf.layers.lstm(config as never)
      : className === 'GRU'
        ? tf.layers.gru(config as never)
        : tf.layers.simpleRNN(config as never);
  const symbolic = tf.input({ shape: input.shape.slice(1) });
  const wrapper = tf.model({ inputs: symbolic, outputs: copy.apply(symbolic) as tf.SymbolicTensor[] });
  copy.setWeights(layer.getWeights());
  const outs = wrapper.predict(input) as tf.Tensor[];
  const [hidden, ...states] = outs.map((t) => t.arraySync());
  tf.dispose(outs);
  wrapper.dispose();
  return { hidden: hidden as number[][][], last: states as number[][][] };
}

function maxDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, i) => row.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[i][j])))));
  return m;
}

const SEQ: Record<CellType, (c: object) => tf.layers.Layer> = {
  rnn: (c) => tf.layers.simpleRNN(c as never),
  lstm: (c) => tf.layers.lstm({ ...(c as object), recurrentActivation: 'sigmoid' } as never),
  gru: (c) => tf.layers.gru({ ...(c as object), recurrentActivation: 'sigmoid' } as never),
};

describe('replayRecurrent', () => {
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    it(`reproduces a ${cell} layer's hidden states at every step within 1e-5`, () => {
      const model = tf.sequential();
      model.add(SEQ[cell]({ units: 5, returnSequences: true, inputShape: [9, 3], name: `${cell}_1` }));
      randomizeWeights(model, 3);
      const x = randomWindows(4, 9, 3, 11);
      const before = tf.memory().numTensors;
      const traces = replayRecurrent(model, x);
      expect(tf.memory().numTensors).toBe(before);
      const expected = layerOutput(model, `${cell}_1`, x) as number[][][];
      expect(traces).toHaveLength(4);
      traces.forEach((trace, b) => {
        const [layer] = trace.layers;
        expect(Object.keys(layer.series).sort()).toEqual([...CELL_SERIES[cell]].sort());
        expect(layer.series.hidden).toHaveLength(9);
        expect(layer.series.hidden![0]).toHaveLength(5);
        expect(maxDiff(layer.series.hidden!, expected[b])).toBeLessThan(1e-5);
      });
      x.dispose();
      model.dispose();
    });
  }

  it('matches the final LSTM cell state and keeps gates in [0, 1] with c = f c + i g', () => {
    const model = tf.sequential();
    model.add(SEQ.lstm({ units: 4, returnSequences: true, inputShape: [7, 2], name: 'lstm_1' }));
    randomizeWeights(model, 8, 0.8);
    const x = randomWindows(3, 7, 2, 4);
    const [trace] = replayRecurrent(model, tf.slice(x, [0], [1]));
    const { last } = fullSequence(model.getLayer('lstm_1'), tf.slice(x, [0], [1]));
    const s = trace.layers[0].series;
    // States returned by tfjs: [h, c], each [1, units].
    expect(maxDiff([s.cell![6]], last[1] as unknown as number[][])).toBeLessThan(1e-5);
    for (let t = 0; t < 7; t++) {
      for (let u = 0; u < 4; u++) {
        for (const g of ['input', 'forget', 'output'] as const) {
          expect(s[g]![t][u]).toBeGreaterThanOrEqual(0);
          expect(s[g]![t][u]).toBeLessThanOrEqual(1);
        }
        const prev = t === 0 ? 0 : s.cell![t - 1][u];
        expect(s.cell![t][u]).toBeCloseTo(s.forget![t][u] * prev + s.input![t][u] * s.candidate![t][u], 12);
        expect(s.hidden![t][u]).toBeCloseTo(s.output![t][u] * Math.tanh(s.cell![t][u]), 12);
      }
    }
    tf.dispose(x);
    model.dispose();
  });

  it('replays a stacked forecast model (3 GRU layers with dropout) layer by layer', () => {
    const model = buildForecastModel({
      kind: 'forecast',
      cell: 'gru',
      layers: 3,
      units: 6,
      dropout: 0.3,
      lookback: 12,
      features: 2,
      horizon: 3,
      seed: 5,
    });
    randomizeWeights(model, 21);
    const x = randomWindows(2, 12, 2, 9);
    const traces = replayRecurrent(model, x);
    expect(recurrentLayers(model).map((l) => l.name)).toEqual(['gru_1', 'gru_2', 'gru_3']);
    for (const [depth, name] of ['gru_1', 'gru_2'].entries()) {
      const expected = layerOutput(model, name, x) as number[][][];
      traces.forEach((trace, b) => {
        expect(trace.layers[depth].name).toBe(name);
        expect(maxDiff(trace.layers[depth].series.hidden!, expected[b])).toBeLessThan(1e-5);
      });
    }
    // The top layer returns only its last state; compare that, then the whole sequence through a copy.
    const last = layerOutput(model, 'gru_3', x) as number[][];
    traces.forEach((trace, b) =>
      expect(maxDiff([trace.layers[2].series.hidden![11]], [last[b]])).toBeLessThan(1e-5),
    );
    const below = layerOutput(model, 'gru_2', x) as number[][][];
    const belowTensor = tf.tensor3d(below);
    const { hidden } = fullSequence(model.getLayer('gru_3'), belowTensor);
    traces.forEach((trace, b) =>
      expect(maxDiff(trace.layers[2].series.hidden!, hidden[b])).toBeLessThan(1e-5),
    );
    tf.dispose([x, belowTensor]);
    model.dispose();
  });

  it('replays stacked LSTM and SimpleRNN forecast models and a melody model (embedding first)', () => {
    for (const cell of ['lstm', 'rnn'] as const) {
      const model = buildForecastModel({
        kind: 'forecast',
        cell,
        layers: 2,
        units: 7,
        dropout: 0,
        lookback: 10,
        features: 1,
        horizon: 2,
        seed: 2,
      });
      randomizeWeights(model, 30);
      const x = randomWindows(3, 10, 1, 1);
      const traces = replayRecurrent(model, x);
      const first = layerOutput(model, `${cell}_1`, x) as number[][][];
      const top = layerOutput(model, `${cell}_2`, x) as number[][];
      traces.forEach((trace: GateTrace, b) => {
        expect(maxDiff(trace.layers[0].series.hidden!, first[b])).toBeLessThan(1e-5);
        expect(maxDiff([trace.layers[1].series.hidden![9]], [top[b]])).toBeLessThan(1e-5);
      });
      x.dispose();
      model.dispose();
    }
    const melody = buildMelodyModel(
      { cell: 'lstm', units: 8, layers: 2, vocabSize: 12, embeddingSize: 5 },
      3,
    );
    randomizeWeights(melody, 4);
    const tokens = oneHotTokens([[1, 4, 4, 0, 11, 3, 2, 2]], 12);
    const [trace] = replayRecurrent(melody, tokens);
    for (const [depth, name] of ['lstm_1', 'lstm_2'].entries()) {
      const expected = layerOutput(melody, name, tokens) as number[][][];
      expect(maxDiff(trace.layers[depth].series.hidden!, expected[0])).toBeLessThan(1e-5);
    }
    // Nested arrays work as input too.
    const [again] = replayRecurrent(melody, tokens.arraySync());
    expect(again.layers[1].series.hidden).toEqual(trace.layers[1].series.hidden);
    tokens.dispose();
    melody.dispose();
  });

  it('refuses a model without recurrent layers and windows of the wrong width', () => {
    const dense = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
    expect(() => replayRecurrent(dense, [[[1, 2, 3]]])).toThrow(/no SimpleRNN, LSTM or GRU/);
    const model = buildForecastModel({
      kind: 'forecast',
      cell: 'rnn',
      layers: 1,
      units: 2,
      dropout: 0,
      lookback: 3,
      features: 2,
      horizon: 1,
      seed: 1,
    });
    const before = tf.memory().numTensors;
    expect(() => replayRecurrent(model, [[[1], [2], [3]]])).toThrow(/expects 2 input features/);
    expect(tf.memory().numTensors).toBe(before);
    dense.dispose();
    model.dispose();
  });
});
