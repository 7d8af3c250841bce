import * as echarts from 'echarts';
import { useCallback, useEffect, useRef } from 'react';
import { drawnOption } from './chartTheme';
import { downloadDataUrl, safeFileName } from './download';

function isDark(): boolean {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/**
 * One echarts instance on a div: created on mount in the system theme, resized with its container, given `option`
 * whenever it changes, and disposed once (never used after, so a pending update cannot reach a disposed chart).
 * Returns the div's ref, the instance (for overlays such as a playhead) and a PNG export.
 */
export function useEChart(option: echarts.EChartsOption, notMerge = true) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const instance = echarts.init(el.current, isDark() ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => {
      if (!instance.isDisposed()) instance.resize();
    });
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      chart.current = null;
      if (!instance.isDisposed()) {
        // A paint still pending for a later animation frame would run after dispose and throw inside the chart
        // library ("reading 'layerStack'"): clearing and painting now supersedes it, then the chart goes.
        instance.clear();
        instance.getZr().refreshImmediately();
        instance.dispose();
      }
    };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || instance.isDisposed()) return;
    instance.setOption(
      { backgroundColor: 'transparent', animation: false, ...drawnOption(option, isDark()) },
      { notMerge },
    );
  }, [option, notMerge]);

  const exportPng = useCallback((fileName: string) => {
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
