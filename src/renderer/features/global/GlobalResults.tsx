import { useMemo } from 'react';
import { formatDuration, formatNumber, formatPercent } from '../../../core/common/format';
import {
  GLOBAL_COMPETITORS,
  type GlobalCompetitor,
  type GlobalSeriesResult,
} from '../../../core/experiments/global';
import { modelLabel } from '../../../core/model/cells';
import { EChart } from '../../charts/EChart';
import { toCsv } from '../../../core/common/csvWrite';
import { downloadBlob } from '../../charts/download';
import { globalSeriesChartOption } from '../../charts/globalCharts';
import { useGlobal, type SeriesSortKey } from './globalStore';

const COMPETITOR_LABELS: Record<GlobalCompetitor, string> = {
  naive2: 'Naive2',
  snaive: 'Seasonal naive',
  theta: 'Theta',
  ets: 'ETS',
  arima: 'ARIMA',
};

interface Column {
  key: SeriesSortKey;
  label: string;
  title: string;
  value(s: GlobalSeriesResult): number | string | null;
}

const COLUMNS: Column[] = [
  { key: 'id', label: 'Series', title: 'The series (a value of the key column)', value: (s) => s.id },
  {
    key: 'smape',
    label: 'sMAPE %',
    title: 'The network’s sMAPE on the held-out part',
    value: (s) => s.smape,
  },
  { key: 'mase', label: 'MASE', title: 'The network’s MASE on the held-out part', value: (s) => s.mase },
  {
    key: 'naive2Mase',
    label: 'Naive2 MASE',
    title: 'MASE of Naive2 on the same values',
    value: (s) => s.naive2Mase,
  },
  {
    key: 'snaiveMase',
    label: 'sNaive MASE',
    title: 'MASE of seasonal naive on the same values',
    value: (s) => s.snaiveMase,
  },
  {
    key: 'bestClassical',
    label: 'Best classical',
    title: 'The classical method with the lowest MASE on this series',
    value: (s) => s.bestClassical.mase,
  },
  {
    key: 'localMase',
    label: 'Own model MASE',
    title: 'MASE of a network trained on this series alone',
    value: (s) => s.localMase,
  },
];

function compare(a: number | string | null, b: number | string | null): number {
  if (a === null || (typeof a === 'number' && !Number.isFinite(a))) return 1;
  if (b === null || (typeof b === 'number' && !Number.isFinite(b))) return -1;
  if (typeof a === 'string' || typeof b === 'string')
    return String(a).localeCompare(String(b), undefined, { numeric: true });
  return a - b;
}

