/**
 * What the compare view shows, computed from saved experiments without any UI: settings side by side with
 * their differences, metrics with the best per row and skill against seasonal naive, curves, forecast
 * groups on a shared test set, the Diebold-Mariano test, and the re-run check.
 */
import type { Experiment, ExperimentSummary } from '../api/schemas';
import { finiteMedian } from '../common/stats';
import { modelLabel, recurrentParameterCount } from '../model/cells';
import {
  describeDieboldMariano,
  dieboldMariano,
  pairedErrors,
  type DieboldMarianoResult,
  type DmLoss,
  type TestWindows,
} from '../model/dieboldMariano';
import { INTERVAL_LEVELS } from '../model/intervals';
import type { StoredGradientLog } from './common';
import type { ForecastRunConfig, ForecastScores, Observed } from './forecast';

/** A run's model in a few words: "LSTM 2×64" (forecasts and melodies), "GRU 1×32" (memory challenges). */
export function experimentModelLabel(e: ExperimentSummary): string {
  switch (e.kind) {
    case 'forecast':
      return modelLabel(e.config);
    case 'melody':
      return e.config.model.label;
    case 'memory':
      return modelLabel({ cell: e.config.cell, layers: 1, units: e.config.units });
  }
}

// ---------------------------------------------------------------------------------------------- settings

const SETTING_LABELS: Record<string, string> = {
  'run.kind': 'Kind',
  'run.dataset': 'Dataset',
  'run.status': 'Status',
  'run.backend': 'Backend (ran on)',
  'run.parameters': 'Trainable parameters',
  target: 'Target column',
  key: 'Series key',
  features: 'Extra input columns',
  seasonLength: 'Season length',
  cell: 'Cell',
  layers: 'Layers',
  units: 'Units per layer',
  dropout: 'Dropout',
  lookback: 'Lookback (steps)',
  horizon: 'Horizon (steps)',
  'split.train': 'Train share',
  'split.val': 'Validation share',
  'split.test': 'Test share',
  scaling: 'Scaling',
  differencing: 'Differencing',
  missing: 'Missing values',
  optimizer: 'Optimizer',
  learningRate: 'Learning rate',
  batchSize: 'Batch size',
  epochs: 'Epochs (max)',
  patience: 'Early-stopping patience',
  clipNorm: 'Gradient clip norm',
  seed: 'Seed',
  backend: 'Backend (asked)',
  mode: 'Mode',
};

/** Settings in reading order; others follow alphabetically. */
const SETTING_ORDER = [
  'run.kind',
  'run.dataset',
  'target',
  'key',
  'features',
  'seasonLength',
  'mode',
  'cell',
  'layers',
  'units',
  'run.parameters',
  'dropout',
  'lookback',
  'horizon',
  'split.train',
  'split.val',
  'split.test',
  'scaling',
  'differencing',
  'missing',
  'optimizer',
  'learningRate',
  'batchSize',
  'epochs',
  'patience',
  'clipNorm',
  'seed',
  'backend',
  'run.backend',
  'run.status',
];

export interface SettingRow {
  key: string;
  label: string;
  /** Display text per experiment ('—' when absent). */
  values: string[];
  /** Numeric value per experiment, for the parallel-coordinates chart. */
  numbers: (number | null)[];
  differs: boolean;
  /**
   * Per experiment: whether its value stands out. When one value is shared by most runs, the others stand
   * out; when there is no such majority (two runs, all different), every value of a differing row does.
   */
  standsOut: boolean[];
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>, depth: number): void {
  if (value && typeof value === 'object' && !Array.isArray(value) && depth < 4) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
  } else {
    out.set(prefix, value);
  }
}

