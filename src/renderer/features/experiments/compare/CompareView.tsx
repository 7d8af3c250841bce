import { useEffect, useMemo, useState } from 'react';
import type { Experiment } from '../../../../core/api';
import { forecastGroups } from '../../../../core/experiments/compare';
import { lab } from '../../../api/client';
import { useExperiments } from '../experimentsStore';
import { compareItems } from './compareItems';
import { CurvesCard } from './CurvesCard';
import { ForecastGroupCard } from './ForecastGroupCard';
import { GradientsCard } from './GradientsCard';
import { MelodyCard } from './MelodyCard';
import { MetricsCard } from './MetricsCard';
import { ParallelCard } from './ParallelCard';
import { Chip } from './RunHeader';
import { SettingsCard } from './SettingsCard';

/** Side by side: settings, metrics, curves, forecasts on a shared test set, melodies, and settings against a metric. */
export function CompareView() {
  const ids = useExperiments((s) => s.compareIds);
  const { backToHistory, compare } = useExperiments.getState();
  const [experiments, setExperiments] = useState<Experiment[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    lab['experiments:getMany']({ ids })
      .then((list) => {
        if (!live) return;
        setExperiments(list);
        setError(null);
      })
      .catch((e: Error) => live && setError(`Could not load the experiments: ${e.message}`));
    return () => {
      live = false;
    };
  }, [ids]);

  const items = useMemo(() => (experiments ? compareItems(experiments) : []), [experiments]);
  const groups = useMemo(() => forecastGroups(items), [items]);
  const forecasts = items.filter((i) => i.experiment.kind === 'forecast');
  const unmatched = forecasts.length > 1 && groups.length > 1;

  return (
    <div className="compare" data-testid="compare-view">
      <header className="view-header experiments-header">
        <button className="small" onClick={backToHistory} data-testid="back-to-history">
          ← History
        </button>
        <h1>Compare {ids.length} experiments</h1>
        <span className="header-actions">
          <button
            className="small"
            onClick={() => void useExperiments.getState().exportRuns(ids)}
            title="One file with these runs whole (weights included) and their datasets"
          >
            Export…
          </button>
        </span>
      </header>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {!experiments && !error && <p className="muted">Loading…</p>}
      {experiments && (
        <>
          <ul className="compare-legend" data-testid="compare-legend">
            {items.map((item) => (
              <li key={item.experiment.id} style={{ borderColor: item.color }}>
                <Chip item={item} />
                <span className="legend-text">
                  <strong>{item.experiment.name}</strong>
                  <span className="muted small">
                    {item.experiment.kind} · {item.experiment.datasetName ?? 'no dataset'} ·{' '}
                    <span className={`status status-${item.experiment.status}`}>
                      {item.experiment.status}
                    </span>
                  </span>
                </span>
                {ids.length > 2 && (
                  <button
                    className="icon-button"
                    aria-label={`Remove ${item.experiment.name} from the comparison`}
                    onClick={() => compare(ids.filter((id) => id !== item.experiment.id))}
                  >
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
          <SettingsCard items={items} />
          <MetricsCard items={items} />
          <CurvesCard items={items} />
          {unmatched && (
            <p className="hint compare-hint">
              These forecasts are of different series ({groups.map((g) => g.title).join('; ')}): forecasts are
              overlaid, and tested against each other, only within the same series and test set.
            </p>
          )}
          {groups.map((g) => (
            <ForecastGroupCard key={g.id} group={g} />
          ))}
          <MelodyCard items={items} />
          <GradientsCard items={items} />
          <ParallelCard items={items} />
        </>
      )}
    </div>
  );
}
