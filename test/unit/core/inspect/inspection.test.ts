import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { inspectChallengeRun, inspectForecaster } from '../../../../src/core/inspect';
import { experimentFromChallengeRecord } from '../../../../src/core/inspect/challengeExperiment';
import { runChallengeCell } from '../../../../src/core/inspect/challenge';
import { forecastInspectionInputs } from '../../../../src/core/inspect/forecastInputs';
import { runForecast } from '../../../../src/core/model/forecastPipeline';
import { packWeightsFile } from '../../../../src/core/model/weightsFile';

describe('inspection of a saved forecaster', () => {
  it('rebuilds its test windows, traces one, and measures saturation and memory without leaking tensors', async () => {
    await tf.setBackend('cpu');
    const target = Array.from({ length: 160 }, (_, i) => Math.sin((2 * Math.PI * i) / 12) + 0.01 * i);
    const series = { time: null, target, features: [], seasonLength: 12 };
    const result = await runForecast(series, {
      cell: 'lstm',
      units: 8,
      lookback: 16,
      horizon: 4,
      epochs: 2,
      backend: 'cpu',
      seed: 3,
    });
    expect(result.saved).not.toBeNull();
    const weights = packWeightsFile(result.saved!);

    const before = tf.memory().numTensors;
    const inputs = forecastInspectionInputs(weights, series);
    expect(inputs.test.xShape[0]).toBe(result.test!.origins.length);
    expect(Array.from(inputs.test.origins)).toEqual(result.test!.origins);
    const stages: string[] = [];
    const inspection = await inspectForecaster(inputs, {
      maxWindows: 8,
      onProgress: (_f, stage) => stages.push(stage),
    });
    inputs.model.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const last = result.test!.origins.length - 1;
    expect(inspection.window.index).toBe(last);
    expect(inspection.window.values).toEqual(
      target.slice(result.test!.origins[last] - 15, result.test!.origins[last] + 1),
    );
    expect(inspection.trace.steps).toBe(16);
    expect(Object.keys(inspection.trace.layers[0].series).sort()).toEqual([
      'candidate',
      'cell',
      'forget',
      'hidden',
      'input',
      'output',
    ]);
    expect(inspection.trace.layers[0].series.forget).toHaveLength(16);
    expect(inspection.trace.layers[0].series.forget?.[0]).toHaveLength(8);
    expect(inspection.saturation.gates.map((g) => g.gate).sort()).toEqual(['forget', 'input', 'output']);
    expect(inspection.memory.saliency.lags).toHaveLength(16);
    expect(inspection.memory.effective.sentence.length).toBeGreaterThan(10);
    expect(stages).toContain('Context ablation');
    expect(JSON.parse(JSON.stringify(inspection))).toEqual(inspection);
  });

  it('inspects a memory-challenge network on its own task', async () => {
    await tf.setBackend('cpu');
    const settings = {
      units: 8,
      symbols: 4,
      prefix: 2,
      trainSize: 64,
      validationSize: 32,
      testSize: 32,
      epochs: 1,
      batchSize: 16,
      learningRate: 0.01,
      clipNorm: 1,
      stopAt: 0.99,
      data: 'fixed' as const,
      maxSteps: null,
      curriculum: false,
    };
    const record = await runChallengeCell('copy', 'gru', 4, { seed: 1, settings, keepModels: true });
    const input = experimentFromChallengeRecord(record, { settings, backend: 'cpu' });
    const inspection = await inspectChallengeRun(input.weights!, { maxWindows: 8 });
    expect(inspection.window.values).toHaveLength(2 + 4 + 1);
    expect(inspection.window.marks).toEqual([2]);
    // Forgetting times of the 8 GRU units, trained and freshly initialised (same spec and seed), on the same windows.
    const tc = inspection.timeConstants!;
    expect(tc.trained[0]).toMatchObject({ cell: 'gru', gate: 'update' });
    expect(tc.trained[0].steps).toHaveLength(8);
    expect(tc.initial![0].steps).toHaveLength(8);
    expect(tc.initLabel).toBe('forget bias 1');
    expect(tc.sentence).toMatch(
      /^After training, half the units forget within \d+ steps?; \d+ of 8 units? keeps? information/,
    );
    expect(Object.keys(inspection.trace.layers[0].series).sort()).toEqual([
      'candidate',
      'hidden',
      'reset',
      'update',
    ]);
  });
});
