import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MusicError, argmax, softmax } from '../../../../src/core/music';
import { buildMelodyModel, oneHotTokens, parseMelodyModelSpec } from '../../../../src/core/music/melodyModel';
import type { CellType } from '../../../../src/core/model/cells';
import { continueTokens } from '../../../../src/core/music/melodySampler';
import { loadMelodyModel, packMelodyModel } from '../../../../src/core/music/melodyModelFile';

const SEED_TOKENS = [14, 1, 1, 16, 1, 18, 0, 21, 1, 1, 19, 0];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Next-token logits after `tokens`, by running the whole model on the sequence: [vocabSize]. */
function lastLogits(model: tf.LayersModel, tokens: readonly number[], vocabSize: number): Float32Array {
  return tf.tidy(() => {
    const output = model.predict(oneHotTokens([tokens], vocabSize)) as tf.Tensor3D;
    return output.slice([0, tokens.length - 1, 0], [1, 1, vocabSize]).dataSync() as Float32Array;
  });
}

describe('buildMelodyModel', () => {
  it('maps one-hot [batch, steps, 39] through a bias-free Dense(32) and 2 LSTMs to logits [batch, steps, 39]', () => {
    const model = buildMelodyModel({ cell: 'lstm', units: 8, layers: 2 }, 1);
    expect(model.inputs[0].shape).toEqual([null, null, 39]);
    expect(model.outputs[0].shape).toEqual([null, null, 39]);
    expect(model.layers.map((layer) => layer.name)).toEqual([
      'tokens',
      'embedding',
      'lstm_1',
      'lstm_2',
      'logits',
    ]);
    // 39x32 embedding + 4x8x(32+8+1) + 4x8x(8+8+1) + 8x39+39.
    expect(model.countParams()).toBe(1248 + 1312 + 544 + 351);
    expect(model.getLayer('embedding').getConfig().useBias).toBe(false);
    expect(model.getLayer('lstm_1').getConfig().recurrentActivation).toBe('sigmoid');
    const output = tf.tidy(
      () =>
        (
          model.predict(
            oneHotTokens(
              [
                [14, 1, 0],
                [2, 3, 4],
              ],
              39,
            ),
          ) as tf.Tensor
        ).shape,
    );
    expect(output).toEqual([2, 3, 39]);
    model.dispose();
  });

  it('builds GRU and SimpleRNN variants with the expected parameter counts', () => {
    const gru = buildMelodyModel({ cell: 'gru', units: 8, layers: 1, vocabSize: 10, embeddingSize: 4 });
    expect(gru.countParams()).toBe(10 * 4 + 3 * 8 * (4 + 8 + 1) + 8 * 10 + 10);
    const rnn = buildMelodyModel({ cell: 'rnn', units: 6, layers: 3, vocabSize: 10, embeddingSize: 4 });
    expect(rnn.layers.map((layer) => layer.getClassName())).toEqual([
      'InputLayer',
      'Dense',
      'SimpleRNN',
      'SimpleRNN',
      'SimpleRNN',
      'Dense',
    ]);
    gru.dispose();
    rnn.dispose();
  });

  it('starts LSTM forget gates open and frees every tensor on dispose', () => {
    const before = tf.memory().numTensors;
    const model = buildMelodyModel({ cell: 'lstm', units: 4, layers: 2, embeddingSize: 3 }, 2);
    const bias = Array.from(model.getLayer('lstm_2').getWeights()[2].dataSync());
    expect(bias).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the same initial weights for the same seed', () => {
    const a = buildMelodyModel({ units: 4, layers: 1 }, 5);
    const b = buildMelodyModel({ units: 4, layers: 1 }, 5);
    const values = (model: tf.LayersModel): number[] =>
      Array.from(model.getLayer('embedding').getWeights()[0].dataSync());
    expect(values(a)).toEqual(values(b));
    a.dispose();
    b.dispose();
  });

  it('fills defaults and rejects bad settings with the field name', () => {
    expect(parseMelodyModelSpec({})).toEqual({
      cell: 'lstm',
      units: 128,
      layers: 2,
      embeddingSize: 32,
      vocabSize: 39,
      attention: 0,
    });
    try {
      parseMelodyModelSpec({ units: 2.5 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MusicError);
      expect((error as MusicError).code).toBe('invalid-option');
      expect((error as MusicError).message).toMatch(/^The melody model settings are not valid \(units: /);
    }
  });

  it('one-hot encodes token sequences', () => {
    const encoded = oneHotTokens(
      [
        [0, 2],
        [1, 1],
      ],
      3,
    );
    expect(encoded.shape).toEqual([2, 2, 3]);
    expect(encoded.dtype).toBe('float32');
    expect(Array.from(encoded.dataSync())).toEqual([1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0]);
    encoded.dispose();
  });
});

describe('continueTokens', () => {
  const kinds: CellType[] = ['lstm', 'gru', 'rnn'];

  it.each(kinds)(
    '%s: greedy stepping with carried state equals argmax of the full model, without leaking tensors',
    (cell) => {
      const model = buildMelodyModel({ cell, units: 12, layers: 2 }, 3);
      const before = tf.memory().numTensors;
      const [greedy] = continueTokens(model, SEED_TOKENS, { steps: 8, temperature: 0, seed: 1 });
      expect(tf.memory().numTensors).toBe(before);
      expect(greedy.tokens).toHaveLength(8);
      let logProb = 0;
      greedy.tokens.forEach((token, i) => {
        const logits = lastLogits(model, [...SEED_TOKENS, ...greedy.tokens.slice(0, i)], 39);
        expect(token).toBe(argmax(logits));
        logProb += Math.log(softmax(logits)[token]);
      });
      expect(greedy.logProb).toBeCloseTo(logProb, 4);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    },
  );

  it.each([1, 4])(
    'LSTM with attention over %i outputs: stepping (history of outputs carried) equals the full model, and it survives packing',
    async (window) => {
      const model = buildMelodyModel({ cell: 'lstm', units: 12, layers: 1, attention: window }, 5);
      expect(model.layers.map((layer) => layer.name)).toEqual([
        'tokens',
        'embedding',
        'lstm_1',
        'attention',
        'logits',
      ]);
      // 4 x 12 x (32 + 12 + 1) + attention (12x32 + 12x32 + 24x12 + 12) + logits.
      expect(model.countParams()).toBe(1248 + 2160 + 1068 + 12 * 39 + 39);
      const before = tf.memory().numTensors;
      const [greedy] = continueTokens(model, SEED_TOKENS, { steps: 8, temperature: 0, seed: 1 });
      expect(tf.memory().numTensors).toBe(before);
      let logProb = 0;
      greedy.tokens.forEach((token, i) => {
        const logits = lastLogits(model, [...SEED_TOKENS, ...greedy.tokens.slice(0, i)], 39);
        expect(token).toBe(argmax(logits));
        logProb += Math.log(softmax(logits)[token]);
      });
      expect(greedy.logProb).toBeCloseTo(logProb, 4);
      const info = {
        spec: parseMelodyModelSpec({ cell: 'lstm', units: 12, layers: 1, attention: window }),
        range: { low: 48, high: 84 },
        stepsPerQuarter: 4,
        leadIn: 16,
        description: 'test',
      };
      const loaded = loadMelodyModel(await packMelodyModel(model, info));
      expect(loaded.info.spec.attention).toBe(window);
      expect(Array.from(lastLogits(loaded.model, SEED_TOKENS, 39))).toEqual(
        Array.from(lastLogits(model, SEED_TOKENS, 39)),
      );
      loaded.model.dispose();
      model.dispose();
    },
  );

  it('reproduces the same variations from the same seed; variation i does not depend on the count', () => {
    const model = buildMelodyModel({ cell: 'lstm', units: 8, layers: 1 }, 4);
    const options = { steps: 24, temperature: 1.5, seed: 99, variations: 3 };
    const before = tf.memory().numTensors;
    const first = continueTokens(model, SEED_TOKENS, options);
    const again = continueTokens(model, SEED_TOKENS, options);
    expect(tf.memory().numTensors).toBe(before);
    expect(again).toEqual(first);
    expect(first).toHaveLength(3);
    expect(new Set(first.map((v) => v.tokens.join(','))).size).toBe(3);
    expect(continueTokens(model, SEED_TOKENS, { ...options, variations: 1 })[0]).toEqual(first[0]);
    expect(continueTokens(model, SEED_TOKENS, { ...options, seed: 100 })[0].tokens).not.toEqual(
      first[0].tokens,
    );
    for (const variation of first) {
      expect(variation.tokens.every((t) => Number.isInteger(t) && t >= 0 && t < 39)).toBe(true);
      expect(variation.logProb).toBeLessThan(0);
    }
    model.dispose();
  });

  it('top-k 1 at any temperature is greedy', () => {
    const model = buildMelodyModel({ cell: 'gru', units: 8, layers: 1 }, 6);
    const greedy = continueTokens(model, SEED_TOKENS, { steps: 10, temperature: 0, seed: 1 });
    const topOne = continueTokens(model, SEED_TOKENS, { steps: 10, temperature: 1.8, topK: 1, seed: 2 });
    expect(topOne[0].tokens).toEqual(greedy[0].tokens);
    model.dispose();
  });

  it('rejects an empty seed and bad step or variation counts', () => {
    const model = buildMelodyModel({ units: 4, layers: 1 }, 1);
    const before = tf.memory().numTensors;
    expect(() => continueTokens(model, [], { steps: 4, temperature: 1, seed: 1 })).toThrow(
      'The seed melody is empty: import or pick a melody to continue first.',
    );
    expect(() => continueTokens(model, [14], { steps: 0, temperature: 1, seed: 1 })).toThrow(
      /Steps to generate/,
    );
    expect(() => continueTokens(model, [14], { steps: 4, temperature: 1, seed: 1, variations: 17 })).toThrow(
      /Variations/,
    );
    expect(() => continueTokens(model, [39], { steps: 4, temperature: 1, seed: 1 })).toThrow(RangeError);
    expect(() => continueTokens(model, [14], { steps: 4, temperature: 3, seed: 1 })).toThrow(/Temperature/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
