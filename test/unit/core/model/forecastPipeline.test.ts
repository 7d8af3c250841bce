import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/data/errors';
import type { ForecastResult, SavedForecaster } from '../../../../src/core/model/forecastPipeline';
import { forecastAgain, loadForecaster, runForecast } from '../../../../src/core/model/forecastPipeline';
import { mulberry32, normal } from '../../../../src/core/model/random';
import type { ForecastConfigInput } from '../../../../src/core/model/spec';
import type { ForecastSeries } from '../../../../src/core/model/series';

const n = 240;
const rand = mulberry32(3);
/** Monthly noisy sine with a 12-step season. */
const sine: ForecastSeries = {
  time: Array.from({ length: n }, (_, t) => Date.UTC(2000, t, 1)),
  target: Array.from({ length: n }, (_, t) => 10 + 3 * Math.sin((2 * Math.PI * t) / 12) + 0.2 * normal(rand)),
  features: [],
  seasonLength: 12,
};
const config: ForecastConfigInput = {
  cell: 'rnn',
  backend: 'cpu',
  units: 12,
  lookback: 12,
  horizon: 4,
  epochs: 25,
  batchSize: 16,
  learningRate: 0.01,
  patience: 5,
  seed: 11,
};

let result: ForecastResult;
let leakedByRun: number;

beforeAll(async () => {
  const before = tf.memory().numTensors;
  result = await runForecast(sine, config);
  leakedByRun = tf.memory().numTensors - before;
});

function errorOf(fn: () => Promise<unknown>): Promise<ConfigError> {
  return fn().then(
    () => {
      throw new Error('expected a ConfigError');
    },
    (err: unknown) => {
      if (!(err instanceof ConfigError)) throw err;
      return err;
    },
  );
}

