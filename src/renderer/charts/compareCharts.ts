/** Chart options of the compare view: runs overlaid in their own colours (A, B, C, ...). */
import { formatSignificant } from '../../core/common/format';
import type { ChartOption } from './EChart';

export interface RunStyle {
  /** "A · LSTM 1×32" */
  label: string;
  color: string;
}

/** Axis and tooltip numbers: 4 significant digits. */
const fmtAxis = (v: number): string => formatSignificant(v, 4);

const MUTED = '#7a869a';
const GRID = { left: 64, right: 24, top: 40, bottom: 44 };

export interface CurveRun extends RunStyle {
  loss: (number | null)[];
  valLoss: (number | null)[];
  bestEpoch: number | null;
}

/**
 * Loss (solid) and validation loss (dashed) per epoch for each run, already smoothed by the caller; the best
 * epoch of each run is a dot on its validation curve.
 */
export function trainingCurvesOption(
  runs: CurveRun[],
  options: { logScale: boolean; show: 'both' | 'loss' | 'val' },
): ChartOption {
  const epochs = Math.max(1, ...runs.map((r) => Math.max(r.loss.length, r.valLoss.length)));
  const positive = (v: number | null) =>
    v !== null && Number.isFinite(v) && (!options.logScale || v > 0) ? v : null;
  const series: NonNullable<ChartOption['series']> = [];
  for (const r of runs) {
    if (options.show !== 'val') {
      series.push({
        type: 'line',
        name: r.label,
        data: r.loss.map((v, i) => [i + 1, positive(v)]),
        color: r.color,
        showSymbol: false,
        lineStyle: { width: 2 },
        connectNulls: false,
      });
    }
    if (options.show !== 'loss') {
      series.push({
        type: 'line',
        name: r.label,
        data: r.valLoss.map((v, i) => [i + 1, positive(v)]),
        color: r.color,
        showSymbol: false,
        lineStyle: { width: 2, type: options.show === 'both' ? 'dashed' : 'solid' },
        markPoint:
          r.bestEpoch !== null && positive(r.valLoss[r.bestEpoch] ?? null) !== null
            ? {
                symbol: 'circle',
                symbolSize: 9,
                itemStyle: { color: r.color, borderColor: '#fff', borderWidth: 1.5 },
                label: { show: false },
                data: [{ name: 'best', coord: [r.bestEpoch + 1, r.valLoss[r.bestEpoch] as number] }],
              }
            : undefined,
      });
    }
  }
  return {
    grid: GRID,
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? fmtAxis(v) : '—') },
    legend: { top: 0, type: 'scroll', data: runs.map((r) => r.label) },
    xAxis: {
      type: 'value',
      min: 1,
      max: epochs,
      minInterval: 1,
      name: 'epoch',
      nameLocation: 'middle',
      nameGap: 26,
    },
    yAxis: {
      type: options.logScale ? 'log' : 'value',
      scale: true,
      name:
        options.show === 'val'
          ? 'validation loss'
          : options.show === 'loss'
            ? 'training loss'
            : 'loss — solid: training, dashed: validation',
      nameTextStyle: { align: 'left' },
      axisLabel: { formatter: fmtAxis },
    },
    series,
  };
}

export interface ForecastOverlayRun extends RunStyle {
  /** [x, forecast] points at the chosen step ahead. */
  points: [number, number][];
}

/** The actual series over the test range (with some context before it) and each run's forecasts overlaid. */
export function forecastOverlayOption(input: {
  actual: [number, number][];
  testStart: number | null;
  runs: ForecastOverlayRun[];
  useTime: boolean;
  targetName: string;
  step: number;
}): ChartOption {
  return {
    grid: { ...GRID, bottom: 64 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? fmtAxis(v) : '—') },
    legend: { top: 0, type: 'scroll', data: ['actual', ...input.runs.map((r) => r.label)] },
    xAxis: { type: input.useTime ? 'time' : 'value', scale: true },
    yAxis: { type: 'value', scale: true, name: input.targetName, axisLabel: { formatter: fmtAxis } },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 10 }],
    series: [
      {
        type: 'line',
        name: 'actual',
        data: input.actual,
        color: MUTED,
        showSymbol: false,
        lineStyle: { width: 2.2 },
        z: 1,
        markArea:
          input.testStart !== null
            ? {
                silent: true,
                itemStyle: { color: 'rgba(120,130,150,0.07)' },
                label: { color: MUTED, position: 'insideTopLeft' },
                data: [
                  [
                    {
                      xAxis: input.testStart,
                      name: `test · ${input.step} step${input.step > 1 ? 's' : ''} ahead`,
                    },
                    { xAxis: 'max' },
                  ],
                ],
              }
            : undefined,
      },
      ...input.runs.map((r) => ({
        type: 'line' as const,
        name: r.label,
        data: r.points,
        color: r.color,
        showSymbol: false,
        lineStyle: { width: 1.6 },
        z: 2,
      })),
    ],
  };
}

