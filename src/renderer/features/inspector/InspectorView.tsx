import { useEffect, useState } from 'react';
import type { ExperimentSummary } from '../../../core/api';
import { lab } from '../../api/client';
import { useLab } from '../../state/store';

/** Memory and forgetting inspector: choose a trained experiment. */
export function InspectorView() {
  const [items, setItems] = useState<ExperimentSummary[] | null>(null);
  const toast = useLab((s) => s.toast);
  useEffect(() => {
    lab['experiments:list']({ limit: 200 })
      .then((r) => setItems(r.items.filter((e) => e.hasWeights)))
      .catch((error: Error) => toast('error', `Could not list experiments: ${error.message}`));
  }, [toast]);
  return (
    <div className="view">
      <header className="view-header">
        <h1>Inspector</h1>
      </header>
      {items && items.length === 0 && (
        <p className="empty">No trained models yet. Train a forecast or a melody model, then inspect its gates and memory here.</p>
      )}
      {items && items.length > 0 && (
        <ul className="plain-list">
          {items.map((e) => (
            <li key={e.id}>{e.name}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
