import { formatNumber } from '../../../core/common/format';
import { useEffect, useMemo, useState } from 'react';
import type { Experiment, ExperimentSummary } from '../../../core/api';
import type { DmLoss } from '../../../core/model/dieboldMariano';
import { lab } from '../../api/client';
import {
  forecastOverlayOption,
  gradientOverlayOption,
  horizonOverlayOption,
  parallelOption,
  trainingCurvesOption,
  type ParallelDimension,
} from '../../charts/compareCharts';
import { EChart } from '../../charts/EChart';
import { pianoRollOption } from '../../charts/pianoRoll';
import { downloadBlob, safeFileName, toCsv } from '../../charts/download';
import { CheckField } from '../../components/fields';
import {
  compareForecastAccuracy,
  compareItems,
  forecastGroups,
  gradientNormPerEpoch,
  melodyOf,
  metricRows,
  settingsRows,
  skillVsSeasonalNaive,
  smoothCurve,
  type CompareItem,
  type ForecastGroup,
  type SettingRow,
} from './compareModel';
import { useExperiments } from './experimentsStore';
import { fmtMetric } from './format';

function Chip({ item }: { item: Pick<CompareItem, 'letter' | 'color'> }) {
  return (
    <span className="run-chip" style={{ background: item.color }} aria-hidden>
      {item.letter}
    </span>
  );
}

function RunHeader({ item }: { item: CompareItem }) {
  return (
    <th className="run-col" title={item.experiment.name}>
      <Chip item={item} />
      <span className="run-col-name">{item.experiment.name}</span>
    </th>
  );
}

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

