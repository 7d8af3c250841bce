import { useCallback, useEffect, useState } from 'react';
import { AboutDialog } from './components/AboutDialog';
import { InfoIcon } from './components/icons';
import { DropZone } from './components/DropZone';
import { StatusBar } from './components/StatusBar';
import { Toasts } from './components/Toasts';
import { DatasetsPanel } from './features/datasets/DatasetsPanel';
import { ExperimentsView } from './features/experiments/ExperimentsView';
import { ForecastView } from './features/forecast/ForecastView';
import { InspectorView } from './features/inspector/InspectorView';
import { MelodyView } from './features/melody/MelodyView';
import { transport } from './api/client';
import { useLab, VIEWS, type View } from './state/store';
import { useMenuEvents } from './useMenuEvents';

const isMac = navigator.platform.toLowerCase().includes('mac');
const MOD = isMac ? '⌘' : 'Ctrl+';

function CurrentView({ view }: { view: View }) {
  switch (view) {
    case 'forecast':
      return <ForecastView />;
    case 'melody':
      return <MelodyView />;
    case 'experiments':
      return <ExperimentsView />;
    case 'inspector':
      return <InspectorView />;
  }
}

/** The lab window: navigation, datasets, the current view, status bar. */
export function App() {
  const view = useLab((s) => s.view);
  const setView = useLab((s) => s.setView);
  const refreshDatasets = useLab((s) => s.refreshDatasets);
  const loadInfo = useLab((s) => s.loadInfo);
  const [about, setAbout] = useState(false);
  const openAbout = useCallback(() => setAbout(true), []);
  useMenuEvents(openAbout);

  useEffect(() => {
    void loadInfo();
    void refreshDatasets();
  }, [loadInfo, refreshDatasets]);

  // CmdOrCtrl+O opens a file; in the desktop app that is the File menu's accelerator (and its native dialog).
  // The view shortcuts arrive as menu actions through useMenuEvents in both hosts.
  useEffect(() => {
    if (transport !== 'http') return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'o') return;
      e.preventDefault();
      document.querySelector<HTMLInputElement>('[data-testid="file-input"]')?.click();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="app">
      <nav className="topbar" aria-label="Views">
        <span className="brand">
          <span className="brand-mark" aria-hidden>
            ◠◡
          </span>
          RNN Lab
        </span>
        <div role="tablist" className="tabs">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              role="tab"
              aria-selected={view === v.id}
              className={view === v.id ? 'tab active' : 'tab'}
              onClick={() => setView(v.id)}
              title={`${v.label} (${MOD}${v.key})`}
            >
              {v.label}
              <kbd>
                {MOD}
                {v.key}
              </kbd>
            </button>
          ))}
        </div>
        <button
          className="icon-button about-button"
          onClick={() => setAbout(true)}
          aria-label="About RNN Lab and its data"
        >
          <InfoIcon /> About
        </button>
      </nav>
      <div className="body">
        <aside className="sidebar">
          <DatasetsPanel />
        </aside>
        <main className="main" data-testid={`view-${view}`}>
          <CurrentView view={view} />
        </main>
      </div>
      <StatusBar />
      <DropZone />
      <Toasts />
      {about && <AboutDialog onClose={() => setAbout(false)} />}
    </div>
  );
}
