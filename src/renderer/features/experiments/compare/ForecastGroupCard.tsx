import { useMemo, useState } from 'react';
import { formatNumber } from '../../../../core/common/format';
import { compareForecastAccuracy, type ForecastGroup } from '../../../../core/experiments/compare';
import type { DmLoss } from '../../../../core/model/dieboldMariano';
import { forecastOverlayOption, horizonOverlayOption } from '../../../charts/compareCharts';
import { downloadBlob, safeFileName } from '../../../charts/download';
import { toCsv } from '../../../../core/common/csvWrite';
import { EChart } from '../../../charts/EChart';
import type { CompareItem } from './compareItems';

/** The test forecasts of the runs that forecast one series, overlaid, with their errors per step and the DM test. */
export function ForecastGroupCard({ group }: { group: ForecastGroup<CompareItem> }) {
  const [step, setStep] = useState(1);
  const h = Math.min(Math.max(1, step), Math.max(1, group.commonHorizon));
  const overlay = useMemo(() => {
    const first = group.runs[0];
    const useTime = group.runs.every((r) => r.test.time !== null) && first.observed?.time != null;
    const x = (r: (typeof group.runs)[number], w: number) =>
      useTime && r.test.time ? r.test.time[w][h - 1] : r.test.origins[w] + h;
    const testStarts = group.runs.map((r) => x(r, 0));
    const testStart = Math.min(...testStarts);
    const testLength = Math.max(...group.runs.map((r) => r.test.origins.length));
    let actual: [number, number][] = [];
    const obs = first.observed;
    if (obs && obs.values.length) {
      const xs = useTime && obs.time ? obs.time : obs.index;
      const startIndex = xs.findIndex((v) => v >= testStart);
      const from = Math.max(
        0,
        (startIndex < 0 ? xs.length : startIndex) - Math.max(12, Math.round(testLength * 0.5)),
      );
      actual = obs.values.slice(from).map((v, i) => [xs[from + i], v]);
    } else {
      actual = first.test.actual.map((row, w) => [x(first, w), row[h - 1]]);
    }
    return forecastOverlayOption({
      actual,
      testStart,
      useTime,
      targetName: first.target,
      step: h,
      runs: group.runs.map((r) => ({
        label: r.item.short,
        color: r.item.color,
        points: r.test.predicted.map((row, w): [number, number] => [x(r, w), row[h - 1]]),
      })),
    });
  }, [group, h]);
  const horizon = useMemo(() => {
    const runs = group.runs
      .filter((r) => r.perHorizonMae)
      .map((r) => ({ label: r.item.short, color: r.item.color, mae: r.perHorizonMae as number[] }));
    const reference = group.runs.find((r) => r.seasonalNaiveMae)?.seasonalNaiveMae ?? null;
    return runs.length
      ? horizonOverlayOption(
          runs,
          reference
            ? {
                label: `seasonal naive (${group.runs.find((r) => r.seasonalNaiveMae)?.item.letter})`,
                mae: reference,
              }
            : null,
        )
      : null;
  }, [group]);
  const exportCsv = () => {
    const header = ['run', 'origin', 'steps_ahead', 'time', 'actual', 'forecast'];
    const rows: unknown[][] = [];
    for (const r of group.runs) {
      r.test.origins.forEach((o, w) =>
        r.test.predicted[w].forEach((p, s) =>
          rows.push([
            r.item.short,
            o,
            s + 1,
            r.test.time ? new Date(r.test.time[w][s]).toISOString() : '',
            r.test.actual[w][s],
            p,
          ]),
        ),
      );
    }
    downloadBlob(toCsv(header, rows), `${safeFileName(group.title)}-test-forecasts.csv`, 'text/csv');
  };
  return (
    <section className="card forecast-group" data-testid="forecast-group">
      <header className="card-header">
        <div>
          <h2>Forecasts of {group.title}</h2>
          <p className="muted small">
            Test-window forecasts of {group.runs.length === 1 ? 'this run' : `the ${group.runs.length} runs`}{' '}
            over the actual series, at one horizon step at a time.
          </p>
        </div>
        {group.commonHorizon > 1 && (
          <label className="inline-field">
            steps ahead
            <input
              type="number"
              min={1}
              max={group.commonHorizon}
              value={h}
              onChange={(e) =>
                setStep(Math.min(group.commonHorizon, Math.max(1, Number(e.target.value) || 1)))
              }
              data-testid="compare-step"
            />
            <span className="muted">of {group.commonHorizon}</span>
          </label>
        )}
      </header>
      <EChart
        option={overlay}
        height={320}
        title={`${group.runs[0].target}: actual and ${h}-step-ahead forecasts`}
        testId="forecast-overlay"
        actions={
          <button className="small" onClick={exportCsv}>
            CSV
          </button>
        }
      />
      {horizon && (
        <EChart option={horizon} height={240} title="Error per horizon step (MAE)" testId="horizon-overlay" />
      )}
      {group.runs.length >= 2 && <DieboldMarianoPanel group={group} step={h} />}
    </section>
  );
}

