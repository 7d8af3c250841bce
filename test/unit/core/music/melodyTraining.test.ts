import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src/core/model/backend';
import { HOLD, REST, createVocabulary, melodyToTokens, mulberry32 } from '../../../../src/core/music';
import type { Melody } from '../../../../src/core/music';
import { buildMelodyModel, oneHotTokens } from '../../../../src/core/music/melodyModel';
import {
  LEAD_IN_STEPS,
  evaluateSequences,
  melodyWindows,
  parseTrainingSettings,
  fineTuneWindows,
  trainMelodyModel,
  tuneStream,
  windowBatches,
} from '../../../../src/core/music/melodyTraining';

const vocab = createVocabulary();
const timing = { stepsPerQuarter: 4, bpm: 120, timeSignature: [4, 4] as const };
const melody = (pitches: number[], duration = 2): Melody => ({
  ...timing,
  totalSteps: pitches.length * duration,
  notes: pitches.map((pitch, i) => ({ pitch, start: i * duration, duration })),
});

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('one-hot tokens', () => {
  it('are exact ones and zeros on the wasm backend too (its float32 OneHot writes int bits)', async () => {
    await initBackend('wasm');
    const values = tf.tidy(() => Array.from(oneHotTokens([[0, 2]], 3).dataSync()));
    await tf.setBackend('cpu');
    expect(values).toEqual([1, 0, 0, 0, 0, 1]);
  });
});

describe('token streams and windows', () => {
  it('puts a bar of rests before every tune, in a seeded order', () => {
    const a = melody([60, 62]);
    const b = melody([64]);
    const stream = tuneStream([a, b], vocab);
    expect(stream).toEqual([
      ...new Array(LEAD_IN_STEPS).fill(REST),
      14,
      HOLD,
      16,
      HOLD,
      ...new Array(LEAD_IN_STEPS).fill(REST),
      18,
      HOLD,
    ]);
    const shuffled = [0, 1, 2, 3].map((s) => tuneStream([a, b], vocab, mulberry32(s)).join());
    expect(new Set(shuffled).size).toBe(2);
    expect(tuneStream([a, b], vocab, mulberry32(7))).toEqual(tuneStream([a, b], vocab, mulberry32(7)));
  });

  it('cuts one stream per transposition into next-token windows', () => {
    const tune = melody([60, 62, 64, 65, 67, 69, 71, 72], 4);
    const windows = melodyWindows([tune], vocab, { shifts: [0, 2], length: 16, stride: 16, seed: 1 });
    // (16 + 32) steps per stream -> 2 windows of 16 (+1 target) per key.
    expect(windows.inputs).toHaveLength(4);
    windows.inputs.forEach((input, i) => {
      expect(input).toHaveLength(16);
      expect(windows.targets[i].slice(0, 15)).toEqual(input.slice(1));
    });
    // The second window of the +2 stream starts on its first note, D4 (62).
    expect(windows.inputs[3][0]).toBe(2 + 62 - 48);
  });

  it('builds one-hot batches x and y of [batch, steps, vocab]', () => {
    const windows = {
      inputs: [
        [0, 1, 2],
        [3, 4, 5],
      ],
      targets: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    };
    const provider = windowBatches(windows, vocab.size);
    const { x, y } = provider.batch(Int32Array.from([1]));
    expect(provider.size).toBe(2);
    expect(x.shape).toEqual([1, 3, 39]);
    expect(Array.from(tf.argMax(y, -1).dataSync())).toEqual([4, 5, 6]);
    tf.dispose([x, y]);
  });

  it('fine-tunes on the looped seed, padded to whole bars, mixed with corpus windows', () => {
    const seed = melody([60, 62, 64, 65, 67], 3); // 15 steps: padded to one bar of 16
    const own = fineTuneWindows(seed, vocab, { replay: [], seed: 1 });
    expect(own.inputs[0]).toHaveLength(64);
    expect(own.inputs[0].slice(0, LEAD_IN_STEPS)).toEqual(new Array(LEAD_IN_STEPS).fill(REST));
    // After the lead-in the seed repeats every 16 steps, rest included.
    const looped = [...own.inputs[0], ...own.targets[0].slice(-1)].slice(LEAD_IN_STEPS);
    expect(looped.slice(16, 32)).toEqual(looped.slice(0, 16));
    expect(looped[15]).toBe(REST);
    const mixed = fineTuneWindows(seed, vocab, {
      replay: [melody([60, 64, 67, 72, 67, 64, 60, 55], 8)],
      seed: 1,
    });
    expect(mixed.inputs.length).toBe(own.inputs.length * 2);
    expect(fineTuneWindows(seed, vocab, { replay: [melody([60, 64], 40)], seed: 1 })).toEqual(
      fineTuneWindows(seed, vocab, { replay: [melody([60, 64], 40)], seed: 1 }),
    );
    expect(() =>
      fineTuneWindows({ ...seed, notes: [], totalSteps: 0 }, vocab, { replay: [], seed: 1 }),
    ).toThrow(/too short/);
  });

  it('validates training settings with field names', () => {
    expect(parseTrainingSettings({ mode: 'scratch' })).toMatchObject({
      cell: 'lstm',
      units: 128,
      layers: 1,
      clipNorm: 1,
    });
    expect(() => parseTrainingSettings({ epochs: 0 })).toThrow(/epochs/);
  });
});

describe('training and scoring', () => {
  it('learns a repeated phrase, logs gradient norms and frees every tensor', async () => {
    const phrase = melody([60, 64, 67, 72, 67, 64, 60, 55], 2);
    const windows = melodyWindows([phrase, phrase], vocab, { shifts: [0], length: 16, stride: 4, seed: 3 });
    const model = buildMelodyModel({ units: 16, layers: 1, embeddingSize: 8 }, 5);
    const sequences = [melodyToTokens(phrase, vocab)];
    const before = await evaluateSequences(model, sequences, vocab.size);
    const tensors = tf.memory().numTensors;
    const result = await trainMelodyModel({
      model,
      train: windows,
      vocabSize: vocab.size,
      epochs: 25,
      batchSize: 8,
      learningRate: 0.02,
      clipNorm: 1,
      patience: null,
      seed: 1,
    });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(result.status).toBe('completed');
    expect(result.history.loss.at(-1)!).toBeLessThan(result.history.loss[0] / 2);
    expect(result.gradients.before.length).toBe(result.stepsRun);
    const after = await evaluateSequences(model, sequences, vocab.size);
    expect(after.perplexity).toBeLessThan(before.perplexity / 5);
    expect(after.accuracy).toBeGreaterThanOrEqual(0.5);
    model.dispose();
  });

  it('scores each token from the tokens before it, after the lead-in rests', async () => {
    const model = buildMelodyModel({ units: 6, layers: 1, embeddingSize: 4 }, 2);
    const sequence = [14, HOLD, REST, 16];
    const evaluation = await evaluateSequences(model, [sequence], vocab.size);
    const logits = tf.tidy(() => {
      const input = [...new Array(LEAD_IN_STEPS).fill(REST), ...sequence.slice(0, -1)];
      return tf.logSoftmax(model.predict(oneHotTokens([input], vocab.size)) as tf.Tensor3D).arraySync()[0];
    });
    const expected = sequence.reduce((sum, token, i) => sum + logits[LEAD_IN_STEPS - 1 + i][token], 0);
    expect(evaluation.tokens).toBe(4);
    expect(evaluation.logProb).toBeCloseTo(expected, 4);
    expect(evaluation.perplexity).toBeCloseTo(Math.exp(-expected / 4), 3);
    model.dispose();
  });
});
