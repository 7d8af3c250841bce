import type {
  AttentionMap,
  ChallengeRecord,
  GradientHealth,
  InspectedWindow,
  Inspection,
  SaturationReport,
} from '../../core/inspect';
import { challengeInitName, challengeSeriesKey } from '../../core/inspect/challengeSettings';
import { downsampleGrid } from '../../core/inspect/downsampleGrid';
import {
  allSteps,
  timeConstantBinLabels,
  timeConstantHistogram,
  type TimeConstantReport,
} from '../../core/inspect/timeConstants';
import { CELL_LABELS, type CellType } from '../../core/model/spec';
import type { ChartOption } from './EChart';

/** Shared left/right margins so heatmaps line up with the input chart above them. */
const GRID = { left: 70, right: 90 };
const CELL_COLORS: Record<CellType, string> = { rnn: '#d9480f', lstm: '#3b6fe0', gru: '#2f9e44' };
const GATE_COLORS = ['#3b6fe0', '#d9480f', '#2f9e44', '#ae3ec9'];

/** Steps back from the window's end: -T+1 … 0. */
function lagLabels(steps: number): string[] {
  return Array.from({ length: steps }, (_, t) => String(t - steps + 1));
}

/** What the model saw in the inspected window, aligned with the heatmaps below. */
/** The colour scale at a heatmap's right edge: [min, max], its two end labels (top first) and its colours. */
function heatmapScale(range: readonly number[], text: [string, string], colors: string[]) {
  return {
    min: range[0],
    max: range[1],
    calculable: false,
    orient: 'vertical' as const,
    right: 8,
    top: 'middle',
    itemHeight: 90,
    precision: 2,
    text,
    textStyle: { fontSize: 10 },
    inRange: { color: colors },
  };
}

export function inputChartOption(window: InspectedWindow): ChartOption {
  const labels = lagLabels(window.values.length);
  return {
    grid: { ...GRID, top: 10, bottom: 24 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: labels, axisLabel: { show: false } },
    yAxis: { type: 'value', scale: true, name: window.label, nameGap: 8 },
    series: [
      {
        type: 'line',
        data: window.values,
        showSymbol: window.values.length <= 60,
        symbolSize: 4,
        color: '#5b6b82',
        markLine: window.marks.length
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { color: '#d9480f' },
              data: window.marks.map((m) => ({ xAxis: labels[m] })),
            }
          : undefined,
      },
    ],
  };
}

/** Plot margins of a gate heatmap (px): the grid's top + bottom, left + right. */
export const HEATMAP_MARGIN = { vertical: 36, horizontal: GRID.left + GRID.right } as const;

/**
 * The most cells a heatmap draws: echarts draws one rectangle per cell, about 20 µs each on the lab's reference
 * machine (112,500 cells took 2.3 s), so 5,000 keep a heatmap's paint to a task of about 100 ms.
 */
export const HEATMAP_MAX_CELLS = 5000;

/** A heatmap's option and, when its cells were merged to fit the pixels it has, a note saying how. */
export interface HeatmapChart {
  option: ChartOption;
  /** E.g. "each cell shows the most extreme of 4 steps × 2 units"; null when every value has its cell. */
  downsampled: string | null;
}

/**
 * A units x time heatmap of one gate or state (`series[t][u]`, steps × units). Gates (sigmoid) use 0..1, states
 * (tanh, cell) a symmetric range around 0. When there are more steps or units than the plot has pixels
 * (`plot`, in CSS px), or more cells than {@link HEATMAP_MAX_CELLS}, blocks of neighbouring cells are merged keeping
 * their value furthest from the colour scale's middle and the overall extremes, so spikes stay visible and the
 * scale still spans the full data ({@link downsampleGrid}).
 */
