import { describe, expect, it } from 'vitest';
import { HEATMAP_MAX_CELLS, heatmapChart } from '../../../../src/renderer/charts/inspectorCharts';

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
    const series = trace(600, 40);
    series[345][25] = 5; // a spike far outside the rest
    const { option, downsampled } = heatmapChart(series, 'state', { width: 150, height: 30 });
    const drawn = option as unknown as Drawn;
    expect(downsampled).toBe('each cell shows the most extreme of 4 steps × 2 units');
    expect(drawn.xAxis.data).toHaveLength(150);
    expect(drawn.xAxis.data.slice(0, 2)).toEqual(['-599', '-595']);
    expect(drawn.yAxis.data).toHaveLength(20);
    const values = drawn.series[0].data.map((d) => d[2]);
    const lowest = series.flat().reduce((a, b) => Math.min(a, b), Infinity);
    expect(values.reduce((a, b) => Math.max(a, b), -Infinity)).toBe(5);
    expect(values.reduce((a, b) => Math.min(a, b), Infinity)).toBe(lowest);
    expect(drawn.series[0].data).toContainEqual([86, 12, 5]);
    expect(drawn.visualMap.max).toBe(5);
    expect(drawn.tooltip.formatter({ value: [0, 1, 0.5] })).toBe(
      'step -599…-596 · unit 2…3: 0.500 (most extreme of the block)',
    );
  });

  it('draws at most HEATMAP_MAX_CELLS cells however large the trace and the plot', () => {
    const { option, downsampled } = heatmapChart(trace(2000, 300), 'gate', { width: 1200, height: 224 });
    const cells = (option as unknown as Drawn).series[0].data.length;
    expect(cells).toBeLessThanOrEqual(HEATMAP_MAX_CELLS);
    expect(cells).toBeGreaterThan(HEATMAP_MAX_CELLS / 2);
    expect(downsampled).toMatch(/^each cell shows the most extreme of \d+ steps × \d+ units$/);
  });
});