/** The results of a global run: aggregate scores, competitors, a sortable per-series table and one series' chart. */
export function GlobalResults() {
  const result = useGlobal((s) => s.result);
  const selected = useGlobal((s) => s.selected);
  const sort = useGlobal((s) => s.sort);
  const select = useGlobal((s) => s.select);
  const sortBy = useGlobal((s) => s.sortBy);

  const rows = useMemo(() => {
    if (!result) return [];
    const column = COLUMNS.find((c) => c.key === sort.key) ?? COLUMNS[0];
    const sorted = [...result.predictions.series].sort((a, b) => compare(column.value(a), column.value(b)));
    return sort.descending ? sorted.reverse() : sorted;
  }, [result, sort]);
  const shown = result?.predictions.series.find((s) => s.id === selected) ?? null;
  const option = useMemo(
    () => (shown && result ? globalSeriesChartOption(shown, result.metrics.intervalLevel) : null),
    [shown, result],
  );
  if (!result) return null;
  const m = result.metrics;
  const c = result.config;
  const hasLocal = result.predictions.series.some((s) => s.localMase !== null);
  const columns = hasLocal ? COLUMNS : COLUMNS.filter((col) => col.key !== 'localMase');
  // the networks whose forecasts entered the median: fewer than asked when Stop came early or some diverged
  const asked = c.settings.members;
  const used =
    c.mode === 'global' && result.history.members.length > 0
      ? result.history.members.filter((n) => n.used).length
      : asked;
  const networks = `${used < asked ? `${used} of ${asked}` : asked} network${asked > 1 ? 's' : ''}`;
  const localWins = result.predictions.series.filter(
    (s) => s.localMase !== null && s.mase !== null && s.mase < s.localMase,
  ).length;

  const exportCsv = () => {
    const out: unknown[][] = [];
    for (const s of result.predictions.series) {
      const held = s.historyStart + s.history.length;
      s.forecast.forEach((v, h) => out.push([s.id, 'held-out', held + h, h + 1, s.actual[h], v, '', '']));
      s.future.forEach((v, h) =>
        out.push([s.id, 'future', held + s.actual.length + h, h + 1, '', v, s.lower[h], s.upper[h]]),
      );
    }
    const level = Math.round(m.intervalLevel * 100);
    downloadBlob(
      toCsv(['series', 'part', 'step', 'ahead', 'actual', 'forecast', `lower${level}`, `upper${level}`], out),
      `${result.name.replace(/[^\w.-]+/g, '-')}-forecasts.csv`,
      'text/csv',
    );
  };

  return (
    <section className="card results" data-testid="global-results">
      <header className="card-header">
        <div>
          <h2 data-testid="global-result-name">{result.name}</h2>
          <p className="muted small">
            <span className={`status status-${result.status}`}>{result.status}</span> {modelLabel(c.settings)}{' '}
            · {c.mode === 'global' ? 'one network for all series' : 'one network per series'} · {networks} ·{' '}
            {m.series} series · horizon {c.horizon} · season {c.seasonLength} · {result.backend} ·{' '}
            {formatDuration(m.seconds)}
          </p>
        </div>
        <div className="row-gap">
          <button
            onClick={exportCsv}
            data-testid="global-export-csv"
            title="Every series’ forecasts in one long CSV"
          >
            Export all forecasts (CSV)
          </button>
          <button onClick={() => useGlobal.getState().close()}>Close</button>
        </div>
      </header>
      <p className="verdict" data-testid="global-verdict">
        OWA {formatNumber(m.owa, 3)} against Naive2 (below 1 is better): the network beats seasonal naive on{' '}
        {formatPercent(m.beatsSeasonalNaive)} of the series and the best classical method of each series on{' '}
        {formatPercent(m.beatsBestClassical)}.
        {m.local &&
          ` Forecast one at a time, the same series score MASE ${formatNumber(m.local.mase, 3)} (OWA ${formatNumber(m.local.owa, 3)}) against ${formatNumber(m.mase, 3)} for the shared network, which is better on ${localWins} of ${m.series}.`}
      </p>
      <table className="table metrics" data-testid="global-metrics">
        <thead>
          <tr>
            <th>Mean over {m.series} series</th>
            <th className="num">sMAPE %</th>
            <th className="num">MASE</th>
            <th className="num">OWA</th>
          </tr>
        </thead>
        <tbody>
          <tr className="model-row">
            <td>{c.mode === 'global' ? 'One network, all series' : 'One network per series'}</td>
            <td className="num">{formatNumber(m.smape)}</td>
            <td className="num">{formatNumber(m.mase)}</td>
            <td className="num">{formatNumber(m.owa)}</td>
          </tr>
          {m.local && (
            <tr>
              <td>Each series on its own network</td>
              <td className="num">{formatNumber(m.local.smape)}</td>
              <td className="num">{formatNumber(m.local.mase)}</td>
              <td className="num">{formatNumber(m.local.owa)}</td>
            </tr>
          )}
          {GLOBAL_COMPETITORS.filter((k) => m.competitors[k]).map((k) => (
            <tr key={k}>
              <td>{COMPETITOR_LABELS[k]}</td>
              <td className="num">{formatNumber(m.competitors[k]!.smape)}</td>
              <td className="num">{formatNumber(m.competitors[k]!.mase)}</td>
              <td className="num">{formatNumber(m.competitors[k]!.owa)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {option && shown && (
        <EChart
          option={option}
          height={320}
          title={`${shown.id}: the held-out ${c.horizon} values${shown.future.length ? ` and ${c.horizon} steps past the data (${Math.round(m.intervalLevel * 100)}% interval from the errors of every series)` : ''}`}
          testId="global-series-chart"
        />
      )}
      <div className="global-series-scroll">
        <table className="table global-series-table" data-testid="global-series-table">
          <thead>
            <tr>
              {columns.map((col) => (
                <th
                  key={col.key}
                  className={col.key === 'id' ? undefined : 'num'}
                  title={col.title}
                  aria-sort={
                    sort.key === col.key ? (sort.descending ? 'descending' : 'ascending') : undefined
                  }
                >
                  <button
                    className={`sort ${sort.key === col.key ? 'on' : ''}`}
                    onClick={() => sortBy(col.key)}
                    data-testid={`global-sort-${col.key}`}
                  >
                    {col.label}
                    <span className="sort-mark" aria-hidden>
                      {sort.key === col.key ? (sort.descending ? '▼' : '▲') : '↕'}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr
                key={s.id}
                className={s.id === selected ? 'selected' : undefined}
                onClick={() => select(s.id)}
                data-series={s.id}
                title="Show this series’ forecast"
              >
                <td>
                  <button className="link" onClick={() => select(s.id)}>
                    {s.id}
                  </button>
                </td>
                <td className="num">{formatNumber(s.smape)}</td>
                <td
                  className={`num ${s.mase !== null && s.snaiveMase !== null && s.mase < s.snaiveMase ? 'best' : ''}`}
                >
                  {formatNumber(s.mase)}
                </td>
                <td className="num">{formatNumber(s.naive2Mase)}</td>
                <td className="num">{formatNumber(s.snaiveMase)}</td>
                <td className="num">
                  {formatNumber(s.bestClassical.mase)}{' '}
                  <span className="muted small">{COMPETITOR_LABELS[s.bestClassical.method]}</span>
                </td>
                {hasLocal && <td className="num">{formatNumber(s.localMase)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Scores on the last {c.horizon} values of each series, which no network trained on. MASE divides by the
        in-sample error of the seasonal naive forecast at lag {c.seasonLength} (M4’s scale); bold MASE beats
        seasonal naive.
      </p>
    </section>
  );
}
