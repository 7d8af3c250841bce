import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setKernelPreference } from '../../../../src/core/engine/labEngine';
import { initBackend } from '../../../../src/core/model/backend';
import { buildForecastModel } from '../../../../src/core/model/builder';
import type { CellType } from '../../../../src/core/model/cells';
import {
  DEFAULT_GATE_INIT,
  GateInitSchema,
  forgettingTime,
  gateInitLabel,
  initialRecurrentBias,
  type GateInit,
} from '../../../../src/core/model/gateInit';
import { mulberry32 } from '../../../../src/core/model/random';
import { ForecastConfigSchema, ModelSpecSchema, type ModelSpec } from '../../../../src/core/model/spec';
import { buildMelodyModel, oneHotTokens } from '../../../../src/core/music/melodyModel';
import { MelodyTrainingSettingsSchema } from '../../../../src/core/music/melodySettings';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const block = (bias: Float32Array, k: number, units: number) =>
  Array.from(bias.subarray(k * units, (k + 1) * units));

beforeAll(async () => {
  await initBackend('cpu');
});

afterAll(() => {
  setKernelPreference('auto');
});

describe('gate initialisation settings', () => {
  it('default to forget bias 1 everywhere, so settings saved before the option read as what they ran with', () => {
    expect(ForecastConfigSchema.parse({}).gateInit).toEqual({ kind: 'forget-bias', value: 1 });
    expect(MelodyTrainingSettingsSchema.parse({}).gateInit).toEqual(DEFAULT_GATE_INIT);
    expect(ModelSpecSchema.parse({ ...spec('lstm'), gateInit: undefined }).gateInit).toBeUndefined();
    expect(GateInitSchema.parse({ kind: 'forget-bias' })).toEqual({ kind: 'forget-bias', value: 1 });
    expect(GateInitSchema.safeParse({ kind: 'chrono', tMax: 2 }).success).toBe(false);
    expect(GateInitSchema.safeParse({ kind: 'chrono' }).success).toBe(false);
    expect(gateInitLabel({ kind: 'chrono', tMax: 100 })).toBe('chrono, T_max 100');
    expect(gateInitLabel(DEFAULT_GATE_INIT)).toBe('forget bias 1');
  });
});

