import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { inspectForecaster } from '../../../../src/core/inspect';
import { forecastInspectionInputs } from '../../../../src/core/inspect/forecastInputs';
import { runForecast } from '../../../../src/core/model/forecastPipeline';
import { WindowSampler } from '../../../../src/core/model/global/sampler';
import { windowShapeOf } from '../../../../src/core/model/global/trainer';
import { deriveSeed } from '../../../../src/core/model/random';
import { fromModelSpace, recipeNetworkConfig, toModelSpace } from '../../../../src/core/model/recipe';
import { RecipeForecasterSchema } from '../../../../src/core/model/recipeForecast';
import { packWeightsFile, unpackWeightsFile } from '../../../../src/core/model/weightsFile';

const target = Array.from(
  { length: 150 },
  (_, i) => 20 + 0.1 * i + 3 * Math.sin((2 * Math.PI * i) / 12) + Math.cos(i * 1.7),
);
const series = { time: null, target, features: [], seasonLength: 12 };

async function recipeRun(refit: boolean) {
  await tf.setBackend('cpu');
  const result = await runForecast(series, {
    cell: 'lstm',
    units: 6,
    lookback: 16,
    horizon: 4,
    epochs: 2,
    batchSize: 16,
    backend: 'cpu',
    seed: 5,
    recipe: { ensemble: 2, windowsPerEpoch: 32, refit },
  });
  expect(result.status).toBe('completed');
  const weights = packWeightsFile(result.saved!);
  const saved = RecipeForecasterSchema.parse(unpackWeightsFile(weights));
  return { result, weights, saved };
}

describe('inspection of a recipe ensemble', () => {
  it("feeds a member the windows its sampler trained it on and the windows the run's test forecast read", async () => {
    const { result, weights, saved } = await recipeRun(false);
    const net = recipeNetworkConfig(saved.config, saved.config.recipe);
    const z = toModelSpace(saved.state, target);
    const trainEnd = saved.state.fittedLength;
    expect(trainEnd).toBe(result.data.bounds.trainEnd);

    const outputs: Float32Array[] = [];
    for (let member = 0; member < 2; member++) {
      const inputs = forecastInspectionInputs(weights, series, member);
      try {
        expect(inputs.member).toEqual({ index: member, count: 2 });
        expect(inputs.spec).toEqual(saved.members[member].spec);
        expect(inputs.lookback).toBe(saved.members[member].spec.lookback);
        expect(inputs.train.xShape.slice(1)).toEqual([inputs.lookback, net.patch]);
        // every training window the member's sampler draws is a row of the inspector's training windows
        const draws: number[] = [];
        const sampler = new WindowSampler([z.subarray(0, trainEnd)], windowShapeOf(net), {
          windowsPerEpoch: net.windowsPerEpoch,
          seed: deriveSeed(net.seed, 100 + member),
          onDraw: (d) => draws.push(d.origin),
        });
        const batch = sampler.batch(new Int32Array(40));
        const bx = batch.x.dataSync();
        const by = batch.y.dataSync();
        tf.dispose([batch.x, batch.y]);
        const rowX = inputs.lookback * net.patch;
        const first = inputs.train.origins[0];
        expect(Math.max(...inputs.train.origins)).toBeLessThanOrEqual(trainEnd - 1 - net.horizon);
        draws.forEach((origin, b) => {
          const r = origin - first;
          expect(inputs.train.origins[r]).toBe(origin);
          expect(Array.from(inputs.train.x.subarray(r * rowX, (r + 1) * rowX))).toEqual(
            Array.from(bx.subarray(b * rowX, (b + 1) * rowX)),
          );
          expect(Array.from(inputs.train.y.subarray(r * net.horizon, (r + 1) * net.horizon))).toEqual(
            Array.from(by.subarray(b * net.horizon, (b + 1) * net.horizon)),
          );
        });
        expect(Array.from(inputs.test.origins)).toEqual(result.test!.origins);
        const x = tf.tensor3d(inputs.test.x, inputs.test.xShape);
        const out = inputs.model.predict(x) as tf.Tensor;
        outputs.push(out.dataSync() as Float32Array);
        tf.dispose([x, out]);
      } finally {
        inputs.model.dispose();
      }
    }
    // the members' forecasts on these windows, level added and mapped back, are the run's test forecast
    const H = net.horizon;
    result.test!.origins.forEach((t, i) => {
      const med = Array.from(
        { length: H },
        (_, h) => z[t] + (outputs[0][i * H + h] + outputs[1][i * H + h]) / 2,
      );
      const back = fromModelSpace(
        saved.state,
        med.map((_, h) => t + 1 + h),
        med,
      );
      back.forEach((v, h) => expect(v).toBeCloseTo(result.test!.predicted[i][h], 3));
    });
  });

  it('inspects the chosen member of a default (refit) run and refuses a member the run does not have', async () => {
    const { weights, saved } = await recipeRun(true);
    expect(saved.state.fittedLength).toBe(target.length);
    const before = tf.memory().numTensors;
    const inputs = forecastInspectionInputs(weights, series, 1);
    const inspection = await inspectForecaster(inputs, { maxWindows: 6 });
    inputs.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(inspection.member).toEqual({ index: 1, count: 2 });
    expect(inspection.trace.steps).toBe(inputs.lookback);
    const origin = inspection.window.origin;
    const span = inputs.lookback * inputs.patch;
    expect(inspection.window.values).toEqual(target.slice(origin - span + 1, origin + 1));
    expect(inspection.memory.saliency.lags).toHaveLength(inputs.lookback);
    expect(() => forecastInspectionInputs(weights, series, 2)).toThrow(
      /has 2 member\(s\); choose a member from 1 to 2/,
    );
  });
});
