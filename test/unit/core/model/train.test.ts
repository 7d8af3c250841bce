import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src/core/model/backend';
import { buildForecastModel } from '../../../../src/core/model/builder';
import type { BatchProvider, TrainOptions } from '../../../../src/core/model/train';
import { evaluateLoss, trainModel } from '../../../../src/core/model/train';

const L = 4;
const H = 2;
const mse = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.meanSquaredError(yTrue, yPred);

/** Windows of a sine wave: x [n, 4, 1], y [n, 2]; `sign` -1 flips the targets. */
function sineData(n: number, offset: number, sign = 1): { x: tf.Tensor; y: tf.Tensor } {
  const s = (t: number) => Math.sin((t + offset) / 3);
  const x = new Float32Array(n * L);
  const y = new Float32Array(n * H);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < L; j++) x[i * L + j] = s(i + j);
    for (let h = 0; h < H; h++) y[i * H + h] = sign * s(i + L + h);
  }
  return { x: tf.tensor3d(x, [n, L, 1]), y: tf.tensor2d(y, [n, H]) };
}

function tinyModel(seed = 1) {
  return buildForecastModel({
    kind: 'forecast',
    cell: 'rnn',
    layers: 1,
    units: 4,
    dropout: 0,
    lookback: L,
    features: 1,
    horizon: H,
    seed,
  });
}

