import { formatNumber } from '../../../core/common/format';
import { BASELINE_LABELS, BASELINE_NAMES } from '../../../core/model/baselines';
import { CLASSICAL_METHODS } from '../../../core/model/classical';
import { CLASSICAL_LABELS, COMBINED_WITH, type CompetitorComparison } from '../../../core/model/competitors';
import type { RecipeRun } from '../../../core/model/forecastResult';
import { searchRowLabel, type SearchResult } from '../../../core/model/searchTable';
import type { ForecastMetrics } from '../../../core/model/metrics';
import { ensembleText } from './ensembleText';
import { boxCoxLabel } from './RecipeFields';

/** The model, the classical methods and the baselines on the same last test windows; the best row marked. */
export function CompetitorsTable({
  comparison,
  modelLabel,
}: {
  comparison: CompetitorComparison;
  modelLabel: string;
}) {
  const alone = comparison.ensembleAlone;
  const rows: { name: string; detail: string; m: ForecastMetrics; model: boolean }[] = [
    alone
      ? {
          name: `${modelLabel} + ${COMBINED_WITH} (model)`,
          detail: 'median per step',
          m: comparison.model,
          model: true,
        }
      : { name: `${modelLabel} (model)`, detail: '', m: comparison.model, model: true },
    ...(alone
      ? [{ name: `${modelLabel} alone`, detail: 'the networks’ median', m: alone, model: false }]
      : []),
    ...CLASSICAL_METHODS.map((c) => ({
      name: CLASSICAL_LABELS[c],
      detail: comparison.classical[c].model,
      m: comparison.classical[c].metrics,
      model: false,
    })),
    ...BASELINE_NAMES.map((b) => ({
      name: BASELINE_LABELS[b],
      detail: '',
      m: comparison.baselines[b],
      model: false,
    })),
  ];
  const key = comparison.metric === 'MASE' ? 'mase' : 'mae';
  const values = rows.map((r) => r.m[key]).filter((v): v is number => typeof v === 'number');
  const min = values.length ? Math.min(...values) : null;
  const windows = comparison.origins.length;
  return (
    <>
      <table className="table metrics" data-testid="competitors-table">
        <thead>
          <tr>
            <th>
              Against classical methods (last {windows} test window{windows === 1 ? '' : 's'})
            </th>
            <th>Chosen model</th>
            <th className="num">MAE</th>
            <th className="num">sMAPE %</th>
            <th className="num">MASE</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name} className={r.model ? 'model-row' : undefined}>
              <td>{r.name}</td>
              <td className="small">{r.detail}</td>
              {(['mae', 'smape', 'mase'] as const).map((k) => (
                <td key={k} className={`num ${k === key && r.m[k] === min ? 'best' : ''}`}>
                  {formatNumber(r.m[k])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Each classical method is fitted on the series up to each window’s start (at most its last 2,000
        values) and forecasts the same steps as the model. Best on {comparison.metric}: {comparison.best}.
      </p>
    </>
  );
}

/** What the recipe used: transforms and why, the ensemble, the interval calibration, and what a short series changed. */
export function RecipeSummary({
  recipe,
  stopped,
  notes,
}: {
  recipe: RecipeRun | null;
  /** Whether the run was stopped (it then forecast with the members trained so far). */
  stopped: boolean;
  notes: readonly string[];
}) {
  if (!recipe && notes.length === 0) return null;
  return (
    <div className="muted small" data-testid="recipe-summary">
      {recipe && (
        <>
          <div>
            Recipe: {boxCoxLabel(recipe.transforms.boxCox)} (
            {recipe.transforms.chosen.boxCox === 'auto' ? 'chosen' : 'set'}), seasonal adjustment{' '}
            {recipe.transforms.deseasonalise} (
            {recipe.transforms.chosen.deseasonalise === 'auto' ? 'chosen' : 'set'}), windows relative to their
            last level, lookback {recipe.lookback}, {ensembleText(recipe.ensemble, stopped)}
            {recipe.combined
              ? `, combined with ${COMBINED_WITH} (their median with the networks, step by step)`
              : ''}
            .
          </div>
          <div>Intervals: {recipe.calibration}.</div>
        </>
      )}
      {notes.map((n) => (
        <div key={n} data-testid="short-series-note">
          {n}
        </div>
      ))}
    </div>
  );
}

/** The Auto setup's search: every configuration's validation MASE per fold, the classical methods, the choice. */
export function SearchTable({ search }: { search: SearchResult }) {
  const rows = [
    ...search.rows.map((r, i) => ({
      name: searchRowLabel(r),
      folds: r.folds,
      score: r.score,
      chosen: i === search.best,
    })),
    ...search.classical.map((c) => ({ name: c.method, folds: c.folds, score: c.score, chosen: false })),
  ];
  return (
    <>
      <p className={search.beatsClassical ? 'muted small' : 'warn-text'} data-testid="search-summary">
        {search.summary}
      </p>
      <table className="table metrics" data-testid="search-table">
        <thead>
          <tr>
            <th>Auto search (validation MASE, rolling origins)</th>
            {search.folds.map((f, i) => (
              <th
                key={f.end}
                className="num"
                title={`learns from rows 1-${f.trainEnd}, scored on rows ${f.trainEnd + 1}-${f.end}`}
              >
                origin {i + 1}
              </th>
            ))}
            <th className="num">mean</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name} className={r.chosen ? 'model-row' : undefined}>
              <td>
                {r.name}
                {r.chosen ? ' (chosen)' : ''}
              </td>
              {r.folds.map((v, i) => (
                <td key={i} className="num">
                  {formatNumber(v)}
                </td>
              ))}
              <td className="num">{formatNumber(r.score)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
