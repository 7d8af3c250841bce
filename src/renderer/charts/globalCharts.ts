import type { GlobalSeriesResult } from '../../core/experiments/global';
import type { ChartOption } from './EChart';
import { intervalBandSeries, intervalName } from './forecastCharts';

const COLORS = {
  actual: '#5b6b82',
  model: '#3b6fe0',
  future: '#d9480f',
};

type Point = [number, number];

/**
 * One series of a global run: its recent values, the held-out part and the network's forecast of it, and (for a
 * table) the forecast past the end with its interval. x is the step index in the whole series.
 */
export function globalSeriesChartOption(s: GlobalSeriesResult, intervalLevel: number): ChartOption {
  const held = s.historyStart + s.history.length;
  const history: Point[] = s.history.map((v, i) => [s.historyStart + i, v]);
  const last = history[history.length - 1];
  const actual: Point[] = [...(last ? [last] : []), ...s.actual.map((v, h): Point => [held + h, v])];
  const forecast: Point[] = [...(last ? [last] : []), ...s.forecast.map((v, h): Point => [held + h, v])];
  const futureStart = held + s.actual.length;
  const end = actual[actual.length - 1];
  const future: Point[] = s.future.length
    ? [...(end ? [end] : []), ...s.future.map((v, h): Point => [futureStart + h, v])]
    : [];
  const band = intervalName(intervalLevel);
  const series: NonNullable<ChartOption['series']> = [
    {
      type: 'line',
      name: 'actual',
      data: history,
      showSymbol: false,
      color: COLORS.actual,
      lineStyle: { width: 1.2 },
    },
    {
      type: 'line',
      name: 'held out',
      data: actual,
      showSymbol: false,
      color: COLORS.actual,
      lineStyle: { width: 1.2, type: 'dashed' },
    },
    {
      type: 'line',
      name: 'forecast of the held-out part',
      data: forecast,
      color: COLORS.model,
      symbolSize: 4,
    },
  ];
  if (s.future.length) {
    series.push(...intervalBandSeries(intervalLevel, (h) => futureStart + h, s.lower, s.upper), {
      type: 'line',
      name: 'forecast',
      data: future,
      color: COLORS.future,
      lineStyle: { width: 2 },
      symbolSize: 4,
    });
  }
  return {
    grid: { left: 64, right: 24, top: 36, bottom: 40 },
    tooltip: { trigger: 'axis' },
    legend: {
      top: 0,
      data: [
        'actual',
        'held out',
        'forecast of the held-out part',
        ...(s.future.length ? ['forecast', band] : []),
      ],
    },
    xAxis: { type: 'value', scale: true, name: 'step', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', scale: true },
    series,
  };
}