describe('chrono initialisation (Tallec & Ollivier 2018)', () => {
  const T_MAX = 50;
  const chrono: GateInit = { kind: 'chrono', tMax: T_MAX };

  it('LSTM: forget bias log U(1, T_max - 1), input bias its negative, the other gates at 0', () => {
    const units = 2000;
    const bias = initialRecurrentBias('lstm', units, chrono, mulberry32(4));
    const [input, forget, candidate, output] = [0, 1, 2, 3].map((k) => block(bias, k, units));
    for (let u = 0; u < units; u++) {
      expect(forget[u]).toBeGreaterThanOrEqual(0);
      expect(forget[u]).toBeLessThanOrEqual(Math.log(T_MAX - 1) + 1e-6);
      expect(input[u]).toBe(-forget[u]);
      // With little input, the unit forgets within 1 / (1 - sigmoid(b)) = 1 + e^b steps: between 2 and T_max.
      const tau = forgettingTime(sigmoid(forget[u]));
      expect(tau).toBeGreaterThanOrEqual(2 - 1e-4);
      expect(tau).toBeLessThanOrEqual(T_MAX + 1e-3);
    }
    expect(candidate.every((v) => v === 0) && output.every((v) => v === 0)).toBe(true);
    // e^b is uniform on [1, T_max - 1]: its mean is T_max / 2 and a quarter lies in each quarter of the range.
    const u = forget.map(Math.exp);
    expect(u.reduce((a, b) => a + b, 0) / units).toBeCloseTo(T_MAX / 2, 0);
    const lowQuarter = u.filter((v) => v < 1 + (T_MAX - 2) / 4).length / units;
    expect(lowQuarter).toBeGreaterThan(0.22);
    expect(lowQuarter).toBeLessThan(0.28);
  });

  it('GRU: the update gate (which keeps the previous state in tfjs) takes +log U(1, T_max - 1), reset and candidate 0', () => {
    const units = 500;
    const bias = initialRecurrentBias('gru', units, chrono, mulberry32(5));
    const [update, reset, candidate] = [0, 1, 2].map((k) => block(bias, k, units));
    for (const b of update) {
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThanOrEqual(Math.log(T_MAX - 1) + 1e-6);
    }
    expect(new Set(update).size).toBe(units);
    expect(reset.every((v) => v === 0) && candidate.every((v) => v === 0)).toBe(true);
  });

  it('is seeded, and leaves SimpleRNN biases (no gates) at 0', () => {
    const a = initialRecurrentBias('lstm', 16, chrono, mulberry32(9));
    expect(initialRecurrentBias('lstm', 16, chrono, mulberry32(9))).toEqual(a);
    expect(initialRecurrentBias('lstm', 16, chrono, mulberry32(10))).not.toEqual(a);
    expect(Array.from(initialRecurrentBias('rnn', 4, chrono, mulberry32(1)))).toEqual([0, 0, 0, 0]);
  });

  it('forget bias: the LSTM forget block takes the value, every GRU and SimpleRNN bias stays 0', () => {
    const two: GateInit = { kind: 'forget-bias', value: 2 };
    expect(Array.from(initialRecurrentBias('lstm', 2, two, mulberry32(1)))).toEqual([0, 0, 2, 2, 0, 0, 0, 0]);
    expect(Array.from(initialRecurrentBias('gru', 2, two, mulberry32(1)))).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

function spec(cell: CellType, gateInit?: GateInit): ModelSpec {
  return {
    kind: 'forecast',
    cell,
    layers: 2,
    units: 12,
    dropout: 0,
    lookback: 60,
    features: 3,
    horizon: 4,
    seed: 21,
    ...(gateInit ? { gateInit } : {}),
  };
}

/** Largest |a - b| relative to the largest |b|. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-30);
}

/** Output and the gradient of sum(output * r) with respect to every weight, in model.weights order. */
function outputAndGradients(model: tf.LayersModel, x: tf.Tensor): Float32Array[] {
  return tf.tidy(() => {
    const vars = model.weights.map((w) => w.read() as tf.Variable);
    const out = model.apply(x) as tf.Tensor;
    const rand = mulberry32(3);
    const r = tf.tensor(
      Float32Array.from({ length: out.size }, () => rand() - 0.5),
      out.shape,
    );
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(model.apply(x) as tf.Tensor, r)) as tf.Scalar,
      vars,
    );
    return [out, ...vars.map((v) => grads[v.name])].map((t) => t.dataSync() as Float32Array);
  });
}

describe('the lab engine and stock layers under each gate initialisation', () => {
  const inits: (GateInit | undefined)[] = [
    undefined,
    { kind: 'forget-bias', value: 3 },
    { kind: 'chrono', tMax: 60 },
    { kind: 'chrono', tMax: 5000 },
  ];
  for (const kernels of ['wasm-simd', 'typescript'] as const) {
    for (const cell of ['lstm', 'gru'] as const) {
      for (const init of inits) {
        const what = init ? gateInitLabel(init) : 'default';
        it(`${kernels}, ${cell}, ${what}: forecast networks give the same outputs and gradients (1e-4)`, () => {
          setKernelPreference(kernels);
          const lab = buildForecastModel(spec(cell, init), { engine: 'lab' });
          const stock = buildForecastModel(spec(cell, init), { engine: 'tfjs' });
          const rand = mulberry32(17);
          const x = tf.tensor3d(
            Float32Array.from({ length: 5 * 60 * 3 }, () => rand() * 2 - 1),
            [5, 60, 3],
          );
          const expected = outputAndGradients(stock, x);
          const actual = outputAndGradients(lab, x);
          actual.forEach((a, i) => expect(relativeError(a, expected[i])).toBeLessThan(1e-4));
          // The weights are the builder's: the first layer's bias is the initialisation's.
          const bias = lab.layers[0].getWeights()[2].dataSync() as Float32Array;
          if (init?.kind === 'chrono')
            expect(Math.max(...block(bias, cell === 'lstm' ? 1 : 0, 12))).toBeGreaterThan(1);
          tf.dispose(x);
          lab.dispose();
          stock.dispose();
        });
      }
    }
  }

  it('melody models with chrono gates give the same logits on either engine', () => {
    setKernelPreference('auto');
    for (const cell of ['lstm', 'gru'] as const) {
      const model = { cell, units: 10, layers: 2, embeddingSize: 4, vocabSize: 7 } as const;
      const gateInit: GateInit = { kind: 'chrono', tMax: 64 };
      const lab = buildMelodyModel({ ...model, gateInit }, 5);
      const stock = buildMelodyModel({ ...model, gateInit, engine: 'tfjs' }, 5);
      const plain = buildMelodyModel(model, 5);
      const rand = mulberry32(2);
      const tokens = oneHotTokens(
        Array.from({ length: 3 }, () => Array.from({ length: 40 }, () => Math.floor(rand() * 7))),
        7,
      );
      const [a, b] = [lab, stock].map((m) => tf.tidy(() => (m.apply(tokens) as tf.Tensor).dataSync()));
      expect(relativeError(a, b)).toBeLessThan(1e-4);
      // The biases differ from the default ones, the kernels do not (same seed).
      const chronoBias = lab.getLayer(`${cell}_1`).getWeights()[2].dataSync();
      const defaultBias = plain.getLayer(`${cell}_1`).getWeights()[2].dataSync();
      expect(chronoBias).not.toEqual(defaultBias);
      expect(lab.getLayer(`${cell}_1`).getWeights()[0].dataSync()).toEqual(
        plain.getLayer(`${cell}_1`).getWeights()[0].dataSync(),
      );
      tokens.dispose();
      [lab, stock, plain].forEach((m) => m.dispose());
    }
  });
});
