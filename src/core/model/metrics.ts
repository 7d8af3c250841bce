/**
 * Forecast accuracy in original units: MAE, RMSE, MAPE, sMAPE, MASE, per-horizon-step errors, and a
 * one-sentence verdict against the baselines. Forecasts are matrices [window][horizon step].
 */
import { formatSignificant } from '../common/format';
import type { BaselineName } from './baselines';
import { BASELINE_LABELS, BASELINE_NAMES, baselineForecasts } from './baselines';

export interface ForecastMetrics {
  /** Mean absolute error, in the target's units. */
  mae: number;
  /** Root mean squared error, in the target's units. */
  rmse: number;
  /** Mean absolute percentage error in percent; null when an actual value is 0. */
  mape: number | null;
  /** Symmetric MAPE in percent (0..200); a term whose actual and forecast are both 0 counts as 0. */
  smape: number;
  /** MAE divided by the in-sample seasonal-naive MAE of the training part; null when that is 0. */
  mase: number | null;
  /** Number of (window, step) pairs scored. */
  count: number;
}

/** Errors per horizon step: index h is step h + 1. */
export interface StepErrors {
  mae: number[];
  rmse: number[];
}

function checkShapes(actual: number[][], predicted: number[][]): void {
  if (actual.length !== predicted.length || actual.some((row, i) => row.length !== predicted[i].length)) {
    throw new RangeError('actual and predicted must have the same [window][step] shape');
  }
  if (actual.length === 0) throw new RangeError('no forecasts to score');
}

/**
 * In-sample MAE of the seasonal-naive forecast on `train` (the training part, original units):
 * mean |y[t] - y[t - m]| for t >= m; m = 1 gives the naive one-step MAE. Null when undefined or 0.
 */
export function maseScale(train: ArrayLike<number>, seasonLength: number): number | null {
  const m = Math.max(1, Math.floor(seasonLength));
  if (train.length <= m) return null;
  let sum = 0;
  for (let t = m; t < train.length; t++) sum += Math.abs(train[t] - train[t - m]);
  const scale = sum / (train.length - m);
  return scale > 0 && Number.isFinite(scale) ? scale : null;
}

/** Scores forecasts against actuals (both [window][step], original units). */
export function computeMetrics(
  actual: number[][],
  predicted: number[][],
  scale: number | null,
): ForecastMetrics {
  checkShapes(actual, predicted);
  let abs = 0;
  let sq = 0;
  let pct = 0;
  let spct = 0;
  let count = 0;
  let hasZero = false;
  for (let i = 0; i < actual.length; i++) {
    for (let h = 0; h < actual[i].length; h++) {
      const a = actual[i][h];
      const p = predicted[i][h];
      const e = Math.abs(p - a);
      abs += e;
      sq += e * e;
      if (a === 0) hasZero = true;
      else pct += e / Math.abs(a);
      const denom = Math.abs(a) + Math.abs(p);
      spct += denom === 0 ? 0 : (2 * e) / denom;
      count++;
    }
  }
  const mae = abs / count;
  return {
    mae,
    rmse: Math.sqrt(sq / count),
    mape: hasZero ? null : (100 * pct) / count,
    smape: (100 * spct) / count,
    mase: scale !== null && scale > 0 ? mae / scale : null,
    count,
  };
}

/** MAE and RMSE per horizon step over all windows: arrays of length horizon. */
export function stepErrors(actual: number[][], predicted: number[][]): StepErrors {
  checkShapes(actual, predicted);
  const horizon = actual[0].length;
  const mae = new Array<number>(horizon).fill(0);
  const rmse = new Array<number>(horizon).fill(0);
  for (let i = 0; i < actual.length; i++) {
    for (let h = 0; h < horizon; h++) {
      const e = predicted[i][h] - actual[i][h];
      mae[h] += Math.abs(e);
      rmse[h] += e * e;
    }
  }
  return { mae: mae.map((s) => s / actual.length), rmse: rmse.map((s) => Math.sqrt(s / actual.length)) };
}

/**
 * The baselines' forecasts from `origins` (one horizon each) scored against `actual`: metrics (MASE on `scale`)
 * and per-step errors, per baseline.
 */
export function scoreBaselines(
  y: ArrayLike<number>,
  origins: ArrayLike<number>,
  horizon: number,
  seasonLength: number,
  actual: number[][],
  scale: number | null,
): { metrics: Record<BaselineName, ForecastMetrics>; steps: Record<BaselineName, StepErrors> } {
  const predictions = baselineForecasts(y, origins, horizon, seasonLength);
  const metrics = {} as Record<BaselineName, ForecastMetrics>;
  const steps = {} as Record<BaselineName, StepErrors>;
  for (const b of BASELINE_NAMES) {
    metrics[b] = computeMetrics(actual, predictions[b], scale);
    steps[b] = stepErrors(actual, predictions[b]);
  }
  return { metrics, steps };
}

/** "23% better than X", "5% worse than X" or "on par with X": (base - value) / base, rounded to a percent. */
export function relation(value: number, base: number, baseLabel: string): string {
  if (base === 0)
    return value === 0 ? `on par with ${baseLabel}` : `worse than ${baseLabel}, which is exact here`;
  const change = ((base - value) / base) * 100;
  const pct = Math.round(Math.abs(change));
  if (pct === 0) return `on par with ${baseLabel}`;
  return `${pct}% ${change > 0 ? 'better' : 'worse'} than ${baseLabel}`;
}

/**
 * A one-sentence verdict, e.g. "LSTM is 23% better than seasonal naive on MASE (0.612 vs 0.795)."
 * followed by the comparison with the best baseline when that is another one. Compares on MASE, or on MAE
 * when MASE is undefined (same ratio). The reference is seasonal naive, or naive when seasonLength is 1.
 */
export function verdict(
  modelLabel: string,
  model: ForecastMetrics,
  baselines: Record<BaselineName, ForecastMetrics>,
  seasonLength: number,
): string {
  const useMase = model.mase !== null && BASELINE_NAMES.every((b) => baselines[b].mase !== null);
  const metric = useMase ? 'MASE' : 'MAE';
  const score = (m: ForecastMetrics) => (useMase ? (m.mase as number) : m.mae);
  const reference: BaselineName = seasonLength > 1 ? 'seasonalNaive' : 'naive';
  const candidates = BASELINE_NAMES.filter((b) => seasonLength > 1 || b !== 'seasonalNaive');
  const bestName = candidates.reduce(
    (a, b) => (score(baselines[b]) < score(baselines[a]) ? b : a),
    reference,
  );
  const mine = score(model);
  const ref = score(baselines[reference]);
  let sentence =
    `${modelLabel} is ${relation(mine, ref, BASELINE_LABELS[reference])} on ${metric} ` +
    `(${formatSignificant(mine, 3)} vs ${formatSignificant(ref, 3)}).`;
  if (bestName !== reference) {
    const best = score(baselines[bestName]);
    sentence +=
      ` The best baseline is ${BASELINE_LABELS[bestName]} (${formatSignificant(best, 3)}): ` +
      `${modelLabel} is ${relation(mine, best, BASELINE_LABELS[bestName])}.`;
  }
  return sentence;
}
