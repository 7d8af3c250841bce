/**
 * The global forecast pipeline, assembled once for the app's worker, the CLI and the M4 benchmark: many series ->
 * one recurrent network trained across all of them (or one per series) -> forecasts of each series' held-out part,
 * scored as in M4 (sMAPE, MASE, OWA against Naive2) next to seasonal naive and the classical methods -> forecasts
 * past the end with intervals -> the experiment to save. Pure core: no DOM, no Node.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentInputOf } from '../api';
import { extractSeries } from '../data';
import { ConfigError, DataError } from '../data/errors';
import type { MissingPolicy, Table } from '../data/types';
import {
  GLOBAL_COMPETITORS,
  globalHeadline,
  type AggregateScore,
  type GlobalCompetitor,
  type GlobalMetrics,
  type GlobalRunConfig,
  type GlobalSeriesResult,
  type GlobalSource,
} from '../experiments/global';
import { seasonalNaiveForecast } from '../model/baselines';
import { classicalForecasts } from '../model/classical';
import { m4MaseScale, naive2, owa, smape, type SeriesScore } from '../model/classical/m4';
import { thetaForecast } from '../model/classical/theta';
import type { GlobalForecastConfigInput } from '../model/global/config';
import { parseGlobalForecastConfig } from '../model/global/config';
import { globalRecipe } from '../model/global/recipe';
import { trainGlobalForecaster, type GlobalEpoch, type GlobalMemberSummary } from '../model/global/trainer';

/** One series to forecast: its values in time order and, when scored on a given test part (M4), that part. */
export interface GlobalSeriesInput {
  id: string;
  values: readonly number[];
  /** The test part (M4): the network trains on all of `values`. Absent: the last `horizon` values are held out. */
  actual?: readonly number[];
}

/** Everything a global run needs besides its hooks. */
export interface GlobalJobInput {
  series: readonly GlobalSeriesInput[];
  horizon: number;
  /** Seasonal period of MASE, Naive2 and seasonal naive (1 = none). */
  seasonLength: number;
  /** 'global' (default): one network for every series; 'local': one network per series. */
  mode?: 'global' | 'local';
  /** Settings over the recipe for this horizon and season (see globalRecipe). */
  settings?: GlobalForecastConfigInput;
  /** 'fast' (default): Naive2, seasonal naive and Theta; 'all': also ETS and ARIMA (about a second per series). */
  classical?: 'fast' | 'all';
  /** Also forecast every series with a network of its own and report its MASE (default false). */
  compareLocal?: boolean;
  source: GlobalSource;
  /** The stored dataset the run belongs to; null for files outside the store (M4). */
  dataset: { id: number; name: string } | null;
  /** The experiment's name (default: "All series, one model · <dataset>"). */
  name?: string;
}

/** Where a global run is. */
export interface GlobalJobProgress {
  stage: 'classical' | 'training' | 'local' | 'forecasting';
  /** Member network being trained (from 0) and how many. */
  member: number;
  members: number;
  /** Epoch (from 0) and epochs per member. */
  epoch: number;
  epochs: number;
  /** Series done in this stage and how many there are. */
  series: number;
  seriesTotal: number;
  /** Last batch loss (training stages), else NaN. */
  loss: number;
  /** Fraction of the whole run done (0-1), estimated. */
  fraction: number;
  elapsedSeconds: number;
}

export interface GlobalJobHooks {
  /** Abort to stop: training stops after its current batch and the members trained so far are used. */
  signal?: AbortSignal;
  onProgress?(progress: GlobalJobProgress): void;
  /** One line per finished epoch of a member. */
  onEpoch?(epoch: GlobalEpoch): void;
}

/** What a global run leaves: the scored results and the experiment to save. */
export interface GlobalJobResult {
  config: GlobalRunConfig;
  metrics: GlobalMetrics;
  series: GlobalSeriesResult[];
  members: GlobalMemberSummary[];
  status: 'completed' | 'stopped' | 'diverged';
  experiment: ExperimentInputOf<'global'>;
}

/** Central coverage of the intervals written with future forecasts. */
export const GLOBAL_INTERVAL_LEVEL = 0.8;
/** At most this many training values per series are kept for the chart. */
const HISTORY_KEPT = 400;

/**
 * Reads every series of a long-format table (one per value of its key column; a table without a key gives one
 * series). Throws DataError when the target is missing or a series cannot be read.
 */
export function seriesOfTable(
  table: Table,
  choice: { target: string; missing?: MissingPolicy },
): GlobalSeriesInput[] {
  const missing = choice.missing ?? 'interpolate';
  if (table.key === null) {
    const s = extractSeries(table, { target: choice.target, features: [], missing });
    return [{ id: choice.target, values: Array.from(s.target) }];
  }
  return table.key.keys.map((k) => {
    const s = extractSeries(table, { target: choice.target, features: [], key: k.value, missing });
    return { id: k.value, values: Array.from(s.target) };
  });
}

