import { describe, expect, it } from 'vitest';
import type { Experiment, ExperimentOf } from '../../../../src/core/api';
import {
  checkRerun,
  compareForecastAccuracy,
  forecastGroups,
  forecastParameterCount,
  gradientNormPerEpoch,
  metricRows,
  settingsRows,
  skillVsSeasonalNaive,
  smoothCurve,
} from '../../../../src/core/experiments/compare';
import {
  ForecastRunConfigSchema,
  type ForecastScores,
  type PayloadInput,
} from '../../../../src/core/experiments';
import { compareItems } from '../../../../src/renderer/features/experiments/compare/compareItems';
import { forecastHeadline } from '../../../../src/core/experiments';
import { forecastInput, melodyInput, sampleInspection, storedExperiment } from '../../fixtures/experiments';

/** A stored forecast run on co2.csv (dataset 1). */
function run(
  patch: {
    config?: Partial<PayloadInput<'forecast', 'config'>>;
    metrics?: PayloadInput<'forecast', 'metrics'>;
    history?: PayloadInput<'forecast', 'history'>;
    predictions?: PayloadInput<'forecast', 'predictions'>;
    backend?: string;
    durationMs?: number;
  } = {},
  inspection: PayloadInput<'forecast', 'history'> extends never
    ? never
    : ReturnType<typeof sampleInspection> | null = null,
): ExperimentOf<'forecast'> {
  const e = storedExperiment(forecastInput({ datasetId: 1, ...patch, inspection: { latest: inspection } }), {
    datasetName: 'co2.csv',
  });
  return e;
}

const scoresOf = (mae: number, mase: number | null, snaiveMase: number | null): ForecastScores => ({
  model: { mae, rmse: mae * 1.2, mape: 5, smape: 5, mase, count: 24 },
  baselines: {
    naive: { mae: 9, rmse: 9, mape: 9, smape: 9, mase: 2, count: 24 },
    seasonalNaive: { mae: 8, rmse: 8, mape: 8, smape: 8, mase: snaiveMase, count: 24 },
    drift: { mae: 9, rmse: 9, mape: 9, smape: 9, mase: 2, count: 24 },
  },
  verdict: '',
  maseScale: 1,
  intervalCoverage: [0.75, 0.97],
});
const metricsOf = (mae: number, mase: number, snaiveMase: number) => {
  const scores = scoresOf(mae, mase, snaiveMase);
  return { headline: forecastHeadline(scores.model), scores };
};
const config = (c: Partial<PayloadInput<'forecast', 'config'>>) =>
  ForecastRunConfigSchema.parse({ target: 'value', ...c });

describe('settings side by side', () => {
  it('lists every setting with the differing rows marked and odd values standing out', () => {
    const base = {
      cell: 'lstm' as const,
      layers: 1,
      units: 32,
      lookback: 24,
      horizon: 12,
      learningRate: 0.001,
      split: { train: 0.7, val: 0.15, test: 0.15 },
      clipNorm: 1,
      features: [],
      target: 'CO2',
    };
    const rows = settingsRows([
      run({ config: base }),
      run({ config: { ...base, cell: 'gru' } }),
      run({ config: { ...base, clipNorm: null, lookback: 48 }, backend: 'cpu' }),
    ]);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(rows.slice(0, 4).map((r) => r.key)).toEqual(['run.kind', 'run.dataset', 'target', 'key']);
    expect(byKey.cell).toMatchObject({
      label: 'Cell',
      values: ['lstm', 'gru', 'lstm'],
      differs: true,
      standsOut: [false, true, false],
    });
    expect(byKey.clipNorm).toMatchObject({
      values: ['1', '1', 'none'],
      differs: true,
      standsOut: [false, false, true],
    });
    expect(byKey['split.train']).toMatchObject({
      label: 'Train share',
      values: ['0.7', '0.7', '0.7'],
      differs: false,
      standsOut: [false, false, false],
    });
    expect(byKey['run.backend']).toMatchObject({ differs: true, values: ['wasm', 'wasm', 'cpu'] });
    expect(byKey['run.parameters'].values).toEqual(['4748', '3660', '4748']);
    expect(byKey.learningRate.numbers).toEqual([0.001, 0.001, 0.001]);
    // The default gate initialisation, also what runs saved before the setting read as: forget bias 1.
    expect(byKey.gateInit).toMatchObject({
      label: 'Gate initialisation',
      values: ['forget bias 1', 'forget bias 1', 'forget bias 1'],
      differs: false,
    });
    const inits = settingsRows([
      run({ config: { gateInit: { kind: 'chrono', tMax: 48 } } }),
      run({ config: { gateInit: { kind: 'forget-bias', value: 2 } } }),
    ]).find((r) => r.key === 'gateInit');
    expect(inits).toMatchObject({ values: ['chrono, T_max 48', 'forget bias 2'], differs: true });
    // Two runs and two values: no majority, both stand out.
    const two = settingsRows([run({ config: { cell: 'lstm' } }), run({ config: { cell: 'gru' } })]).find(
      (r) => r.key === 'cell',
    )!;
    expect(two.standsOut).toEqual([true, true]);
  });

  it('counts trainable parameters like the model builder', () => {
    // LSTM 1×32 on 1 input: 4·32·(1 + 32 + 1) = 4352, dense head 32·12 + 12 = 396.
    expect(forecastParameterCount(config({ cell: 'lstm', layers: 1, units: 32, horizon: 12 }))).toBe(4748);
    // GRU 2×8 with 2 extra inputs: 3·8·(3 + 8 + 1) + 3·8·(8 + 8 + 1) = 288 + 408; head 8·3 + 3 = 27.
    expect(
      forecastParameterCount(config({ cell: 'gru', layers: 2, units: 8, horizon: 3, features: ['a', 'b'] })),
    ).toBe(723);
    expect(forecastParameterCount(config({ cell: 'rnn', layers: 1, units: 4, horizon: 1 }))).toBe(
      4 * (1 + 4 + 1) + 4 + 1,
    );
  });
});

