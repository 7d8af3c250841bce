import type { EChartsOption } from 'echarts';

/**
 * Axis colours on the dark page. echarts' own dark theme draws axis lines and ticks near white, which glare
 * against the panels; these are the muted text colour at low opacity, like the split lines.
 */
export const DARK_AXIS = {
  line: 'rgba(154,165,181,0.55)',
  split: 'rgba(154,165,181,0.16)',
} as const;

const AXIS_KEYS = ['xAxis', 'yAxis', 'singleAxis', 'parallelAxis', 'radiusAxis', 'angleAxis'] as const;

type AxisOption = Record<string, unknown>;

function mergeLineStyle(part: unknown, color: string): Record<string, unknown> {
  const given = (part ?? {}) as { lineStyle?: Record<string, unknown> };
  // A colour the chart chose itself (e.g. the piano roll's bar lines) is kept.
  return { ...given, lineStyle: { color, ...(given.lineStyle ?? {}) } };
}

function darkAxis(axis: AxisOption): AxisOption {
  return {
    ...axis,
    axisLine: mergeLineStyle(axis.axisLine, DARK_AXIS.line),
    axisTick: mergeLineStyle(axis.axisTick, DARK_AXIS.line),
    splitLine: mergeLineStyle(axis.splitLine, DARK_AXIS.split),
  };
}

/**
 * The option as the lab draws it: every series painted in one frame (`progressive: 0`; a progressive paint
 * continues in later animation frames and throws inside the chart library when the chart was disposed in between,
 * e.g. on leaving the Inspector), and in `dark` mode axis lines, ticks and grid lines muted.
 */
export function drawnOption(option: EChartsOption, dark: boolean): EChartsOption {
  const out: Record<string, unknown> = { ...option };
  const series = option.series;
  if (series !== undefined)
    out.series = (Array.isArray(series) ? series : [series]).map((s) => ({ ...s, progressive: 0 }));
  if (!dark) return out as EChartsOption;
  for (const key of AXIS_KEYS) {
    const axes = (option as Record<string, unknown>)[key];
    if (axes === undefined) continue;
    out[key] = Array.isArray(axes)
      ? axes.map((a) => darkAxis(a as AxisOption))
      : darkAxis(axes as AxisOption);
  }
  return out as EChartsOption;
}