async function run(over: Partial<TrainOptions> = {}, seed = 1) {
  const model = tinyModel(seed);
  const train = sineData(48, 0);
  const validation = sineData(16, 100);
  const before = tf.memory().numTensors;
  const result = await trainModel({
    model,
    loss: mse,
    train,
    validation,
    optimizer: { name: 'adam', learningRate: 0.02 },
    batchSize: 16,
    epochs: 4,
    seed: 5,
    ...over,
  });
  const leaked = tf.memory().numTensors - before;
  const valLossNow = await evaluateLoss(model, mse, validation, 256);
  tf.dispose([train.x, train.y, validation.x, validation.y]);
  model.dispose();
  return { result, leaked, valLossNow };
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('trainModel', () => {
  it('logs every step, reports progress per batch and leaks no tensor', async () => {
    const progress: number[] = [];
    const etas: number[] = [];
    const epochs: number[] = [];
    const { result, leaked } = await run({
      onProgress: (p) => {
        progress.push(p.step);
        etas.push(p.etaSeconds);
        expect(p.batchesPerEpoch).toBe(3);
      },
      onEpoch: (e) => epochs.push(e.epoch),
    });
    expect(leaked).toBe(0);
    expect(result.status).toBe('completed');
    expect(result.stepsRun).toBe(12);
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(etas[11]).toBe(0);
    expect(epochs).toEqual([0, 1, 2, 3]);
    expect(result.gradients.before).toHaveLength(12);
    expect(result.gradients.epoch).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(result.gradients.variables.map((v) => v.name)).toEqual([
      'rnn_1/kernel',
      'rnn_1/recurrent_kernel',
      'rnn_1/bias',
      'forecast/kernel',
      'forecast/bias',
    ]);
    expect(result.gradients.perEpoch).toHaveLength(4);
    expect(result.gradients.perEpoch[0]).toHaveLength(5);
    expect(result.gradients.perEpochLayer[0]).toHaveLength(2);
    expect(result.history.loss[3]).toBeLessThan(result.history.loss[0]);
  });

  it('clips the global gradient norm at every step and logs the norm before and after', async () => {
    const clip = 0.05;
    const { result } = await run({ clipNorm: clip });
    const g = result.gradients;
    expect(g.clipNorm).toBe(clip);
    expect(g.clipped.filter(Boolean).length).toBeGreaterThan(0);
    g.before.forEach((before, i) => {
      expect(g.after[i]).toBeLessThanOrEqual(clip * (1 + 1e-5));
      expect(g.clipped[i]).toBe(before > clip);
      if (g.clipped[i]) expect(g.after[i]).toBeCloseTo(clip, 5);
      else expect(g.after[i]).toBe(before);
    });
    const unclipped = (await run({ clipNorm: null })).result.gradients;
    expect(unclipped.after).toEqual(unclipped.before);
    expect(unclipped.clipped.every((c) => !c)).toBe(true);
  });

  it('stops early and restores the best epoch, whose validation loss the model then has', async () => {
    // validation targets are the negated training targets: fitting the training data worsens validation
    const model = tinyModel();
    const train = sineData(48, 0);
    const validation = sineData(16, 0, -1);
    const result = await trainModel({
      model,
      loss: mse,
      train,
      validation,
      optimizer: { name: 'adam', learningRate: 0.05 },
      batchSize: 16,
      epochs: 30,
      patience: 2,
      seed: 5,
    });
    const restored = await evaluateLoss(model, mse, validation, 256);
    tf.dispose([train.x, train.y, validation.x, validation.y]);
    model.dispose();
    const v = result.history.valLoss;
    expect(result.earlyStopped).toBe(true);
    expect(result.status).toBe('completed');
    expect(result.epochsRun).toBe(result.bestEpoch! + 3);
    expect(result.bestEpoch).toBe(v.indexOf(Math.min(...v)));
    expect(result.restoredBest).toBe(true);
    expect(restored).toBe(v[result.bestEpoch!]);
    expect(restored).toBeLessThan(v[v.length - 1]);
    expect(result.message).toContain(`kept the weights of epoch ${result.bestEpoch! + 1}`);
  });

  it('stops with status diverged and advice when the loss becomes NaN or infinite', async () => {
    const { result, leaked } = await run({
      optimizer: { name: 'sgd', learningRate: 1e8 },
      epochs: 20,
      clipNorm: null,
    });
    expect(leaked).toBe(0);
    expect(result.status).toBe('diverged');
    expect(result.message).toMatch(
      /^Training diverged at epoch \d+(, batch \d+)?: the (loss|gradient norm|validation loss) became (NaN|-?Infinity)\./,
    );
    expect(result.message).toContain('Lower the learning rate (now 100000000) or turn on gradient clipping');
    expect(result.message).toContain('no usable weights were kept');
    expect(result.bestEpoch).toBeNull();
    expect(result.gradients.before.every(Number.isFinite)).toBe(true);
    expect(result.history.loss.every(Number.isFinite)).toBe(true);
    expect(result.history.valLoss.every(Number.isFinite)).toBe(true);
    expect(result.history.valLoss).toHaveLength(result.epochsRun);
  });

  it('stops after the current batch when the signal is aborted, keeping the best weights so far', async () => {
    const controller = new AbortController();
    const { result, leaked, valLossNow } = await run({
      signal: controller.signal,
      epochs: 10,
      onProgress: (p) => {
        if (p.step === 7) controller.abort();
      },
    });
    expect(leaked).toBe(0);
    expect(result.status).toBe('stopped');
    expect(result.stepsRun).toBe(7);
    expect(result.epochsRun).toBe(2);
    expect(result.message).toMatch(
      /^Stopped at epoch 3, batch 2 of 3, as requested; kept the weights of epoch \d/,
    );
    expect(valLossNow).toBe(result.bestValLoss);
  });

  it('is deterministic for the same seeds', async () => {
    const a = (await run()).result;
    const b = (await run()).result;
    expect(b.history).toEqual(a.history);
    expect(b.gradients.before).toEqual(a.gradients.before);
    const c = (await run({ seed: 6 })).result;
    expect(c.history.loss).not.toEqual(a.history.loss);
  });

  it('trains other models too: token prediction with softmax cross-entropy from a batch provider', async () => {
    const vocab = 4;
    const steps = 3;
    const tokens = Int32Array.from({ length: 64 }, (_, i) => i % vocab); // 0 1 2 3 0 1 ...
    const provider: BatchProvider = {
      size: tokens.length - steps,
      batch: (idx) =>
        tf.tidy(() => {
          const inputs = Array.from(idx, (i) => Array.from(tokens.subarray(i, i + steps)));
          const next = Array.from(idx, (i) => tokens[i + steps]);
          return {
            x: tf.oneHot(tf.tensor2d(inputs, [idx.length, steps], 'int32'), vocab).toFloat(),
            y: tf.oneHot(tf.tensor1d(next, 'int32'), vocab).toFloat(),
          };
        }),
    };
    const model = tf.sequential({
      layers: [
        tf.layers.simpleRNN({ units: 8, inputShape: [steps, vocab] }),
        tf.layers.dense({ units: vocab }),
      ],
    });
    const before = tf.memory().numTensors;
    const result = await trainModel({
      model,
      loss: (labels, logits) => tf.losses.softmaxCrossEntropy(labels, logits),
      train: provider,
      optimizer: { name: 'rmsprop', learningRate: 0.05 },
      batchSize: 16,
      epochs: 12,
      clipNorm: 5,
      seed: 1,
    });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    expect(result.status).toBe('completed');
    expect(result.bestEpoch).toBeNull();
    expect(result.history.valLoss).toEqual([]);
    expect(result.history.loss[11]).toBeLessThan(0.3 * result.history.loss[0]);
  });
});
