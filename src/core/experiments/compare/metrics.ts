/** Metrics side by side: every metric the compared runs have, the best of each row, skill against seasonal naive. */
import type { Experiment, ExperimentSummary } from '../../api/schemas';
import { finiteMedian } from '../../common/stats';
import { INTERVAL_LEVELS } from '../../model/intervals';
import type { ForecastScores } from '../forecast';

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

/** A finite number, or null. */
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

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
  // Global runs (many series, M4 scoring).
  const global =
    (get: (m: Extract<Experiment, { kind: 'global' }>['metrics']) => number | null | undefined) =>
    (e: Experiment) => (e.kind === 'global' ? num(get(e.metrics)) : null);
  add(
    'owa',
    'OWA',
    'Overall weighted average against Naive2 over every series, as in M4 (below 1 beats Naive2)',
    'lower',
    'num',
    global((m) => m.owa),
  );
  add(
    'globalSmape',
    'Mean sMAPE %',
    'sMAPE of the held-out part, averaged over every series',
    'lower',
    'num',
    global((m) => m.smape),
  );
  add(
    'globalMase',
    'Mean MASE',
    'MASE of the held-out part, averaged over every series',
    'lower',
    'num',
    global((m) => m.mase),
  );
  add(
    'beatsSeasonalNaive',
    'Beats seasonal naive',
    'Share of series where the network’s MASE is below seasonal naive’s',
    'higher',
    'pct',
    global((m) => m.beatsSeasonalNaive),
  );
  add(
    'beatsBestClassical',
    'Beats best classical',
    'Share of series where the network’s MASE is below the best classical method’s',
    'higher',
    'pct',
    global((m) => m.beatsBestClassical),
  );
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