describe('metrics side by side', () => {
  it('marks the best value per row and computes skill against seasonal naive', () => {
    const a = run({
      metrics: metricsOf(4, 0.8, 1.0),
      history: { loss: [1, 0.5], valLoss: [1.2, 0.6], bestEpoch: 1, epochsRun: 2 },
    });
    const b = run({
      metrics: metricsOf(2, 0.4, 1.0),
      history: { loss: [1, 0.7], valLoss: [1.1, 0.9], bestEpoch: 1, epochsRun: 2 },
      durationMs: 500,
    });
    const rows = Object.fromEntries(metricRows([a, b]).map((r) => [r.key, r]));
    expect(rows.mae).toMatchObject({ values: [4, 2], best: [1] });
    expect(rows.skill.values[0]).toBeCloseTo(0.2, 12);
    expect(rows.skill.values[1]).toBeCloseTo(0.6, 12);
    expect(rows.skill.best).toEqual([1]);
    expect(rows.bestValLoss).toMatchObject({ values: [0.6, 0.9], best: [0] });
    expect(rows.duration).toMatchObject({ values: [1, 0.5], best: [1] });
    // Coverage is best closest to its nominal level; ties and unranked rows mark nothing.
    expect(rows.coverage0).toMatchObject({ values: [0.75, 0.75], best: [] });
    expect(rows.epochsRun.best).toEqual([]);
    expect(rows.meanLogLikelihood).toBeUndefined();
    expect(rows.memorySaliency).toBeUndefined();
  });

  it('shows what the inspector measured when it was stored with a run', () => {
    const inspection = sampleInspection({
      saliencySteps: 18,
      ablationSteps: 24,
      gates: [
        { low: [0.1, 0.3], high: [0.2, 0] },
        { low: [0], high: [1] },
      ],
    });
    const rows = Object.fromEntries(metricRows([run({}, inspection), run({})]).map((r) => [r.key, r]));
    expect(rows.memorySaliency.values).toEqual([18, null]);
    expect(rows.memoryAblation.values).toEqual([24, null]);
    // Units: 0.1 + 0.2, 0.3 + 0, 0 + 1 -> mean 1.6 / 3.
    expect(rows.saturation.values[0]).toBeCloseTo(1.6 / 3, 12);
  });

  it('falls back to MAE for the skill when MASE is undefined', () => {
    expect(skillVsSeasonalNaive(scoresOf(6, null, null))).toBeCloseTo(1 - 6 / 8, 12);
    expect(skillVsSeasonalNaive(null)).toBeNull();
  });
});

