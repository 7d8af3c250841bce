import { useEffect } from 'react';
import { CompareView } from './CompareView';
import { useExperiments } from './experimentsStore';
import { HistoryView } from './HistoryView';

/** Every saved experiment: the history (filter, sort, edit, export, re-run) and the side-by-side comparison. */
export function ExperimentsView() {
  const mode = useExperiments((s) => s.mode);
  useEffect(() => {
    const { refresh, refreshFacets } = useExperiments.getState();
    void refresh();
    void refreshFacets();
  }, []);
  return <div className="view experiments-view">{mode === 'compare' ? <CompareView /> : <HistoryView />}</div>;
}
