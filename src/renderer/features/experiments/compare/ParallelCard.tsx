import { useEffect, useMemo, useState } from 'react';
import type { ExperimentSummary } from '../../../../core/api';
import {
  PARALLEL_METRICS,
  isCategoryAxis,
  parallelAxes,
  settingsRows,
} from '../../../../core/experiments/compare';
import { lab } from '../../../api/client';
import { parallelOption, type ParallelDimension } from '../../../charts/compareCharts';
import { EChart } from '../../../charts/EChart';
import { useExperiments } from '../experimentsStore';
import type { CompareItem } from './compareItems';

/** Settings that vary against a metric, one line per run: the selected runs or the whole filtered history. */
export function ParallelCard({ items }: { items: CompareItem[] }) {
  const query = useExperiments((s) => s.query);
  const [scope, setScope] = useState<'selected' | 'history'>('selected');
  const [metricKey, setMetricKey] = useState('mase');
  const [history, setHistory] = useState<ExperimentSummary[] | null>(null);
  useEffect(() => {
    if (scope !== 'history') return;
    let live = true;
    lab['experiments:list']({
      kind: query.kind,
      datasetId: query.datasetId,
      cell: query.cell,
      status: query.status,
      tag: query.tag,
      text: query.text.trim() || undefined,
      sort: 'created',
      order: 'desc',
      limit: 1000,
    })
      .then((page) => live && setHistory(page.items))
      .catch(() => live && setHistory([]));
    return () => {
      live = false;
    };
  }, [scope, query]);
  const runs: (ExperimentSummary & { color?: string })[] = useMemo(
    () =>
      scope === 'history'
        ? (history ?? [])
        : items.map((i) => ({ ...i.experiment, name: i.short, color: i.color })),
    [scope, history, items],
  );
  const available = useMemo(
    () => PARALLEL_METRICS.filter((m) => runs.some((r) => m.get(r) !== null)),
    [runs],
  );
  const metric = available.find((m) => m.key === metricKey) ?? available[0];
  const option = useMemo(() => {
    const metric = available.find((m) => m.key === metricKey) ?? available[0];
    if (!metric) return null;
    const rows = settingsRows(runs);
    const axes = parallelAxes(rows);
    if (!axes.length) return null;
    const dimensions: ParallelDimension[] = axes.map((r) =>
      isCategoryAxis(r)
        ? { name: r.label, categories: [...new Set(r.values)].sort() }
        : { name: r.label, log: r.key === 'learningRate' && r.numbers.every((n) => n === null || n > 0) },
    );
    dimensions.push({ name: metric.label });
    return parallelOption({
      dimensions,
      metricName: metric.label,
      lowerIsBetter: metric.lowerIsBetter,
      runs: runs.map((run, i) => ({
        label: run.name,
        color: run.color,
        values: axes.map((r) => (isCategoryAxis(r) ? r.values[i] : r.numbers[i])),
        metric: metric.get(run),
      })),
    });
  }, [runs, available, metricKey]);
  if (!available.length && scope === 'selected') return null;
  return (
    <section className="card" data-testid="parallel-card">
      <header className="card-header">
        <div>
          <h2>Settings against a metric</h2>
          <p className="muted small">
            One line per run through the settings that vary, ending at the metric; drag along an axis to
            filter.
          </p>
        </div>
        <div className="row-gap">
          <label className="inline-field">
            metric
            <select
              value={metric?.key ?? ''}
              onChange={(e) => setMetricKey(e.target.value)}
              data-testid="parallel-metric"
            >
              {available.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.label}
                </option>
              ))}
            </select>
          </label>
          <span className="segmented" role="group" aria-label="Runs shown">
            <button
              className={`small ${scope === 'selected' ? 'on' : ''}`}
              aria-pressed={scope === 'selected'}
              onClick={() => setScope('selected')}
            >
              These {items.length}
            </button>
            <button
              className={`small ${scope === 'history' ? 'on' : ''}`}
              aria-pressed={scope === 'history'}
              onClick={() => setScope('history')}
              title="Every run matching the history’s filters (up to 1,000)"
            >
              All in the history filter
            </button>
          </span>
        </div>
      </header>
      {option ? (
        <EChart option={option} height={340} title="Parallel coordinates" testId="parallel-chart" />
      ) : (
        <p className="muted">
          {metric
            ? 'These runs do not differ in any setting that fits an axis.'
            : 'No run here has this metric.'}
        </p>
      )}
    </section>
  );
}