/** The training part and scored part of each series. */
function splitSeries(
  series: readonly GlobalSeriesInput[],
  horizon: number,
  seasonLength: number,
): { train: number[][]; actual: number[][]; future: boolean } {
  if (series.length === 0)
    throw new DataError('no-values', 'There is no series to forecast: the selection is empty.');
  const given = series.every((s) => s.actual !== undefined);
  const m = Math.max(1, Math.round(seasonLength));
  const train: number[][] = [];
  const actual: number[][] = [];
  const tooShort: string[] = [];
  const flat: string[] = [];
  for (const s of series) {
    const values = Array.from(s.values);
    if (given) {
      if (s.actual!.length < horizon)
        throw new ConfigError(
          'TEST_TOO_SHORT',
          `Series ${s.id} has ${s.actual!.length} test values but the horizon is ${horizon}: lower the horizon.`,
        );
      train.push(values);
      actual.push(Array.from(s.actual!).slice(0, horizon));
    } else {
      train.push(values.slice(0, values.length - horizon));
      actual.push(values.slice(values.length - horizon));
    }
    const t = train[train.length - 1];
    if (t.length < m + 2) tooShort.push(s.id);
    else if (!hasScale(t, m)) flat.push(s.id);
  }
  const list = (ids: string[]) =>
    ids.slice(0, 5).join(', ') + (ids.length > 5 ? ` and ${ids.length - 5} more` : '');
  if (tooShort.length > 0)
    throw new ConfigError(
      'SERIES_TOO_SHORT',
      `${tooShort.length} series (${list(tooShort)}) hold too few values to hold out ${horizon} and keep more than ` +
        `one season (${m}) to learn from: lower the horizon or leave those series out.`,
    );
  if (flat.length > 0)
    throw new ConfigError(
      'NO_DATA',
      `${flat.length} series (${list(flat)}) never change at lag ${m} before the scored part, so MASE is undefined ` +
        'for them: leave those series out.',
    );
  return { train, actual, future: !given };
}

