import { useEffect, useState } from 'react';
import type { ExperimentSummary } from '../../../core/api';
import { lab } from '../../api/client';
import { useLab } from '../../state/store';
import { formatDate } from '../datasets/format';
import { useForecast } from '../forecast/forecastStore';

/** Every saved experiment, newest first. */
export function ExperimentsView() {
  const [items, setItems] = useState<ExperimentSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const toast = useLab((s) => s.toast);
  const setView = useLab((s) => s.setView);
  const open = (e: ExperimentSummary) => {
    if (e.kind === 'forecast') {
      setView('forecast');
      void useForecast.getState().openExperiment(e.id);
    }
  };
  useEffect(() => {
    lab['experiments:list']({ limit: 200 })
      .then((r) => {
        setItems(r.items);
        setTotal(r.total);
      })
      .catch((error: Error) => toast('error', `Could not list experiments: ${error.message}`));
  }, [toast]);
  return (
    <div className="view">
      <header className="view-header">
        <h1>Experiments</h1>
        <span className="muted">{total} saved</span>
      </header>
      {items && items.length === 0 && (
        <p className="empty">No experiments yet. Train a forecast or continue a melody; every run is saved here.</p>
      )}
      {items && items.length > 0 && (
        <table className="table" data-testid="experiments-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Dataset</th>
              <th>Cell</th>
              <th className="num">MASE</th>
              <th>Status</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-testid="experiment-row" onDoubleClick={() => open(e)}>
                <td>{e.name}</td>
                <td>{e.kind}</td>
                <td>{e.datasetName ?? '—'}</td>
                <td>{typeof e.config.cell === 'string' ? e.config.cell.toUpperCase() : '—'}</td>
                <td className="num">{typeof e.metrics.mase === 'number' ? e.metrics.mase.toFixed(3) : '—'}</td>
                <td>
                  <span className={`status status-${e.status}`}>{e.status}</span>
                </td>
                <td>{formatDate(e.createdAt)}</td>
                <td>
                  {e.kind === 'forecast' && (
                    <button className="small" onClick={() => open(e)}>
                      Open
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
