import type { BaselineName } from '../../core/model/baselines';
import { BASELINE_LABELS, BASELINE_NAMES } from '../../core/model/baselines';
import type { ForecastEvaluation, FutureForecast, TestPredictions } from '../../core/model/forecastPipeline';
import type { ChartOption } from './EChart';
import type * as echarts from 'echarts';

const COLORS = {
  actual: '#5b6b82',
  model: '#3b6fe0',
  future: '#d9480f',
  band80: 'rgba(217,72,15,0.28)',
  band95: 'rgba(217,72,15,0.13)',
};
const BASELINE_COLORS: Record<BaselineName, string> = {
  naive: '#8c8c8c',
  seasonalNaive: '#2f9e44',
  drift: '#ae3ec9',
};

type Point = [number, number];

/** The fill of a prediction interval's band (and of its legend swatch): the wider band is the paler. */
export function bandColor(level: number): string {
  return level >= 0.9 ? COLORS.band95 : COLORS.band80;
}

/** The legend name of a prediction interval, e.g. "80% interval". */
export function intervalName(level: number): string {
  return `${Math.round(level * 100)}% interval`;
}

/**
 * A prediction interval drawn as a band: an invisible lower edge with the band's width stacked on it, at x(h) for
 * step h. Both series carry the band's colour: the legend takes its swatch from the first one.
 */
export function intervalBandSeries(
  level: number,
  x: (h: number) => number,
  lower: readonly number[],
  upper: readonly number[],
): echarts.LineSeriesOption[] {
  const color = bandColor(level);
  const edge = {
    type: 'line',
    name: intervalName(level),
    stack: `band${level}`,
    lineStyle: { opacity: 0 },
    showSymbol: false,
    color,
    silent: true,
    tooltip: { show: false },
  } as const;
  return [
    { ...edge, data: lower.map((v, h): Point => [x(h), v]) },
    { ...edge, data: upper.map((v, h): Point => [x(h), v - lower[h]]), areaStyle: { color } },
  ];
}

/**
 * The x span of the test part: from the first forecast target of the first test window to the last target of the
 * last window, which is where the data ends (whatever step ahead the chart shows). Null without test windows.
 */
export function testRegion(test: TestPredictions, useTime: boolean): [number, number] | null {
  const last = test.origins.length - 1;
  if (last < 0) return null;
  const horizon = test.predicted[last]?.length ?? 1;
  if (useTime && test.time) {
    const lastTimes = test.time[last];
    return [test.time[0][0], lastTimes[lastTimes.length - 1]];
  }
  return [test.origins[0] + 1, test.origins[last] + horizon];
}

/** Loss and validation loss per epoch, best epoch marked; runs without a validation loss (the recipe) show loss only. */
export function lossChartOption(
  loss: number[],
  valLoss: (number | null)[],
  bestEpoch: number | null,
  logScale = true,
): ChartOption {
  const epochs = loss.map((_, i) => i + 1);
  const validated = valLoss.some((v) => v !== null && Number.isFinite(v));
  return {
    grid: { left: 60, right: 20, top: 30, bottom: 40 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: validated ? ['loss', 'validation loss'] : ['loss'] },
    xAxis: { type: 'category', data: epochs, name: 'epoch', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: logScale ? 'log' : 'value', scale: true, name: 'MSE (scaled)' },
    series: [
      { type: 'line', name: 'loss', data: loss, showSymbol: loss.length < 60, color: COLORS.model },
      ...(validated ? [validationSeries(valLoss, bestEpoch)] : []),
    ],
  };
}

function validationSeries(valLoss: (number | null)[], bestEpoch: number | null) {
  return {
    type: 'line' as const,
    name: 'validation loss',
    data: valLoss,
    showSymbol: valLoss.length < 60,
    color: COLORS.future,
    markPoint:
      bestEpoch !== null && valLoss[bestEpoch] != null
        ? {
            symbol: 'pin',
            symbolSize: 36,
            data: [{ name: 'best', coord: [bestEpoch, valLoss[bestEpoch] as number], value: 'best' }],
          }
        : undefined,
  };
}