export function heatmapChart(
  series: number[][],
  kind: 'gate' | 'state',
  plot: { width: number; height: number } = { width: Infinity, height: Infinity },
): HeatmapChart {
  const steps = series.length;
  const units = series[0]?.length ?? 0;
  // At most one cell per pixel, and at most HEATMAP_MAX_CELLS cells, fewer steps and units alike.
  let maxSteps = Math.min(steps, plot.width);
  let maxUnits = Math.min(units, plot.height);
  const excess = Math.sqrt((maxSteps * maxUnits) / HEATMAP_MAX_CELLS);
  if (excess > 1) {
    maxSteps = Math.max(1, Math.floor(maxSteps / excess));
    maxUnits = Math.max(1, Math.floor(maxUnits / excess));
  }
  const grid = downsampleGrid(series, maxSteps, maxUnits, kind === 'gate' ? 0.5 : 0);
  const { rowBlock: stepBlock, colBlock: unitBlock } = grid;
  const data: [number, number, number][] = [];
  for (let t = 0; t < grid.rows; t++) for (let u = 0; u < grid.cols; u++) data.push([t, u, grid.cells[t][u]]);
  const absMax = Math.max(Math.abs(grid.min), Math.abs(grid.max));
  const range = kind === 'gate' ? [0, 1] : [-Math.max(1e-6, absMax), Math.max(1e-6, absMax)];
  const merged = stepBlock > 1 || unitBlock > 1;
  const span = (first: number, block: number, count: number, offset: number) => {
    const last = Math.min(count, first + block) - 1;
    return last > first ? `${first + offset}…${last + offset}` : String(first + offset);
  };
  const steps0 = 1 - steps;
  return {
    downsampled: merged
      ? `each cell shows the most extreme of ${stepBlock} step${stepBlock > 1 ? 's' : ''} × ${unitBlock} unit${unitBlock > 1 ? 's' : ''}`
      : null,
    option: {
      grid: { ...GRID, top: 8, bottom: 28 },
      tooltip: {
        formatter: (p: unknown) => {
          const [b, c, v] = (p as { value: [number, number, number] }).value;
          const where = `step ${span(b * stepBlock, stepBlock, steps, steps0)} · unit ${span(c * unitBlock, unitBlock, units, 0)}`;
          return `${where}: ${v.toFixed(3)}${merged ? ' (most extreme of the block)' : ''}`;
        },
      },
      xAxis: {
        type: 'category',
        data: Array.from({ length: grid.rows }, (_, b) => String(b * stepBlock + steps0)),
        name: 'step',
        nameGap: 4,
        splitArea: { show: false },
      },
      yAxis: {
        type: 'category',
        data: Array.from({ length: grid.cols }, (_, c) => String(c * unitBlock)),
        name: 'unit',
        axisLabel: { interval: Math.max(0, Math.ceil(grid.cols / 8) - 1) },
      },
      visualMap: heatmapScale(
        range,
        kind === 'gate' ? ['open 1', 'closed 0'] : [`+${range[1].toFixed(2)}`, range[0].toFixed(2)],
        kind === 'gate'
          ? ['#0b1f4d', '#3b6fe0', '#f6f7f9', '#f59f00', '#d9480f']
          : ['#1864ab', '#a5d8ff', '#f6f7f9', '#ffc9c9', '#c92a2a'],
      ),
      series: [{ type: 'heatmap', data, progressive: 0 }],
    },
  };
}

/** Share of time each unit is closed (x) and open (y), per gate: the Karpathy et al. (2015) saturation plot. */
export function saturationOption(report: SaturationReport): ChartOption {
  return {
    grid: { left: 60, right: 20, top: 36, bottom: 50 },
    tooltip: {
      formatter: (p: unknown) => {
        const q = p as { seriesName: string; value: [number, number, number] };
        return `${q.seriesName} unit ${q.value[2]}: closed ${Math.round(q.value[0] * 100)}%, open ${Math.round(q.value[1] * 100)}% of the time`;
      },
    },
    legend: { top: 0 },
    xAxis: {
      type: 'value',
      min: 0,
      max: 1,
      name: 'fraction of time left-saturated (< 0.1)',
      nameLocation: 'middle',
      nameGap: 28,
    },
    yAxis: { type: 'value', min: 0, max: 1, name: 'right-saturated (> 0.9)' },
    series: report.gates.map((g, i) => ({
      type: 'scatter' as const,
      name: report.gates.some((o) => o.depth !== g.depth) ? `${g.gate} (layer ${g.depth + 1})` : g.gate,
      data: g.low.map((low, u) => [low, g.high[u], u]),
      symbolSize: 8,
      color: GATE_COLORS[i % GATE_COLORS.length],
      markLine:
        i === 0
          ? {
              silent: true,
              symbol: 'none',
              lineStyle: { type: 'dashed', color: '#999' },
              data: [[{ coord: [0, 1] }, { coord: [1, 0] }]],
            }
          : undefined,
    })),
  };
}

