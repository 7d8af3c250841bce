import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ForecastPredictionsSchema, ForecastScoresSchema } from '../../../../src/core/experiments/forecast';
import {
  COMBINED_METHODS,
  COMBINED_WITH,
  LEGACY_COMBINED_METHODS,
  combinedFrom,
  combinedFuture,
  comparedOrigins,
  compareWithClassical,
  medianForecast,
} from '../../../../src/core/model/competitors';
import { classicalForecasts } from '../../../../src/core/model/classical';
import { computeMetrics } from '../../../../src/core/model/metrics';
import { forecastAgain, runForecast } from '../../../../src/core/model/forecastPipeline';
import type { RecipeForecaster } from '../../../../src/core/model/forecastPipeline';
import {
  COMBINED_CALIBRATION,
  modelSpaceHalfWidths,
  spreadOrigins,
} from '../../../../src/core/model/recipeForecast';
import { searchFolds } from '../../../../src/core/model/searchTable';
import { recipeSplit } from '../../../../src/core/model/recipeSplit';
import {
  chooseRecipeTransforms,
  fitRecipeState,
  fromModelSpace,
  modelSpaceAt,
  toModelSpace,
} from '../../../../src/core/model/recipeTransforms';
import type { ForecastConfigInput } from '../../../../src/core/model/spec';
import { ForecastConfigSchema, RecipeSettingsSchema, proposedRecipe } from '../../../../src/core/model/spec';
import { autoSearch } from '../../../../src/core/model/autoSearch';
import { mulberry32, normal } from '../../../../src/core/model/random';

/** Monthly airline-like data: trend and multiplicative seasonality with noise, n values. */
function airline(n: number, seed = 1): number[] {
  const rand = mulberry32(seed);
  return Array.from(
    { length: n },
    (_, t) => (100 + 2 * t) * (1 + 0.2 * Math.sin((2 * Math.PI * t) / 12)) * (1 + 0.02 * normal(rand)),
  );
}

const small: ForecastConfigInput = {
  units: 8,
  epochs: 2,
  batchSize: 32,
  patience: null,
  backend: 'cpu',
  lookback: 24,
  horizon: 12,
  recipe: { ensemble: 2, windowsPerEpoch: 64 },
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the recipe’s transforms', () => {
  it('chooses log or Box-Cox and a seasonal adjustment for trend with multiplicative seasonality', () => {
    const y = airline(144);
    const t = chooseRecipeTransforms(y.slice(0, 100), 12, { boxCox: 'auto', deseasonalise: 'auto' }, true);
    expect(t.boxCox).not.toBeNull();
    expect(t.deseasonalise).not.toBe('none');
    expect(t.chosen).toEqual({ boxCox: 'auto', deseasonalise: 'auto' });
    expect(t.reasons.deseasonalise).toMatch(/seasonal/);
    // values ≤ 0 rule out a log, set or chosen
    const shifted = y.map((v) => v - 200);
    expect(
      chooseRecipeTransforms(shifted.slice(0, 100), 12, { boxCox: 'auto', deseasonalise: 'auto' }, false)
        .boxCox,
    ).toBeNull();
    expect(() =>
      chooseRecipeTransforms(shifted.slice(0, 100), 12, { boxCox: 'log', deseasonalise: 'auto' }, false),
    ).toThrow(/positive/);
  });

  it.each([
    ['log + classical multiplicative', 0, 'classical-mult'],
    ['Box-Cox + STL', 0.3, 'stl'],
    ['none + classical additive', null, 'classical-add'],
    ['none', null, 'none'],
  ] as const)('round-trips exactly inside and past the fitted part: %s', (_, lambda, method) => {
    const y = airline(150, 3);
    const transforms = {
      boxCox: lambda,
      deseasonalise: method,
      chosen: { boxCox: 'set', deseasonalise: 'set' },
      reasons: { boxCox: '', deseasonalise: '' },
    } as const;
    const state = fitRecipeState(y, 100, 12, transforms, 12);
    const z = toModelSpace(state, y);
    const positions = y.map((_, t) => t);
    const back = fromModelSpace(state, positions, Array.from(z));
    back.forEach((v, t) => expect(v).toBeCloseTo(y[t], 9));
    // past the end (a forecast): the inverse of the forward map at those positions
    const future = [160, 161, 175];
    const values = [400, 410, 420];
    const fwd = future.map((p, i) => {
      const full = [...y, ...new Array<number>(p - 150).fill(1), values[i]];
      return toModelSpace(state, full)[p];
    });
    fromModelSpace(state, future, fwd).forEach((v, i) => expect(v).toBeCloseTo(values[i], 9));
  });
});

