import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExperimentInput } from '../../../../src/core/api';
import { parseCsv } from '../../../../src/core/data';
import { forecastAgainJob, forecastJob, planForecast } from '../../../../src/core/jobs/forecastJob';
import { initBackend } from '../../../../src/core/model/backend';

const sample = (name: string) =>
  parseCsv(new Uint8Array(fs.readFileSync(path.resolve(__dirname, '../../../../resources/samples', name))));

beforeAll(async () => {
  await initBackend('cpu');
});

describe('the forecast job', () => {
  it('proposes a setup from the data and applies the caller’s choices on top', () => {
    const table = sample('co2-concentration.csv');
    const plan = planForecast(table);
    expect(plan.extract).toMatchObject({ target: 'CO2', missing: 'interpolate' });
    expect(plan.seasonLength).toBe(12);
    expect(plan.config.differencing).toBe(false);
    expect(plan.config.recipe).toMatchObject({ boxCox: 'auto', deseasonalise: 'auto', ensemble: 5 });
    const chosen = planForecast(table, { config: { cell: 'gru', epochs: 3 }, seasonLength: 6 });
    expect(chosen.config).toMatchObject({ cell: 'gru', epochs: 3, lookback: plan.config.lookback });
    expect(chosen.seasonLength).toBe(6);
    expect(() => planForecast(table, { target: 'nope' })).toThrow(/nope/);
  });

  it('trains, scores and describes the run for saving; the same seed gives the same run; no tensor is left', async () => {
    const table = sample('co2-concentration.csv');
    const plan = planForecast(table, {
      config: { epochs: 2, units: 8, backend: 'cpu', engine: 'lab', recipe: { ensemble: 1 } },
    });
    const before = tf.memory().numTensors;
    const stages: string[] = [];
    let epochs = 0;
    const run = () =>
      forecastJob(
        {
          table,
          extract: plan.extract,
          seasonLength: plan.seasonLength,
          config: plan.config,
          dataset: { id: 3, name: 'co2.csv' },
        },
        { onStage: (s) => stages.push(s), onEpoch: () => epochs++ },
      );
    const first = await run();
    expect(tf.memory().numTensors).toBe(before);
    expect(first.outcome.status).toBe('completed');
    expect(first.outcome.weights).toBeInstanceOf(Uint8Array);
    // 2 epochs of the scoring ensemble, then 2 of the ensemble trained again on the whole series
    expect(epochs).toBe(4);
    expect(stages[0]).toBe('Reading the series');
    const experiment = ExperimentInput.parse(first.experiment);
    expect(experiment).toMatchObject({
      kind: 'forecast',
      datasetId: 3,
      config: { target: 'CO2', seasonLength: 12 },
    });
    expect(experiment.kind === 'forecast' && experiment.metrics.headline?.name).toBe('MASE');
    const second = await run();
    expect(second.outcome.history.loss).toEqual(first.outcome.history.loss);

    const future = await forecastAgainJob({
      table,
      extract: plan.extract,
      seasonLength: plan.seasonLength,
      weights: first.outcome.weights!,
    });
    expect(future.mean).toEqual(first.outcome.future!.mean);
  });

  it('stops when asked, keeping what it trained', async () => {
    const table = sample('co2-concentration.csv');
    const plan = planForecast(table, { config: { epochs: 50, units: 8, backend: 'cpu' } });
    const controller = new AbortController();
    const { outcome } = await forecastJob(
      { table, extract: plan.extract, seasonLength: plan.seasonLength, config: plan.config, dataset: null },
      { signal: controller.signal, onEpoch: () => controller.abort() },
    );
    expect(outcome.status).toBe('stopped');
    expect(outcome.history.epochsRun).toBe(1);
  });
});
