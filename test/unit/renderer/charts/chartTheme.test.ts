import { describe, expect, it } from 'vitest';
import { DARK_AXIS, drawnOption } from '../../../../src/renderer/charts/chartTheme';

/** Relative luminance (WCAG) of an rgb()/rgba() colour composited on the dark panel #1b1f27. */
function luminanceOnDarkPanel(color: string): number {
  const [r, g, b, a = 1] = (/rgba?\(([^)]+)\)/.exec(color)?.[1] ?? '').split(',').map(Number);
  const panel = [0x1b, 0x1f, 0x27];
  const channel = (v: number, i: number) => {
    const c = (v * a + panel[i] * (1 - a)) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [R, G, B] = [r, g, b].map(channel);
  return 0.2126 * R + 0.7152 * G + 0.0722 * B;
}

describe('drawnOption', () => {
  const option = {
    xAxis: { type: 'value' as const },
    yAxis: [{ type: 'value' as const, splitLine: { lineStyle: { color: '#123456' } } }],
    series: [{ type: 'line' as const, data: [1, 2] }],
  };

  it('mutes axis lines, ticks and grid lines in dark mode, keeping colours a chart chose', () => {
    const dark = drawnOption(option, true) as Record<string, unknown>;
    const x = dark.xAxis as Record<string, { lineStyle: { color: string } }>;
    expect(x.axisLine.lineStyle.color).toBe(DARK_AXIS.line);
    expect(x.axisTick.lineStyle.color).toBe(DARK_AXIS.line);
    expect(x.splitLine.lineStyle.color).toBe(DARK_AXIS.split);
    const [y] = dark.yAxis as Record<string, { lineStyle: { color: string } }>[];
    expect(y.splitLine.lineStyle.color).toBe('#123456');
    // Nowhere near white: grid lines stay faint, axis lines well below the text's brightness.
    expect(luminanceOnDarkPanel(DARK_AXIS.split)).toBeLessThan(0.05);
    expect(luminanceOnDarkPanel(DARK_AXIS.line)).toBeLessThan(0.2);
  });

  it('leaves light mode axes alone', () => {
    expect((drawnOption(option, false) as Record<string, unknown>).xAxis).toBe(option.xAxis);
  });

  it('paints every series in one frame, so a chart disposed meanwhile has nothing left to paint', () => {
    for (const dark of [false, true]) {
      const series = drawnOption(option, dark).series as { progressive: number }[];
      expect(series.map((s) => s.progressive)).toEqual([0]);
    }
  });
});
