import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  attendOverOutputs,
  attentionStep,
  OutputAttention,
  type AttentionWeights,
} from '../../../../src/core/music/attention';
import { mulberry32 } from '../../../../src/core/music/sampling';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Plain numbers of the weights, row-major, as the reference implementation reads them. */
interface RefWeights {
  keys: number[]; // [U, A]
  query: number[]; // [U, A]
  output: number[]; // [2U, U]
  outputBias: number[]; // [U]
}

/**
 * The attention written out with loops in double precision, straight from the equations in attention.ts:
 * h[b][t][u] -> outputs o[b][t][u] and attention a[b][t][j-1].
 */
function reference(h: number[][][], w: RefWeights, window: number, A: number) {
  const U = h[0][0].length;
  const matVec = (x: number[], m: number[], cols: number) =>
    Array.from({ length: cols }, (_, c) => x.reduce((s, xi, r) => s + xi * m[r * cols + c], 0));
  const outputs: number[][][] = [];
  const attention: number[][][] = [];
  for (const seq of h) {
    const o: number[][] = [];
    const at: number[][] = [];
    seq.forEach((ht, t) => {
      const q = matVec(ht, w.query, A);
      const e: number[] = [];
      for (let j = 1; j <= window; j += 1) {
        if (t - j < 0) continue;
        const k = matVec(seq[t - j], w.keys, A);
        e.push(k.reduce((s, kv, i) => s + kv * q[i], 0) / Math.sqrt(A));
      }
      const max = Math.max(...e);
      const ex = e.map((v) => Math.exp(v - max));
      const total = ex.reduce((s, v) => s + v, 0);
      const a = Array.from({ length: window }, (_, i) => (i < e.length ? ex[i] / total : 0));
      const c = Array.from({ length: U }, (_, u) =>
        a.reduce((s, aj, i) => s + (i < e.length ? aj * seq[t - i - 1][u] : 0), 0),
      );
      const both = [...ht, ...c];
      const z = matVec(both, w.output, U).map((v, u) => Math.tanh(v + w.outputBias[u]));
      o.push(z);
      at.push(a);
    });
    outputs.push(o);
    attention.push(at);
  }
  return { outputs, attention };
}

function randomArray(n: number, random: () => number, scale = 1): number[] {
  return Array.from({ length: n }, () => (random() * 2 - 1) * scale);
}

const B = 2;
const T = 7;
const U = 5;
const A = 4;
const WINDOW = 3;

function fixtures(seed: number) {
  const random = mulberry32(seed);
  const h = Array.from({ length: B }, () => Array.from({ length: T }, () => randomArray(U, random)));
  const w: RefWeights = {
    keys: randomArray(U * A, random, 1.2),
    query: randomArray(U * A, random, 1.2),
    output: randomArray(2 * U * U, random, 0.6),
    outputBias: randomArray(U, random, 0.2),
  };
  // A fixed random projection makes the output a scalar loss: L = Σ R ⊙ o.
  const r = Array.from({ length: B }, () => Array.from({ length: T }, () => randomArray(U, random)));
  return { h, w, r };
}

const tensors = (w: RefWeights): AttentionWeights => ({
  keys: tf.tensor2d(w.keys, [U, A]),
  query: tf.tensor2d(w.query, [U, A]),
  output: tf.tensor2d(w.output, [2 * U, U]),
  outputBias: tf.tensor1d(w.outputBias),
});

const loss = (o: number[][][], r: number[][][]) =>
  o.reduce(
    (s, seq, b) => s + seq.reduce((s2, v, t) => s2 + v.reduce((s3, x, u) => s3 + x * r[b][t][u], 0), 0),
    0,
  );