describe('the recipe’s split', () => {
  it('adapts a 60-point monthly series with horizon 12 and says what changed', () => {
    const s = recipeSplit(60, { horizon: 12, lookback: 24, split: { train: 0.7, val: 0.15, test: 0.15 } });
    expect(s.bounds).toEqual({ length: 60, firstValid: 0, trainEnd: 36, valEnd: 48 });
    expect(s.lookback).toBe(12);
    expect(s.notes.join(' ')).toMatch(/Short series \(60 values\).*test window.*validation window/);
    expect(s.notes.join(' ')).toMatch(/lookback is 12 steps/);
  });

  it('keeps the configured fractions when every part holds a horizon, and refuses fewer than horizon + 2 values', () => {
    const split = { train: 0.7, val: 0.15, test: 0.15 };
    expect(recipeSplit(1000, { horizon: 12, lookback: 24, split })).toEqual({
      bounds: { length: 1000, firstValid: 0, trainEnd: 700, valEnd: 850 },
      lookback: 24,
      notes: [],
    });
    expect(recipeSplit(30, { horizon: 12, lookback: 24, split }).bounds).toMatchObject({
      trainEnd: 18,
      valEnd: 18,
    });
    expect(recipeSplit(14, { horizon: 12, lookback: 24, split }).bounds).toMatchObject({
      trainEnd: 14,
      valEnd: 14,
    });
    expect(() => recipeSplit(13, { horizon: 12, lookback: 24, split })).toThrow(/at least horizon \+ 2 = 14/);
  });
});

