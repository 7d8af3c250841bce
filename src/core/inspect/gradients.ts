/**
 * Gradient health from a training run's GradientLog (see trainModel): clip events, per-epoch and per-layer
 * statistics for charts, and exploding / vanishing gradients called out in words.
 */
import { median } from '../common/stats';
import { formatSignificant } from '../common/format';
import type { GradientLog } from '../model/train';

/** One finding about the gradients. */
export interface GradientCallout {
  kind: 'exploding' | 'spikes' | 'vanishing' | 'layer-vanishing' | 'clipping' | 'healthy';
  severity: 'info' | 'warning';
  message: string;
  /** Steps (from 0) the finding is about, e.g. the spikes; empty when not about single steps. */
  steps: number[];
}

/** Per-epoch statistics of the global gradient norm before clipping. */
export interface EpochGradientStats {
  /** Epoch index from 0. */
  epoch: number;
  steps: number;
  mean: number;
  median: number;
  max: number;
  /** Steps of this epoch where clipping scaled the gradients down. */
  clipped: number;
}

/** Everything the gradient-health view shows. JSON-ready. */
export interface GradientHealth {
  /** Training steps logged. */
  steps: number;
  clipNorm: number | null;
  /** Per step (from the log): epoch, global norm before and after clipping. */
  epoch: number[];
  before: number[];
  after: number[];
  /** Steps (from 0) where clipping scaled the gradients down. */
  clipEvents: number[];
  /** clipEvents.length / steps (0 without steps). */
  clipShare: number;
  /** Median of the norm before clipping over all steps. */
  median: number;
  /** Steps (from 0) whose norm before clipping exceeds spikeFactor x the median. */
  spikes: number[];
  /** Median norm of the last tenth of the steps over that of the first tenth; null with fewer than 2 steps. */
  growth: number | null;
  perEpoch: EpochGradientStats[];
  /** Per layer (in the log's order, input side first): the mean norm per epoch, [layer][epoch]. */
  layers: { name: string; perEpoch: number[] }[];
  /** Mean norm of the first layer over the mean norm of the last layer (over all epochs); null with one layer. */
  layerRatio: number | null;
  callouts: GradientCallout[];
  /** The call-outs' messages joined into a paragraph. */
  summary: string;
}

