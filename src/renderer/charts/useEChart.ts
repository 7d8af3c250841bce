import * as echarts from 'echarts';
import { useCallback, useEffect, useRef } from 'react';
import { cancelChartWork, flushChartWork, requestChartWork, type ChartWork } from './chartQueue';
import { drawnOption } from './chartTheme';
import { downloadDataUrl, safeFileName } from './download';

/** One query for the page's lifetime: creating a MediaQueryList per chart update costs a style pass each time. */
let darkQuery: MediaQueryList | null | undefined;

function isDark(): boolean {
  if (darkQuery === undefined) darkQuery = window.matchMedia?.('(prefers-color-scheme: dark)') ?? null;
  return darkQuery?.matches ?? false;
}

/**
 * One echarts instance on a div, in the system theme, following its container's size and given `option` whenever
 * it changes. Creating, updating and resizing the chart run through the chart queue (one chart per task, the
 * ones on screen first), never inside React's commit; an unchanged size does not redraw. The instance is disposed
 * once on unmount (never used after, so a pending update cannot reach a disposed chart).
 * Returns the div's ref, the instance once created (for overlays such as a playhead) and a PNG export.
 */
export function useEChart(option: echarts.EChartsOption, notMerge = true) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const latest = useRef({ option, notMerge, stale: true });
  const work = useRef<ChartWork | null>(null);

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    let instance: echarts.ECharts | null = null;
    let onScreen = false;
    let resized = false;
    let gone = false;
    const own: ChartWork = {
      onScreen: () => onScreen,
      run: () => {
        if (gone) return 'done';
        if (!instance) {
          instance = echarts.init(node, isDark() ? 'dark' : undefined, { renderer: 'canvas' });
          chart.current = instance;
          resized = false; // created at the container's current size
          // The first drawing goes to a later task: creating the instance is a fair part of a chart's cost.
          return 'more';
        }
        if (resized) {
          resized = false;
          instance.resize();
        }
        const wanted = latest.current;
        if (wanted.stale) {
          wanted.stale = false;
          instance.setOption(
            { backgroundColor: 'transparent', animation: false, ...drawnOption(wanted.option, isDark()) },
            { notMerge: wanted.notMerge },
          );
        }
        return 'done';
      },
    };
    work.current = own;
    const sizes = new ResizeObserver(() => {
      // The first call comes right after observe(); only a size other than the drawn one needs a redraw.
      if (!instance || instance.isDisposed()) return;
      if (node.clientWidth === instance.getWidth() && node.clientHeight === instance.getHeight()) return;
      resized = true;
      requestChartWork(own);
    });
    sizes.observe(node);
    const screen = new IntersectionObserver((entries) => {
      onScreen = entries[entries.length - 1]?.isIntersecting ?? onScreen;
    });
    screen.observe(node);
    requestChartWork(own);
    return () => {
      gone = true;
      cancelChartWork(own);
      sizes.disconnect();
      screen.disconnect();
      work.current = null;
      chart.current = null;
      if (instance && !instance.isDisposed()) {
        // A paint still pending for a later animation frame would run after dispose and throw inside the chart
        // library ("reading 'layerStack'"): clearing and painting now supersedes it, then the chart goes.
        instance.clear();
        instance.getZr().refreshImmediately();
        instance.dispose();
      }
    };
  }, []);

  useEffect(() => {
    latest.current = { option, notMerge, stale: true };
    if (work.current) requestChartWork(work.current);
  }, [option, notMerge]);

  const exportPng = useCallback((fileName: string) => {
    if (work.current) flushChartWork(work.current);
    const instance = chart.current;
    if (!instance || instance.isDisposed()) return;
    const background =
      getComputedStyle(document.documentElement).getPropertyValue('--panel').trim() || '#fff';
    downloadDataUrl(
      instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background }),
      `${safeFileName(fileName)}.png`,
    );
  }, []);

  return { el, chart, exportPng };
}
