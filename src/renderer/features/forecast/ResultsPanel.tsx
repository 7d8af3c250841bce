import { formatDuration, formatNumber, formatTimestamp } from '../../../core/common/format';
import { useMemo, useState } from 'react';
import { BASELINE_LABELS, BASELINE_NAMES } from '../../../core/model/baselines';
import type { ForecastMetrics } from '../../../core/model/metrics';
import { CELL_LABELS } from '../../../core/model/spec';
import { EChart } from '../../charts/EChart';
import { downloadBlob, safeFileName } from '../../charts/download';
import { toCsv } from '../../../core/common/csvWrite';
import {
  forecastChartOption,
  gradientChartOption,
  horizonChartOption,
  lossChartOption,
} from '../../charts/forecastCharts';
import { CompetitorsTable, RecipeSummary, SearchTable } from './CompetitorsTable';
import { useForecast } from './forecastStore';

const METRICS: { key: keyof ForecastMetrics; label: string; hint: string }[] = [
  { key: 'mae', label: 'MAE', hint: 'Mean absolute error, in the target’s units' },
  { key: 'rmse', label: 'RMSE', hint: 'Root mean squared error, in the target’s units' },
  {
    key: 'mape',
    label: 'MAPE %',
    hint: 'Mean absolute percentage error (omitted when the series has zeros)',
  },
  { key: 'smape', label: 'sMAPE %', hint: 'Symmetric MAPE, 0–200' },
  { key: 'mase', label: 'MASE', hint: 'MAE scaled by the in-sample seasonal-naive MAE; below 1 beats it' },
];

