import { useMemo } from 'react';
import { metricRows } from '../../../../core/experiments/compare';
import { downloadBlob } from '../../../charts/download';
import { toCsv } from '../../../../core/common/csvWrite';
import { fmtMetric } from '../format';
import type { CompareItem } from './compareItems';
import { RunHeader } from './RunHeader';

/** Metrics of the runs side by side, the best of each row marked. */
export function MetricsCard({ items }: { items: CompareItem[] }) {
  const rows = useMemo(() => metricRows(items.map((i) => i.experiment)), [items]);
  if (!rows.length) return null;
  const exportCsv = () =>
    downloadBlob(
      toCsv(
        ['metric', ...items.map((i) => `${i.letter}: ${i.experiment.name}`), 'best'],
        rows.map((r) => [r.label, ...r.values, r.best.map((b) => items[b].letter).join(' ')]),
      ),
      'compare-metrics.csv',
      'text/csv',
    );
  return (
    <section className="card" data-testid="metrics-card">
      <header className="card-header">
        <div>
          <h2>Metrics</h2>
          <p className="muted small">
            Best value per row in bold green.
            {items.some((i) => i.experiment.kind === 'forecast')
              ? ' Forecast errors are on each run’s test part, in the target’s units; forecast losses are MSE on each run’s scaled target.'
              : ''}
          </p>
        </div>
        <button className="small" onClick={exportCsv}>
          CSV
        </button>
      </header>
      <div className="scroll-x">
        <table className="table compact compare-table" data-testid="metrics-table">
          <thead>
            <tr>
              <th>Metric</th>
              {items.map((i) => (
                <RunHeader key={i.experiment.id} item={i} />
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.key}
                data-testid="metric-row"
                data-key={r.key}
                className={r.key === 'skill' ? 'skill-row' : undefined}
              >
                <th scope="row" title={r.hint}>
                  {r.label}
                </th>
                {r.values.map((v, i) => (
                  <td key={i} className={`num ${r.best.includes(i) ? 'best' : ''}`}>
                    {r.key === 'skill' && v !== null ? <SkillValue value={v} /> : fmtMetric(v, r.format)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SkillValue({ value }: { value: number }) {
  const width = Math.min(50, Math.abs(value) * 50);
  return (
    <span
      className="skill-bar"
      title={`${(value * 100).toFixed(1)}% ${value >= 0 ? 'less' : 'more'} error than seasonal naive`}
    >
      <span className="skill-track">
        <span
          className={`skill-fill ${value >= 0 ? 'good' : 'bad'}`}
          style={value >= 0 ? { left: '50%', width: `${width}%` } : { right: '50%', width: `${width}%` }}
        />
      </span>
      {`${value > 0 ? '+' : ''}${(value * 100).toFixed(Math.abs(value) < 0.1 ? 1 : 0)}%`}
    </span>
  );
}
