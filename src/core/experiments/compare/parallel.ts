/** Settings against a metric: the metrics a parallel-coordinates chart can end at, and the settings that make axes. */
import type { ExperimentSummary } from '../../api/schemas';
import { forecastScoresOf, num, skillVsSeasonalNaive } from './metrics';
import type { SettingRow } from './settings';

/** A metric a parallel-coordinates chart can end its lines at. */
export interface ParallelMetric {
  key: string;
  label: string;
  lowerIsBetter: boolean;
  get(e: ExperimentSummary): number | null;
}

/** The metrics runs can be ranked by, whatever their kind (each is null for kinds that lack it). */
export const PARALLEL_METRICS: readonly ParallelMetric[] = [
  { key: 'mase', label: 'MASE', lowerIsBetter: true, get: (e) => num(forecastScoresOf(e)?.model.mase) },
  { key: 'mae', label: 'MAE', lowerIsBetter: true, get: (e) => num(forecastScoresOf(e)?.model.mae) },
  { key: 'rmse', label: 'RMSE', lowerIsBetter: true, get: (e) => num(forecastScoresOf(e)?.model.rmse) },
  {
    key: 'skill',
    label: 'Skill vs seasonal naive',
    lowerIsBetter: false,
    get: (e) => skillVsSeasonalNaive(forecastScoresOf(e)),
  },
  {
    key: 'll',
    label: 'Log-likelihood per step',
    lowerIsBetter: false,
    get: (e) => (e.kind === 'melody' ? num(e.metrics.meanLogLikelihood) : null),
  },
  {
    key: 'accuracy',
    label: 'Memory-task accuracy',
    lowerIsBetter: false,
    get: (e) => (e.kind === 'memory' ? num(e.metrics.accuracy) : null),
  },
  { key: 'duration', label: 'Run time (s)', lowerIsBetter: true, get: (e) => e.durationMs / 1000 },
];

/** Settings shown first as parallel axes; any other setting that varies (numbers, or a few categories) follows. */
const PARALLEL_FIRST = [
  'cell',
  'layers',
  'units',
  'run.parameters',
  'dropout',
  'lookback',
  'horizon',
  'learningRate',
  'batchSize',
  'epochs',
  'clipNorm',
  'patience',
  'split.train',
  'seasonLength',
];

/** Facts of a run that are not settings to explain a metric with. */
const PARALLEL_SKIP = new Set([
  'run.kind',
  'run.dataset',
  'run.status',
  'run.backend',
  'target',
  'key',
  'features',
]);

/** The settings rows that vary and fit an axis: numeric, or at most 8 categories. */
export function parallelAxes(rows: SettingRow[]): SettingRow[] {
  const rank = (k: string) =>
    PARALLEL_FIRST.includes(k) ? PARALLEL_FIRST.indexOf(k) : PARALLEL_FIRST.length;
  return rows
    .filter((r) => r.differs && !PARALLEL_SKIP.has(r.key))
    .filter(
      (r) =>
        r.key === 'cell' || r.numbers.filter((n) => n !== null).length >= 2 || new Set(r.values).size <= 8,
    )
    .sort((a, b) => rank(a.key) - rank(b.key))
    .slice(0, 14);
}

/** Whether an axis shows categories (the cell, or a setting with fewer than two numbers). */
export const isCategoryAxis = (r: SettingRow): boolean =>
  r.key === 'cell' || r.numbers.filter((n) => n !== null).length < 2;