function SettingsCard({ items }: { items: CompareItem[] }) {
  const [onlyDiff, setOnlyDiff] = useState(true);
  const rows = useMemo(() => settingsRows(items.map((i) => i.experiment)), [items]);
  const differing = rows.filter((r) => r.differs);
  const shown = onlyDiff ? differing : rows;
  const exportCsv = () =>
    downloadBlob(
      toCsv(
        ['setting', ...items.map((i) => `${i.letter}: ${i.experiment.name}`)],
        rows.map((r) => [r.label, ...r.values]),
      ),
      'compare-settings.csv',
      'text/csv',
    );
  return (
    <section className="card" data-testid="settings-card">
      <header className="card-header">
        <h2>Settings</h2>
        <div className="row-gap">
          <CheckField
            label={`Only differences (${differing.length} of ${rows.length})`}
            checked={onlyDiff}
            onChange={setOnlyDiff}
            testId="only-differences"
          />
          <button className="small" onClick={exportCsv}>
            CSV
          </button>
        </div>
      </header>
      {shown.length === 0 ? (
        <p className="muted">
          All {rows.length} settings are the same: the runs differ only by chance (or not at all).
        </p>
      ) : (
        <div className="scroll-x">
          <table className="table compact compare-table" data-testid="settings-table">
            <thead>
              <tr>
                <th>Setting</th>
                {items.map((i) => (
                  <RunHeader key={i.experiment.id} item={i} />
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr
                  key={r.key}
                  className={r.differs ? 'differs' : undefined}
                  data-testid="setting-row"
                  data-key={r.key}
                >
                  <th scope="row">
                    {r.label}
                    {r.differs && !onlyDiff && (
                      <span className="differs-mark" title="Differs between the runs">
                        ≠
                      </span>
                    )}
                  </th>
                  {r.values.map((v, i) => (
                    <td key={i} className={r.standsOut[i] ? 'diff' : r.differs ? 'same-in-diff' : undefined}>
                      {v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function MetricsCard({ items }: { items: CompareItem[] }) {
  const rows = useMemo(() => metricRows(items.map((i) => i.experiment)), [items]);
  if (!rows.length) return null;
  const exportCsv = () =>
    downloadBlob(
      toCsv(
        ['metric', ...items.map((i) => `${i.letter}: ${i.experiment.name}`), 'best'],
        rows.map((r) => [r.label, ...r.values, r.best.map((b) => items[b].letter).join(' ')]),
      ),
      'compare-metrics.csv',
      'text/csv',
    );
  return (
    <section className="card" data-testid="metrics-card">
      <header className="card-header">
        <div>
          <h2>Metrics</h2>
          <p className="muted small">
            Best value per row in bold green.
            {items.some((i) => i.experiment.kind === 'forecast')
              ? ' Forecast errors are on each run’s test part, in the target’s units; forecast losses are MSE on each run’s scaled target.'
              : ''}
          </p>
        </div>
        <button className="small" onClick={exportCsv}>
          CSV
        </button>
      </header>
      <div className="scroll-x">
        <table className="table compact compare-table" data-testid="metrics-table">
          <thead>
            <tr>
              <th>Metric</th>
              {items.map((i) => (
                <RunHeader key={i.experiment.id} item={i} />
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.key}
                data-testid="metric-row"
                data-key={r.key}
                className={r.key === 'skill' ? 'skill-row' : undefined}
              >
                <th scope="row" title={r.hint}>
                  {r.label}
                </th>
                {r.values.map((v, i) => (
                  <td key={i} className={`num ${r.best.includes(i) ? 'best' : ''}`}>
                    {r.key === 'skill' && v !== null ? <SkillValue value={v} /> : fmtMetric(v, r.format)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SkillValue({ value }: { value: number }) {
  const width = Math.min(50, Math.abs(value) * 50);
  return (
    <span
      className="skill-bar"
      title={`${(value * 100).toFixed(1)}% ${value >= 0 ? 'less' : 'more'} error than seasonal naive`}
    >
      <span className="skill-track">
        <span
          className={`skill-fill ${value >= 0 ? 'good' : 'bad'}`}
          style={value >= 0 ? { left: '50%', width: `${width}%` } : { right: '50%', width: `${width}%` }}
        />
      </span>
      {`${value > 0 ? '+' : ''}${(value * 100).toFixed(Math.abs(value) < 0.1 ? 1 : 0)}%`}
    </span>
  );
}

function CurvesCard({ items }: { items: CompareItem[] }) {
  const [smoothing, setSmoothing] = useState(0);
  const [logScale, setLogScale] = useState(true);
  const [show, setShow] = useState<'both' | 'loss' | 'val'>('both');
  const withCurves = useMemo(
    () => items.filter((i) => ((i.experiment.history as { loss?: number[] }).loss?.length ?? 0) > 0),
    [items],
  );
  const option = useMemo(
    () =>
      trainingCurvesOption(
        withCurves.map((i) => {
          const h = i.experiment.history as {
            loss?: number[];
            valLoss?: (number | null)[];
            bestEpoch?: number | null;
          };
          return {
            label: i.short,
            color: i.color,
            loss: smoothCurve(h.loss ?? [], smoothing),
            valLoss: smoothCurve(h.valLoss ?? [], smoothing),
            bestEpoch: h.bestEpoch ?? null,
          };
        }),
        { logScale, show },
      ),
    [withCurves, smoothing, logScale, show],
  );
  if (!withCurves.length) return null;
  const exportCsv = () => {
    const epochs = Math.max(
      ...withCurves.map((i) => (i.experiment.history as { loss?: number[] }).loss?.length ?? 0),
    );
    const header = [
      'epoch',
      ...withCurves.flatMap((i) => [`${i.letter} loss`, `${i.letter} validation loss`]),
    ];
    const rows = Array.from({ length: epochs }, (_, e) => [
      e + 1,
      ...withCurves.flatMap((i) => {
        const h = i.experiment.history as { loss?: number[]; valLoss?: (number | null)[] };
        return [h.loss?.[e] ?? '', h.valLoss?.[e] ?? ''];
      }),
    ]);
    downloadBlob(toCsv(header, rows), 'compare-training-curves.csv', 'text/csv');
  };
  return (
    <EChart
      option={option}
      height={320}
      title="Training curves"
      testId="curves-chart"
      actions={
        <>
          <span className="segmented" role="group" aria-label="Curves shown">
            {(
              [
                ['both', 'Both'],
                ['loss', 'Training'],
                ['val', 'Validation'],
              ] as const
            ).map(([value, label]) => (
              <button
                key={value}
                className={`small ${show === value ? 'on' : ''}`}
                aria-pressed={show === value}
                onClick={() => setShow(value)}
              >
                {label}
              </button>
            ))}
          </span>
          <label className="inline-field" title="Exponential moving average, as in TensorBoard">
            smoothing
            <input
              type="range"
              min={0}
              max={0.95}
              step={0.05}
              value={smoothing}
              onChange={(e) => setSmoothing(Number(e.target.value))}
              data-testid="smoothing"
              className="slider"
            />
            <span className="slider-value">{smoothing.toFixed(2)}</span>
          </label>
          <CheckField label="log scale" checked={logScale} onChange={setLogScale} testId="log-scale" />
          <button className="small" onClick={exportCsv}>
            CSV
          </button>
        </>
      }
    />
  );
}

function GradientsCard({ items }: { items: CompareItem[] }) {
  const runs = useMemo(
    () =>
      items
        .map((i) => {
          const g = (
            i.experiment.history as {
              gradients?: { before?: number[]; epoch?: number[]; clipNorm?: number | null } | null;
            }
          ).gradients;
          return {
            label: i.short,
            color: i.color,
            perEpoch: gradientNormPerEpoch(g),
            clipNorm: g?.clipNorm ?? null,
          };
        })
        .filter((r) => r.perEpoch.length > 0),
    [items],
  );
  const option = useMemo(() => gradientOverlayOption(runs), [runs]);
  if (!runs.length) return null;
  return (
    <EChart
      option={option}
      height={260}
      title="Gradient norms: vanishing (falling towards 0) or exploding (spikes above the clip norm)"
      testId="gradients-chart"
    />
  );
}

function ForecastGroupCard({ group }: { group: ForecastGroup }) {
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

function DieboldMarianoPanel({ group, step }: { group: ForecastGroup; step: number }) {
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

function MelodyCard({ items }: { items: CompareItem[] }) {
  const melodies = items
    .map((item) => ({ item, melody: melodyOf(item.experiment) }))
    .filter((m) => m.melody !== null);
  if (!melodies.length) return null;
  const stat = (e: Experiment, key: string) => (e.metrics as Record<string, unknown>)[key];
  const rows: { label: string; get: (e: Experiment) => string }[] = [
    { label: 'Seed key', get: (e) => String(stat(e, 'seedKey') ?? '—') },
    { label: 'Variations', get: (e) => fmtMetric(stat(e, 'variations') as number, 'int') },
    { label: 'Steps generated', get: (e) => fmtMetric(stat(e, 'steps') as number, 'int') },
    { label: 'In key', get: (e) => fmtMetric((stat(e, 'inKeyRatio') as number) ?? null, 'pct') },
    {
      label: 'Distinct 4-grams',
      get: (e) => fmtMetric((stat(e, 'distinct4gramRatio') as number) ?? null, 'pct'),
    },
    { label: 'Rests', get: (e) => fmtMetric((stat(e, 'restRatio') as number) ?? null, 'pct') },
    {
      label: 'Log-likelihood per step',
      get: (e) => fmtMetric((stat(e, 'meanLogLikelihood') as number) ?? null, 'num'),
    },
  ];
  return (
    <section className="card" data-testid="melody-card">
      <h2>Melodies</h2>
      <div className="roll-grid">
        {melodies.map(({ item, melody }) => (
          <EChart
            key={item.experiment.id}
            title={`${item.short}${melody!.variations > 1 ? ` · variation 1 of ${melody!.variations}` : ''}`}
            height={200}
            option={pianoRollOption({
              notes: [
                ...melody!.seedNotes.map((n) => ({ ...n, part: 'seed' as const })),
                ...melody!.continuation.map((n) => ({ ...n, part: 'continuation' as const })),
              ],
              totalSteps: melody!.totalSteps,
              stepsPerBar: melody!.stepsPerBar,
              boundary: melody!.seedSteps,
              legend: true,
            })}
          />
        ))}
      </div>
      <table className="table compact compare-table" data-testid="melody-stats">
        <thead>
          <tr>
            <th>Statistic (mean over variations)</th>
            {melodies.map(({ item }) => (
              <RunHeader key={item.experiment.id} item={item} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              {melodies.map(({ item }) => (
                <td key={item.experiment.id} className="num">
                  {r.get(item.experiment)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

interface ParallelMetric {
  key: string;
  label: string;
  lowerIsBetter: boolean;
  get(e: Pick<ExperimentSummary, 'metrics' | 'durationMs' | 'kind'>): number | null;
}

const PARALLEL_METRICS: ParallelMetric[] = [
  {
    key: 'mase',
    label: 'MASE',
    lowerIsBetter: true,
    get: (e) => num((e.metrics as { model?: { mase?: unknown } }).model?.mase),
  },
  {
    key: 'mae',
    label: 'MAE',
    lowerIsBetter: true,
    get: (e) => num((e.metrics as { model?: { mae?: unknown } }).model?.mae),
  },
  {
    key: 'rmse',
    label: 'RMSE',
    lowerIsBetter: true,
    get: (e) => num((e.metrics as { model?: { rmse?: unknown } }).model?.rmse),
  },
  {
    key: 'skill',
    label: 'Skill vs seasonal naive',
    lowerIsBetter: false,
    get: (e) => skillVsSeasonalNaive(e.metrics),
  },
  {
    key: 'll',
    label: 'Log-likelihood per step',
    lowerIsBetter: false,
    get: (e) => num((e.metrics as { meanLogLikelihood?: unknown }).meanLogLikelihood),
  },
  {
    key: 'accuracy',
    label: 'Memory-task accuracy',
    lowerIsBetter: false,
    get: (e) => (e.kind === 'memory' ? num((e.metrics as { accuracy?: unknown }).accuracy) : null),
  },
  { key: 'duration', label: 'Run time (s)', lowerIsBetter: true, get: (e) => e.durationMs / 1000 },
];

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Settings shown first as parallel axes; any other setting that varies (numbers, or a few categories) follows. */
const PARALLEL_FIRST = [
  'cell',
  'layers',
  'units',
  'run.parameters',
  'dropout',
  'lookback',
  'horizon',
  'learningRate',
  'batchSize',
  'epochs',
  'clipNorm',
  'patience',
  'split.train',
  'seasonLength',
];
/** Facts of a run that are not settings to explain a metric with. */
const PARALLEL_SKIP = new Set([
  'run.kind',
  'run.dataset',
  'run.status',
  'run.backend',
  'target',
  'key',
  'features',
]);

/** The settings rows that vary and fit an axis: numeric, or at most 8 categories. */
function parallelAxes(rows: SettingRow[]): SettingRow[] {
  const rank = (k: string) =>
    PARALLEL_FIRST.includes(k) ? PARALLEL_FIRST.indexOf(k) : PARALLEL_FIRST.length;
  return rows
    .filter((r) => r.differs && !PARALLEL_SKIP.has(r.key))
    .filter(
      (r) =>
        r.key === 'cell' || r.numbers.filter((n) => n !== null).length >= 2 || new Set(r.values).size <= 8,
    )
    .sort((a, b) => rank(a.key) - rank(b.key))
    .slice(0, 14);
}

const isCategory = (r: SettingRow) => r.key === 'cell' || r.numbers.filter((n) => n !== null).length < 2;

function ParallelCard({ items }: { items: CompareItem[] }) {
  const query = useExperiments((s) => s.query);
  const [scope, setScope] = useState<'selected' | 'history'>('selected');
  const [metricKey, setMetricKey] = useState('mase');
  const [history, setHistory] = useState<ExperimentSummary[] | null>(null);
  useEffect(() => {
    if (scope !== 'history') return;
    let live = true;
    lab['experiments:list']({
      kind: query.kind,
      datasetId: query.datasetId,
      cell: query.cell,
      status: query.status,
      tag: query.tag,
      text: query.text.trim() || undefined,
      sort: 'created',
      order: 'desc',
      limit: 1000,
    })
      .then((page) => live && setHistory(page.items))
      .catch(() => live && setHistory([]));
    return () => {
      live = false;
    };
  }, [scope, query]);
  const runs: (Pick<
    ExperimentSummary,
    'kind' | 'name' | 'config' | 'metrics' | 'durationMs' | 'backend' | 'status' | 'datasetId' | 'datasetName'
  > & { color?: string })[] = useMemo(
    () =>
      scope === 'history'
        ? (history ?? [])
        : items.map((i) => ({ ...i.experiment, name: i.short, color: i.color })),
    [scope, history, items],
  );
  const available = useMemo(
    () => PARALLEL_METRICS.filter((m) => runs.some((r) => m.get(r) !== null)),
    [runs],
  );
  const metric = available.find((m) => m.key === metricKey) ?? available[0];
  const option = useMemo(() => {
    const metric = available.find((m) => m.key === metricKey) ?? available[0];
    if (!metric) return null;
    const rows = settingsRows(runs);
    const axes = parallelAxes(rows);
    if (!axes.length) return null;
    const dimensions: ParallelDimension[] = axes.map((r) =>
      isCategory(r)
        ? { name: r.label, categories: [...new Set(r.values)].sort() }
        : { name: r.label, log: r.key === 'learningRate' && r.numbers.every((n) => n === null || n > 0) },
    );
    dimensions.push({ name: metric.label });
    return parallelOption({
      dimensions,
      metricName: metric.label,
      lowerIsBetter: metric.lowerIsBetter,
      runs: runs.map((run, i) => ({
        label: run.name,
        color: run.color,
        values: axes.map((r) => (isCategory(r) ? r.values[i] : r.numbers[i])),
        metric: metric.get(run),
      })),
    });
  }, [runs, available, metricKey]);
  if (!available.length && scope === 'selected') return null;
  return (
    <section className="card" data-testid="parallel-card">
      <header className="card-header">
        <div>
          <h2>Settings against a metric</h2>
          <p className="muted small">
            One line per run through the settings that vary, ending at the metric; drag along an axis to
            filter.
          </p>
        </div>
        <div className="row-gap">
          <label className="inline-field">
            metric
            <select
              value={metric?.key ?? ''}
              onChange={(e) => setMetricKey(e.target.value)}
              data-testid="parallel-metric"
            >
              {available.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.label}
                </option>
              ))}
            </select>
          </label>
          <span className="segmented" role="group" aria-label="Runs shown">
            <button
              className={`small ${scope === 'selected' ? 'on' : ''}`}
              aria-pressed={scope === 'selected'}
              onClick={() => setScope('selected')}
            >
              These {items.length}
            </button>
            <button
              className={`small ${scope === 'history' ? 'on' : ''}`}
              aria-pressed={scope === 'history'}
              onClick={() => setScope('history')}
              title="Every run matching the history’s filters (up to 1,000)"
            >
              All in the history filter
            </button>
          </span>
        </div>
      </header>
      {option ? (
        <EChart option={option} height={340} title="Parallel coordinates" testId="parallel-chart" />
      ) : (
        <p className="muted">
          {metric
            ? 'These runs do not differ in any setting that fits an axis.'
            : 'No run here has this metric.'}
        </p>
      )}
    </section>
  );
}
