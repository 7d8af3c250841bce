/** Training curves for comparison: TensorBoard-style smoothing and the median gradient norm per epoch. */
import { finiteMedian } from '../../common/stats';
import type { StoredGradientLog } from '../common';

/**
 * TensorBoard-style exponential smoothing with bias correction: weight 0 leaves the curve as is, 0.9
 * averages about the last 10 points. Missing points stay missing and do not move the average.
 */
export function smoothCurve(
  values: readonly (number | null | undefined)[],
  weight: number,
): (number | null)[] {
  const w = Math.min(Math.max(weight, 0), 0.999);
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || v === undefined || !Number.isFinite(v)) return null;
    last = last * w + (1 - w) * v;
    n++;
    return w === 0 ? v : last / (1 - w ** n);
  });
}

/** Median pre-clipping gradient norm per epoch ([epoch]), from a run's gradient log. */
export function gradientNormPerEpoch(gradients: StoredGradientLog | null | undefined): number[] {
  if (!gradients?.before.length) return [];
  const byEpoch = new Map<number, number[]>();
  gradients.before.forEach((v, i) => {
    const epoch = gradients.epoch[i] ?? 0;
    if (!byEpoch.has(epoch)) byEpoch.set(epoch, []);
    byEpoch.get(epoch)!.push(v);
  });
  const last = Math.max(...byEpoch.keys());
  return Array.from({ length: last + 1 }, (_, e) => finiteMedian(byEpoch.get(e) ?? []) ?? Number.NaN);
}
