/** The Auto setup's search table: its shape, its rolling origins and its labels; pure, for the results view. */
import { ConfigError } from '../data/errors';
import type { CellType } from './cells';
import { CELL_LABELS } from './cells';

/** One rolling origin: the networks learn from y[0..trainEnd) and forecast y[trainEnd..end). */
export interface SearchFold {
  trainEnd: number;
  end: number;
}

/** One searched configuration and its validation scores. */
export interface SearchRow {
  cell: CellType;
  lookback: number;
  /** 'auto' (chosen from the data) or 'none'. */
  transforms: 'auto' | 'none';
  ensemble: number;
  /** MASE per fold, in fold order. */
  folds: number[];
  /** Mean MASE over the folds. */
  score: number;
}

/** The search: its folds, every configuration's scores, the classical methods on the same folds, the choice. */
export interface SearchResult {
  folds: SearchFold[];
  rows: SearchRow[];
  classical: { method: string; folds: number[]; score: number }[];
  /** Index into rows of the chosen configuration (lowest mean MASE). */
  best: number;
  /** Whether the chosen configuration beats every classical method on validation. */
  beatsClassical: boolean;
  /** e.g. "No RNN configuration beats the best classical method on validation: ETS 0.61 vs GRU … 0.74." */
  summary: string;
  /** True when a stop request ended the search early (rows then hold what was scored). */
  stopped: boolean;
}

/** Most folds searched. */
export const SEARCH_FOLDS = 3;
/** Members trained per searched configuration; the median of the first 1 and of all are both scored. */
export const SEARCH_MEMBERS = 3;

/**
 * Rolling origins inside [0, valEnd): the last ends at valEnd, each earlier one a horizon before, at most `max`, as
 * long as the training part keeps 2·horizon + 2 values. Every fold's end is ≤ valEnd: the test part is never read.
 */
export function searchFolds(valEnd: number, horizon: number, max = SEARCH_FOLDS): SearchFold[] {
  const folds: SearchFold[] = [];
  for (let k = 0; k < max; k++) {
    const end = valEnd - k * horizon;
    const trainEnd = end - horizon;
    if (trainEnd < 2 * horizon + 2) break;
    folds.unshift({ trainEnd, end });
  }
  if (folds.length === 0) {
    throw new ConfigError(
      'SERIES_TOO_SHORT',
      `The Auto setup needs at least 3 × horizon + 2 = ${3 * horizon + 2} values before the test part (it has ${valEnd}): ` +
        'turn Auto off, or shorten the horizon.',
      'recipe.auto',
    );
  }
  return folds;
}

/** A configuration's label, e.g. "GRU · lookback 24 · transforms auto · ensemble 3". */
export function searchRowLabel(r: Pick<SearchRow, 'cell' | 'lookback' | 'transforms' | 'ensemble'>): string {
  return `${CELL_LABELS[r.cell]} · lookback ${r.lookback} · transforms ${r.transforms} · ensemble ${r.ensemble}`;
}
