import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  contextAblation,
  effectiveMemory,
  featureMeans,
  gradientSaliency,
  memoryHorizon,
} from '../../../../src/core/inspect/memory';
import type { AblationResult, MemoryProgress } from '../../../../src/core/inspect/memory';
import { buildMelodyModel, oneHotTokens } from '../../../../src/core/music/melodyModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/**
 * A linear forecaster on windows of 4 steps x 2 features: flatten, then Dense(2) without nonlinearity.
 * Weights per input step t and feature f (kernel row 2t + f), for horizon step 0 and 1:
 *   t0: (3, 4) and (0, 0); t1: (0, 1) and (0, 0); t2: (1, 0) and (0, 0); t3: (0, 0) and (2, 0).
 */
function linearModel(): tf.Sequential {
  const model = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [4, 2] }), tf.layers.dense({ units: 2, name: 'forecast' })],
  });
  const kernel = tf.tensor2d([
    [3, 0],
    [4, 0],
    [0, 0],
    [1, 0],
    [1, 0],
    [0, 0],
    [0, 2],
    [0, 0],
  ]);
  const bias = tf.zeros([2]);
  model.setWeights([kernel, bias]);
  tf.dispose([kernel, bias]);
  return model;
}

/** h_t = tanh(2 x_t + 0 * h_{t-1}), output = h_T: it only sees the last step. */
function memorylessRnn(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.simpleRNN({ units: 1, inputShape: [5, 1], name: 'rnn_1' }),
      tf.layers.dense({ units: 1, name: 'forecast' }),
    ],
  });
  const weights = [tf.tensor2d([[2]]), tf.tensor2d([[0]]), tf.zeros([1]), tf.tensor2d([[1]]), tf.zeros([1])];
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

const WINDOW = [
  [1, 1],
  [2, 0],
  [0, 3],
  [5, 5],
];

