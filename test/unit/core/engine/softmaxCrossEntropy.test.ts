import v8 from 'node:v8';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineHeap, setKernelPreference } from '../../../../src/core/engine/labEngine';
import {
  fusedSoftmaxCrossEntropy,
  releaseSoftmaxCrossEntropy,
} from '../../../../src/core/engine/softmaxCrossEntropy';
import { initBackend } from '../../../../src/core/model/backend';
import { mulberry32 } from '../../../../src/core/model/random';

v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

function lossAndGradients(
  f: (y: tf.Tensor, x: tf.Tensor) => tf.Tensor,
  labels: tf.Tensor,
  logits: tf.Tensor,
): Float32Array[] {
  return tf.tidy(() => {
    const y = tf.variable(labels, true, `y${Math.random()}`);
    const x = tf.variable(logits, true, `x${Math.random()}`);
    const { value, grads } = tf.variableGrads(() => f(y, x) as tf.Scalar, [y, x]);
    const out = [value, grads[y.name], grads[x.name]].map((t) => t.dataSync() as Float32Array);
    y.dispose();
    x.dispose();
    return out;
  });
}

beforeAll(async () => {
  await initBackend('cpu');
});

afterAll(() => {
  setKernelPreference('auto');
});

describe('fused softmax cross-entropy', () => {
  for (const kind of ['wasm-relaxed-simd', 'wasm-simd', 'typescript'] as const) {
    for (const shape of [
      [6, 13],
      [3, 5, 130],
      [2, 4, 3],
    ]) {
      it(`${kind}, [${shape.join(', ')}]: equals tf.losses.softmaxCrossEntropy, loss and gradients`, () => {
        setKernelPreference(kind);
        const rand = mulberry32(shape.length * 31 + shape[shape.length - 1]);
        const classes = shape[shape.length - 1];
        const rows = shape.reduce((p, q) => p * q, 1) / classes;
        const onehot = new Float32Array(rows * classes);
        for (let r = 0; r < rows; r++) onehot[r * classes + Math.floor(rand() * classes)] = 1;
        const labels = tf.tensor(onehot, shape);
        const logits = tf.tensor(
          Float32Array.from({ length: rows * classes }, () => (rand() - 0.5) * 8),
          shape,
        );
        const expected = lossAndGradients((y, x) => tf.losses.softmaxCrossEntropy(y, x), labels, logits);
        const before = tf.memory().numTensors;
        const actual = lossAndGradients(fusedSoftmaxCrossEntropy, labels, logits);
        expect(tf.memory().numTensors).toBe(before);
        actual.forEach((a, i) => a.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 5)));
        tf.dispose([labels, logits]);
        const used = engineHeap().stats.usedBytes;
        releaseSoftmaxCrossEntropy();
        expect(engineHeap().stats.usedBytes).toBeLessThan(used);
      });
    }
  }
});
