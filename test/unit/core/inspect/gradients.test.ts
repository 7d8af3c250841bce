import { describe, expect, it } from 'vitest';
import { gradientHealth } from '../../../../src/core/inspect/gradients';
import type { GradientLog } from '../../../../src/core/model/train';

/** A log with the given pre-clipping norms, `perEpoch` steps per epoch, clipped at clipNorm like trainModel does. */
function makeLog(
  before: number[],
  clipNorm: number | null,
  perEpoch: number,
  layerNorms?: number[][],
): GradientLog {
  const epoch = before.map((_, i) => Math.floor(i / perEpoch));
  const epochs = Math.ceil(before.length / perEpoch);
  return {
    clipNorm,
    epoch,
    before,
    after: before.map((b) => (clipNorm !== null && b > clipNorm ? clipNorm : b)),
    clipped: before.map((b) => clipNorm !== null && b > clipNorm),
    variables: [
      { name: 'lstm_1/kernel', layer: 'lstm_1', shape: [1, 8] },
      { name: 'forecast/kernel', layer: 'forecast', shape: [2, 1] },
    ],
    perEpoch: Array.from({ length: epochs }, () => [0, 0]),
    perEpochLayer: layerNorms ?? Array.from({ length: epochs }, () => [0.1, 0.2]),
    layers: ['lstm_1', 'forecast'],
  };
}

describe('gradientHealth', () => {
  it('finds clip events and calls out a norm that grows more than 10x', () => {
    // 20 steps, 5 per epoch: 1, 1, then growing to 50 at the end.
    const before = [1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 12, 15, 18, 22, 27, 33, 40, 50, 50];
    const health = gradientHealth(makeLog(before, 5, 5));
    expect(health.steps).toBe(20);
    expect(health.clipEvents).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(health.clipShare).toBeCloseTo(0.6, 10);
    // First tenth: steps 0-1 (median 1); last tenth: steps 18-19 (median 50).
    expect(health.growth).toBe(50);
    expect(health.perEpoch.map((e) => [e.epoch, e.steps, e.max, e.clipped])).toEqual([
      [0, 5, 3, 0],
      [1, 5, 8, 2],
      [2, 5, 22, 5],
      [3, 5, 50, 5],
    ]);
    expect(health.perEpoch[0].mean).toBeCloseTo(1.8, 10);
    expect(health.perEpoch[0].median).toBe(2);
    expect(health.callouts.map((c) => c.kind)).toEqual(['exploding', 'clipping']);
    expect(health.callouts[0].message).toBe(
      'Exploding gradients: the gradient norm grew about 50× over training (median 1 in the first tenth of the steps, 50 in the last).',
    );
    expect(health.callouts[1]).toMatchObject({
      severity: 'warning',
      message:
        'Clipping at 5 scaled the gradients down in 12 of 20 steps (60%), most often in epoch 3: the clip norm is below the typical gradient norm, so it acts like a smaller learning rate.',
    });
    expect(health.summary).toBe(health.callouts.map((c) => c.message).join(' '));
  });

  it('marks spikes above 10x the median and says clipping capped them', () => {
    const before = [0.5, 0.4, 0.6, 0.5, 0.5, 0.5, 20, 0.5, 0.5, 0.5, 7, 0.5];
    const health = gradientHealth(makeLog(before, 1, 4));
    expect(health.median).toBe(0.5);
    expect(health.spikes).toEqual([6, 10]);
    const spikes = health.callouts.find((c) => c.kind === 'spikes');
    expect(spikes?.steps).toEqual([6, 10]);
    expect(spikes?.message).toBe(
      '2 steps had a gradient norm above 10× the median (0.5); the largest, 20, at step 7 (epoch 2): clipping at 1 capped them.',
    );
    expect(health.callouts.find((c) => c.kind === 'clipping')?.message).toBe(
      'Clipping at 1 scaled the gradients down in 2 of 12 steps (17%), most often in epoch 2.',
    );
    expect(gradientHealth(makeLog(before, null, 4), { spikeFactor: 50 }).spikes).toEqual([]);
  });

  it('calls out a first layer whose gradients are under 1/1000 of the last layer', () => {
    const health = gradientHealth(
      makeLog([0.3, 0.3, 0.3, 0.3], null, 2, [
        [1e-7, 0.1],
        [3e-7, 0.3],
      ]),
    );
    expect(health.layers).toEqual([
      { name: 'lstm_1', perEpoch: [1e-7, 3e-7] },
      { name: 'forecast', perEpoch: [0.1, 0.3] },
    ]);
    expect(health.layerRatio).toBeCloseTo(1e-6, 12);
    expect(health.callouts.map((c) => c.kind)).toEqual(['layer-vanishing']);
    expect(health.callouts[0].message).toBe(
      "Vanishing gradients: the first layer (lstm_1) gets a mean gradient norm of 2.00e-7, under 0.001 of the last layer's (forecast, 0.2): the layers near the input barely learn.",
    );
  });

  it('calls out a norm that vanished, and says when all is well', () => {
    const vanished = gradientHealth(
      makeLog([3e-9, 2e-9, 1e-9, 1e-9, 1e-9, 1e-9, 1e-9, 1e-9, 1e-9, 1e-9], null, 10),
    );
    expect(vanished.callouts.map((c) => c.kind)).toEqual(['vanishing']);
    expect(vanished.callouts[0].message).toMatch(
      /^Vanishing gradients: the median gradient norm fell to 1\.00e-9/,
    );
    const healthy = gradientHealth(makeLog([0.5, 0.6, 0.4, 0.5, 0.55, 0.45], 1, 3));
    expect(healthy.callouts.map((c) => [c.kind, c.severity])).toEqual([
      ['healthy', 'info'],
      ['clipping', 'info'],
    ]);
    expect(healthy.summary).toBe(
      'The gradients look healthy: median norm 0.5, no spikes above 10× the median, no sign of exploding or vanishing gradients. Clipping at 1 was never needed in 6 steps.',
    );
    expect(gradientHealth(makeLog([], null, 1)).callouts[0].message).toBe('No training step was logged.');
  });
});