/** Mean absolute error per horizon step for each run, with seasonal naive as a dashed reference. */
export function horizonOverlayOption(
  runs: (RunStyle & { mae: number[] })[],
  reference: { label: string; mae: number[] } | null,
): ChartOption {
  const steps = Math.max(1, ...runs.map((r) => r.mae.length), reference?.mae.length ?? 0);
  return {
    grid: GRID,
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? fmtAxis(v) : '—') },
    legend: { top: 0, type: 'scroll' },
    xAxis: {
      type: 'category',
      data: Array.from({ length: steps }, (_, i) => String(i + 1)),
      name: 'steps ahead',
      nameLocation: 'middle',
      nameGap: 26,
    },
    yAxis: { type: 'value', name: 'MAE', axisLabel: { formatter: fmtAxis } },
    series: [
      ...runs.map((r) => ({
        type: 'line' as const,
        name: r.label,
        data: r.mae,
        color: r.color,
        lineStyle: { width: 2.2 },
        symbolSize: 5,
      })),
      ...(reference
        ? [
            {
              type: 'line' as const,
              name: reference.label,
              data: reference.mae,
              color: MUTED,
              lineStyle: { type: 'dashed' as const, width: 1.5 },
              symbol: 'none',
            },
          ]
        : []),
    ],
  };
}

/** Median pre-clipping gradient norm per epoch for each run (log scale), with each clip norm marked. */
export function gradientOverlayOption(
  runs: (RunStyle & { perEpoch: number[]; clipNorm: number | null })[],
): ChartOption {
  const epochs = Math.max(1, ...runs.map((r) => r.perEpoch.length));
  const clips = [...new Set(runs.map((r) => r.clipNorm).filter((c): c is number => c !== null))];
  return {
    grid: GRID,
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? fmtAxis(v) : '—') },
    legend: { top: 0, type: 'scroll' },
    xAxis: {
      type: 'value',
      min: 1,
      max: epochs,
      minInterval: 1,
      name: 'epoch',
      nameLocation: 'middle',
      nameGap: 26,
    },
    yAxis: {
      type: 'log',
      name: 'gradient norm before clipping (median per epoch)',
      nameTextStyle: { align: 'left' },
      axisLabel: { formatter: fmtAxis },
    },
    series: runs.map((r, i) => ({
      type: 'line' as const,
      name: r.label,
      data: r.perEpoch.map((v, e) => [e + 1, Number.isFinite(v) && v > 0 ? v : null]),
      color: r.color,
      showSymbol: r.perEpoch.length < 40,
      symbolSize: 4,
      lineStyle: { width: 2 },
      markLine:
        i === 0 && clips.length
          ? {
              silent: true,
              symbol: 'none',
              lineStyle: { color: MUTED, type: 'dotted' },
              label: { formatter: 'clip {c}', color: MUTED, position: 'insideEndTop' },
              data: clips.map((c) => ({ yAxis: c })),
            }
          : undefined,
    })),
  };
}

export interface ParallelDimension {
  name: string;
  /** Category axes list their values; value axes may be logarithmic (learning rate). */
  categories?: string[];
  log?: boolean;
}

/**
 * Parallel coordinates of settings against a metric (the last axis): one line per run, coloured by the
 * metric (blue = better). `values[i]` follow `dimensions`; categories are given as their text.
 */
export function parallelOption(input: {
  dimensions: ParallelDimension[];
  runs: { label: string; values: (number | string | null)[]; metric: number | null; color?: string }[];
  metricName: string;
  lowerIsBetter: boolean;
}): ChartOption {
  const metrics = input.runs
    .map((r) => r.metric)
    .filter((m): m is number => m !== null && Number.isFinite(m));
  const min = metrics.length ? Math.min(...metrics) : 0;
  const max = metrics.length ? Math.max(...metrics) : 1;
  const many = input.runs.length > 12;
  return {
    grid: undefined,
    parallel: {
      left: 56,
      right: 130,
      top: 46,
      bottom: 36,
      parallelAxisDefault: {
        nameLocation: 'end',
        nameGap: 14,
        nameTextStyle: { fontSize: 11 },
        axisLabel: {
          fontSize: 10,
          formatter: (v: number | string) => (typeof v === 'number' ? fmtAxis(v) : v),
        },
      },
    },
    parallelAxis: input.dimensions.map((d, dim) =>
      d.categories
        ? { dim, name: d.name, type: 'category' as const, data: d.categories }
        : { dim, name: d.name, type: d.log ? ('log' as const) : ('value' as const), scale: true },
    ),
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => (p as { seriesName?: string; name?: string }).name ?? '',
    },
    visualMap: metrics.length
      ? {
          type: 'continuous',
          dimension: input.dimensions.length - 1,
          min,
          max: max > min ? max : min + 1,
          right: 6,
          top: 'middle',
          itemHeight: 160,
          text: [input.lowerIsBetter ? 'worse' : 'better', input.lowerIsBetter ? 'better' : 'worse'],
          calculable: true,
          precision: max - min < 1 ? 3 : max - min < 100 ? 2 : 0,
          // Blue is better, orange worse, whichever way the metric runs.
          inRange: {
            color: input.lowerIsBetter
              ? ['#2f6fd6', '#8fb0e8', '#f2c14e', '#e8590c']
              : ['#e8590c', '#f2c14e', '#8fb0e8', '#2f6fd6'],
          },
          textStyle: { fontSize: 11 },
        }
      : undefined,
    series: [
      {
        type: 'parallel',
        lineStyle: { width: many ? 1.2 : 2.5, opacity: many ? 0.45 : 0.9 },
        emphasis: { lineStyle: { width: 4, opacity: 1 } },
        data: input.runs.map((r) => ({
          name: r.label,
          value: [...r.values.slice(0, input.dimensions.length - 1), r.metric] as (number | string)[],
        })),
      },
    ],
  };
}
