/**
 * The classical competitors (Naive2, Theta, ETS, AutoARIMA) scored on test windows next to the lab's model and
 * the baselines, in one table, with a sentence naming the best of them all. Each method is fitted on the series
 * up to a window's origin (at most the last COMPETITOR_HISTORY values) and forecasts its horizon; nothing after
 * the origin is read.
 */
import { formatSignificant } from '../common/format';
import { median } from '../common/stats';
import type { BaselineName } from './baselines';
import { BASELINE_LABELS, BASELINE_NAMES, baselineForecasts } from './baselines';
import type { ClassicalMethod } from './classical';
import { CLASSICAL_METHODS, classicalForecasts } from './classical';
import type { ForecastMetrics } from './metrics';
import { computeMetrics, relation } from './metrics';

/** At most this many test windows are scored with the classical methods (the last one of each horizon). */
export const COMPETITOR_WINDOWS = 4;
/** The classical methods are fitted on at most this many values before each origin. */
export const COMPETITOR_HISTORY = 2000;

export const CLASSICAL_LABELS: Readonly<Record<ClassicalMethod, string>> = {
  naive2: 'Naive2',
  theta: 'Theta',
  ets: 'ETS',
  arima: 'AutoARIMA',
};

/** One classical method on the compared windows. */
export interface CompetitorScore {
  /** The model it chose at the last compared origin, e.g. "ETS(M,Ad,M)". */
  model: string;
  metrics: ForecastMetrics;
}

/** The lab's model, the baselines and the classical methods on the same test windows. */
export interface CompetitorComparison {
  /** The compared windows' origins (rows of their last input step), a subset of the test windows. */
  origins: number[];
  model: ForecastMetrics;
  baselines: Record<BaselineName, ForecastMetrics>;
  classical: Record<ClassicalMethod, CompetitorScore>;
  /**
   * The ensemble's own scores when `model` is its combination with the classical methods (median per step of the
   * ensemble and the COMBINED_METHODS); null when the model forecast alone.
   */
  ensembleAlone: ForecastMetrics | null;
  /** Forecasts of each classical method, [window][step] in original units, for the chart. */
  predicted: Record<ClassicalMethod, number[][]>;
  /** 'MASE' or 'MAE' (when MASE is undefined): what the ranking uses. */
  metric: 'MASE' | 'MAE';
  /** The best of all, e.g. "ETS" or "the model"; a label, not a key. */
  best: string;
  verdict: string;
}

/**
 * The test origins compared with the classical methods: the last one, then one horizon earlier each, at most
 * `max`, inside `origins` (ascending). Non-overlapping windows that end at the end of the series.
 */
export function comparedOrigins(
  origins: readonly number[],
  horizon: number,
  max = COMPETITOR_WINDOWS,
): number[] {
  if (origins.length === 0) return [];
  const first = origins[0];
  const out: number[] = [];
  for (let t = origins[origins.length - 1]; t >= first && out.length < max; t -= horizon) out.push(t);
  return out.reverse();
}

/**
 * The methods whose forecasts are combined with the ensemble's (Naive2 is a benchmark, not a forecaster). Theta is
 * left out: on M4 Weekly and Hourly training parts the bench does not use (60 series), the median of the networks,
 * ETS and AutoARIMA scored mean MASE 0.749 and beat the best classical method on 20, with Theta added 0.811 and 16.
 */
export const COMBINED_METHODS = ['ets', 'arima'] as const satisfies readonly ClassicalMethod[];
/** What forecasters saved before the list was kept combined (when their recipe's `combine` was on). */
export const LEGACY_COMBINED_METHODS = [
  'ets',
  'theta',
  'arima',
] as const satisfies readonly ClassicalMethod[];
/** The combined methods in words, for labels and sentences: "ETS and AutoARIMA". */
export const COMBINED_WITH = COMBINED_METHODS.map((c) => CLASSICAL_LABELS[c]).join(' and ');

/** What a classical method is fitted on at origin t: the values up to t, at most the last COMPETITOR_HISTORY. */
function historyUpTo(target: readonly number[], t: number): number[] {
  return target.slice(Math.max(0, t + 1 - COMPETITOR_HISTORY), t + 1);
}

/** Per (window, step), the median of several forecasts of the same shape ([forecast][window][step]). */
export function medianForecast(forecasts: readonly (readonly (readonly number[])[])[]): number[][] {
  return forecasts[0].map((row, i) => row.map((_, h) => median(forecasts.map((f) => f[i][h]))));
}

/**
 * Per (window, step), the median of `ensemble` ([window][step]; null to leave the networks out) and the `methods`'
 * forecasts in `classical` (the same shape): what the combination forecasts.
 */
export function combineWithClassical(
  ensemble: readonly (readonly number[])[] | null,
  classical: Readonly<Record<ClassicalMethod, readonly (readonly number[])[]>>,
  methods: readonly ClassicalMethod[] = COMBINED_METHODS,
): number[][] {
  return medianForecast([...(ensemble ? [ensemble] : []), ...methods.map((c) => classical[c])]);
}

