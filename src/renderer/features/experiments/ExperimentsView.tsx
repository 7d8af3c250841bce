import { useEffect } from 'react';
import { useLab } from '../../state/store';
import { CompareView } from './compare/CompareView';
import { useExperiments } from './experimentsStore';
import { HistoryView } from './history/HistoryView';

/** Every saved experiment: the history (filter, sort, edit, export, re-run) and the side-by-side comparison. */
export function ExperimentsView() {
  const mode = useExperiments((s) => s.mode);
  // The datasets list changes when one is deleted (with or without its runs) or imported: list again.
  const datasets = useLab((s) => s.datasets);
  useEffect(() => {
    const { refresh, refreshFacets } = useExperiments.getState();
    void refresh();
    void refreshFacets();
  }, [datasets]);
  return (
    <div className="view experiments-view">{mode === 'compare' ? <CompareView /> : <HistoryView />}</div>
  );
}