describe('the recipe run', () => {
  it('forecasts a 60-point monthly series with horizon 12, scored against the classical methods', async () => {
    const before = tf.memory().numTensors;
    const r = await runForecast(
      { time: null, target: airline(60), features: [], seasonLength: 12 },
      { ...small, recipe: { ensemble: 2, windowsPerEpoch: 64, refit: false } },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(r.status).toBe('completed');
    expect(r.data.bounds).toMatchObject({ trainEnd: 36, valEnd: 48 });
    expect(r.data.notes!.length).toBeGreaterThan(0);
    expect(r.future!.mean).toHaveLength(12);
    expect(r.future!.members).toHaveLength(2);
    r.future!.mean.forEach((v) => expect(Number.isFinite(v)).toBe(true));
    const c = r.evaluation!.competitors!;
    expect(c.origins).toEqual([47]);
    expect(Object.keys(c.classical)).toEqual(['naive2', 'theta', 'ets', 'arima']);
    expect(r.evaluation!.verdict).toContain(`Best of all on the last 1 test window: ${c.best}`);
    // the interval bounds hold the forecast, the 95% band holds the 80% band
    const [i80, i95] = r.future!.intervals;
    r.future!.mean.forEach((v, h) => {
      expect(i80.lower[h]).toBeLessThanOrEqual(v);
      expect(i80.upper[h]).toBeGreaterThanOrEqual(v);
      expect(i95.lower[h]).toBeLessThanOrEqual(i80.lower[h]);
      expect(i95.upper[h]).toBeGreaterThanOrEqual(i80.upper[h]);
    });
  });

  it('never reads the test part for training, transforms or intervals; is deterministic for a seed; forecasts again from its saved members', async () => {
    const y = airline(200, 5);
    const config = { ...small, recipe: { ensemble: 2, windowsPerEpoch: 64, refit: false } };
    const a = await runForecast({ time: null, target: y, features: [], seasonLength: 12 }, config);
    // the same run again: identical; another seed: different
    const b = await runForecast({ time: null, target: y, features: [], seasonLength: 12 }, config);
    expect(b.future!.mean).toEqual(a.future!.mean);
    expect(b.history.loss).toEqual(a.history.loss);
    const c = await runForecast(
      { time: null, target: y, features: [], seasonLength: 12 },
      { ...config, seed: 7 },
    );
    expect(c.future!.mean).not.toEqual(a.future!.mean);
    // change every value of the test part: training, transforms and calibration are untouched
    const { valEnd, trainEnd } = a.data.bounds;
    expect([trainEnd, valEnd]).toEqual([140, 170]);
    expect(a.test!.origins[0]).toBe(valEnd - 1);
    expect(a.test!.origins.every((t) => t + 1 >= valEnd && t + 12 < 200)).toBe(true);
    const changed = y.map((v, t) => (t >= valEnd ? v * 3 + 50 : v));
    const d = await runForecast({ time: null, target: changed, features: [], seasonLength: 12 }, config);
    expect(d.history.loss).toEqual(a.history.loss);
    expect(d.recipe!.transforms).toEqual(a.recipe!.transforms);
    const savedA = a.saved as RecipeForecaster;
    const savedD = d.saved as RecipeForecaster;
    expect(savedD.intervals.halfWidths).toEqual(savedA.intervals.halfWidths);
    expect(savedD.state).toEqual(savedA.state);
    // the validation windows calibrate: they lie in [trainEnd, valEnd)
    expect(savedA.intervals.calibrationWindows).toBe(valEnd - trainEnd - 12 + 1);
    // the saved ensemble forecasts the same again
    const again = await forecastAgain(a.saved, { time: null, target: y, features: [], seasonLength: 12 });
    again.mean.forEach((v, h) => expect(v).toBeCloseTo(a.future!.mean[h], 4));
  });

  it('combined with the classical methods, forecasts their median with the networks, banded by the combination’s own errors', async () => {
    const y = airline(120, 5);
    const series = { time: null, target: y, features: [], seasonLength: 12 };
    const recipe = { ensemble: 2, windowsPerEpoch: 64, refit: false };
    const alone = await runForecast(series, { ...small, recipe });
    const both = await runForecast(series, { ...small, recipe: { ...recipe, combine: true } });
    expect(alone.recipe!.combined).toBe(false);
    expect(both.recipe!.combined).toBe(true);
    // the same networks (same seed): the combination is their forecast's median with ETS and AutoARIMA
    expect(both.history.loss).toEqual(alone.history.loss);
    const expected = combinedFuture(y, alone.future!.mean, 12);
    both.future!.mean.forEach((v, h) => expect(v).toBeCloseTo(expected[h], 9));
    // calibrated on the combination's errors in the validation windows, topped up to COMBINED_CALIBRATION windows
    // with the classical methods' median in earlier windows of the training part
    const savedAlone = alone.saved as RecipeForecaster;
    const savedBoth = both.saved as RecipeForecaster;
    const { trainEnd, valEnd } = both.data.bounds;
    const valWindows = valEnd - trainEnd - 12 + 1;
    expect(valWindows).toBeLessThan(COMBINED_CALIBRATION);
    expect(savedAlone.intervals.calibrationWindows).toBe(valWindows);
    expect(savedBoth.intervals.calibrationWindows).toBe(COMBINED_CALIBRATION);
    expect(both.recipe!.calibration).toContain(
      `the combined forecast in ${valWindows} validation window(s) the networks never trained on and of the classical methods' median in ${COMBINED_CALIBRATION - valWindows} window(s) of the training part`,
    );
    expect(savedBoth.intervals.halfWidths).not.toEqual(savedAlone.intervals.halfWidths);
    // nothing after the validation part calibrates: change the test part and the widths stay
    const changed = y.map((v, t) => (t >= valEnd ? v * 3 + 50 : v));
    const other = await runForecast(
      { ...series, target: changed },
      { ...small, recipe: { ...recipe, combine: true } },
    );
    expect((other.saved as RecipeForecaster).intervals.halfWidths).toEqual(savedBoth.intervals.halfWidths);
    // the bands are those widths around the combined forecast, in the model space
    const state = savedBoth.state;
    const positions = both.future!.index;
    const zc = modelSpaceAt(state, positions, both.future!.mean);
    both.future!.intervals.forEach((band, l) => {
      const hw = savedBoth.intervals.halfWidths[l];
      const lower = fromModelSpace(
        state,
        positions,
        zc.map((v, h) => v - hw[h]),
      );
      const upper = fromModelSpace(
        state,
        positions,
        zc.map((v, h) => v + hw[h]),
      );
      band.lower.forEach((v, h) => expect(v).toBeCloseTo(lower[h], 6));
      band.upper.forEach((v, h) => expect(v).toBeCloseTo(upper[h], 6));
    });
    // the test coverage is the combination's, on the compared windows: a multiple of one over their points
    const points = both.evaluation!.competitors!.origins.length * 12;
    expect(points).toBeLessThan(both.test!.origins.length * 12);
    both.evaluation!.intervalCoverage.forEach((c) =>
      expect(Math.abs(c * points - Math.round(c * points))).toBeLessThan(1e-9),
    );
    // the members stay the networks' own; the competitors table scores the combination and the networks alone
    expect(both.future!.members).toEqual(alone.future!.members);
    expect(both.evaluation!.competitors!.ensembleAlone).toEqual(alone.evaluation!.competitors!.model);
    expect(alone.evaluation!.competitors!.ensembleAlone).toBeNull();
    // a saved combined forecaster combines again, with the same bands
    const again = await forecastAgain(both.saved, series);
    again.mean.forEach((v, h) => expect(v).toBeCloseTo(both.future!.mean[h], 4));
    again.intervals[1].upper.forEach((v, h) => expect(v).toBeCloseTo(both.future!.intervals[1].upper[h], 3));
    // it keeps what it combines; one saved before the list was kept combined ETS, Theta and AutoARIMA
    expect(savedBoth.combinedWith).toEqual(['ets', 'arima']);
    expect(savedAlone.combinedWith).toEqual([]);
    const { combinedWith: _kept, ...legacy } = savedBoth;
    const old = await forecastAgain(legacy, series);
    const four = combinedFuture(y, alone.future!.mean, 12, LEGACY_COMBINED_METHODS);
    old.mean.forEach((v, h) => expect(v).toBeCloseTo(four[h], 4));
    expect(old.mean).not.toEqual(again.mean);
  });

  it('refits on the whole series for the forecast past the end, keeping the first ensemble’s scores', async () => {
    const y = airline(120, 9);
    const r = await runForecast({ time: null, target: y, features: [], seasonLength: 12 }, small);
    expect(r.message).toMatch(/trained again on the whole series/);
    expect(r.history.epochsRun).toBe(2 * 2 * 2);
    expect((r.saved as RecipeForecaster).state.fittedLength).toBe(120);
  });
});

describe('the Auto setup', () => {
  it('puts its rolling origins inside the training + validation part', () => {
    const folds = searchFolds(170, 12);
    expect(folds).toEqual([
      { trainEnd: 134, end: 146 },
      { trainEnd: 146, end: 158 },
      { trainEnd: 158, end: 170 },
    ]);
    expect(folds.every((f) => f.end <= 170 && f.end - f.trainEnd === 12)).toBe(true);
    expect(searchFolds(40, 12)).toEqual([{ trainEnd: 28, end: 40 }]);
    expect(() => searchFolds(30, 12)).toThrow(/3 × horizon \+ 2 = 38/);
  });

  it('searches cell, lookback, transforms and ensemble size without reading the test part, and trains the best', async () => {
    const y = airline(120, 4);
    const config: ForecastConfigInput = {
      ...small,
      epochs: 1,
      recipe: { ensemble: 2, windowsPerEpoch: 32, refit: false, auto: true },
    };
    const a = await runForecast({ time: null, target: y, features: [], seasonLength: 12 }, config);
    const s = a.search!;
    expect(s.folds.every((f) => f.end <= a.data.bounds.valEnd)).toBe(true);
    expect(s.rows).toHaveLength(16);
    expect(new Set(s.rows.map((r) => r.cell))).toEqual(new Set(['lstm', 'gru']));
    expect(new Set(s.rows.map((r) => r.ensemble))).toEqual(new Set([1, 3]));
    expect(s.classical.map((c) => c.method)).toEqual(['Naive2', 'Theta', 'ETS', 'AutoARIMA']);
    const best = s.rows[s.best];
    expect(s.rows.every((r) => r.score >= best.score)).toBe(true);
    expect(a.config.cell).toBe(best.cell);
    expect(a.recipe!.ensemble.members).toBe(best.ensemble);
    expect(a.evaluation!.verdict.startsWith(s.summary)).toBe(true);
    expect(s.summary).toMatch(
      s.beatsClassical ? /chose/ : /No RNN configuration beats the best classical method/,
    );
    const changed = y.map((v, t) => (t >= a.data.bounds.valEnd ? -v : v));
    const b = await runForecast({ time: null, target: changed, features: [], seasonLength: 12 }, config);
    expect(b.search!.rows).toEqual(s.rows);
  });
});

describe('the Auto summary', () => {
  it('says, when no network beats the classical methods, that a combined run is scored as the combination', async () => {
    // a straight line: ETS and AutoARIMA forecast it exactly, no network in one epoch does
    const y = Array.from({ length: 80 }, (_, t) => 10 + 0.5 * t);
    const recipe = { ensemble: 1, windowsPerEpoch: 16, auto: true };
    const config = (combine: boolean) => {
      const parsed = ForecastConfigSchema.parse({ ...small, epochs: 1, horizon: 6, lookback: 12 });
      return { ...parsed, recipe: RecipeSettingsSchema.parse({ ...recipe, combine }) };
    };
    const combined = await autoSearch(y, 68, 1, config(true));
    expect(combined.beatsClassical).toBe(false);
    expect(combined.summary).toMatch(
      /the competitors table scores the combination and the networks alone\.$/,
    );
    const alone = await autoSearch(y, 68, 1, config(false));
    expect(alone.summary).toMatch(/The test numbers below are for that RNN\.$/);
  });
});

describe('interval widths and the classical competitors', () => {
  it('pools residuals over the horizon (scaled by √step) when few windows calibrate', () => {
    const actual = [[1, 2, 3, 4]];
    const predicted = [[0, 0, 0, 0]];
    const hw = modelSpaceHalfWidths(actual, predicted, [0.5])!;
    // pooled |r| / √(h+1): 1, 1.414, 1.732, 2 -> k = ceil(5 · 0.5) = 3rd smallest = 1.732
    expect(hw[0][0]).toBeCloseTo(Math.sqrt(3), 9);
    expect(hw[0][3]).toBeCloseTo(Math.sqrt(3) * 2, 9);
    // a residual that is not finite is left out: 1, 1.414, 2 -> k = ceil(4 · 0.5) = 2nd smallest
    const partial = modelSpaceHalfWidths(actual, [[0, 0, Number.NaN, 0]], [0.5])!;
    expect(partial[0][0]).toBeCloseTo(Math.sqrt(2), 9);
    expect(
      modelSpaceHalfWidths(actual, [[Number.NaN, Number.NaN, Number.NaN, Number.NaN]], [0.5]),
    ).toBeNull();
    expect(modelSpaceHalfWidths([], [], [0.5])).toBeNull();
  });

  it('spreads calibration windows evenly, always with the last', () => {
    expect(spreadOrigins([3, 4, 5], 12)).toEqual([3, 4, 5]);
    const many = Array.from({ length: 100 }, (_, i) => i + 10);
    const s = spreadOrigins(many, 12);
    expect(s).toHaveLength(12);
    expect(s[0]).toBe(10);
    expect(s[11]).toBe(109);
    expect(new Set(s).size).toBe(12);
    s.slice(1).forEach((t, i) => expect(t - s[i]).toBeGreaterThanOrEqual(8));
  });

  it('takes values at any positions to the model space and back exactly', () => {
    const y = airline(144);
    const t = chooseRecipeTransforms(y.slice(0, 100), 12, { boxCox: 'auto', deseasonalise: 'auto' }, true);
    const state = fitRecipeState(y, 100, 12, t, 12);
    const z = toModelSpace(state, y);
    const positions = [5, 99, 130, 150, 151];
    const values = [120, 300, 410, 380, 395];
    const at = modelSpaceAt(state, positions, values);
    fromModelSpace(state, positions, at).forEach((v, i) => expect(v).toBeCloseTo(values[i], 9));
    // the same as the whole series' transform where they overlap
    expect(modelSpaceAt(state, [7, 120], [y[7], y[120]])).toEqual(
      [z[7], z[120]].map((v) => expect.closeTo(v, 12)),
    );
    // a value a Box-Cox transform cannot take is NaN, not an error
    expect(t.boxCox).not.toBeNull();
    expect(modelSpaceAt(state, [10, 11], [-5, 0]).every(Number.isNaN)).toBe(true);
  });

  it('compares the last windows, one horizon apart, and names the best of all', () => {
    expect(comparedOrigins([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 3)).toEqual([11, 14, 17, 20]);
    expect(comparedOrigins([10, 11], 5)).toEqual([11]);
    const target = airline(120, 2);
    const origins = [95, 107];
    const exact = origins.map((t) => target.slice(t + 1, t + 13));
    const c = compareWithClassical({
      target,
      origins,
      modelPred: exact,
      horizon: 12,
      seasonLength: 12,
      scale: 1,
      modelLabel: 'LSTM ensemble',
    });
    expect(c.model.mase).toBe(0);
    expect(c.best).toBe('LSTM ensemble');
    expect(c.verdict).toMatch(/^Best of all on the last 2 test windows: LSTM ensemble/);
    const bad = compareWithClassical({
      target,
      origins,
      modelPred: exact.map((row) => row.map((v) => v * 2)),
      horizon: 12,
      seasonLength: 12,
      scale: 1,
      modelLabel: 'LSTM ensemble',
    });
    expect(bad.best).not.toBe('LSTM ensemble');
    expect(bad.verdict).toContain(`: ${bad.best} (MASE`);
    expect(bad.ensembleAlone).toBeNull();
  });

  it('combines the networks with ETS and AutoARIMA by their median per step, keeping the networks alone', () => {
    expect(COMBINED_METHODS).toEqual(['ets', 'arima']);
    expect(COMBINED_WITH).toBe('ETS and AutoARIMA');
    expect(medianForecast([[[1, 10]], [[2, 40]], [[4, 20]], [[3, 30]]])).toEqual([[2.5, 25]]);
    expect(medianForecast([[[5]], [[1]], [[3]]])).toEqual([[3]]);
    const target = airline(120, 2);
    const origins = [95, 107];
    const doubled = origins.map((t) => target.slice(t + 1, t + 13).map((v) => v * 2));
    const args = {
      target,
      origins,
      modelPred: doubled,
      horizon: 12,
      seasonLength: 12,
      scale: 1,
      modelLabel: 'LSTM ensemble + ETS and AutoARIMA (median)',
    };
    const alone = compareWithClassical(args);
    const combined = compareWithClassical({ ...args, combine: true });
    expect(combined.ensembleAlone).toEqual(alone.model);
    const c = combined.predicted;
    const expected = medianForecast([doubled, c.ets, c.arima]);
    // the median of three is the middle forecast at each step; Theta is scored but not combined
    expected.forEach((row, i) =>
      row.forEach((v, h) => expect([doubled[i][h], c.ets[i][h], c.arima[i][h]]).toContain(v)),
    );
    const actual = origins.map((t) => target.slice(t + 1, t + 13));
    expect(combined.model).toEqual(computeMetrics(actual, expected, 1));
    // a forecast twice the data is far off; the median with two close classical forecasts is not
    expect(combined.model.mase!).toBeLessThan(alone.model.mase! / 2);
    expect(combined.verdict).toMatch(/The networks alone score MASE [\d.]+\.$/);
    // past the end: the median of the networks' forecast and the classical methods fitted on the whole series
    const f = classicalForecasts(target, 12, 12);
    const future = combinedFuture(target, doubled[1], 12);
    expect(future).toEqual(medianForecast([[doubled[1]], [f.ets.mean], [f.arima.mean]])[0]);
    // from an earlier origin, without the networks: the classical methods alone, fitted on the values up to it
    const before = classicalForecasts(target.slice(0, 96), 12, 12);
    const classicalOnly = combinedFrom(target, 95, null, 12, 12);
    classicalOnly.forEach((v, h) =>
      expect(v).toBeCloseTo((before.ets.mean[h] + before.arima.mean[h]) / 2, 9),
    );
  });

  it('reads payloads saved before competitors and the recipe existed', () => {
    const metrics = { mae: 1, rmse: 1, mape: 1, smape: 1, mase: 1, count: 1 };
    const old = ForecastScoresSchema.parse({
      model: metrics,
      baselines: { naive: metrics, seasonalNaive: metrics, drift: metrics },
      verdict: 'x',
      maseScale: 1,
      intervalCoverage: [0.8, 0.95],
    });
    expect(old.competitors).toBeNull();
    expect(ForecastPredictionsSchema.parse({}).recipe).toBeNull();
    // saved before the combination existed: the networks alone
    const competitors = ForecastScoresSchema.parse({
      model: metrics,
      baselines: { naive: metrics, seasonalNaive: metrics, drift: metrics },
      verdict: 'x',
      maseScale: 1,
      intervalCoverage: [0.8, 0.95],
      competitors: {
        origins: [1],
        model: metrics,
        baselines: { naive: metrics, seasonalNaive: metrics, drift: metrics },
        classical: Object.fromEntries(
          ['naive2', 'theta', 'ets', 'arima'].map((k) => [k, { model: k, metrics }]),
        ),
        predicted: Object.fromEntries(['naive2', 'theta', 'ets', 'arima'].map((k) => [k, [[1]]])),
        metric: 'MASE',
        best: 'x',
        verdict: 'x',
      },
    }).competitors;
    expect(competitors!.ensembleAlone).toBeNull();
    expect(RecipeSettingsSchema.parse({}).combine).toBe(false);
    expect(proposedRecipe().combine).toBe(true);
  });
});