describe('gradientSaliency', () => {
  it('gives the weight norms of a linear model per lag, summed over the horizon or for one step', async () => {
    const model = linearModel();
    const windows = [
      WINDOW,
      [
        [0, 0],
        [1, 1],
        [-2, 3],
        [7, 1],
      ],
      [
        [9, 9],
        [9, 9],
        [9, 9],
        [9, 9],
      ],
    ];
    const before = tf.memory().numTensors;
    const sum = await gradientSaliency(model, windows, { batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    // Lag k is step 4 - k: |(0,0)+(2,0)| = 2, |(1,0)| = 1, |(0,1)| = 1, |(3,4)| = 5.
    expect(sum.lags).toEqual([1, 2, 3, 4]);
    sum.norm.forEach((v, i) => expect(v).toBeCloseTo([2, 1, 1, 5][i], 5));
    sum.share.forEach((v, i) => expect(v).toBeCloseTo([2, 1, 1, 5][i] / 9, 5));
    expect(sum.cumulative[3]).toBeCloseTo(1, 6);
    expect(sum).toMatchObject({ objective: 'forecast', step: null, windows: 3, steps: 4 });
    expect(effectiveMemory(sum, null).saliencySteps).toBe(4);

    const second = await gradientSaliency(model, windows, { objective: { kind: 'forecast', step: 1 } });
    second.norm.forEach((v, i) => expect(v).toBeCloseTo([2, 0, 0, 0][i], 5));
    expect(effectiveMemory(second, null).saliencySteps).toBe(1);
    const first = await gradientSaliency(model, windows, { objective: { kind: 'forecast', step: 0 } });
    first.norm.forEach((v, i) => expect(v).toBeCloseTo([0, 1, 1, 5][i], 5));
    // 90% of 7 needs 6.3: only all four steps hold that much.
    expect(effectiveMemory(first, null).saliencySteps).toBe(4);
    await expect(
      gradientSaliency(model, windows, { objective: { kind: 'forecast', step: 2 } }),
    ).rejects.toThrow(/outside the horizon of 2/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('sees only the last step of a SimpleRNN whose recurrent weight is 0', async () => {
    const model = memorylessRnn();
    const x = tf.tensor3d([
      [[1], [2], [3], [4], [0]],
      [[-1], [5], [0], [2], [0.5]],
    ]);
    const result = await gradientSaliency(model, x);
    // d tanh(2 x_T) / d x_T = 2 (1 - tanh(2 x_T)^2): 2 at 0, 2 (1 - tanh(1)^2) at 0.5; mean of the two.
    const expected = (2 + 2 * (1 - Math.tanh(1) ** 2)) / 2;
    expect(result.norm[0]).toBeCloseTo(expected, 5);
    expect(result.norm.slice(1)).toEqual([0, 0, 0, 0]);
    const outputs = (model.predict(x) as tf.Tensor).arraySync() as number[][];
    const ablation = await contextAblation(model, x, { targets: outputs });
    expect(ablation.lags).toEqual([1, 2, 3, 4, 5]);
    ablation.error.forEach((e) => expect(e).toBeLessThan(1e-12));
    const memory = effectiveMemory(result, ablation);
    expect(memory).toMatchObject({ steps: 5, saliencySteps: 1, ablationSteps: 1 });
    expect(memory.sentence).toBe(
      "Effective memory: about 1 step of 5: the last step holds 90% of the gradient saliency; keeping only the last step (the rest set to the training mean) keeps the error within 5% of the full window's.",
    );
    tf.dispose(x);
    model.dispose();
  });

  it('differentiates the next-token log-probability of a melody model', async () => {
    const model = buildMelodyModel({ cell: 'rnn', units: 6, layers: 1, vocabSize: 7, embeddingSize: 3 }, 2);
    const [kernel, , bias] = model.getLayer('rnn_1').getWeights();
    model.getLayer('rnn_1').setWeights([kernel, tf.zeros([6, 6]), bias]);
    const tokens = oneHotTokens(
      [
        [1, 2, 3, 4],
        [6, 5, 0, 0],
        [2, 2, 2, 2],
      ],
      7,
    );
    const before = tf.memory().numTensors;
    const given = await gradientSaliency(model, tokens, {
      objective: { kind: 'nextToken', tokens: [3, 3, 1] },
    });
    const likely = await gradientSaliency(model, tokens);
    for (const r of [given, likely]) {
      expect(r.objective).toBe('nextToken');
      expect(r.norm[0]).toBeGreaterThan(0);
      expect(r.norm.slice(1)).toEqual([0, 0, 0]);
    }
    expect(given.norm[0]).not.toBeCloseTo(likely.norm[0], 6);
    const horizon = await memoryHorizon(model, tokens, { targets: [3, 3, 1], lags: [1, 2] });
    expect(horizon.ablation).toMatchObject({ metric: 'nll', lags: [1, 2, 4] });
    const [e1, e2, e4] = horizon.ablation!.error;
    expect(e1).toBeGreaterThan(0);
    expect(e2).toBeCloseTo(e1, 6);
    expect(e4).toBeCloseTo(e1, 6);
    expect(horizon.effective.saliencySteps).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    tokens.dispose();
    model.dispose();
  });
});

describe('contextAblation', () => {
  it('replaces the steps before the last k by the fill value and measures the MSE', async () => {
    const model = linearModel();
    // Full prediction: step 0 = 3 + 4 = 7, step 1 = 2 * 5 = 10; targets 7 and 12.
    const zero = await contextAblation(model, [WINDOW], { targets: [[7, 12]] });
    expect(zero.lags).toEqual([1, 2, 3, 4]);
    // Dropping t0 loses the 7 of step 0: ((0 - 7)^2 + (10 - 12)^2) / 2 = 26.5; the full window: 4 / 2 = 2.
    zero.error.forEach((e, i) => expect(e).toBeCloseTo([26.5, 26.5, 26.5, 2][i], 5));
    expect(zero.fullError).toBeCloseTo(2, 6);
    expect(effectiveMemory(null, zero).ablationSteps).toBe(4);
    // Filling with (1, 1): k = 1 predicts 7 + 1 + 1 = 9, k = 2 predicts 8, k = 3 predicts 7.
    const ones = await contextAblation(model, [WINDOW], { targets: [[7, 12]], fill: [1, 1] });
    ones.error.forEach((e, i) => expect(e).toBeCloseTo([4, 2.5, 2, 2][i], 5));
    expect(effectiveMemory(null, ones).ablationSteps).toBe(3);
    // Horizon step 1 depends on the last step only.
    const last = await contextAblation(model, [WINDOW], {
      targets: [[7, 12]],
      objective: { kind: 'forecast', step: 1 },
    });
    last.error.forEach((e) => expect(e).toBeCloseTo(4, 5));
    expect(effectiveMemory(null, last).ablationSteps).toBe(1);
    await expect(contextAblation(model, [WINDOW], { targets: [[7, 12]], fill: [0] })).rejects.toThrow(
      /one value per feature/,
    );
    await expect(contextAblation(model, [WINDOW], { targets: [[7, 12]], lags: [0] })).rejects.toThrow(
      /from 1 to 4/,
    );
    model.dispose();
  });

  it('reports progress per batch and stops on an aborted signal without leaking tensors', async () => {
    const model = memorylessRnn();
    const windows = Array.from({ length: 10 }, (_, i) =>
      Array.from({ length: 5 }, (_, t) => [Math.sin(i + t)]),
    );
    const targets = windows.map(() => [0]);
    const seen: MemoryProgress[] = [];
    await memoryHorizon(model, windows, {
      targets,
      batchSize: 4,
      lags: [1, 3],
      onProgress: (p) => seen.push(p),
    });
    expect(seen.filter((p) => p.phase === 'saliency').map((p) => p.done)).toEqual([1, 2, 3]);
    // 3 batches x lags 1, 3 and 5.
    expect(seen.filter((p) => p.phase === 'ablation').map((p) => `${p.done}/${p.total}`)).toEqual(
      Array.from({ length: 9 }, (_, i) => `${i + 1}/9`),
    );
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = contextAblation(model, windows, {
      targets,
      batchSize: 4,
      signal: controller.signal,
      onProgress: (p) => p.done === 2 && controller.abort(),
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('effectiveMemory and featureMeans', () => {
  const ablation = (error: number[]): AblationResult => ({
    objective: 'forecast',
    metric: 'mse',
    windows: 1,
    steps: 5,
    lags: [1, 2, 3, 4, 5],
    error,
    fullError: error[4],
    fill: [0],
  });

  it('takes the smallest k from which on the error stays within 5% of the full window', () => {
    expect(effectiveMemory(null, ablation([5, 2, 1.04, 1.03, 1])).ablationSteps).toBe(3);
    // A lucky dip at k = 3 does not count when k = 4 is worse again.
    expect(effectiveMemory(null, ablation([5, 2, 1.04, 1.2, 1])).ablationSteps).toBe(5);
    expect(effectiveMemory(null, ablation([5, 2, 1.04, 1.2, 1]), { tolerance: 0.25 }).ablationSteps).toBe(3);
    const whole = effectiveMemory(null, ablation([5, 4, 3, 2, 1]));
    expect(whole.sentence).toBe(
      "Effective memory: about 5 steps of 5: keeping only the last 5 steps (the rest set to the training mean) keeps the error within 5% of the full window's. The model uses the whole window: a longer window might help.",
    );
  });

  it('gives a range when the two estimates differ and says when the gradient is zero', () => {
    const saliency = {
      objective: 'forecast' as const,
      step: null,
      windows: 1,
      steps: 5,
      lags: [1, 2, 3, 4, 5],
      norm: [4, 3, 2, 1, 0],
      share: [0.4, 0.3, 0.2, 0.1, 0],
      cumulative: [0.4, 0.7, 0.9, 1, 1],
    };
    const both = effectiveMemory(saliency, ablation([5, 1.01, 1, 1, 1]));
    expect(both).toMatchObject({ saliencySteps: 3, ablationSteps: 2 });
    expect(both.sentence).toMatch(/^Effective memory: about 2–3 steps of 5: the last 3 steps hold 90%/);
    const flat = effectiveMemory(
      { ...saliency, norm: [0, 0, 0, 0, 0], share: [0, 0, 0, 0, 0], cumulative: [0, 0, 0, 0, 0] },
      null,
    );
    expect(flat.saliencySteps).toBeNull();
    expect(flat.sentence).toBe(
      'No effective memory: the output does not change with the input (all gradients are zero).',
    );
  });

  it('averages every feature over windows and steps', () => {
    expect(
      featureMeans([
        [
          [1, 10],
          [3, 20],
        ],
        [
          [5, 30],
          [7, 40],
        ],
      ]),
    ).toEqual([4, 25]);
  });
});