/** Mean absolute error per horizon step for the model and each baseline. */
export function horizonChartOption(evaluation: ForecastEvaluation, modelLabel: string): ChartOption {
  const steps = evaluation.perHorizon.model.mae.map((_, i) => `${i + 1}`);
  return {
    grid: { left: 60, right: 20, top: 30, bottom: 40 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: steps, name: 'steps ahead', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', name: 'MAE', scale: false },
    series: [
      {
        type: 'line',
        name: modelLabel,
        data: evaluation.perHorizon.model.mae,
        color: COLORS.model,
        lineStyle: { width: 2.5 },
      },
      ...BASELINE_NAMES.map((b) => ({
        type: 'line' as const,
        name: BASELINE_LABELS[b],
        data: evaluation.perHorizon.baselines[b].mae,
        color: BASELINE_COLORS[b],
        lineStyle: { type: 'dashed' as const },
      })),
    ],
  };
}

export interface ForecastChartInput {
  observed: { time: number[] | null; index: number[]; values: number[] };
  test: TestPredictions | null;
  future: FutureForecast | null;
  /** Which step ahead to show for the test part (1-based). */
  step: number;
  /** What made the test part's forecasts, for the legend ("LSTM ensemble", "LSTM ensemble alone"). */
  modelLabel: string;
  targetName: string;
}

/** History, test actual vs predicted (at one step ahead), and the future forecast with its intervals. */
export function forecastChartOption(input: ForecastChartInput): ChartOption {
  const { observed, test, future, step } = input;
  const useTime = observed.time !== null && (future?.time ?? null) !== null;
  const x = (i: number) => (useTime ? (observed.time as number[])[i] : observed.index[i]);
  const actual: Point[] = observed.values.map((v, i) => [x(i), v]);

  const predicted: Point[] = [];
  if (test) {
    const h = Math.min(Math.max(1, step), test.predicted[0]?.length ?? 1) - 1;
    test.origins.forEach((origin, w) => {
      const t = useTime && test.time ? test.time[w][h] : origin + 1 + h;
      predicted.push([t, test.predicted[w][h]]);
    });
  }
  const series: NonNullable<ChartOption['series']> = [
    {
      type: 'line',
      name: 'actual',
      data: actual,
      showSymbol: false,
      color: COLORS.actual,
      lineStyle: { width: 1.2 },
      sampling: 'lttb',
    },
    {
      type: 'line',
      name: `${input.modelLabel} (${step} step${step > 1 ? 's' : ''} ahead)`,
      data: predicted,
      showSymbol: false,
      color: COLORS.model,
      lineStyle: { width: 1.6 },
    },
  ];
  if (future) {
    const fx = (h: number) => (useTime ? (future.time as number[])[h] : future.index[h]);
    const last = actual[actual.length - 1];
    const mean: Point[] = [...(last ? [last] : []), ...future.mean.map((v, h): Point => [fx(h), v])];
    const sorted = [...future.intervals].sort((a, b) => b.level - a.level);
    for (const interval of sorted)
      series.push(...intervalBandSeries(interval.level, fx, interval.lower, interval.upper));
    series.push({
      type: 'line',
      name: 'forecast',
      data: mean,
      color: COLORS.future,
      lineStyle: { width: 2 },
      symbolSize: 4,
    });
  }
  const testSpan = test ? testRegion(test, useTime) : null;
  if (testSpan !== null && series[0]) {
    (series[0] as { markArea?: unknown }).markArea = {
      silent: true,
      itemStyle: { color: 'rgba(59,111,224,0.06)' },
      data: [[{ xAxis: testSpan[0], name: 'test' }, { xAxis: testSpan[1] }]],
      label: { position: 'insideTopLeft', color: '#7a869a' },
    };
  }
  const zoomStart = Math.max(0, 100 - (Math.min(actual.length, 600) / Math.max(1, actual.length)) * 100);
  return {
    grid: { left: 64, right: 24, top: 36, bottom: 64 },
    tooltip: { trigger: 'axis' },
    legend: {
      top: 0,
      data: [
        'actual',
        series[1].name as string,
        'forecast',
        ...(future?.intervals.map((i) => ({
          name: intervalName(i.level),
          icon: 'roundRect',
          itemStyle: { color: bandColor(i.level) },
        })) ?? []),
      ],
    },
    xAxis: { type: useTime ? 'time' : 'value', scale: true },
    yAxis: { type: 'value', scale: true, name: input.targetName },
    dataZoom: [
      { type: 'inside', start: zoomStart, end: 100 },
      { type: 'slider', height: 18, bottom: 12, start: zoomStart, end: 100 },
    ],
    series,
  };
}

/** Gradient norm per training step, before and after clipping, with the clip limit. */
export function gradientChartOption(before: number[], after: number[], clipNorm: number | null): ChartOption {
  const steps = before.map((_, i) => i + 1);
  return {
    grid: { left: 60, right: 20, top: 30, bottom: 60 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: steps, name: 'step', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'log', name: 'global norm' },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 8 }],
    series: [
      {
        type: 'line',
        name: 'before clipping',
        data: before,
        showSymbol: false,
        color: '#d9480f',
        sampling: 'lttb',
      },
      {
        type: 'line',
        name: 'after clipping',
        data: after,
        showSymbol: false,
        color: '#3b6fe0',
        sampling: 'lttb',
        markLine:
          clipNorm !== null
            ? {
                silent: true,
                symbol: 'none',
                data: [{ yAxis: clipNorm, name: 'clip' }],
                label: { formatter: `clip ${clipNorm}` },
              }
            : undefined,
      },
    ],
  };
}
