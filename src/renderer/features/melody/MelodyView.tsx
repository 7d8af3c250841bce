import { useLab } from '../../state/store';
import { formatBytes } from '../datasets/format';

/** Continue a melody: pick a MIDI dataset. */
export function MelodyView() {
  const datasets = useLab((s) => s.datasets);
  const selectedId = useLab((s) => s.selectedDatasetId);
  const selected = datasets.find((d) => d.id === selectedId && d.kind === 'midi');
  return (
    <div className="view">
      <header className="view-header">
        <h1>Melody</h1>
      </header>
      {!selected ? (
        <p className="empty">Choose a MIDI dataset on the left, or drop a seed .mid file anywhere in the window.</p>
      ) : (
        <section className="card">
          <h2>{selected.name}</h2>
          <p className="muted">{formatBytes(selected.size)}</p>
        </section>
      )}
    </div>
  );
}
