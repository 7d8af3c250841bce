import { useEffect } from 'react';
import { ProgressBar } from '../../components/ProgressBar';
import { useLab } from '../../state/store';
import { AllSeriesPanel } from '../global/AllSeriesPanel';
import { GlobalResults } from '../global/GlobalResults';
import { useGlobal } from '../global/globalStore';
import { DataPreview } from './DataPreview';
import { useForecast } from './forecastStore';
import { ResultsPanel } from './ResultsPanel';
import { SetupForm } from './SetupForm';
import { TrainingPanel } from './TrainingPanel';

/** Forecast a CSV: preview the data, set up a model, train it live, and read honest results. */
export function ForecastView() {
  const datasets = useLab((s) => s.datasets);
  const selectedId = useLab((s) => s.selectedDatasetId);
  const selected = datasets.find((d) => d.id === selectedId && d.kind === 'csv') ?? null;
  const dataset = useForecast((s) => s.dataset);
  const parse = useForecast((s) => s.parse);
  // Whether a run is on, not the run itself: its progress reports must not re-render the data and the setup.
  const training = useForecast((s) => s.run !== null);
  const result = useForecast((s) => s.result);
  const openDataset = useForecast((s) => s.openDataset);
  const extract = useForecast((s) => s.extract);
  const globalResult = useGlobal((s) => s.result);

  useEffect(() => {
    if (selected && !useForecast.getState().run) void openDataset(selected);
  }, [selected, openDataset]);

  const shown = selected ?? dataset;
  return (
    <div className="view">
      <header className="view-header">
        <h1>Forecast</h1>
        {shown && <span className="muted">{shown.name}</span>}
      </header>
      {!shown && !result && !globalResult && (
        <p className="empty">Choose a CSV dataset on the left, or drop a CSV file anywhere in the window.</p>
      )}
      {parse.status === 'loading' && (
        <section className="card" data-testid="parse-progress">
          <ProgressBar
            fraction={parse.fraction}
            label={
              parse.stage === 'fetching'
                ? `Loading ${parse.name} from the lab…`
                : `Parsing ${parse.name}… ${Math.round(parse.fraction * 100)}%`
            }
          />
        </section>
      )}
      {parse.status === 'error' && (
        <section className="card error-card" role="alert" data-testid="parse-error">
          <h2>This file cannot be used for a forecast</h2>
          <p>{parse.message}</p>
        </section>
      )}
      {parse.status === 'ready' && (
        <>
          <DataPreview />
          <SetupForm />
          {dataset && parse.parsed.summary.key && parse.parsed.defaults && (
            <AllSeriesPanel
              dataset={dataset}
              keyInfo={parse.parsed.summary.key}
              defaults={parse.parsed.defaults}
              target={extract?.target ?? parse.parsed.defaults.target}
            />
          )}
        </>
      )}
      {globalResult && <GlobalResults />}
      {training && <TrainingPanel />}
      {result && <ResultsPanel />}
    </div>
  );
}