describe('attention over the last outputs', () => {
  it('computes the same outputs and attention as a loop implementation of its equations', () => {
    const { h, w } = fixtures(3);
    const expected = reference(h, w, WINDOW, A);
    const { output, attention } = tf.tidy(() => {
      const result = attendOverOutputs(tf.tensor3d(h), tensors(w), WINDOW);
      return { output: result.output.arraySync(), attention: result.attention.arraySync() };
    });
    for (let b = 0; b < B; b += 1)
      for (let t = 0; t < T; t += 1) {
        for (let u = 0; u < U; u += 1) expect(output[b][t][u]).toBeCloseTo(expected.outputs[b][t][u], 5);
        // attention[b][t][s] is the weight of step s = t - lag; every other step gets none.
        for (let s = 0; s < T; s += 1) {
          const lag = t - s;
          const weight = lag >= 1 && lag <= WINDOW ? expected.attention[b][t][lag - 1] : 0;
          expect(attention[b][t][s]).toBeCloseTo(weight, 5);
        }
      }
    // The first step has nothing to look at; later steps' weights sum to 1 over the steps that exist.
    expect(attention[0][0]).toEqual(new Array<number>(T).fill(0));
    expect(attention[1][5].reduce((sum, v) => sum + v, 0)).toBeCloseTo(1, 6);
  });

  it('has the gradients of the loop implementation (central differences) for the input and every weight', () => {
    const { h, w, r } = fixtures(11);
    const eps = 1e-4;
    const numeric = (perturb: (delta: number) => { h: number[][][]; w: RefWeights }) => {
      const plus = perturb(eps);
      const minus = perturb(-eps);
      return (
        (loss(reference(plus.h, plus.w, WINDOW, A).outputs, r) -
          loss(reference(minus.h, minus.w, WINDOW, A).outputs, r)) /
        (2 * eps)
      );
    };
    const names = ['keys', 'query', 'output', 'outputBias'] as const;
    const grads = tf.tidy(() => {
      const rT = tf.tensor3d(r);
      const f = (hT: tf.Tensor, k: tf.Tensor, q: tf.Tensor, o: tf.Tensor, ob: tf.Tensor) =>
        tf.sum(
          tf.mul(
            attendOverOutputs(
              hT as tf.Tensor3D,
              {
                keys: k as tf.Tensor2D,
                query: q as tf.Tensor2D,
                output: o as tf.Tensor2D,
                outputBias: ob as tf.Tensor1D,
              },
              WINDOW,
            ).output,
            rT,
          ),
        );
      const weights = tensors(w);
      return tf
        .grads(f)([tf.tensor3d(h), ...names.map((n) => weights[n])])
        .map((g) => Array.from(g.dataSync()));
    });
    // The input: every element.
    let checked = 0;
    for (let b = 0; b < B; b += 1)
      for (let t = 0; t < T; t += 1)
        for (let u = 0; u < U; u += 1) {
          const expected = numeric((d) => {
            const moved = h.map((seq) => seq.map((v) => [...v]));
            moved[b][t][u] += d;
            return { h: moved, w };
          });
          expect(grads[0][(b * T + t) * U + u]).toBeCloseTo(expected, 3);
          checked += 1;
        }
    // Each weight: every element.
    names.forEach((name, i) => {
      w[name].forEach((_, k) => {
        const expected = numeric((d) => {
          const moved = { ...w, [name]: [...w[name]] };
          moved[name][k] += d;
          return { h, w: moved };
        });
        expect(grads[i + 1][k]).toBeCloseTo(expected, 3);
        checked += 1;
      });
    });
    expect(checked).toBe(B * T * U + 2 * U * A + 2 * U * U + U);
  });

  it('gives the same step by step (sampling) as over the whole sequence', () => {
    const { h, w } = fixtures(5);
    const whole = tf.tidy(() => {
      const result = attendOverOutputs(tf.tensor3d(h), tensors(w), WINDOW);
      return { output: result.output.arraySync(), attention: result.attention.arraySync() };
    });
    for (let t = 0; t < T; t += 1) {
      const step = tf.tidy(() => {
        const history = h.map((seq) =>
          Array.from({ length: WINDOW }, (_, j) =>
            t - j - 1 >= 0 ? seq[t - j - 1] : new Array<number>(U).fill(0),
          ),
        );
        const result = attentionStep(
          tf.tensor2d(h.map((seq) => seq[t])),
          tf.tensor3d(history),
          Math.min(t, WINDOW),
          tensors(w),
        );
        return { output: result.output.arraySync(), attention: result.attention.arraySync() };
      });
      for (let b = 0; b < B; b += 1) {
        for (let u = 0; u < U; u += 1) expect(step.output[b][u]).toBeCloseTo(whole.output[b][t][u], 5);
        for (let j = 0; j < WINDOW; j += 1)
          // Lag j + 1 is step t - j - 1 of the whole sequence.
          expect(step.attention[b][j]).toBeCloseTo(t - j - 1 >= 0 ? whole.attention[b][t][t - j - 1] : 0, 5);
      }
    }
  });

  it('is a layer with four trainable weights that frees every tensor it makes', () => {
    const layer = new OutputAttention({ window: WINDOW, attentionUnits: A, seed: 1, name: 'attention' });
    const input = tf.input({ shape: [null, U] });
    const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
    expect(layer.trainableWeights.map((v) => v.shape)).toEqual([[U, A], [U, A], [2 * U, U], [U]]);
    const x = tf.randomNormal([2, T, U]);
    const before = tf.memory().numTensors;
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([2, T, U]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });
});
