import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import type { FutureForecast, TestPredictions } from '../../../../src/core/model/forecastPipeline';
import {
  bandColor,
  forecastChartOption,
  lossChartOption,
  testRegion,
} from '../../../../src/renderer/charts/forecastCharts';

const H = 3;
const n = 30;
const observed = {
  time: null,
  index: Array.from({ length: n }, (_, i) => i),
  values: Array.from({ length: n }, (_, i) => Math.sin(i / 3)),
};
// Test windows with origins 19..26: the last window's targets are rows 27, 28, 29 (the end of the data).
const origins = Array.from({ length: 8 }, (_, w) => 19 + w);
const test: TestPredictions = {
  origins,
  time: null,
  actual: origins.map((o) => Array.from({ length: H }, (_, h) => observed.values[o + 1 + h])),
  predicted: origins.map((o) => Array.from({ length: H }, (_, h) => observed.values[o + 1 + h] + 0.1)),
};
const future: FutureForecast = {
  index: [30, 31, 32],
  time: null,
  mean: [0.1, 0.2, 0.3],
  intervals: [
    { level: 0.8, lower: [0, 0.1, 0.2], upper: [0.2, 0.3, 0.4] },
    { level: 0.95, lower: [-0.1, 0, 0.1], upper: [0.3, 0.4, 0.5] },
  ],
};

interface Drawn {
  type?: string;
  style?: { text?: string; fill?: unknown };
  parent?: Drawn | null;
  isGroup?: boolean;
  childrenRef?: () => Drawn[];
}

function descendants(el: Drawn): Drawn[] {
  const children = el.isGroup ? (el.childrenRef?.() ?? []) : [];
  return children.flatMap((c) => [c, ...descendants(c)]);
}

/**
 * The fill of the legend swatch drawn next to `label`: the shape in the same legend item as the label's text
 * (server-side render, the same drawing as on screen and in the exported PNG).
 */
function legendSwatch(chart: echarts.ECharts, label: string): unknown {
  const zr = chart.getZr() as unknown as { storage: { getDisplayList(update: boolean): Drawn[] } };
  const span = zr.storage.getDisplayList(true).find((el) => el.style?.text === label);
  expect(span, `legend item ${label}`).toBeDefined();
  const item = span?.parent?.parent;
  expect(item?.isGroup).toBe(true);
  const swatch = descendants(item as Drawn).find(
    (c) => !c.isGroup && c.type !== 'text' && c.type !== 'tspan' && c.style?.fill,
  );
  return swatch?.style?.fill;
}

describe('forecastChartOption', () => {
  it('draws the legend swatch of each interval in the colour of its band', () => {
    const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: 900, height: 400 });
    chart.setOption(
      forecastChartOption({ observed, test, future, step: 1, modelLabel: 'LSTM', targetName: 'y' }),
    );
    for (const level of [0.8, 0.95]) {
      const fill = legendSwatch(chart, `${Math.round(level * 100)}% interval`);
      expect(fill).toBe(bandColor(level));
    }
    expect(bandColor(0.8)).not.toBe(bandColor(0.95));
    chart.dispose();
  });

  it('shades the test part up to the end of the data, whatever step ahead is shown', () => {
    expect(testRegion(test, false)).toEqual([20, n - 1]);
    for (const step of [1, 2, 3]) {
      const option = forecastChartOption({
        observed,
        test,
        future,
        step,
        modelLabel: 'LSTM',
        targetName: 'y',
      });
      const first = (option.series as { markArea?: { data: [{ xAxis: number }, { xAxis: number }][] } }[])[0];
      const [[start, end]] = first.markArea!.data;
      expect([start.xAxis, end.xAxis]).toEqual([20, observed.index[n - 1]]);
    }
  });

  it('names the test part’s forecasts after what made them', () => {
    const names = (modelLabel: string, step: number) =>
      (
        forecastChartOption({ observed, test, future, step, modelLabel, targetName: 'y' }).series as {
          name: string;
        }[]
      ).map((s) => s.name);
    expect(names('LSTM ensemble alone', 1)).toContain('LSTM ensemble alone (1 step ahead)');
    expect(names('GRU', 3)).toContain('GRU (3 steps ahead)');
  });

  it('ends the test region at the last forecast time when the series has dates', () => {
    const day = 86_400_000;
    const timed: TestPredictions = { ...test, time: origins.map((o) => [1, 2, 3].map((h) => (o + h) * day)) };
    expect(testRegion(timed, true)).toEqual([20 * day, 29 * day]);
  });
});

describe('lossChartOption', () => {
  const names = (option: ReturnType<typeof lossChartOption>) =>
    (option.series as { name: string }[]).map((s) => s.name);

  it('shows the validation loss and its legend entry when the run has one', () => {
    const option = lossChartOption([1, 0.5, 0.4], [1.1, 0.6, 0.7], 1);
    expect(names(option)).toEqual(['loss', 'validation loss']);
    expect((option.legend as { data: string[] }).data).toEqual(['loss', 'validation loss']);
  });

  it('shows loss only for a run without validation loss, as the recipe trains', () => {
    const option = lossChartOption([1, 0.5, 0.4], [null, null, null], null);
    expect(names(option)).toEqual(['loss']);
    expect((option.legend as { data: string[] }).data).toEqual(['loss']);
  });
});