/** Thresholds of {@link gradientHealth}. */
export interface GradientHealthOptions {
  /** Norm growth (last tenth over first tenth, medians) that counts as exploding; default 10. */
  growthFactor?: number;
  /** A step is a spike above this multiple of the median norm; default 10. */
  spikeFactor?: number;
  /** First-layer norm below this fraction of the last layer's counts as vanishing; default 1e-3. */
  layerRatio?: number;
  /** A median norm of the last tenth below this counts as vanished; default 1e-6. */
  vanishedNorm?: number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Summarises a GradientLog: clip events, spikes (norm > spikeFactor x median), growth of the norm over
 * training (exploding when > growthFactor), per-layer norms (vanishing when the first layer's mean is below
 * layerRatio x the last layer's) and a vanished norm; each finding as a call-out sentence.
 */
export function gradientHealth(log: GradientLog, options: GradientHealthOptions = {}): GradientHealth {
  const growthFactor = options.growthFactor ?? 10;
  const spikeFactor = options.spikeFactor ?? 10;
  const ratioLimit = options.layerRatio ?? 1e-3;
  const vanishedNorm = options.vanishedNorm ?? 1e-6;
  const steps = log.before.length;
  const clipEvents: number[] = [];
  log.clipped.forEach((c, i) => {
    if (c) clipEvents.push(i);
  });
  const med = median(log.before);
  const spikes: number[] = [];
  if (steps > 0 && med > 0) log.before.forEach((v, i) => v > spikeFactor * med && spikes.push(i));

  const tenth = Math.max(1, Math.floor(steps / 10));
  const firstMedian = median(log.before.slice(0, tenth));
  const lastMedian = median(log.before.slice(steps - tenth));
  const growth = steps >= 2 && firstMedian > 0 ? lastMedian / firstMedian : null;

  const byEpoch = new Map<number, number[]>();
  log.epoch.forEach((e, i) => {
    const list = byEpoch.get(e) ?? [];
    list.push(i);
    byEpoch.set(e, list);
  });
  const perEpoch: EpochGradientStats[] = [...byEpoch.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([epoch, idx]) => {
      const norms = idx.map((i) => log.before[i]);
      return {
        epoch,
        steps: idx.length,
        mean: norms.reduce((a, b) => a + b, 0) / norms.length,
        median: median(norms),
        max: Math.max(...norms),
        clipped: idx.filter((i) => log.clipped[i]).length,
      };
    });

  const layers = log.layers.map((name, l) => ({ name, perEpoch: log.perEpochLayer.map((row) => row[l]) }));
  const meanOf = (v: number[]) => (v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
  const firstLayer = layers.length > 1 ? meanOf(layers[0].perEpoch) : NaN;
  const lastLayer = layers.length > 1 ? meanOf(layers[layers.length - 1].perEpoch) : NaN;
  const layerRatio = layers.length > 1 && lastLayer > 0 ? firstLayer / lastLayer : null;

  const callouts: GradientCallout[] = [];
  if (steps === 0) {
    callouts.push({ kind: 'healthy', severity: 'info', message: 'No training step was logged.', steps: [] });
  } else {
    if (growth !== null && growth > growthFactor) {
      callouts.push({
        kind: 'exploding',
        severity: 'warning',
        message:
          `Exploding gradients: the gradient norm grew about ${formatSignificant(growth, 3)}× over training ` +
          `(median ${formatSignificant(firstMedian, 3)} in the first tenth of the steps, ${formatSignificant(lastMedian, 3)} in the last)` +
          (log.clipNorm === null ? '; turn on gradient clipping.' : '.'),
        steps: [],
      });
    }
    if (spikes.length > 0) {
      const top = spikes.reduce((a, b) => (log.before[b] > log.before[a] ? b : a));
      callouts.push({
        kind: 'spikes',
        severity: 'warning',
        message:
          `${plural(spikes.length, 'step')} had a gradient norm above ${spikeFactor}× the median (${formatSignificant(med, 3)}); ` +
          `the largest, ${formatSignificant(log.before[top], 3)}, at step ${top + 1} (epoch ${log.epoch[top] + 1})` +
          (log.clipNorm === null
            ? ': gradient clipping would cap such steps.'
            : `: clipping at ${formatSignificant(log.clipNorm, 3)} capped ${spikes.length === 1 ? 'it' : 'them'}.`),
        steps: spikes,
      });
    }
    if (lastMedian < vanishedNorm) {
      callouts.push({
        kind: 'vanishing',
        severity: 'warning',
        message: `Vanishing gradients: the median gradient norm fell to ${formatSignificant(lastMedian, 3)} by the end of training; the weights have all but stopped changing.`,
        steps: [],
      });
    }
    if (layerRatio !== null && layerRatio < ratioLimit) {
      callouts.push({
        kind: 'layer-vanishing',
        severity: 'warning',
        message:
          `Vanishing gradients: the first layer (${layers[0].name}) gets a mean gradient norm of ${formatSignificant(firstLayer, 3)}, ` +
          `under ${formatSignificant(ratioLimit, 3)} of the last layer's (${layers[layers.length - 1].name}, ${formatSignificant(lastLayer, 3)}): the layers near the input barely learn.`,
        steps: [],
      });
    }
    if (log.clipNorm !== null) {
      const share = clipEvents.length / steps;
      const worst = perEpoch.reduce((a, b) => (b.clipped > a.clipped ? b : a), perEpoch[0]);
      callouts.push({
        kind: 'clipping',
        severity: share > 0.5 ? 'warning' : 'info',
        message:
          clipEvents.length === 0
            ? `Clipping at ${formatSignificant(log.clipNorm, 3)} was never needed in ${plural(steps, 'step')}.`
            : `Clipping at ${formatSignificant(log.clipNorm, 3)} scaled the gradients down in ${clipEvents.length} of ${plural(steps, 'step')} ` +
              `(${Math.round(share * 100)}%), most often in epoch ${worst.epoch + 1}` +
              (share > 0.5
                ? ': the clip norm is below the typical gradient norm, so it acts like a smaller learning rate.'
                : '.'),
        steps: clipEvents,
      });
    }
    if (!callouts.some((c) => c.severity === 'warning')) {
      callouts.unshift({
        kind: 'healthy',
        severity: 'info',
        message: `The gradients look healthy: median norm ${formatSignificant(med, 3)}, no spikes above ${spikeFactor}× the median, no sign of exploding or vanishing gradients.`,
        steps: [],
      });
    }
  }
  return {
    steps,
    clipNorm: log.clipNorm,
    epoch: [...log.epoch],
    before: [...log.before],
    after: [...log.after],
    clipEvents,
    clipShare: steps > 0 ? clipEvents.length / steps : 0,
    median: steps > 0 ? med : 0,
    spikes,
    growth,
    perEpoch,
    layers,
    layerRatio,
    callouts,
    summary: callouts.map((c) => c.message).join(' '),
  };
}