/** Gradient saliency per lag (share of the mass) for one or several experiments. */
export function saliencyOption(items: { name: string; inspection: Inspection }[]): ChartOption {
  return {
    grid: { left: 64, right: 20, top: 36, bottom: 44 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    xAxis: { type: 'value', name: 'steps back (k)', nameLocation: 'middle', nameGap: 26, min: 1 },
    yAxis: {
      type: 'log',
      name:
        items[0]?.inspection.memory.saliency.objective === 'nextToken'
          ? '‖∂log p/∂x(t−k)‖'
          : '‖∂forecast/∂x(t−k)‖',
      min: 1e-6,
    },
    series: items.map(({ name, inspection }) => ({
      type: 'line' as const,
      name,
      showSymbol: false,
      data: inspection.memory.saliency.lags.map((k, i) => [
        k,
        Math.max(1e-8, inspection.memory.saliency.norm[i]),
      ]),
    })),
  };
}

/** Context ablation: error when only the last k steps are kept, relative to the full window. */
export function ablationOption(items: { name: string; inspection: Inspection }[]): ChartOption {
  return {
    grid: { left: 64, right: 20, top: 36, bottom: 44 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    xAxis: { type: 'value', name: 'steps kept (k)', nameLocation: 'middle', nameGap: 26, min: 1 },
    yAxis: { type: 'value', name: 'error / full-window error', scale: true },
    series: items
      .filter((i) => i.inspection.memory.ablation)
      .map(({ name, inspection }) => {
        const a = inspection.memory.ablation!;
        const full = a.fullError > 0 ? a.fullError : 1;
        return {
          type: 'line' as const,
          name,
          showSymbol: a.lags.length < 40,
          data: a.lags.map((k, i) => [k, a.error[i] / full]),
        };
      }),
  };
}

/** Mean gradient norm per layer and epoch. */
export function layerNormOption(health: GradientHealth): ChartOption {
  return {
    grid: { left: 64, right: 20, top: 36, bottom: 44 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    xAxis: {
      type: 'category',
      data: health.perEpoch.map((e) => e.epoch + 1),
      name: 'epoch',
      nameLocation: 'middle',
      nameGap: 26,
    },
    yAxis: { type: 'log', name: 'mean norm' },
    series: health.layers.map((l) => ({
      type: 'line' as const,
      name: l.name,
      data: l.perEpoch.map((v) => Math.max(1e-12, v)),
      showSymbol: l.perEpoch.length < 40,
    })),
  };
}

/** Global gradient norm per step before and after clipping, clip events and spikes marked. */
export function gradientStepsOption(health: GradientHealth): ChartOption {
  const steps = health.before.map((_, i) => i + 1);
  return {
    grid: { left: 64, right: 20, top: 36, bottom: 60 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: steps, name: 'step', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'log', name: 'global norm' },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 8 }],
    series: [
      {
        type: 'line',
        name: 'before clipping',
        data: health.before.map((v) => Math.max(1e-12, v)),
        showSymbol: false,
        color: '#d9480f',
        sampling: 'lttb',
      },
      {
        type: 'line',
        name: 'after clipping',
        data: health.after.map((v) => Math.max(1e-12, v)),
        showSymbol: false,
        color: '#3b6fe0',
        sampling: 'lttb',
      },
      {
        type: 'scatter',
        name: 'clip events',
        data: health.clipEvents.map((s) => [s, Math.max(1e-12, health.before[s])]),
        symbolSize: 4,
        color: '#f59f00',
        large: true,
      },
      ...(health.clipNorm !== null
        ? [
            {
              type: 'line' as const,
              name: `clip ${health.clipNorm}`,
              data: steps.map(() => health.clipNorm),
              showSymbol: false,
              lineStyle: { type: 'dashed' as const, width: 1 },
              color: '#868e96',
            },
          ]
        : []),
    ],
  };
}

/**
 * Accuracy against lag per cell and gate initialisation, with chance: where SimpleRNN forgets and the gated cells
 * remember. Chrono runs are solid lines, default-initialised ones dashed, in the cell's colour.
 */
export function challengeOption(records: readonly ChallengeRecord[]): ChartOption {
  const keys = [...new Set(records.map(challengeSeriesKey))];
  const inits = new Set(records.filter((r) => r.cell !== 'rnn').map((r) => r.gateInit.kind)).size > 1;
  const lags = [...new Set(records.map((r) => r.lag))].sort((a, b) => a - b);
  const chance = records[0]?.chance ?? null;
  return {
    grid: { left: 60, right: 20, top: 36, bottom: 44 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${Math.round(Number(v) * 100)}%` },
    legend: { top: 0 },
    xAxis: {
      type: 'category',
      data: lags.map(String),
      name: 'lag (steps to remember)',
      nameLocation: 'middle',
      nameGap: 26,
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      name: 'test accuracy',
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
    },
    series: [
      ...keys.map((key) => {
        const own = records.filter((r) => challengeSeriesKey(r) === key);
        const first = own[0];
        const chrono = first.cell !== 'rnn' && first.gateInit.kind === 'chrono';
        return {
          type: 'line' as const,
          name:
            inits && first.cell !== 'rnn'
              ? `${CELL_LABELS[first.cell]} (${challengeInitName(first.gateInit)})`
              : CELL_LABELS[first.cell],
          color: CELL_COLORS[first.cell],
          data: lags.map((lag) => own.find((r) => r.lag === lag)?.accuracy ?? null),
          symbol: chrono ? 'circle' : 'emptyCircle',
          symbolSize: 8,
          lineStyle: {
            width: 2.5,
            type: inits && !chrono && first.cell !== 'rnn' ? ('dashed' as const) : ('solid' as const),
          },
        };
      }),
      ...(chance !== null
        ? [
            {
              type: 'line' as const,
              name: 'chance',
              data: lags.map(() => chance),
              showSymbol: false,
              lineStyle: { type: 'dotted' as const },
              color: '#868e96',
            },
          ]
        : []),
    ],
  };
}

/**
 * Where each generated note of a melody looked: one column per generated note, one row per step before it (2 = the
 * step before the one that predicted it), coloured by the attention weight.
 */
export function attentionMapOption(map: AttentionMap, stepsPerBar: number): ChartOption {
  const data: [number, number, number][] = [];
  let max = 0;
  map.weights.forEach((row, i) =>
    row.forEach((w, k) => {
      data.push([i, k, w]);
      max = Math.max(max, w);
    }),
  );
  const where = (step: number) =>
    `bar ${Math.floor(step / stepsPerBar) + 1}, step ${(step % stepsPerBar) + 1}`;
  return {
    grid: { left: 70, right: 90, top: 12, bottom: 64 },
    tooltip: {
      formatter: (p: unknown) => {
        const [i, k, w] = (p as { value: [number, number, number] }).value;
        const note = map.notes[i];
        const back = map.back[k];
        const earlier = note.step - back;
        const label = earlier >= 0 ? (map.stepLabels[earlier] ?? '') : 'lead-in';
        return `${note.label} (${where(note.step)}) looked ${back} steps back, at ${earlier >= 0 ? `${where(earlier)}: ${label}` : 'the lead-in'} — ${(w * 100).toFixed(1)}%`;
      },
    },
    xAxis: {
      type: 'category',
      data: map.notes.map((n) => `${n.label} ${Math.floor(n.step / stepsPerBar) + 1}`),
      name: 'generated note (pitch, bar)',
      nameLocation: 'middle',
      nameGap: 46,
      axisLabel: { rotate: 60, fontSize: 9, interval: Math.max(0, Math.ceil(map.notes.length / 40) - 1) },
    },
    yAxis: {
      type: 'category',
      data: map.back.map(String),
      name: 'steps back',
      axisLabel: { fontSize: 10 },
    },
    visualMap: heatmapScale(
      [0, Math.max(1e-6, max)],
      [`${Math.round(max * 100)}%`, '0%'],
      ['#f6f7f9', '#a5d8ff', '#3b6fe0', '#0b1f4d'],
    ),
    series: [{ type: 'heatmap', data, progressive: 0 }],
  };
}

/**
 * Histogram of the gated units' forgetting times (log-spaced bins, in steps), after training and freshly
 * initialised side by side, with the memory horizon's bin marked.
 */
export function timeConstantOption(report: TimeConstantReport): ChartOption {
  const labels = timeConstantBinLabels();
  const trained = timeConstantHistogram(allSteps(report.trained));
  const initial = report.initial ? timeConstantHistogram(allSteps(report.initial)) : null;
  const horizonBin = timeConstantHistogram([Math.max(1, report.horizon)]).indexOf(1);
  return {
    grid: { left: 50, right: 20, top: 36, bottom: 50 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: {
      type: 'category',
      data: labels,
      name: 'forgetting time 1 / (1 − mean keep gate), steps',
      nameLocation: 'middle',
      nameGap: 30,
    },
    yAxis: { type: 'value', name: 'units', minInterval: 1 },
    series: [
      ...(initial
        ? [
            {
              type: 'bar' as const,
              name: report.initLabel ? `freshly initialised (${report.initLabel})` : 'freshly initialised',
              data: initial,
              color: '#adb5bd',
            },
          ]
        : []),
      {
        type: 'bar' as const,
        name: 'after training',
        data: trained,
        color: '#3b6fe0',
        markLine:
          horizonBin >= 0
            ? {
                symbol: 'none',
                silent: true,
                lineStyle: { color: '#d9480f', type: 'dashed' as const },
                label: {
                  formatter: `${report.horizonMeasured ? 'memory horizon' : 'window'} ${report.horizon}`,
                },
                data: [{ xAxis: labels[horizonBin] }],
              }
            : undefined,
      },
    ],
  };
}
