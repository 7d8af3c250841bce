import { describe, expect, it } from 'vitest';
import { heatmapChart } from '../../../../src/renderer/charts/inspectorCharts';

interface Drawn {
  xAxis: { data: string[] };
  yAxis: { data: string[] };
  visualMap: { min: number; max: number; text: string[] };
  series: { data: [number, number, number][] }[];
  tooltip: { formatter: (p: unknown) => string };
}

const trace = (steps: number, units: number) =>
  Array.from({ length: steps }, (_, t) => Array.from({ length: units }, (_, u) => Math.sin(t * 7 + u) * 0.8));

describe('heatmapChart', () => {
  it('draws every value in its own cell when the plot has room, with lags as labels', () => {
    const series = trace(48, 16);
    const { option, downsampled } = heatmapChart(series, 'state', { width: 1000, height: 90 });
    const drawn = option as unknown as Drawn;
    expect(downsampled).toBeNull();
    expect(drawn.series[0].data).toHaveLength(48 * 16);
    expect(drawn.series[0].data[17]).toEqual([1, 1, series[1][1]]);
    expect(drawn.xAxis.data[0]).toBe('-47');
    expect(drawn.xAxis.data[47]).toBe('0');
    expect(drawn.yAxis.data).toHaveLength(16);
    const absMax = Math.max(...series.flat().map(Math.abs));
    expect(drawn.visualMap.max).toBe(absMax);
    expect(drawn.tooltip.formatter({ value: [47, 3, 0.25] })).toBe('step 0 · unit 3: 0.250');
  });

  it('merges cells that outnumber the pixels, keeps the extremes and says so', () => {
    const series = trace(2000, 300);
    series[1234][250] = 5; // a spike far outside the rest
    const { option, downsampled } = heatmapChart(series, 'state', { width: 800, height: 200 });
    const drawn = option as unknown as Drawn;
    expect(downsampled).toBe('each cell shows the most extreme of 3 steps × 2 units');
    expect(drawn.xAxis.data.length).toBeLessThanOrEqual(800);
    expect(drawn.yAxis.data.length).toBeLessThanOrEqual(200);
    const values = drawn.series[0].data.map((d) => d[2]);
    const lowest = series.flat().reduce((a, b) => Math.min(a, b), Infinity);
    expect(values.reduce((a, b) => Math.max(a, b), -Infinity)).toBe(5);
    expect(values.reduce((a, b) => Math.min(a, b), Infinity)).toBe(lowest);
    expect(drawn.visualMap.max).toBe(5);
    expect(drawn.tooltip.formatter({ value: [0, 1, 0.5] })).toBe(
      'step -1999…-1997 · unit 2…3: 0.500 (most extreme of the block)',
    );
  });
});