describe('curves', () => {
  it('smooths like TensorBoard (debiased EMA), skipping gaps', () => {
    expect(smoothCurve([1, 2, 3], 0)).toEqual([1, 2, 3]);
    const s = smoothCurve([2, null, 4], 0.5);
    // First point: 0.5·2 / (1 - 0.5) = 2; third: (0.5·1 + 0.5·4) / (1 - 0.25) = 2.5 / 0.75.
    expect(s[0]).toBeCloseTo(2, 12);
    expect(s[1]).toBeNull();
    expect(s[2]).toBeCloseTo(2.5 / 0.75, 12);
  });

  it('takes the median gradient norm of each epoch', () => {
    const log = {
      clipNorm: null,
      before: [1, 3, 2, 10, 20],
      after: [1, 3, 2, 10, 20],
      clipped: [false, false, false, false, false],
      epoch: [0, 0, 0, 1, 1],
      variables: [],
      perEpoch: [],
      perEpochLayer: [],
      layers: [],
    };
    expect(gradientNormPerEpoch(log)).toEqual([2, 15]);
    expect(gradientNormPerEpoch(null)).toEqual([]);
  });
});

describe('forecast groups and the Diebold-Mariano test', () => {
  const windows = (offset: number, noise: (w: number) => number) => {
    const origins = Array.from({ length: 30 }, (_, w) => 100 + w + offset);
    const actual = origins.map((o) => [Math.sin(o), Math.sin(o + 1)]);
    return { origins, time: null, actual, predicted: actual.map((row, w) => row.map((v) => v + noise(w))) };
  };

  it('groups runs on the same series and tests them on their shared windows', () => {
    const good = run({
      config: { target: 'CO2' },
      predictions: { test: windows(0, (w) => 0.01 * Math.cos(w)) },
    });
    const bad = run({
      config: { target: 'CO2' },
      predictions: { test: windows(2, (w) => 0.5 + 0.1 * Math.sin(0.3 * w)) },
    });
    const other = run({ config: { target: 'temp' }, predictions: { test: windows(0, () => 0) } });
    const melody: Experiment = storedExperiment(melodyInput());
    const groups = forecastGroups(compareItems([good, bad, other, melody]));
    expect(groups.map((g) => [g.title, g.runs.map((r) => r.item.letter), g.commonHorizon])).toEqual([
      ['co2.csv · CO2', ['A', 'B'], 2],
      ['co2.csv · temp', ['C'], 2],
    ]);
    const outcome = compareForecastAccuracy(groups[0].runs[0], groups[0].runs[1], 1, 'squared');
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.result.n).toBe(28);
    expect(outcome.sentence).toMatch(
      /^A · LSTM 1×32 is significantly more accurate than B · LSTM 1×32 at the 5% level/,
    );
    const twoStep = compareForecastAccuracy(groups[0].runs[1], groups[0].runs[0], 2, 'absolute');
    expect(twoStep.ok && twoStep.result.horizon).toBe(2);
    expect(twoStep.ok && twoStep.sentence).toMatch(
      /^A · LSTM 1×32 is significantly more accurate than B · LSTM 1×32 .*2-step-ahead forecasts, absolute error/,
    );
  });
});

describe('re-run check', () => {
  const original = run({
    metrics: metricsOf(2, 0.5, 1),
    history: { loss: [1, 0.5], valLoss: [1.1, 0.6], epochsRun: 2 },
  });
  it('says identical when every metric and loss matches to the bit', () => {
    const check = checkRerun(original, structuredClone(original));
    expect(check.verdict).toBe('identical');
    expect(check.curvesEqual).toBe(true);
    expect(check.rows.find((r) => r.label === 'MASE')).toEqual({
      label: 'MASE',
      original: 0.5,
      rerun: 0.5,
      relativeDiff: 0,
    });
  });
  it('tells rounding-level differences from real ones', () => {
    const close = run({
      metrics: metricsOf(2 * (1 + 1e-9), 0.5, 1),
      history: { loss: [1, 0.5], valLoss: [1.1, 0.6], epochsRun: 2 },
    });
    expect(checkRerun(original, close).verdict).toBe('close');
    const different = run({
      metrics: metricsOf(2, 0.52, 1),
      history: { loss: [1, 0.55], valLoss: [1.1, 0.6], epochsRun: 2 },
    });
    const check = checkRerun(original, different);
    expect(check.verdict).toBe('different');
    expect(check.curvesEqual).toBe(false);
    // The largest difference is the final training loss: |0.5 - 0.55| / 0.55.
    expect(check.largestRelativeDiff).toBeCloseTo(0.05 / 0.55, 12);
  });
});