/** A run's results: verdict, metrics against the baselines, error per step, forecast with intervals. */
export function ResultsPanel() {
  const result = useForecast((s) => s.result);
  const refit = useForecast((s) => s.refit);
  const forecastAgain = useForecast((s) => s.forecastAgain);
  const [step, setStep] = useState(1);

  const label = result ? `${CELL_LABELS[result.config.cell]}${result.recipe ? ' ensemble' : ''}` : '';
  const future = refit.future ?? result?.future ?? null;
  const forecastOption = useMemo(
    () =>
      result
        ? forecastChartOption({
            observed: result.observed,
            test: result.test,
            future,
            step,
            // the test part shows the networks' own forecasts; a combination is scored in the competitors table
            modelLabel: result.recipe?.combined ? `${label} alone` : label,
            targetName: result.extract.target,
          })
        : null,
    [result, future, step, label],
  );
  const horizonOption = useMemo(
    () => (result?.evaluation ? horizonChartOption(result.evaluation, label) : null),
    [result, label],
  );
  const lossOption = useMemo(
    () =>
      result && result.history.loss.length
        ? lossChartOption(result.history.loss, result.history.valLoss, result.history.bestEpoch)
        : null,
    [result],
  );
  const gradOption = useMemo(
    () =>
      result?.gradients && result.gradients.before.length
        ? gradientChartOption(result.gradients.before, result.gradients.after, result.gradients.clipNorm)
        : null,
    [result],
  );
  if (!result) return null;
  const ev = result.evaluation;
  const rows: { name: string; m: ForecastMetrics; model: boolean }[] = ev
    ? [
        { name: `${label} (model)`, m: ev.model, model: true },
        ...BASELINE_NAMES.map((b) => ({ name: BASELINE_LABELS[b], m: ev.baselines[b], model: false })),
      ]
    : [];
  const best = (key: keyof ForecastMetrics) => {
    const values = rows
      .map((r) => r.m[key])
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return values.length ? Math.min(...values) : null;
  };
  const clipped = result.gradients ? result.gradients.clipped.filter(Boolean).length : 0;

  const exportForecastCsv = () => {
    const rowsOut: unknown[][] = [];
    const t = (ms: number | undefined, i: number) => (ms !== undefined ? formatTimestamp(ms) : String(i));
    if (future) {
      future.mean.forEach((v, h) => {
        const iv = future.intervals.flatMap((i) => [i.lower[h], i.upper[h]]);
        rowsOut.push(['future', t(future.time?.[h], future.index[h]), h + 1, '', v, ...iv]);
      });
    }
    if (result.test) {
      result.test.origins.forEach((o, w) =>
        result.test!.predicted[w].forEach((v, h) =>
          rowsOut.push([
            'test',
            t(result.test!.time?.[w][h], o + 1 + h),
            h + 1,
            result.test!.actual[w][h],
            v,
            ...(future?.intervals.flatMap(() => ['', '']) ?? []),
          ]),
        ),
      );
    }
    const header = [
      'part',
      'time',
      'steps_ahead',
      'actual',
      'forecast',
      ...(future?.intervals.flatMap((i) => [
        `lower_${Math.round(i.level * 100)}`,
        `upper_${Math.round(i.level * 100)}`,
      ]) ?? []),
    ];
    downloadBlob(toCsv(header, rowsOut), `${safeFileName(result.name)}-forecast.csv`, 'text/csv');
  };

  return (
    <section className="card results" data-testid="results">
      <header className="card-header">
        <div>
          <h2 data-testid="result-name">{result.name}</h2>
          <p className="muted small">
            <span className={`status status-${result.status}`} data-testid="result-status">
              {result.status}
            </span>{' '}
            {result.backend} · {formatDuration(result.durationMs / 1000)} · {result.history.epochsRun} epochs
            {result.history.bestEpoch !== null ? ` · best epoch ${result.history.bestEpoch + 1}` : ''}
            {result.history.earlyStopped ? ' · stopped early' : ''}
          </p>
        </div>
        <div className="row-gap">
          {result.weightsId !== null && (
            <button
              onClick={() => void forecastAgain()}
              disabled={refit.status === 'running'}
              data-testid="forecast-again"
              title="Forecast past the end of the current data with the saved model, without retraining"
            >
              {refit.status === 'running' ? 'Forecasting…' : 'Forecast again'}
            </button>
          )}
          <button onClick={() => useForecast.getState().closeResult()}>Close</button>
        </div>
      </header>
      {result.message && result.status !== 'finished' && (
        <p className={result.status === 'diverged' ? 'error-text' : 'warn-text'}>{result.message}</p>
      )}
      {refit.error && <p className="error-text">{refit.error}</p>}
      <p className="muted small" role="status" data-testid="refit-note">
        {refit.status === 'running' ? 'Forecasting with the saved model…' : (refit.note ?? '')}
      </p>
      {result.search && <SearchTable search={result.search} />}
      {ev && (
        <>
          <p className="verdict" data-testid="verdict">
            {ev.verdict}
          </p>
          <table className="table metrics" data-testid="metrics-table">
            <thead>
              <tr>
                <th>On the test part ({ev.model.count.toLocaleString()} forecasts)</th>
                {METRICS.map((m) => (
                  <th key={m.key} className="num" title={m.hint}>
                    {m.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.name} className={r.model ? 'model-row' : undefined}>
                  <td>{r.name}</td>
                  {METRICS.map((m) => {
                    const v = r.m[m.key];
                    const isBest = typeof v === 'number' && v === best(m.key);
                    return (
                      <td key={m.key} className={`num ${isBest ? 'best' : ''}`}>
                        {formatNumber(v as number | null)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            Errors in original units over every test window and horizon step. MASE is scaled by the
            seasonal-naive MAE of the training part ({formatNumber(ev.maseScale)}).{' '}
            {result.recipe?.combined && ev.competitors
              ? `Interval coverage of the combined forecast on the last ${ev.competitors.origins.length} test window${ev.competitors.origins.length === 1 ? '' : 's'}:`
              : 'Interval coverage on the test part:'}{' '}
            {ev.intervalCoverage
              .map(
                (c, i) => `${Math.round((future?.intervals[i]?.level ?? 0) * 100)}%: ${Math.round(c * 100)}%`,
              )
              .join(', ')}
            .
          </p>
          {ev.competitors && <CompetitorsTable comparison={ev.competitors} modelLabel={label} />}
        </>
      )}
      <RecipeSummary
        recipe={result.recipe}
        stopped={result.status === 'stopped'}
        notes={result.data?.notes ?? []}
      />
      {forecastOption && (
        <EChart
          option={forecastOption}
          height={340}
          title={`${result.extract.target}: forecast ${result.config.horizon} steps past the data`}
          testId="forecast-chart"
          actions={
            <>
              {result.test && result.config.horizon > 1 && (
                <label className="inline-field">
                  test shown at
                  <input
                    type="number"
                    min={1}
                    max={result.config.horizon}
                    value={step}
                    onChange={(e) =>
                      setStep(Math.min(result.config.horizon, Math.max(1, Number(e.target.value) || 1)))
                    }
                  />
                  steps ahead
                </label>
              )}
              <button className="small" onClick={exportForecastCsv} data-testid="export-csv">
                CSV
              </button>
            </>
          }
        />
      )}
      <div className="chart-row">
        {horizonOption && (
          <EChart option={horizonOption} height={240} title="Error per horizon step" testId="horizon-chart" />
        )}
        {lossOption && <EChart option={lossOption} height={240} title="Loss per epoch" testId="loss-chart" />}
      </div>
      {gradOption && (
        <EChart
          option={gradOption}
          height={220}
          title={`Gradient norm per step${result.gradients?.clipNorm !== null ? ` · clipped in ${clipped} of ${result.gradients?.before.length} steps` : ''}`}
          testId="gradient-chart"
        />
      )}
    </section>
  );
}
