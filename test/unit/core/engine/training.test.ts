import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineName } from '../../../../src/core/engine/engineName';
import { engineHeap } from '../../../../src/core/engine/labEngine';
import { initBackend } from '../../../../src/core/model/backend';
import { buildForecastModel } from '../../../../src/core/model/builder';
import { benchWindows } from '../../../../bench/forecastTraining';
import type { CellType } from '../../../../src/core/model/spec';
import { trainModel } from '../../../../src/core/model/train';
import { buildMelodyModel, oneHotTokens } from '../../../../src/core/music/melodyModel';
import { melodyLoss } from '../../../../src/core/music/melodyTraining';

const mse = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.meanSquaredError(yTrue, yPred);
const N = 384;
const LOOKBACK = 48;
const HORIZON = 12;

function forecastSpec(cell: CellType, layers: number) {
  return {
    kind: 'forecast' as const,
    cell,
    layers,
    units: 24,
    dropout: 0,
    lookback: LOOKBACK,
    features: 1,
    horizon: HORIZON,
    seed: 3,
  };
}

/** Trains 3 epochs from the same initial weights; returns the per-epoch losses and the tensors left over. */
async function trainForecast(cell: CellType, layers: number, engine: EngineName) {
  const before = tf.memory().numTensors;
  const heapBefore = engineHeap().stats.usedBytes;
  const { x, y } = benchWindows(N);
  const xs = tf.tensor3d(x, [N, LOOKBACK, 1]);
  const ys = tf.tensor2d(y, [N, HORIZON]);
  const xv = tf.slice(xs, [0], [64]);
  const yv = tf.slice(ys, [0], [64]);
  const model = buildForecastModel(forecastSpec(cell, layers), { engine });
  const result = await trainModel({
    model,
    loss: mse,
    train: { x: xs, y: ys },
    validation: { x: xv, y: yv },
    optimizer: { name: 'adam', learningRate: 3e-3 },
    batchSize: 32,
    epochs: 3,
    clipNorm: 1,
    seed: 7,
    restoreBestWeights: false,
  });
  model.dispose();
  tf.dispose([xs, ys, xv, yv]);
  return {
    result,
    leaked: tf.memory().numTensors - before,
    heapLeft: engineHeap().stats.usedBytes - heapBefore,
  };
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('training on the lab engine', () => {
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    for (const layers of [1, 2]) {
      it(`${cell} x${layers}: 3 epochs reach the stock engine's loss within 1%, leaking nothing`, async () => {
        const stock = await trainForecast(cell, layers, 'tfjs');
        const lab = await trainForecast(cell, layers, 'lab');
        expect(lab.result.status).toBe('completed');
        expect(lab.result.history.loss).toHaveLength(3);
        lab.result.history.loss.forEach((loss, epoch) => {
          expect(
            Math.abs(loss - stock.result.history.loss[epoch]) / stock.result.history.loss[epoch],
          ).toBeLessThan(0.01);
        });
        const lastVal = (r: typeof lab) => r.result.history.valLoss[2];
        expect(Math.abs(lastVal(lab) - lastVal(stock)) / lastVal(stock)).toBeLessThan(0.01);
        // the gradient-norm log is the same too
        lab.result.gradients.before.forEach((norm, step) => {
          expect(
            Math.abs(norm - stock.result.gradients.before[step]) / stock.result.gradients.before[step],
          ).toBeLessThan(0.01);
        });
        expect(lab.leaked).toBe(0);
        expect(lab.heapLeft).toBe(0);
      });
    }
  }

  it('trains the melody model (one-hot embedding, LSTM, logits) to the stock loss within 1%', async () => {
    const vocab = 24;
    const sequences = Array.from({ length: 96 }, (_, i) =>
      Array.from({ length: 33 }, (_, t) => (i * 5 + t * 7 + ((i * t) % 3)) % vocab),
    );
    const losses: Record<EngineName, number[]> = { lab: [], tfjs: [] };
    for (const engine of ['tfjs', 'lab'] as const) {
      const model = buildMelodyModel(
        { cell: 'lstm', units: 32, layers: 1, embeddingSize: 8, vocabSize: vocab, engine },
        5,
      );
      const x = oneHotTokens(
        sequences.map((s) => s.slice(0, 32)),
        vocab,
      );
      const y = oneHotTokens(
        sequences.map((s) => s.slice(1)),
        vocab,
      );
      const result = await trainModel({
        model,
        loss: melodyLoss,
        train: { x, y },
        optimizer: { name: 'adam', learningRate: 5e-3 },
        batchSize: 16,
        epochs: 3,
        clipNorm: 1,
        seed: 2,
      });
      losses[engine] = result.history.loss;
      tf.dispose([x, y]);
      model.dispose();
    }
    losses.lab.forEach((loss, epoch) =>
      expect(Math.abs(loss - losses.tfjs[epoch]) / losses.tfjs[epoch]).toBeLessThan(0.01),
    );
  });

  it('needs no more memory at its peak than stock layers (tensors plus kernel memory)', async () => {
    const B = 64;
    const { x, y } = benchWindows(B);
    const xs = tf.tensor3d(x, [B, LOOKBACK, 1]);
    const ys = tf.tensor2d(y, [B, HORIZON]);
    const peak: Record<EngineName, number> = { lab: 0, tfjs: 0 };
    for (const engine of ['tfjs', 'lab'] as const) {
      const spec = { ...forecastSpec('lstm', 1), units: 64 };
      const model = buildForecastModel(spec, { engine });
      const optimizer: tf.Optimizer = tf.train.adam(1e-3);
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const heapBefore = engineHeap().stats.usedBytes;
      const step = () => {
        const { value, grads } = optimizer.computeGradients(
          () => mse(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar,
          variables,
        );
        optimizer.applyGradients(grads);
        tf.dispose([value, ...Object.values(grads)]);
      };
      step();
      const profile = await tf.profile(step);
      // the lab engine's kernel memory (workspaces, packed weights) is allocated once and held between steps
      peak[engine] = profile.peakBytes + (engineHeap().stats.usedBytes - heapBefore);
      optimizer.dispose();
      model.dispose();
    }
    tf.dispose([xs, ys]);
    expect(peak.lab).toBeLessThanOrEqual(peak.tfjs);
  });
});