/** A setting's value as text: numbers compactly, lists joined, null as "none". */
export function settingText(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (Array.isArray(value)) return value.length ? value.map(settingText).join(', ') : 'none';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function labelOf(key: string): string {
  if (SETTING_LABELS[key]) return SETTING_LABELS[key];
  const parts = key.split('.');
  return parts
    .map((p) => p.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
    .join(' · ')
    .replace(/^./, (c) => c.toUpperCase());
}

/** Trainable parameters of a forecast network: stacked recurrent layers and a dense head. */
export function forecastParameterCount(config: ForecastRunConfig): number {
  const { cell, layers, units, horizon } = config;
  return recurrentParameterCount(cell, layers, units, 1 + config.features.length) + units * horizon + horizon;
}

/** Every setting of the runs, run facts first; `differs` marks rows whose values are not all the same. */
export function settingsRows(experiments: readonly ExperimentSummary[]): SettingRow[] {
  const flat = experiments.map((e) => {
    const m = new Map<string, unknown>();
    m.set('run.kind', e.kind);
    m.set('run.dataset', e.datasetName ?? (e.datasetId === null ? undefined : `#${e.datasetId}`));
    flatten(e.config, '', m, 0);
    if (e.kind === 'forecast') m.set('run.parameters', forecastParameterCount(e.config));
    m.set('run.backend', e.backend);
    m.set('run.status', e.status);
    return m;
  });
  const keys = new Set<string>();
  for (const m of flat) for (const k of m.keys()) keys.add(k);
  const order = (k: string) => {
    const i = SETTING_ORDER.indexOf(k);
    return i >= 0 ? i : SETTING_ORDER.length;
  };
  return [...keys]
    .filter((k) => flat.some((m) => m.get(k) !== undefined))
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((key) => {
      const raw = flat.map((m) => m.get(key));
      const texts = raw.map(settingText);
      const differs = texts.some((t) => t !== texts[0]);
      const counts = new Map<string, number>();
      for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
      const top = Math.max(...counts.values());
      const majority = [...counts.entries()].filter(([, c]) => c === top);
      const common = top > 1 && majority.length === 1 ? majority[0][0] : null;
      return {
        key,
        label: labelOf(key),
        values: texts,
        numbers: raw.map((v) =>
          typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'boolean' ? Number(v) : null,
        ),
        differs,
        standsOut: texts.map((t) => differs && (common === null || t !== common)),
      };
    });
}

// ----------------------------------------------------------------------------------------------- metrics

export type Better = 'lower' | 'higher' | { closestTo: number } | null;

export interface MetricRow {
  key: string;
  label: string;
  hint: string;
  values: (number | null)[];
  better: Better;
  format: 'num' | 'pct' | 'int' | 'seconds' | 'ratio';
  /** Indices of the best values (several when tied); empty when nothing to rank. */
  best: number[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Skill relative to seasonal naive on the same test windows: 1 - MASE_model / MASE_snaive (or the same
 * ratio of MAEs when MASE is undefined). 0.25 = 25% lower error than seasonal naive; negative = worse.
 */
export function skillVsSeasonalNaive(scores: ForecastScores | null): number | null {
  if (!scores) return null;
  const model = scores.model;
  const snaive = scores.baselines.seasonalNaive;
  const a = num(model.mase);
  const b = num(snaive.mase);
  if (a !== null && b !== null && b > 0) return 1 - a / b;
  const maeA = num(model.mae);
  const maeB = num(snaive.mae);
  return maeA !== null && maeB !== null && maeB > 0 ? 1 - maeA / maeB : null;
}

/** The scores of a forecast run; null for other kinds and for runs that diverged. */
export function forecastScoresOf(e: ExperimentSummary): ForecastScores | null {
  return e.kind === 'forecast' ? e.metrics.scores : null;
}

function rankBest(values: (number | null)[], better: Better): number[] {
  if (better === null) return [];
  const present = values.map((v, i) => ({ v, i })).filter((x): x is { v: number; i: number } => x.v !== null);
  if (present.length < 2) return [];
  const score = (v: number) =>
    better === 'lower' ? v : better === 'higher' ? -v : Math.abs(v - better.closestTo);
  const bestScore = Math.min(...present.map((x) => score(x.v)));
  const best = present
    .filter((x) => Math.abs(score(x.v) - bestScore) <= 1e-12 * Math.max(1, Math.abs(bestScore)))
    .map((x) => x.i);
  return best.length === present.length ? [] : best;
}

/** Metric rows for the runs (rows nobody has are left out); the best value of each rankable row is marked. */
export function metricRows(experiments: Experiment[]): MetricRow[] {
  const rows: Omit<MetricRow, 'best'>[] = [];
  const add = (
    key: string,
    label: string,
    hint: string,
    better: Better,
    format: MetricRow['format'],
    get: (e: Experiment) => number | null,
  ) => {
    rows.push({ key, label, hint, better, format, values: experiments.map(get) });
  };
  const model = (e: Experiment) => forecastScoresOf(e)?.model ?? null;
  const forecastOnly = (f: (e: Experiment) => number | null) => (e: Experiment) =>
    e.kind === 'forecast' ? f(e) : null;

  add(
    'mae',
    'MAE',
    'Mean absolute error on the test part, in the target’s units',
    'lower',
    'num',
    forecastOnly((e) => num(model(e)?.mae)),
  );
  add(
    'rmse',
    'RMSE',
    'Root mean squared error on the test part, in the target’s units',
    'lower',
    'num',
    forecastOnly((e) => num(model(e)?.rmse)),
  );
  add(
    'mape',
    'MAPE %',
    'Mean absolute percentage error (undefined when the series has zeros)',
    'lower',
    'num',
    forecastOnly((e) => num(model(e)?.mape)),
  );
  add(
    'smape',
    'sMAPE %',
    'Symmetric MAPE, 0–200',
    'lower',
    'num',
    forecastOnly((e) => num(model(e)?.smape)),
  );
  add(
    'mase',
    'MASE',
    'MAE scaled by the in-sample seasonal-naive MAE of the training part; below 1 beats it',
    'lower',
    'num',
    forecastOnly((e) => num(model(e)?.mase)),
  );
  add(
    'skill',
    'Skill vs seasonal naive',
    '1 − MASE(model) / MASE(seasonal naive) on the same test windows: 25% means a quarter less error; negative means worse',
    'higher',
    'pct',
    forecastOnly((e) => skillVsSeasonalNaive(forecastScoresOf(e))),
  );
  INTERVAL_LEVELS.forEach((level, i) => {
    add(
      `coverage${i}`,
      `${Math.round(level * 100)}% interval coverage`,
      `Share of test values inside the ${Math.round(level * 100)}% prediction interval; best when closest to ${Math.round(level * 100)}%`,
      { closestTo: level },
      'pct',
      forecastOnly((e) => num(forecastScoresOf(e)?.intervalCoverage[i])),
    );
  });
  add(
    'count',
    'Test forecasts scored',
    'Number of (window, step) pairs behind the errors',
    null,
    'int',
    forecastOnly((e) => num(model(e)?.count)),
  );
  // Melodies.
  type MelodyStat = 'meanLogLikelihood' | 'inKeyRatio' | 'distinct4gramRatio' | 'restRatio';
  const melody = (key: MelodyStat) => (e: Experiment) => (e.kind === 'melody' ? num(e.metrics[key]) : null);
  add(
    'meanLogLikelihood',
    'Log-likelihood per step',
    'Mean ln P(token) of the continuations under the model at temperature 1 (higher = the model finds them more likely)',
    'higher',
    'num',
    melody('meanLogLikelihood'),
  );
  add(
    'inKeyRatio',
    'In key',
    'Share of sounding steps in the seed’s key',
    'higher',
    'pct',
    melody('inKeyRatio'),
  );
  add(
    'distinct4gramRatio',
    'Distinct 4-grams',
    'Distinct token 4-grams / all 4-grams (low = repetitive)',
    'higher',
    'pct',
    melody('distinct4gramRatio'),
  );
  add('restRatio', 'Rests', 'Share of silent steps', null, 'pct', melody('restRatio'));
  // Memory challenges.
  const memory = (key: 'accuracy' | 'chance') => (e: Experiment) =>
    e.kind === 'memory' ? num(e.metrics[key]) : null;
  add(
    'accuracy',
    'Accuracy',
    'Share of the memory task answered right on held-out sequences',
    'higher',
    'pct',
    memory('accuracy'),
  );
  add('chance', 'Chance level', 'Accuracy of guessing', null, 'pct', memory('chance'));
  // Training, any kind.
  add(
    'trainLoss',
    'Final training loss',
    'Training loss of the last epoch (forecasts: MSE on the scaled target)',
    'lower',
    'num',
    (e) => num(e.history.loss.at(-1)),
  );
  add(
    'bestValLoss',
    'Best validation loss',
    'Lowest validation loss, whose weights were kept',
    'lower',
    'num',
    (e) => (e.history.bestEpoch !== null ? num(e.history.valLoss[e.history.bestEpoch]) : null),
  );
  add('bestEpoch', 'Best epoch', 'Epoch of the best validation loss', null, 'int', (e) =>
    e.history.bestEpoch !== null ? e.history.bestEpoch + 1 : null,
  );
  add(
    'epochsRun',
    'Epochs run',
    'Epochs trained (early stopping may end a run before its maximum)',
    null,
    'int',
    (e) => e.history.epochsRun || e.history.loss.length || null,
  );
  add(
    'clipped',
    'Steps clipped',
    'Share of training steps whose gradient norm exceeded the clip norm',
    null,
    'pct',
    (e) => {
      const c = e.history.gradients?.clipped;
      return c && c.length ? c.filter(Boolean).length / c.length : null;
    },
  );
  add(
    'gradMedian',
    'Median gradient norm',
    'Median global gradient norm before clipping, over all steps',
    null,
    'num',
    (e) => finiteMedian(e.history.gradients?.before ?? []),
  );
  add(
    'gradMax',
    'Largest gradient norm',
    'Largest global gradient norm before clipping (spikes mean exploding gradients)',
    null,
    'num',
    (e) => {
      const b = (e.history.gradients?.before ?? []).filter(Number.isFinite);
      return b.length ? Math.max(...b) : null;
    },
  );
  // What the inspector measured, when it was run on the experiment (stored with it).
  const inspected = (e: Experiment) => e.inspection.latest;
  add(
    'memorySaliency',
    'Memory horizon (saliency)',
    'Inspector: the most recent steps that hold most of the gradient saliency, out of the lookback',
    null,
    'int',
    (e) => num(inspected(e)?.memory.effective.saliencySteps),
  );
  add(
    'memoryAblation',
    'Memory horizon (ablation)',
    'Inspector: the fewest recent steps that keep the error close to the full window’s',
    null,
    'int',
    (e) => num(inspected(e)?.memory.effective.ablationSteps),
  );
  add(
    'saturation',
    'Saturated gate values',
    'Inspector: share of gate activations pinned near 0 or 1 (tanh near ±1 for SimpleRNN), over all gates and units',
    null,
    'pct',
    (e) => {
      const gates = inspected(e)?.saturation.gates ?? [];
      const shares = gates.flatMap((g) => g.low.map((low, u) => low + (g.high[u] ?? 0)));
      return shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : null;
    },
  );
  add('duration', 'Run time', 'Wall-clock time of the run', 'lower', 'seconds', (e) => e.durationMs / 1000);
  return rows
    .filter((r) => r.values.some((v) => v !== null))
    .map((r) => ({ ...r, best: rankBest(r.values, r.better) }));
}

// ------------------------------------------------------------------------------------------------ curves

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

// -------------------------------------------------------------------------------------- forecast groups

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

// --------------------------------------------------------------------------------------------- melodies

export interface MelodyView {
  seedNotes: { pitch: number; start: number; duration: number }[];
  continuation: { pitch: number; start: number; duration: number }[];
  totalSteps: number;
  seedSteps: number;
  stepsPerBar: number;
  variations: number;
}

/** The seed and the first variation of a saved melody run, for a piano roll; null when not stored. */
export function melodyOf(e: Experiment, variation = 0): MelodyView | null {
  if (e.kind !== 'melody') return null;
  const { seed, generation } = e.predictions;
  if (!generation.variations.length) return null;
  const v = generation.variations[Math.min(variation, generation.variations.length - 1)];
  const [beats, unit] = seed.timeSignature;
  const seedNotes = seed.notes.map((n, i, all) =>
    i === all.length - 1 && v.heldSeedSteps > 0 ? { ...n, duration: n.duration + v.heldSeedSteps } : { ...n },
  );
  return {
    seedNotes,
    continuation: v.notes,
    seedSteps: generation.seedSteps,
    totalSteps: generation.seedSteps + generation.steps,
    stepsPerBar: Math.max(1, Math.round((seed.stepsPerQuarter * 4 * beats) / unit)),
    variations: generation.variations.length,
  };
}

// ------------------------------------------------------------------------------------------------ re-run

/** What the re-run check reads of a run. */
export type RerunSide = Experiment;

export interface RerunCheck {
  /** 'identical': every metric and loss value equal to the last bit; 'close': within 1e-6 relative; else 'different'. */
  verdict: 'identical' | 'close' | 'different';
  rows: { label: string; original: number | null; rerun: number | null; relativeDiff: number | null }[];
  curvesEqual: boolean;
  largestRelativeDiff: number;
}

function relDiff(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return a === b ? 0 : null;
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

/** Whether a re-run reproduced the original: test metrics and the per-epoch losses, compared exactly. */
export function checkRerun(original: RerunSide, rerun: RerunSide): RerunCheck {
  const m = (e: RerunSide) => forecastScoresOf(e)?.model ?? null;
  const h = (e: RerunSide) => e.history;
  const rows: RerunCheck['rows'] = (
    [
      ['MAE', (e) => num(m(e)?.mae)],
      ['RMSE', (e) => num(m(e)?.rmse)],
      ['MAPE %', (e) => num(m(e)?.mape)],
      ['sMAPE %', (e) => num(m(e)?.smape)],
      ['MASE', (e) => num(m(e)?.mase)],
      ['Final training loss', (e) => num(h(e).loss.at(-1))],
      ['Epochs run', (e) => h(e).epochsRun || h(e).loss.length || null],
    ] as [string, (e: RerunSide) => number | null][]
  ).map(([label, get]) => {
    const a = get(original);
    const b = get(rerun);
    return { label, original: a, rerun: b, relativeDiff: relDiff(a, b) };
  });
  const same = (x: readonly number[], y: readonly number[]) =>
    x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
  const curvesEqual = same(h(original).loss, h(rerun).loss) && same(h(original).valLoss, h(rerun).valLoss);
  const diffs = rows.map((r) => (r.relativeDiff === null ? Infinity : r.relativeDiff));
  const largest = Math.max(0, ...diffs);
  const verdict = largest === 0 && curvesEqual ? 'identical' : largest <= 1e-6 ? 'close' : 'different';
  return { verdict, rows, curvesEqual, largestRelativeDiff: largest };
}

// ------------------------------------------------------------------------------------- settings vs metric

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
