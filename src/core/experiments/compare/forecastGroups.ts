/** Forecast runs grouped by the series they forecast, and the Diebold-Mariano test between two of them. */
import type { Experiment } from '../../api/schemas';
import {
  describeDieboldMariano,
  dieboldMariano,
  pairedErrors,
  type DieboldMarianoResult,
  type DmLoss,
  type TestWindows,
} from '../../model/dieboldMariano';
import type { Observed } from '../forecast';

/** Something compared that holds an experiment (the view adds a letter and a colour). */
export interface Compared {
  readonly experiment: Experiment;
}

export interface ForecastRun<T extends Compared = Compared> {
  item: T;
  test: TestWindows & { time: number[][] | null };
  perHorizonMae: number[] | null;
  seasonalNaiveMae: number[] | null;
  observed: Observed | null;
  target: string;
}

export interface ForecastGroup<T extends Compared = Compared> {
  /** What the runs forecast: dataset, target and series key. */
  id: string;
  /** "co2-concentration.csv · CO2" */
  title: string;
  runs: ForecastRun<T>[];
  /** Largest step every run in the group forecasts. */
  commonHorizon: number;
}

/**
 * Forecast runs grouped by what they forecast (dataset, target column and series key), keeping those with
 * stored test forecasts: runs in one group share a test set and can be overlaid and tested against each other.
 */
export function forecastGroups<T extends Compared>(items: readonly T[]): ForecastGroup<T>[] {
  const groups = new Map<string, ForecastGroup<T>>();
  for (const item of items) {
    const e = item.experiment;
    if (e.kind !== 'forecast') continue;
    const p = e.predictions;
    if (!p.test || !p.test.origins.length) continue;
    const { target, key } = e.config;
    const id = `${e.datasetId ?? e.datasetName ?? '?'}|${target}|${key ?? ''}`;
    let g = groups.get(id);
    if (!g) {
      g = {
        id,
        title: [e.datasetName ?? 'deleted dataset', target, key].filter(Boolean).join(' · '),
        runs: [],
        commonHorizon: Infinity,
      };
      groups.set(id, g);
    }
    g.runs.push({
      item,
      test: p.test,
      perHorizonMae: p.perHorizon?.model.mae ?? null,
      seasonalNaiveMae: p.perHorizon?.baselines.seasonalNaive.mae ?? null,
      observed: p.observed,
      target,
    });
    g.commonHorizon = Math.min(g.commonHorizon, p.test.predicted[0]?.length ?? 0);
  }
  return [...groups.values()];
}

export type DmOutcome =
  { ok: true; result: DieboldMarianoResult; sentence: string } | { ok: false; reason: string };

/**
 * The Diebold-Mariano test of two forecast runs on the test windows they share, at `step` steps ahead
 * (h = step, so step - 1 autocovariances), stated in words with the runs' names.
 */
export function compareForecastAccuracy(
  a: ForecastRun<Compared & { readonly short: string }>,
  b: ForecastRun<Compared & { readonly short: string }>,
  step: number,
  loss: DmLoss,
  level = 0.05,
): DmOutcome {
  const paired = pairedErrors(a.test, b.test, step);
  if (!paired.ok) return paired;
  try {
    const result = dieboldMariano(paired.errorsA, paired.errorsB, { horizon: step, loss });
    return { ok: true, result, sentence: describeDieboldMariano(result, a.item.short, b.item.short, level) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