describe('runForecast', () => {
  it('learns a noisy sine wave well enough to beat naive on MASE, with no tensor left behind', () => {
    expect(leakedByRun).toBe(0);
    expect(result.status).toBe('completed');
    const e = result.evaluation!;
    expect(e.model.mase!).toBeLessThan(0.3 * e.baselines.naive.mase!);
    expect(e.model.mase!).toBeLessThan(1.2);
    expect(e.verdict).toMatch(/^SimpleRNN is \d+% (better|worse) than seasonal naive on MASE \(/);
    expect(e.perHorizon.model.mae).toHaveLength(4);
    expect(e.perHorizon.baselines.drift.rmse).toHaveLength(4);
  });

  it('scores model and baselines on the same test windows, in original units', () => {
    const { data, test, evaluation } = result;
    const e = evaluation!;
    expect(data.bounds).toEqual({ length: 240, firstValid: 0, trainEnd: 168, valEnd: 204 });
    expect(data.windows).toEqual({ train: 168 - 4 - 12 + 1, val: 36 - 4 + 1, test: 36 - 4 + 1 });
    expect(test!.origins[0]).toBe(203);
    expect(test!.actual[0]).toEqual(sine.target.slice(204, 208));
    expect(test!.time![0][0]).toBe(sine.time![204]);
    expect(e.model.count).toBe(33 * 4);
    expect(e.baselines.seasonalNaive.count).toBe(33 * 4);
    // the naive forecast from origin 203 repeats y[203]: its MAE over the test part, by hand
    let abs = 0;
    for (const t of test!.origins)
      for (let h = 1; h <= 4; h++) abs += Math.abs(sine.target[t + h] - sine.target[t]);
    expect(e.baselines.naive.mae).toBeCloseTo(abs / (33 * 4), 10);
    // predictions are levels around 10, not scaled values
    const mean = test!.predicted.flat().reduce((p, q) => p + q, 0) / (33 * 4);
    expect(mean).toBeGreaterThan(8);
    expect(mean).toBeLessThan(12);
  });

  it('forecasts the next horizon steps by calendar month with 80% and 95% intervals', () => {
    const f = result.future!;
    expect(f.index).toEqual([240, 241, 242, 243]);
    expect(f.time!.map((t) => new Date(t).toISOString().slice(0, 7))).toEqual([
      '2020-01',
      '2020-02',
      '2020-03',
      '2020-04',
    ]);
    expect(f.intervals.map((i) => i.level)).toEqual([0.8, 0.95]);
    f.mean.forEach((m, h) => {
      expect(f.intervals[0].lower[h]).toBeLessThanOrEqual(m);
      expect(f.intervals[1].lower[h]).toBeLessThanOrEqual(f.intervals[0].lower[h]);
      expect(f.intervals[1].upper[h]).toBeGreaterThanOrEqual(f.intervals[0].upper[h]);
    });
    expect(result.evaluation!.intervalCoverage[1]).toBeGreaterThan(0.5);
  });

  it('records history and a gradient norm for every step', () => {
    const { history, gradients } = result;
    expect(history.loss).toHaveLength(history.epochsRun);
    expect(history.valLoss).toHaveLength(history.epochsRun);
    expect(gradients.before).toHaveLength(history.epochsRun * Math.ceil(153 / 16));
    expect(gradients.clipNorm).toBe(1);
    gradients.after.forEach((a) => expect(a).toBeLessThanOrEqual(1 + 1e-5));
  });

  it('is JSON-serialisable apart from the weights ArrayBuffer', () => {
    const { saved, ...rest } = result;
    expect(JSON.parse(JSON.stringify(rest))).toEqual(rest);
    expect(saved!.model.weightData).toBeInstanceOf(ArrayBuffer);
    expect(saved!.model.weightData.byteLength).toBe(4 * (1 * 12 + 12 * 12 + 12 + 12 * 4 + 4));
  });

  it('gives identical metrics for the same data, config, seed and backend', async () => {
    const again = await runForecast(sine, config);
    expect(again.evaluation).toEqual(result.evaluation);
    expect(again.history).toEqual(result.history);
    expect(again.future).toEqual(result.future);
  });

  it('saves, loads and forecasts again without retraining, to the same numbers', async () => {
    const saved = result.saved!;
    const stored = JSON.parse(JSON.stringify({ ...saved, model: { ...saved.model, weightData: null } }));
    stored.model.weightData = new Uint8Array(saved.model.weightData); // as a BLOB comes back from SQLite
    const before = tf.memory().numTensors;
    const future = await forecastAgain(stored, sine);
    expect(tf.memory().numTensors).toBe(before);
    expect(future).toEqual(result.future);
    // a series that grew by one step forecasts from its new end
    const longer: ForecastSeries = {
      ...sine,
      time: [...sine.time!, Date.UTC(2020, 0, 1)],
      target: [...sine.target, 10],
    };
    const forecaster = await loadForecaster(saved);
    const next = await forecaster.forecast(longer);
    forecaster.dispose();
    expect(next.index[0]).toBe(241);
    expect(new Date(next.time![0]).toISOString().slice(0, 7)).toBe('2020-02');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses what it cannot load or forecast with typed errors', async () => {
    const bad = await errorOf(() => loadForecaster({ format: 'something else' }));
    expect(bad.code).toBe('INCOMPATIBLE_MODEL');
    expect(bad.message).toContain('train the model again');
    // a saved forecaster of either version names the first part that does not fit
    const badStep = await errorOf(() =>
      loadForecaster({ ...result.saved, timeStep: { unit: 'week', size: 1 } }),
    );
    expect(badStep.code).toBe('INCOMPATIBLE_MODEL');
    expect(badStep.message).toContain('(timeStep:');
    const badRecipe = await errorOf(() => loadForecaster({ format: 'rnn-lab.forecaster', version: 2 }));
    expect(badRecipe.code).toBe('INCOMPATIBLE_MODEL');
    expect(badRecipe.message).toMatch(/\(config: .*\): train the model again/);
    const wrongColumns = await errorOf(() =>
      forecastAgain(result.saved, { ...sine, features: [sine.target] }),
    );
    expect(wrongColumns.code).toBe('INCOMPATIBLE_MODEL');
    expect(wrongColumns.message).toContain('expects 0 extra feature column(s); this series has 1');
  });
});

describe('runForecast outcomes', () => {
  it('integrates differenced forecasts back to levels exactly', async () => {
    // a straight line: constant differences scale to 0, the untrained network outputs exactly 0, so
    // every forecast is last level + 2 per step
    const line: ForecastSeries = {
      time: null,
      target: Array.from({ length: 80 }, (_, t) => 5 + 2 * t),
      features: [],
      seasonLength: 1,
    };
    const r = await runForecast(line, { ...config, differencing: true, epochs: 2, lookback: 6, horizon: 3 });
    expect(r.data.bounds.firstValid).toBe(1);
    expect(r.scaler!.offset[0]).toBe(2);
    expect(r.test!.predicted[0]).toEqual(r.test!.actual[0]);
    expect(r.evaluation!.model.mae).toBe(0);
    expect(r.future!.mean).toEqual([5 + 2 * 80, 5 + 2 * 81, 5 + 2 * 82]);
    expect(r.future!.time).toBeNull();
  });

  it('trains stacked layers with seeded dropout reproducibly and without leaks', async () => {
    const stacked = { ...config, layers: 2, dropout: 0.3, units: 8, epochs: 3, patience: null };
    const before = tf.memory().numTensors;
    const a = await runForecast(sine, stacked);
    const b = await runForecast(sine, stacked);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.status).toBe('completed');
    expect(a.history.epochsRun).toBe(3);
    expect(b.history).toEqual(a.history);
    expect(b.evaluation).toEqual(a.evaluation);
    expect(a.gradients.layers).toEqual(['rnn_1', 'rnn_2', 'forecast']);
    // dropout is off when forecasting: the same window gives the same forecast twice
    expect(await forecastAgain(a.saved, sine)).toEqual(a.future);
  });

  it('stops when aborted and still evaluates the weights it kept', async () => {
    const controller = new AbortController();
    const withFeature: ForecastSeries = {
      ...sine,
      features: [sine.target.map((_, t) => Math.cos((2 * Math.PI * t) / 12))],
    };
    const before = tf.memory().numTensors;
    const r = await runForecast(withFeature, config, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.epoch === 1 && p.batch === 2) controller.abort();
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.status).toBe('stopped');
    expect(r.message).toMatch(
      /^Stopped at epoch 2, batch 4 of 10, as requested; kept the weights of epoch 1/,
    );
    expect(r.history.epochsRun).toBe(1);
    expect(r.evaluation).not.toBeNull();
    expect((r.saved as SavedForecaster).model.spec.features).toBe(2);
  });

  it('reports divergence with advice and no metrics when the learning rate is far too high', async () => {
    const before = tf.memory().numTensors;
    const r = await runForecast(sine, { ...config, optimizer: 'sgd', learningRate: 1e8, clipNorm: null });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.status).toBe('diverged');
    expect(r.message).toContain('Lower the learning rate (now 100000000) or turn on gradient clipping');
    expect(r.evaluation).toBeNull();
    expect(r.future).toBeNull();
    expect(r.saved).toBeNull();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('rejects bad settings and too-short series before training', async () => {
    const short = await errorOf(() =>
      runForecast({ ...sine, time: null, target: sine.target.slice(0, 20) }, config),
    );
    expect(short.code).toBe('SERIES_TOO_SHORT');
    const units = await errorOf(() => runForecast(sine, { ...config, units: 0 }));
    expect(units.code).toBe('INVALID_CONFIG');
    expect(units.field).toBe('units');
    const season = await errorOf(() => runForecast({ ...sine, seasonLength: 200 }, config));
    expect(season.code).toBe('SEASON_TOO_LONG');
  });
});
