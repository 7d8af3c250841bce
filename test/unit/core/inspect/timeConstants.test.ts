import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  describeTimeConstants,
  timeConstantHistogram,
  timeConstantReport,
  unitTimeConstants,
} from '../../../../src/core/inspect/timeConstants';
import { InspectionSchema } from '../../../../src/core/experiments/inspection';
import { sampleInspection } from '../../fixtures/experiments';
import { replayRecurrent } from '../../../../src/core/inspect/replay';
import { initBackend } from '../../../../src/core/model/backend';
import { buildForecastModel } from '../../../../src/core/model/builder';
import type { CellType } from '../../../../src/core/model/cells';

beforeAll(async () => {
  await initBackend('cpu');
});

/**
 * A one-layer network of two units whose kernels are zero, so every gate is sigmoid(its bias) at every step: the keep
 * gate of unit u is sigmoid(keep[u]) whatever the input.
 */
function tinyModel(cell: Exclude<CellType, 'rnn'>, keep: [number, number]): tf.Sequential {
  const model = buildForecastModel({
    kind: 'forecast',
    cell,
    layers: 1,
    units: 2,
    dropout: 0,
    lookback: 5,
    features: 1,
    horizon: 1,
    seed: 1,
  });
  const layer = model.layers[0];
  const [kernel, recurrent, bias] = layer.getWeights();
  const values = new Float32Array(bias.size);
  // LSTM blocks i f c o: the forget gate is block 1; tfjs GRU blocks z r h: the update gate is block 0.
  values.set(keep, cell === 'lstm' ? 2 : 0);
  layer.setWeights([tf.zerosLike(kernel), tf.zerosLike(recurrent), tf.tensor1d(values)]);
  return model;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

describe('unit time constants', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    it(`${cell}: 1 / (1 - mean keep gate), by hand on a two-unit network`, () => {
      const model = tinyModel(cell, [0, Math.log(99)]);
      const x = tf.randomUniform([3, 5, 1], -1, 1, 'float32', 4);
      const [layer] = unitTimeConstants(replayRecurrent(model, x));
      // sigmoid(0) = 1/2: forgets within 2 steps; sigmoid(log 99) = 0.99: within 100 steps (1 + e^b).
      expect(layer.gate).toBe(cell === 'lstm' ? 'forget' : 'update');
      expect(layer.meanGate[0]).toBeCloseTo(0.5, 6);
      expect(layer.meanGate[1]).toBeCloseTo(sigmoid(Math.log(99)), 6);
      expect(layer.steps[0]).toBeCloseTo(2, 4);
      expect(layer.steps[1]).toBeCloseTo(100, 1);
      x.dispose();
      model.dispose();
    });
  }

  it('bins forgetting times and ties them to the memory horizon in a sentence', () => {
    expect(timeConstantHistogram([1.5, 2, 4.9, 150, 20_000])).toEqual([1, 2, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    const layer = {
      layer: 'lstm_1',
      depth: 0,
      cell: 'lstm' as const,
      gate: 'forget' as const,
      meanGate: [],
      steps: [2, 3, 3, 120, 150, 400],
    };
    const before = { ...layer, steps: [2, 2, 2, 2, 2, 2] };
    expect(describeTimeConstants([layer], [before], 100, true, 'forget bias 1')).toBe(
      'After training, half the units forget within 62 steps; 3 of 6 units keep information for more than 100 steps, ' +
        'the memory horizon. Freshly initialised (forget bias 1), half the units forget within 2 steps; 0 of 6 units ' +
        'keep information for more than 100 steps.',
    );
  });

  it('reports no gated units for a SimpleRNN, and falls back to the window without a measured horizon', () => {
    const model = buildForecastModel({
      kind: 'forecast',
      cell: 'rnn',
      layers: 1,
      units: 3,
      dropout: 0,
      lookback: 4,
      features: 1,
      horizon: 1,
      seed: 1,
    });
    const x = tf.zeros([1, 4, 1]);
    const report = timeConstantReport(replayRecurrent(model, x), null, {
      horizon: 0,
      windowSteps: 4,
      initLabel: null,
    });
    expect(report).toMatchObject({ trained: [], horizon: 4, horizonMeasured: false });
    expect(report.sentence).toMatch(/SimpleRNN has no forget or update gate/);
    x.dispose();
    model.dispose();
  });

  it('stored inspections from before time constants still parse (as none measured)', () => {
    const { timeConstants, ...old } = sampleInspection();
    expect(timeConstants).toBeNull();
    expect(InspectionSchema.parse(old).timeConstants).toBeNull();
  });
});
