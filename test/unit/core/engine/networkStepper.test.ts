import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineHeap, setKernelPreference } from '../../../../src/core/engine/labEngine';
import { RecurrentNetworkStepper } from '../../../../src/core/engine/networkStepper';
import { initBackend } from '../../../../src/core/model/backend';
import { mulberry32 } from '../../../../src/core/model/random';
import { buildMelodyModel, oneHotTokens } from '../../../../src/core/music/melodyModel';
import { continueTokens } from '../../../../src/core/music/melodySampler';

const VOCAB = 11;

/** The stepper's network, read from a melody model's layers (embedding, recurrent layers, logits). */
function stepperFor(
  model: tf.LayersModel,
  cell: 'rnn' | 'lstm' | 'gru',
  units: number,
  rows: number,
): RecurrentNetworkStepper {
  const floats = (t: tf.Tensor) => t.dataSync() as Float32Array;
  const recurrent = model.layers.filter((l) => ['LSTM', 'GRU', 'SimpleRNN'].includes(l.getClassName()));
  const [embedding] = model.getLayer('embedding').getWeights();
  const [logitsKernel, logitsBias] = model.getLayer('logits').getWeights();
  return new RecurrentNetworkStepper(
    engineHeap(),
    {
      embedding: floats(embedding),
      embeddingSize: embedding.shape[1] ?? 0,
      vocab: VOCAB,
      layers: recurrent.map((l) => {
        const [kernel, recurrentKernel, bias] = l.getWeights().map(floats);
        return { cell, units, kernel, recurrentKernel, bias };
      }),
      logitsKernel: floats(logitsKernel),
      logitsBias: floats(logitsBias),
    },
    rows,
  );
}

beforeAll(async () => {
  await initBackend('cpu');
});

afterAll(() => {
  setKernelPreference('auto');
});

describe('network stepper (fused sampling step)', () => {
  for (const kind of ['wasm-simd', 'typescript'] as const) {
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      it(`${kind}, ${cell}: step-by-step logits equal the whole-sequence logits of stock layers`, () => {
        setKernelPreference(kind);
        const model = buildMelodyModel(
          { cell, units: 9, layers: 2, embeddingSize: 5, vocabSize: VOCAB, engine: 'tfjs' },
          3,
        );
        const rand = mulberry32(8);
        const sequences = Array.from({ length: 3 }, () =>
          Array.from({ length: 6 }, () => Math.floor(rand() * VOCAB)),
        );
        const expected = tf.tidy(
          () => (model.apply(oneHotTokens(sequences, VOCAB)) as tf.Tensor).arraySync() as number[][][],
        );
        const stepper = stepperFor(model, cell, 9, 3);
        const used = engineHeap().stats.usedBytes;
        for (let t = 0; t < 6; t++) {
          const logits = stepper.step(sequences.map((s) => s[t]));
          for (let r = 0; r < 3; r++) {
            for (let v = 0; v < VOCAB; v++) expect(logits[r * VOCAB + v]).toBeCloseTo(expected[r][t][v], 4);
          }
        }
        expect(engineHeap().stats.usedBytes).toBe(used); // nothing allocated per step
        stepper.reset();
        const again = stepper.step(sequences.map((s) => s[0]));
        for (let v = 0; v < VOCAB; v++) expect(again[v]).toBeCloseTo(expected[0][0][v], 4);
        stepper.dispose();
        model.dispose();
      });
    }
  }

  it('continues a seed with the same tokens on either engine, without leaking tensors or kernel memory', () => {
    setKernelPreference('wasm-simd');
    for (const cell of ['lstm', 'gru'] as const) {
      const stock = buildMelodyModel(
        { cell, units: 16, layers: 2, embeddingSize: 6, vocabSize: VOCAB, engine: 'tfjs' },
        4,
      );
      const lab = buildMelodyModel({ cell, units: 16, layers: 2, embeddingSize: 6, vocabSize: VOCAB }, 4);
      const tensors = tf.memory().numTensors;
      const used = engineHeap().stats.usedBytes;
      const options = { steps: 40, temperature: 1, seed: 9, variations: 3 };
      const expected = continueTokens(stock, [0, 3, 4, 1, 5], options);
      const actual = continueTokens(lab, [0, 3, 4, 1, 5], options);
      expect(actual.map((c) => c.tokens)).toEqual(expected.map((c) => c.tokens));
      actual.forEach((c, i) => expect(c.logProb).toBeCloseTo(expected[i].logProb, 3));
      expect(tf.memory().numTensors).toBe(tensors);
      expect(engineHeap().stats.usedBytes).toBe(used);
      stock.dispose();
      lab.dispose();
    }
  });
});
