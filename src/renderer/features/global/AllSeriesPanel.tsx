import { useEffect } from 'react';
import { formatDuration, formatNumber } from '../../../core/common/format';
import type { DatasetInfo } from '../../../core/api';
import type { ForecastDefaults, KeyInfo } from '../../../core/data';
import { MANY_SERIES } from '../../../core/experiments/global';
import { CheckField, FieldGroup, NumberField } from '../../components/fields';
import { ProgressBar } from '../../components/ProgressBar';
import { StopButton } from '../../components/StopButton';
import { useGlobal } from './globalStore';

const STAGES = {
  classical: 'Scoring the competitors',
  training: 'Training one network on every series',
  local: 'Training one network per series, to compare',
  forecasting: 'Forecasting every series',
} as const;

/**
 * "All series, one model" on a long-format dataset (a key column): one network trained across every series, its
 * settings, its progress (members, epochs, series) and Stop.
 */
export function AllSeriesPanel({
  dataset,
  keyInfo,
  defaults,
  target,
}: {
  dataset: DatasetInfo;
  keyInfo: KeyInfo;
  defaults: ForecastDefaults;
  target: string;
}) {
  const settings = useGlobal((s) => s.settings);
  const setSettings = useGlobal((s) => s.setSettings);
  const run = useGlobal((s) => s.run);
  const start = useGlobal((s) => s.start);
  const stop = useGlobal((s) => s.stop);
  const count = keyInfo.keys.length;
  const shortest = Math.min(...keyInfo.keys.map((k) => k.rows));
  // the competitors and the comparison the run computes (see start in globalStore)
  const many = count > MANY_SERIES;
  const competitors = many ? 'Naive2, seasonal naive, Theta' : 'Naive2, seasonal naive, Theta, ETS, ARIMA';

  // the horizon follows the data's proposal when another dataset opens
  useEffect(() => {
    useGlobal.getState().setSettings({ horizon: defaults.horizon });
  }, [dataset.id, defaults.horizon]);

  const running = run !== null && run.datasetId === dataset.id;
  const p = run?.progress ?? null;
  const tooShort = shortest <= settings.horizon + defaults.seasonLength + 1;
  const label = p
    ? p.stage === 'training'
      ? `Network ${p.member + 1}/${p.members} · epoch ${p.epoch + 1}/${p.epochs} · ${p.seriesTotal} series · loss ${formatNumber(p.loss)} · ${formatDuration(p.elapsedSeconds)}`
      : `${STAGES[p.stage]}${p.stage === 'classical' ? ` (${competitors})` : ''} · series ${p.series}/${p.seriesTotal} · ${formatDuration(p.elapsedSeconds)}`
    : 'Reading the series…';
  return (
    <section className="card" data-testid="all-series">
      <header className="card-header">
        <h2>All series, one model</h2>
        {running && (
          <StopButton
            onStop={stop}
            stopping={run.stopping}
            testId="all-series-stop"
            title="Stop after this batch: the networks trained so far forecast every series"
          />
        )}
      </header>
      <p className="muted">
        This file holds {count} series of <b>{target}</b> told apart by “{keyInfo.column}” (
        {keyInfo.keys
          .slice(0, 4)
          .map((k) => k.value)
          .join(', ')}
        {count > 4 ? ', …' : ''}). One LSTM can learn from all of them at once: each series is normalised on
        its own, windows are drawn evenly across series, and the last {settings.horizon} values of every
        series are held out and scored with sMAPE, MASE and OWA against Naive2 (as in M4), next to{' '}
        {competitors}.
      </p>
      <FieldGroup title="All series">
        <NumberField
          label="Horizon"
          value={settings.horizon}
          min={1}
          max={Math.max(1, shortest - 3)}
          integer
          onChange={(horizon) => setSettings({ horizon })}
          hint="Steps held out, scored and forecast past the end of every series"
          testId="all-series-horizon"
          disabled={running}
        />
        <NumberField
          label="Epochs"
          value={settings.epochs}
          min={1}
          max={500}
          integer
          onChange={(epochs) => setSettings({ epochs })}
          testId="all-series-epochs"
          disabled={running}
        />
        <NumberField
          label="Networks (median)"
          value={settings.members}
          min={1}
          max={20}
          integer
          onChange={(members) => setSettings({ members })}
          hint="Networks trained with different seeds; the forecast is their median"
          testId="all-series-members"
          disabled={running}
        />
        <CheckField
          label="Also forecast each series on its own, to compare"
          checked={settings.compareLocal && !many}
          onChange={(compareLocal) => setSettings({ compareLocal })}
          hint={
            many
              ? `Not offered above ${MANY_SERIES} series: one network per series would take too long`
              : "Trains one network per series and reports its MASE next to the shared network's"
          }
          testId="all-series-compare"
          disabled={running || many}
        />
      </FieldGroup>
      {tooShort && (
        <p className="error-text" role="alert">
          The shortest series has {shortest} values: lower the horizon so that more than a season stays to
          learn from.
        </p>
      )}
      {running ? (
        <ProgressBar fraction={p?.fraction ?? 0} label={label} testId="all-series-progress" />
      ) : (
        <div className="setup-actions">
          <button
            className="primary"
            disabled={run !== null || tooShort}
            onClick={() =>
              void start({ dataset, target, seasonLength: defaults.seasonLength, seriesCount: count })
            }
            data-testid="all-series-button"
          >
            Forecast all {count} series with one model
          </button>
        </div>
      )}
    </section>
  );
}
