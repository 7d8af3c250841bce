import type * as echarts from 'echarts';
import type { ReactNode } from 'react';
import { useEChart } from './useEChart';

export type ChartOption = echarts.EChartsOption;

export interface EChartProps {
  option: ChartOption;
  height?: number;
  /** Shown above the chart; also the exported file's name. */
  title?: string;
  /** Replace the whole option instead of merging (for series that disappear). */
  notMerge?: boolean;
  testId?: string;
  /** Extra buttons next to "PNG" (e.g. CSV export). */
  actions?: ReactNode;
}

/** An echarts chart that follows its container's size and the system theme, with PNG export. */
export function EChart({ option, height = 280, title, notMerge = true, testId, actions }: EChartProps) {
  const { el, exportPng } = useEChart(option, notMerge);

  // How many data points the chart draws: lets tests (and curious people) see it is not empty.
  const series = option.series;
  const points = (Array.isArray(series) ? series : series ? [series] : []).reduce(
    (sum, s) =>
      sum + (Array.isArray((s as { data?: unknown }).data) ? (s as { data: unknown[] }).data.length : 0),
    0,
  );
  return (
    <figure className="chart" data-testid={testId} data-points={points}>
      <figcaption className="chart-header">
        {title && <span className="chart-title">{title}</span>}
        <span className="chart-actions">
          {actions}
          <button
            className="small"
            onClick={() => exportPng(title ?? 'chart')}
            title="Save the chart as a PNG image"
          >
            PNG
          </button>
        </span>
      </figcaption>
      <div ref={el} className="chart-canvas" style={{ height }} />
    </figure>
  );
}
