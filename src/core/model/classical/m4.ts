/**
 * Scoring as in the M4 competition (sMAPE, MASE, OWA against Naive2) and the M4 seasonal adjustment that
 * its benchmarks share: seasonality test on the training series, then a classical multiplicative
 * decomposition whose last season of indices is repeated over the horizon.
 */
import { ConfigError } from '../../data/errors';
import { classicalDecomposition, extendSeasonal } from './decompose';
import type { SeasonalityTestResult } from './seasonality';
import { assertFinite, seasonalityTestDetail } from './seasonality';

/** A training series seasonally adjusted the M4 way. */
export interface M4SeasonalAdjustment {
  seasonal: boolean;
  test: SeasonalityTestResult;
  /** The training series divided by its seasonal indices (the series itself when not seasonal): [n]. */
  adjusted: number[];
  /** Seasonal index per training position (all 1 when not seasonal): [n]. */
  inSample: number[];
  /** Seasonal index per forecast step (all 1 when not seasonal): [h]. */
  future: number[];
}

/** Accuracy of one series' forecast, M4 style. */
export interface SeriesScore {
  /** sMAPE in percent (0..200). */
  smape: number;
  /** MASE (unitless; scale = in-sample seasonal-naive MAE at period m). */
  mase: number;
}

/** Aggregate over many series: means of the per-series scores and OWA relative to Naive2. */
export interface OwaResult {
  smape: number;
  mase: number;
  naive2Smape: number;
  naive2Mase: number;
  /** (smape / naive2Smape + mase / naive2Mase) / 2; 1 means as good as Naive2, lower is better. */
  owa: number;
  series: number;
}

function checkPair(actual: ArrayLike<number>, forecast: ArrayLike<number>): void {
  if (actual.length !== forecast.length) {
    throw new ConfigError(
      'LENGTH_MISMATCH',
      `The forecast has ${forecast.length} steps but there are ${actual.length} actual values to score it against.`,
    );
  }
  if (actual.length === 0) throw new ConfigError('NO_DATA', 'There are no actual values to score against.');
  assertFinite(actual, 'actual series');
  assertFinite(forecast, 'forecast');
}

/**
 * M4 sMAPE in percent: mean over steps of 200·|y − ŷ| / (|y| + |ŷ|). A step where both are 0 counts as 0.
 */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  checkPair(actual, forecast);
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]) + Math.abs(forecast[i]);
    s += d === 0 ? 0 : (200 * Math.abs(actual[i] - forecast[i])) / d;
  }
  return s / actual.length;
}

/**
 * The MASE scale of M4: mean |y_t − y_{t−m}| over the training series (units of the series). Throws when the
 * training part is not longer than m or never changes at that lag (MASE would divide by zero).
 */
export function m4MaseScale(train: ArrayLike<number>, m: number): number {
  const period = Math.max(1, Math.floor(m));
  if (train.length <= period) {
    throw new ConfigError(
      'TRAIN_TOO_SHORT',
      `MASE needs more than one season of training data (${train.length} values, season length ${period}).`,
      'seasonLength',
    );
  }
  let s = 0;
  for (let t = period; t < train.length; t++) s += Math.abs(train[t] - train[t - period]);
  const scale = s / (train.length - period);
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new ConfigError(
      'NO_DATA',
      `MASE is undefined here: the training values repeat exactly every ${period} steps, so the naive ` +
        'error it divides by is 0. Score this series with sMAPE or MAE instead.',
    );
  }
  return scale;
}

/** M4 MASE: mean |y − ŷ| over the horizon divided by m4MaseScale(train, m). Unitless. */
export function mase(
  train: ArrayLike<number>,
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  m: number,
): number {
  checkPair(actual, forecast);
  const scale = m4MaseScale(train, m);
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - forecast[i]);
  return s / actual.length / scale;
}

/** sMAPE and MASE of one forecast. */
export function scoreSeries(
  train: ArrayLike<number>,
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  m: number,
): SeriesScore {
  return { smape: smape(actual, forecast), mase: mase(train, actual, forecast, m) };
}

/**
 * M4 seasonal adjustment of a training series for an h-step forecast: when the seasonality test passes at
 * period m, divide by the indices of a classical multiplicative decomposition and return the indices of the
 * h steps ahead; otherwise the series unchanged and factors of 1. A multiplicative adjustment needs
 * positive values (as all M4 series are): series with values ≤ 0 are left unadjusted.
 */
export function m4SeasonalAdjustment(train: ArrayLike<number>, m: number, h: number): M4SeasonalAdjustment {
  let test = seasonalityTestDetail(train, m);
  const n = train.length;
  if (test.seasonal && Array.from(train).some((v) => !(v > 0))) {
    test = { ...test, seasonal: false, reason: `${test.reason}, but values are not all positive` };
  }
  if (!test.seasonal) {
    return {
      seasonal: false,
      test,
      adjusted: Array.from(train),
      inSample: new Array<number>(n).fill(1),
      future: new Array<number>(h).fill(1),
    };
  }
  const dec = classicalDecomposition(train, Math.floor(m), 'multiplicative');
  return {
    seasonal: true,
    test,
    adjusted: Array.from({ length: n }, (_, t) => train[t] / dec.seasonal[t]),
    inSample: dec.seasonal,
    future: extendSeasonal(dec, h),
  };
}

/**
 * Naive2, the M4 reference: the last seasonally adjusted value, reseasonalised over h steps
 * (plain naive when the series is not seasonal at m). Returns [h] in the series' units.
 */
export function naive2(train: ArrayLike<number>, h: number, m: number): number[] {
  if (train.length === 0) throw new ConfigError('NO_DATA', 'Naive2 needs at least one training value.');
  const adj = m4SeasonalAdjustment(train, m, h);
  const last = adj.adjusted[adj.adjusted.length - 1];
  return adj.future.map((f) => last * f);
}

/**
 * Aggregates per-series scores the M4 way: mean sMAPE and mean MASE of the method and of Naive2 over the
 * same series, and OWA = (mean sMAPE / mean Naive2 sMAPE + mean MASE / mean Naive2 MASE) / 2.
 */
export function owa(method: readonly SeriesScore[], naive2Scores: readonly SeriesScore[]): OwaResult {
  if (method.length === 0 || method.length !== naive2Scores.length) {
    throw new ConfigError(
      'LENGTH_MISMATCH',
      `OWA needs the scores of the same series for the method and Naive2 (got ${method.length} and ${naive2Scores.length}).`,
    );
  }
  const mean = (xs: readonly SeriesScore[], k: keyof SeriesScore) =>
    xs.reduce((a, s) => a + s[k], 0) / xs.length;
  const r: OwaResult = {
    smape: mean(method, 'smape'),
    mase: mean(method, 'mase'),
    naive2Smape: mean(naive2Scores, 'smape'),
    naive2Mase: mean(naive2Scores, 'mase'),
    owa: 0,
    series: method.length,
  };
  r.owa = (r.smape / r.naive2Smape + r.mase / r.naive2Mase) / 2;
  return r;
}
