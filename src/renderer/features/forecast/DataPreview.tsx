import { formatNumber, formatTimestamp } from '../../../core/common/format';
import { columnRange } from '../../../core/data/summary';
import { useMemo } from 'react';
import { EChart, type ChartOption } from '../../charts/EChart';
import { useForecast } from './forecastStore';

/** The dataset as parsed: detection results, first rows, per-column stats and the target over time. */
export function DataPreview() {
  const parse = useForecast((s) => s.parse);
  const series = useForecast((s) => s.series);
  const seriesError = useForecast((s) => s.seriesError);
  const extract = useForecast((s) => s.extract);
  const summary = parse.status === 'ready' ? parse.parsed.summary : null;

  const option = useMemo<ChartOption | null>(() => {
    if (!series) return null;
    const data = series.time
      ? series.target.map((v, i) => [series.time![i], v])
      : series.target.map((v, i) => [i, v]);
    return {
      grid: { left: 60, right: 20, top: 20, bottom: 60 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: series.time ? 'time' : 'value', name: series.time ? '' : 'row' },
      yAxis: { type: 'value', scale: true, name: series.targetName },
      // Long series open on their most recent part; the slider reaches the rest.
      dataZoom: [
        { type: 'inside', start: data.length > 5000 ? 90 : 0, end: 100 },
        { type: 'slider', height: 18, bottom: 10, start: data.length > 5000 ? 90 : 0, end: 100 },
      ],
      series: [
        {
          type: 'line',
          name: series.targetName,
          data,
          showSymbol: false,
          lineStyle: { width: 1.2 },
          sampling: 'lttb',
        },
      ],
    };
  }, [series]);

  if (!summary) return null;
  const time = summary.time;
  const numeric = summary.columns.filter((c) => c.kind === 'numeric');
  return (
    <section className="card" data-testid="data-preview">
      <h2>Data</h2>
      <dl className="facts">
        <div>
          <dt>Rows</dt>
          <dd>{summary.rows.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Delimiter</dt>
          <dd>
            {summary.delimiter === '\t' ? 'tab' : `“${summary.delimiter}”`}
            {summary.decimalComma ? ', decimal comma' : ''}
          </dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd data-testid="time-facts">
            {time
              ? `${time.columns.join(' + ')} · ${time.frequency.label} · ${formatTimestamp(time.start)} → ${formatTimestamp(time.end)}`
              : 'no time column (rows in file order)'}
          </dd>
        </div>
        {time && (
          <div>
            <dt>Gaps</dt>
            <dd>
              {time.gapCount === 0 ? 'none' : `${time.gapCount} gaps, ${time.missingSteps} missing steps`}
              {time.duplicates ? ` · ${time.duplicates} duplicate times` : ''}
            </dd>
          </div>
        )}
        {summary.key && (
          <div>
            <dt>Series</dt>
            <dd>
              {summary.key.keys.length} in column {summary.key.column}
            </dd>
          </div>
        )}
      </dl>
      {summary.warnings.length > 0 && (
        <ul className="warnings">
          {summary.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <details className="columns-details" open={numeric.length <= 8}>
        <summary>Columns ({summary.columns.length})</summary>
        <table className="table compact" data-testid="column-stats">
          <thead>
            <tr>
              <th>Column</th>
              <th>Type</th>
              <th className="num">Count</th>
              <th className="num">Missing</th>
              <th className="num">Min</th>
              <th className="num">Max</th>
              <th className="num">Mean</th>
            </tr>
          </thead>
          <tbody>
            {summary.columns.map((c) => {
              const range = columnRange(c, time);
              const show = range.dates ? formatTimestamp : formatNumber;
              return (
                <tr key={c.name} className={c.name === extract?.target ? 'highlight' : undefined}>
                  <td>{c.name}</td>
                  <td>{c.role === 'time' ? 'time' : c.kind}</td>
                  <td className="num">{c.count.toLocaleString()}</td>
                  <td className={`num ${c.missing ? 'warn' : ''}`}>{c.missing.toLocaleString()}</td>
                  <td className="num">{show(range.min)}</td>
                  <td className="num">{show(range.max)}</td>
                  <td className="num">
                    {c.kind === 'numeric' && !range.dates
                      ? formatNumber(c.mean)
                      : c.distinct !== null
                        ? `${c.distinct} distinct`
                        : '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
      <details className="columns-details">
        <summary>First rows</summary>
        <div className="scroll-x">
          <table className="table compact" data-testid="first-rows">
            <thead>
              <tr>
                {summary.columns.map((c) => (
                  <th key={c.name}>{c.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {summary.preview.slice(0, 10).map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      {seriesError && (
        <p className="error-text" role="alert">
          {seriesError}
        </p>
      )}
      {option && (
        <EChart
          option={option}
          height={240}
          title={`${series?.targetName ?? ''} over time`}
          testId="target-chart"
        />
      )}
      {series && series.report.filled + series.report.droppedRows + series.report.insertedRows > 0 && (
        <p className="muted small">
          Cleaning: {series.report.filled} values interpolated, {series.report.droppedRows} rows dropped,{' '}
          {series.report.insertedRows} missing steps inserted
          {series.report.mergedDuplicates
            ? `, ${series.report.mergedDuplicates} duplicate times averaged`
            : ''}
          .
        </p>
      )}
    </section>
  );
}
