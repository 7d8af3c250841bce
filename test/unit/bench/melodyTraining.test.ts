import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/core/model/backend';
import { engineKernelKind } from '../../../src/core/engine/labEngine';
import { benchmarkMelody } from '../../../bench/melodyTraining';

describe('melody benchmark', () => {
  it('reports training sequences per second and the time to sample 256 tokens, freeing its tensors', async () => {
    await initBackend('wasm');
    const before = tf.memory().numTensors;
    const record = await benchmarkMelody({ backend: 'wasm', sequences: 32, epochs: 1, engine: 'tfjs' });
    expect(tf.memory().numTensors).toBe(before);
    expect(record).toMatchObject({
      config: 'music',
      cell: 'lstm',
      engine: 'tfjs',
      kernels: null,
      backend: 'wasm',
      vocab: 39,
      sequence: 64,
      embedding: 32,
      units: 128,
      batch: 32,
    });
    expect(record.throughput).toBeGreaterThan(0);
    expect(record.sample256_ms).toBeGreaterThan(0);
    expect(record.epochSeconds).toHaveLength(1);
  });

  it('runs the reference configuration (vocabulary 130) on the lab engine', async () => {
    await initBackend('wasm');
    const before = tf.memory().numTensors;
    const record = await benchmarkMelody({ backend: 'wasm', sequences: 32, epochs: 1, vocab: 130 });
    expect(tf.memory().numTensors).toBe(before);
    expect(record).toMatchObject({
      config: 'music',
      engine: 'lab',
      kernels: engineKernelKind(),
      vocab: 130,
      units: 128,
    });
    expect(record.throughput).toBeGreaterThan(0);
    expect(record.sample256_ms).toBeGreaterThan(0);
  });
});