/**
 * The combined forecast of `horizon` steps from origin t of `target` (past its end when t is the last index): per
 * step, the median of `ensemble` (the networks' forecast there; null to leave them out) and the `methods` fitted on
 * the values up to t (at most the last COMPETITOR_HISTORY).
 */
export function combinedFrom(
  target: readonly number[],
  t: number,
  ensemble: readonly number[] | null,
  horizon: number,
  seasonLength: number,
  methods: readonly ClassicalMethod[] = COMBINED_METHODS,
): number[] {
  const f = classicalForecasts(historyUpTo(target, t), horizon, seasonLength);
  const classical = {} as Record<ClassicalMethod, number[][]>;
  for (const c of CLASSICAL_METHODS) classical[c] = [f[c].mean];
  return combineWithClassical(ensemble ? [ensemble] : null, classical, methods)[0];
}

/** The combined forecast past the end of `target`, with the networks' forecast `ensembleMean`. */
export function combinedFuture(
  target: readonly number[],
  ensembleMean: readonly number[],
  seasonLength: number,
  methods: readonly ClassicalMethod[] = COMBINED_METHODS,
): number[] {
  return combinedFrom(target, target.length - 1, ensembleMean, ensembleMean.length, seasonLength, methods);
}

/**
 * Scores the classical methods, the baselines and the model (its forecasts `modelPred`, one row per entry of
 * `origins`) on the windows at `origins` of `target`; `scale` is the MASE denominator of the training part.
 */
export function compareWithClassical(input: {
  target: readonly number[];
  origins: readonly number[];
  modelPred: number[][];
  horizon: number;
  seasonLength: number;
  scale: number | null;
  modelLabel: string;
  /** Score the median of `modelPred` and the COMBINED_METHODS as the model (the ensemble alone as a row). */
  combine?: boolean;
}): CompetitorComparison {
  const { target, origins, horizon: H, seasonLength: m, scale, modelLabel } = input;
  const actual = origins.map((t) => Array.from({ length: H }, (_, h) => target[t + 1 + h]));
  const predicted = {} as Record<ClassicalMethod, number[][]>;
  const models = {} as Record<ClassicalMethod, string>;
  for (const c of CLASSICAL_METHODS) {
    predicted[c] = [];
  }
  for (const t of origins) {
    const f = classicalForecasts(historyUpTo(target, t), H, m);
    for (const c of CLASSICAL_METHODS) {
      predicted[c].push(f[c].mean);
      models[c] = f[c].model;
    }
  }
  const classical = {} as Record<ClassicalMethod, CompetitorScore>;
  for (const c of CLASSICAL_METHODS) {
    classical[c] = { model: models[c], metrics: computeMetrics(actual, predicted[c], scale) };
  }
  const base = baselineForecasts(target, origins, H, m);
  const baselines = {} as Record<BaselineName, ForecastMetrics>;
  for (const b of BASELINE_NAMES) baselines[b] = computeMetrics(actual, base[b], scale);
  const ensembleAlone = input.combine ? computeMetrics(actual, input.modelPred, scale) : null;
  const modelPred = input.combine ? combineWithClassical(input.modelPred, predicted) : input.modelPred;
  const model = computeMetrics(actual, modelPred, scale);

  const metric = scale !== null ? 'MASE' : 'MAE';
  const score = (x: ForecastMetrics) => (metric === 'MASE' ? (x.mase as number) : x.mae);
  const rivals: { label: string; value: number }[] = [
    ...CLASSICAL_METHODS.map((c) => ({ label: CLASSICAL_LABELS[c], value: score(classical[c].metrics) })),
    ...BASELINE_NAMES.filter((b) => m > 1 || b !== 'seasonalNaive').map((b) => ({
      label: BASELINE_LABELS[b],
      value: score(baselines[b]),
    })),
  ];
  const bestRival = rivals.reduce((a, b) => (b.value < a.value ? b : a));
  const mine = score(model);
  const modelWins = mine < bestRival.value;
  const best = modelWins ? modelLabel : bestRival.label;
  const windows = `${origins.length} test window${origins.length === 1 ? '' : 's'}`;
  const verdict = modelWins
    ? `Best of all on the last ${windows}: ${modelLabel} (${metric} ${formatSignificant(mine, 3)}), ${relation(mine, bestRival.value, bestRival.label)}, the best classical method or baseline (${formatSignificant(bestRival.value, 3)}).`
    : `Best of all on the last ${windows}: ${bestRival.label} (${metric} ${formatSignificant(bestRival.value, 3)}); ${modelLabel} is ${relation(mine, bestRival.value, bestRival.label)} (${formatSignificant(mine, 3)}).`;
  const alone = ensembleAlone
    ? ` The networks alone score ${metric} ${formatSignificant(score(ensembleAlone), 3)}.`
    : '';
  return {
    origins: [...origins],
    model,
    ensembleAlone,
    baselines,
    classical,
    predicted,
    metric,
    best,
    verdict: verdict + alone,
  };
}
