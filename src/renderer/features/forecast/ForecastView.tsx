import { useLab } from '../../state/store';
import { formatBytes } from '../datasets/format';

/** Forecast a CSV: pick a CSV dataset. */
export function ForecastView() {
  const datasets = useLab((s) => s.datasets);
  const selectedId = useLab((s) => s.selectedDatasetId);
  const selected = datasets.find((d) => d.id === selectedId && d.kind === 'csv');
  return (
    <div className="view">
      <header className="view-header">
        <h1>Forecast</h1>
      </header>
      {!selected ? (
        <p className="empty">Choose a CSV dataset on the left, or drop a CSV file anywhere in the window.</p>
      ) : (
        <section className="card">
          <h2>{selected.name}</h2>
          <p className="muted">
            {String(selected.summary.rows ?? '?')} rows · {formatBytes(selected.size)}
          </p>
        </section>
      )}
    </div>
  );
}