function DieboldMarianoPanel({ group, step }: { group: ForecastGroup<CompareItem>; step: number }) {
  const [a, setA] = useState(0);
  const [b, setB] = useState(1);
  const [loss, setLoss] = useState<DmLoss>('squared');
  const ia = Math.min(a, group.runs.length - 1);
  const ib = Math.min(b, group.runs.length - 1);
  const outcome = useMemo(
    () => (ia === ib ? null : compareForecastAccuracy(group.runs[ia], group.runs[ib], step, loss)),
    [group, ia, ib, step, loss],
  );
  const pick = (value: number, set: (v: number) => void, label: string) => (
    <select value={value} onChange={(e) => set(Number(e.target.value))} aria-label={label}>
      {group.runs.map((r, i) => (
        <option key={r.item.experiment.id} value={i}>
          {r.item.short}
        </option>
      ))}
    </select>
  );
  const significant = outcome?.ok && outcome.result.pValue < 0.05;
  return (
    <div className="dm-panel" data-testid="dm-panel">
      <div className="dm-controls">
        <strong>Is one significantly more accurate?</strong>
        <span className="inline-field">
          {pick(ia, setA, 'First run')} vs {pick(ib, setB, 'Second run')}
        </span>
        <label className="inline-field">
          loss
          <select value={loss} onChange={(e) => setLoss(e.target.value as DmLoss)} data-testid="dm-loss">
            <option value="squared">squared error</option>
            <option value="absolute">absolute error</option>
          </select>
        </label>
      </div>
      {ia === ib ? (
        <p className="muted">Choose two different runs.</p>
      ) : outcome && !outcome.ok ? (
        <p className="warn-text">{outcome.reason}</p>
      ) : outcome && outcome.ok ? (
        <>
          <p className={`dm-sentence ${significant ? 'significant' : ''}`} data-testid="dm-result">
            {outcome.sentence}
          </p>
          <dl className="facts dm-facts">
            <div>
              <dt>Mean loss {group.runs[ia].item.letter}</dt>
              <dd>{formatNumber(outcome.result.meanLossA)}</dd>
            </div>
            <div>
              <dt>Mean loss {group.runs[ib].item.letter}</dt>
              <dd>{formatNumber(outcome.result.meanLossB)}</dd>
            </div>
            <div>
              <dt>DM (HLN-corrected)</dt>
              <dd>
                {outcome.result.statistic.toFixed(3)}{' '}
                <span className="muted">(raw {outcome.result.dm.toFixed(3)})</span>
              </dd>
            </div>
            <div>
              <dt>p-value (t, {outcome.result.degreesOfFreedom} df)</dt>
              <dd>
                {outcome.result.pValue < 1e-4
                  ? outcome.result.pValue.toExponential(1)
                  : outcome.result.pValue.toFixed(4)}
              </dd>
            </div>
            <div>
              <dt>Paired forecasts</dt>
              <dd>{outcome.result.n}</dd>
            </div>
          </dl>
          <p className="muted small">
            {dmExplanation(step, outcome.result.n, outcome.result.degreesOfFreedom, outcome.result.note)}
          </p>
        </>
      ) : null}
    </div>
  );
}

function dmExplanation(step: number, n: number, df: number, note: string | null): string {
  const errors = step === 1 ? 'one-step-ahead' : `${step}-step-ahead`;
  const variance =
    step === 1
      ? 'the variance of the loss difference estimated from its sample variance'
      : `${step - 1} autocovariance${step === 2 ? '' : 's'} of the loss difference in its variance (overlapping ${step}-step forecasts are correlated)`;
  return (
    `Diebold–Mariano test of equal accuracy on the ${errors} errors of the ${n} test windows both runs forecast, with ${variance}, ` +
    `the Harvey–Leybourne–Newbold small-sample correction and Student’s t with ${df} degrees of freedom. Change “steps ahead” above to test another horizon.` +
    (note ? ` ${note}` : '')
  );
}