function hasScale(train: readonly number[], m: number): boolean {
  try {
    m4MaseScale(train, m);
    return true;
  } catch {
    return false;
  }
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** sMAPE and MASE against a precomputed MASE scale. */
function score(actual: readonly number[], forecast: readonly number[], scale: number): SeriesScore {
  let e = 0;
  for (let i = 0; i < actual.length; i++) e += Math.abs(actual[i] - forecast[i]);
  return { smape: smape(actual, forecast), mase: e / actual.length / scale };
}

/** Mean sMAPE and MASE of a method and its OWA against Naive2 on the same series (M4's aggregate). */
function aggregate(scores: readonly SeriesScore[], naive2Scores: readonly SeriesScore[]): AggregateScore {
  const r = owa(scores, naive2Scores);
  return { smape: r.smape, mase: r.mase, owa: r.owa };
}

/** Quantile q (0-1) of xs, linear between order statistics. */
function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/**
 * Interval offsets per step from the scored errors of every series, in units of each series' MASE scale: with 30
 * series or more, the quantiles of step h's scaled errors; with fewer, those of steps 1..h pooled.
 */
export function scaledErrorBands(
  errors: readonly (readonly number[])[],
  level: number,
): { low: number[]; high: number[] } {
  const H = errors[0]?.length ?? 0;
  const low: number[] = [];
  const high: number[] = [];
  for (let h = 0; h < H; h++) {
    const pool = errors.length >= 30 ? errors.map((e) => e[h]) : errors.flatMap((e) => e.slice(0, h + 1));
    low.push(quantile(pool, (1 - level) / 2));
    high.push(quantile(pool, (1 + level) / 2));
  }
  return { low, high };
}

/**
 * Runs a global forecast: trains on every series' training part, scores the held-out (or given test) part against
 * Naive2, seasonal naive and the classical methods, and, for a table, forecasts past the end of every whole series
 * with the same networks (intervals from the scored errors of all series). Throws DataError / ConfigError saying
 * what to change.
 */
export async function globalJob(input: GlobalJobInput, hooks: GlobalJobHooks = {}): Promise<GlobalJobResult> {
  const started = performance.now();
  const H = input.horizon;
  const m = Math.max(1, Math.round(input.seasonLength));
  const mode = input.mode ?? 'global';
  const classical = input.classical ?? 'fast';
  const compareLocal = input.compareLocal ?? false;
  const { train, actual, future } = splitSeries(input.series, H, m);
  const S = train.length;
  const shortest = Math.min(...train.map((t) => t.length));
  const settings = parseGlobalForecastConfig({
    ...globalRecipe(H, m, shortest, mode),
    ...input.settings,
    horizon: H,
  });
  const localSettings = parseGlobalForecastConfig({
    ...globalRecipe(H, m, shortest, 'local'),
    ...input.settings,
    windowsPerEpoch: Math.min(settings.windowsPerEpoch, 512),
    horizon: H,
  });
  const elapsed = () => (performance.now() - started) / 1000;
  // rough shares of the run: competitors, the network(s), the local comparison
  const trainShare = compareLocal ? 0.45 : 0.85;
  const localStart = 0.1 + trainShare;
  const report = (p: Omit<GlobalJobProgress, 'elapsedSeconds'>) =>
    hooks.onProgress?.({ ...p, elapsedSeconds: elapsed() });
  const idle = { member: 0, members: settings.members, epoch: 0, epochs: settings.epochs, loss: NaN };

  // competitors, series by series
  const scales = train.map((t) => m4MaseScale(t, m));
  const competitorScores: Partial<Record<GlobalCompetitor, SeriesScore[]>> = {};
  const add = (method: GlobalCompetitor, s: SeriesScore) => (competitorScores[method] ??= []).push(s);
  let lastReport = 0;
  for (let i = 0; i < S; i++) {
    hooks.signal?.throwIfAborted();
    const t = train[i];
    add('snaive', score(actual[i], seasonalNaiveForecast(t, t.length - 1, H, m), scales[i]));
    if (classical === 'all') {
      const c = classicalForecasts(t, H, m);
      add('naive2', score(actual[i], c.naive2.mean, scales[i]));
      add('theta', score(actual[i], c.theta.mean, scales[i]));
      add('ets', score(actual[i], c.ets.mean, scales[i]));
      add('arima', score(actual[i], c.arima.mean, scales[i]));
    } else {
      add('naive2', score(actual[i], naive2(t, H, m), scales[i]));
      add('theta', score(actual[i], thetaForecast(t, H, m).mean, scales[i]));
    }
    if (performance.now() - lastReport > 200 || i === S - 1) {
      lastReport = performance.now();
      report({ ...idle, stage: 'classical', series: i + 1, seriesTotal: S, fraction: (0.1 * (i + 1)) / S });
    }
  }
  const naive2Scores = competitorScores.naive2!;

  // the network(s)
  const memberSummaries: GlobalMemberSummary[] = [];
  let status: GlobalJobResult['status'] = 'completed';
  let forecasts: number[][] = [];
  let futures: number[][] = [];
  const totalEpochs = settings.members * settings.epochs;
  const onEpoch = hooks.onEpoch;
  if (mode === 'global') {
    const forecaster = await trainGlobalForecaster(train, settings, {
      signal: hooks.signal,
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastReport < 100 && p.step !== p.totalSteps) return;
        lastReport = now;
        const done = (p.member * settings.epochs + p.step / p.batchesPerEpoch) / totalEpochs;
        report({
          stage: 'training',
          member: p.member,
          members: p.members,
          epoch: p.epoch,
          epochs: settings.epochs,
          series: S,
          seriesTotal: S,
          loss: p.loss,
          fraction: 0.1 + trainShare * done,
        });
      },
      onEpoch: onEpoch ? (e) => onEpoch(e) : undefined,
    });
    try {
      status = forecaster.status;
      memberSummaries.push(...forecaster.members);
      if (status !== 'diverged') {
        report({ ...idle, stage: 'forecasting', series: S, seriesTotal: S, fraction: 0.1 + trainShare });
        forecasts = await forecaster.forecastAll();
        if (future) futures = await forecaster.forecastAll(input.series.map((s) => s.values));
      }
    } finally {
      forecaster.dispose();
    }
  } else {
    for (let i = 0; i < S; i++) {
      const forecaster = await trainGlobalForecaster([train[i]], settings, { signal: hooks.signal });
      try {
        if (forecaster.status === 'stopped') status = 'stopped';
        memberSummaries.push(...forecaster.members);
        forecasts.push((await forecaster.forecastAll())[0]);
        if (future) futures.push((await forecaster.forecastAll([input.series[i].values]))[0]);
      } finally {
        forecaster.dispose();
      }
      report({
        ...idle,
        stage: 'training',
        series: i + 1,
        seriesTotal: S,
        fraction: 0.1 + (trainShare * (i + 1)) / S,
      });
      if (status === 'stopped') break;
    }
    // a local run scores only when every series is forecast
    if (forecasts.length < S) hooks.signal?.throwIfAborted();
  }
  if (status === 'diverged')
    throw new ConfigError(
      'INVALID_CONFIG',
      'Every network diverged (its loss became NaN): lower the learning rate ' +
        `(now ${settings.learningRate}) or turn on gradient clipping.`,
      'learningRate',
    );

  // one network per series, to compare
  const localScores: (SeriesScore | null)[] = train.map(() => null);
  if (compareLocal && mode === 'global' && status === 'completed') {
    for (let i = 0; i < S; i++) {
      hooks.signal?.throwIfAborted();
      const forecaster = await trainGlobalForecaster([train[i]], localSettings, { signal: hooks.signal });
      try {
        if (forecaster.status === 'completed')
          localScores[i] = score(actual[i], (await forecaster.forecastAll())[0], scales[i]);
      } finally {
        forecaster.dispose();
      }
      report({
        ...idle,
        stage: 'local',
        series: i + 1,
        seriesTotal: S,
        fraction: localStart + (0.45 * (i + 1)) / S,
      });
    }
  }

  // scores
  const modelScores = forecasts.map((f, i) => score(actual[i], f, scales[i]));
  const classicalNames = GLOBAL_COMPETITORS.filter((c) => c !== 'snaive' && competitorScores[c]);
  const errors = forecasts.map((f, i) => actual[i].map((a, h) => (a - f[h]) / scales[i]));
  const bands = scaledErrorBands(errors, GLOBAL_INTERVAL_LEVEL);
  const series: GlobalSeriesResult[] = input.series.map((s, i) => {
    const best = classicalNames.reduce((b, c) =>
      competitorScores[c]![i].mase < competitorScores[b]![i].mase ? c : b,
    );
    const kept = Math.max(0, train[i].length - HISTORY_KEPT);
    const fut = futures[i] ?? [];
    return {
      id: s.id,
      history: train[i].slice(kept),
      historyStart: kept,
      actual: actual[i],
      forecast: forecasts[i],
      future: fut,
      lower: fut.map((v, h) => v + bands.low[h] * scales[i]),
      upper: fut.map((v, h) => v + bands.high[h] * scales[i]),
      smape: modelScores[i].smape,
      mase: modelScores[i].mase,
      naive2Smape: naive2Scores[i].smape,
      naive2Mase: naive2Scores[i].mase,
      snaiveMase: competitorScores.snaive![i].mase,
      bestClassical: { method: best, mase: competitorScores[best]![i].mase },
      localMase: localScores[i]?.mase ?? null,
    };
  });
  const total = owa(modelScores, naive2Scores);
  const share = (pred: (r: GlobalSeriesResult) => boolean) => series.filter(pred).length / S;
  const competitors: GlobalMetrics['competitors'] = {};
  for (const c of GLOBAL_COMPETITORS) {
    const sc = competitorScores[c];
    if (sc) competitors[c] = aggregate(sc, naive2Scores);
  }
  const compared = localScores.every((s) => s !== null) && compareLocal && mode === 'global';
  const seconds = elapsed();
  const metrics: GlobalMetrics = {
    headline: globalHeadline(total.owa),
    smape: total.smape,
    mase: total.mase,
    owa: total.owa,
    naive2: { smape: total.naive2Smape, mase: total.naive2Mase },
    series: S,
    beatsSeasonalNaive: share((r) => (r.mase ?? Infinity) < (r.snaiveMase ?? -Infinity)),
    beatsBestClassical: share((r) => (r.mase ?? Infinity) < (r.bestClassical.mase ?? -Infinity)),
    competitors,
    local: compared ? aggregate(localScores as SeriesScore[], naive2Scores) : null,
    intervalLevel: GLOBAL_INTERVAL_LEVEL,
    seconds,
  };
  const config: GlobalRunConfig = {
    cell: settings.cell,
    mode,
    horizon: H,
    seasonLength: m,
    classical,
    compareLocal: compared,
    settings,
    source: input.source,
  };
  const epochs = Math.max(0, ...memberSummaries.map((s) => s.loss.length));
  const meanLoss = Array.from({ length: epochs }, (_, e) => {
    const at = memberSummaries.map((s) => s.loss[e]).filter((v) => v !== undefined);
    return mean(at);
  });
  const where = input.dataset?.name ?? input.source.files.join(', ');
  const experiment: ExperimentInputOf<'global'> = {
    kind: 'global',
    name:
      input.name ??
      `${mode === 'global' ? 'All series, one model' : 'Each series, own model'} · ${where || `${S} series`}`,
    datasetId: input.dataset?.id ?? null,
    config,
    metrics,
    history: {
      loss: meanLoss,
      epochsRun: epochs,
      members: memberSummaries.map(({ seed, status: st, epochsRun, loss, seconds: sec, used }) => ({
        seed,
        status: st,
        epochsRun,
        loss,
        seconds: sec,
        used,
      })),
      trainSeconds: memberSummaries.reduce((a, s) => a + s.seconds, 0),
    },
    predictions: { series },
    status: status === 'stopped' ? 'stopped' : 'finished',
    backend: tf.getBackend() ?? 'unknown',
    durationMs: seconds * 1000,
  };
  return { config, metrics, series, members: memberSummaries, status, experiment };
}
