import { useEffect } from 'react';
import { useLab } from '../../state/store';
import { CorpusSeed } from './CorpusSeed';
import { MelodyTrainingPanel } from './MelodyTrainingPanel';
import { useMelody } from './melodyStore';
import { SeedPanel } from './SeedPanel';
import { SetupPanel } from './SetupPanel';
import { VariationsPanel } from './VariationsPanel';

/** Continue a melody: read a seed MIDI, pick a model, generate variations, listen, export, and keep every run. */
export function MelodyView() {
  const datasets = useLab((s) => s.datasets);
  const selectedId = useLab((s) => s.selectedDatasetId);
  const selected = datasets.find((d) => d.id === selectedId && d.kind === 'midi') ?? null;
  const dataset = useMelody((s) => s.dataset);
  const loadError = useMelody((s) => s.loadError);
  const bytes = useMelody((s) => s.bytes);
  // Whether a run is on, not the run itself: its progress reports must not re-render the whole view.
  const training = useMelody((s) => s.run !== null);
  const result = useMelody((s) => s.result);
  const openDataset = useMelody((s) => s.openDataset);

  useEffect(() => {
    if (selected && !useMelody.getState().run && !useMelody.getState().busy) void openDataset(selected);
  }, [selected, openDataset]);

  useEffect(() => () => useMelody.getState().stopPlayback(), []);

  const shown = selected ?? dataset;
  return (
    <div className="view">
      <header className="view-header">
        <h1>Melody</h1>
        {shown && <span className="muted">{shown.name}</span>}
        {(shown || result) && <CorpusSeed compact />}
      </header>
      {!shown && !result && (
        <div className="empty melody-empty">
          <p>Choose a MIDI dataset on the left, or drop a seed .mid file anywhere in the window.</p>
          <p className="small">
            The lab reads one melodic line from it, continues it with a recurrent network trained on
            public-domain tunes, and plays the variations back.
          </p>
          <CorpusSeed />
        </div>
      )}
      {loadError && (
        <section className="card error-card" role="alert">
          <h2>This file cannot be read</h2>
          <p>{loadError}</p>
        </section>
      )}
      {shown && !bytes && !loadError && <p className="muted small">Reading {shown.name}…</p>}
      {bytes && (
        <>
          <SeedPanel />
          <SetupPanel />
        </>
      )}
      {training && <MelodyTrainingPanel />}
      {result && <VariationsPanel />}
    </div>
  );
}
