/**
 * The Auto setup: a small search over cell, lookback, transforms and ensemble size, scored on rolling origins inside
 * the training + validation part (never the test part), next to the classical methods on the same origins. The best
 * configuration is what the run then trains; the table is saved with the experiment.
 */
import type { CellType } from './cells';
import {
  SEARCH_MEMBERS,
  searchFolds,
  searchRowLabel,
  type SearchResult,
  type SearchRow,
} from './searchTable';
import { CLASSICAL_METHODS, classicalForecasts, type ClassicalMethod } from './classical';
import { CLASSICAL_LABELS, COMPETITOR_HISTORY } from './competitors';
import { maseScale } from './metrics';
import { predictEnsemble, recipeNetworkConfig, trainEnsemble } from './recipe';
import { chooseRecipeTransforms, fitRecipeState, fromModelSpace, toModelSpace } from './recipeTransforms';
import type { ForecastConfig, RecipeSettings } from './spec';
import type { TrainProgress } from './train';

export { SEARCH_FOLDS, SEARCH_MEMBERS, searchFolds, searchRowLabel } from './searchTable';
export type { SearchFold, SearchResult, SearchRow } from './searchTable';

const mase = (actual: readonly number[], predicted: readonly number[], scale: number) =>
  actual.reduce((s, v, h) => s + Math.abs(v - predicted[h]), 0) / actual.length / scale;

/**
 * Runs the search on y[0..valEnd) for a recipe configuration: cells LSTM and GRU, the proposed lookback and a
 * shorter one, transforms chosen from the data or none, and ensembles of 1 and SEARCH_MEMBERS (from the same
 * training: the median of its first member, and of all). Returns the table and the chosen row.
 */
export async function autoSearch(
  y: readonly number[],
  valEnd: number,
  seasonLength: number,
  config: ForecastConfig & { recipe: RecipeSettings },
  hooks: { signal?: AbortSignal; onProgress?: (p: TrainProgress) => void } = {},
): Promise<SearchResult> {
  const H = config.horizon;
  const m = seasonLength;
  const folds = searchFolds(valEnd, H);
  const short = Math.max(1, Math.min(config.lookback, Math.max(H, m > 1 ? m : H)));
  const lookbacks = [
    ...new Set([
      config.lookback,
      short === config.lookback ? Math.max(1, Math.floor(config.lookback / 2)) : short,
    ]),
  ];
  const grid: { cell: CellType; lookback: number; transforms: 'auto' | 'none' }[] = [];
  for (const cell of ['lstm', 'gru'] as const)
    for (const lookback of lookbacks)
      for (const transforms of ['auto', 'none'] as const) grid.push({ cell, lookback, transforms });
  const allPositive = y.slice(0, valEnd).every((v) => v > 0);
  const units = grid.length * folds.length;
  let unit = 0;
  const rows: SearchRow[] = [];
  let stopped = false;
  for (const g of grid) {
    const one: number[] = [];
    const all: number[] = [];
    for (const fold of folds) {
      if (hooks.signal?.aborted) {
        stopped = true;
        break;
      }
      const train = y.slice(0, fold.trainEnd);
      const settings = {
        ...config.recipe,
        boxCox: g.transforms === 'auto' ? 'auto' : 'none',
        deseasonalise: g.transforms === 'auto' ? 'auto' : 'none',
        ensemble: SEARCH_MEMBERS,
        refit: false,
      } as const;
      const transforms = chooseRecipeTransforms(train, m, settings, allPositive);
      const state = fitRecipeState(y, fold.trainEnd, m, transforms, H);
      const z = toModelSpace(state, y.slice(0, fold.trainEnd));
      const lookback = Math.min(g.lookback, Math.max(1, Math.floor(fold.trainEnd / 3)));
      const net = recipeNetworkConfig({ ...config, cell: g.cell, lookback }, settings);
      const current = unit++;
      const trained = await trainEnsemble(z, fold.trainEnd, net, {
        signal: hooks.signal,
        onProgress: hooks.onProgress
          ? (p) =>
              hooks.onProgress?.({
                ...p,
                step: current * p.totalSteps + p.step,
                totalSteps: units * p.totalSteps,
                etaSeconds:
                  (p.elapsedSeconds / Math.max(1, p.step)) * ((units - current) * p.totalSteps - p.step),
              })
          : undefined,
      });
      try {
        if (trained.status === 'stopped') {
          stopped = true;
          break;
        }
        const pred = await predictEnsemble(trained.models, z, [fold.trainEnd - 1], net);
        const positions = Array.from({ length: H }, (_, h) => fold.trainEnd + h);
        const actual = y.slice(fold.trainEnd, fold.end);
        const scale = maseScale(train, m) ?? 1;
        const first = pred.members[0]?.[0] ?? pred.median[0];
        one.push(mase(actual, fromModelSpace(state, positions, first), scale));
        all.push(mase(actual, fromModelSpace(state, positions, pred.median[0]), scale));
      } finally {
        for (const model of trained.models) model.dispose();
      }
    }
    if (stopped) break;
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    rows.push({ ...g, ensemble: 1, folds: one, score: mean(one) });
    rows.push({ ...g, ensemble: SEARCH_MEMBERS, folds: all, score: mean(all) });
  }

  if (stopped || rows.length === 0) {
    return {
      folds,
      rows,
      classical: [],
      best: 0,
      beatsClassical: false,
      summary: 'The Auto search was stopped.',
      stopped: true,
    };
  }
  const classicalFolds: Record<ClassicalMethod, number[]> = { naive2: [], theta: [], ets: [], arima: [] };
  for (const fold of folds) {
    const history = y.slice(Math.max(0, fold.trainEnd - COMPETITOR_HISTORY), fold.trainEnd);
    const f = classicalForecasts(history, H, m);
    const scale = maseScale(y.slice(0, fold.trainEnd), m) ?? 1;
    for (const c of CLASSICAL_METHODS)
      classicalFolds[c].push(mase(y.slice(fold.trainEnd, fold.end), f[c].mean, scale));
  }
  const classical = CLASSICAL_METHODS.map((c) => ({
    method: CLASSICAL_LABELS[c],
    folds: classicalFolds[c],
    score: classicalFolds[c].reduce((s, x) => s + x, 0) / folds.length,
  }));
  const best = rows.reduce((b, r, i) => (r.score < rows[b].score ? i : b), 0);
  const bestClassical = classical.reduce((a, b) => (b.score < a.score ? b : a));
  const beatsClassical = rows[best].score < bestClassical.score;
  const f = (v: number) => v.toFixed(3);
  const where = `on validation (${folds.length} rolling origin${folds.length === 1 ? '' : 's'} before the test part, mean MASE)`;
  const summary = beatsClassical
    ? `The Auto setup chose ${searchRowLabel(rows[best])}: ${f(rows[best].score)} ${where}, better than the best classical method, ${bestClassical.method} (${f(bestClassical.score)}).`
    : `No RNN configuration beats the best classical method ${where}: ${bestClassical.method} ${f(bestClassical.score)}, the best RNN ${searchRowLabel(rows[best])} ${f(rows[best].score)}. ${config.recipe.combine ? 'It is trained, and forecasts combined with the classical methods; the competitors table scores the combination and the networks alone.' : 'The test numbers below are for that RNN.'}`;
  return { folds, rows, classical, best, beatsClassical, summary, stopped: false };
}
