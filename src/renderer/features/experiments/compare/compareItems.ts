/** The letters, colours and short labels the compare view gives the runs it shows. */
import type { Experiment } from '../../../../core/api';
import { experimentModelLabel } from '../../../../core/experiments/compare';

/** One colour per compared experiment (A..H), readable on light and dark panels. */
export const EXPERIMENT_COLORS = [
  '#3b6fe0',
  '#e8590c',
  '#2f9e44',
  '#ae3ec9',
  '#0c8599',
  '#e64980',
  '#a07a00',
  '#5f6b7d',
] as const;
export const LETTERS = 'ABCDEFGH';
/** Most runs compared at once. */
export const MAX_COMPARE = 8;

export interface CompareItem {
  experiment: Experiment;
  letter: string;
  color: string;
  /** "A · LSTM 1×32" */
  short: string;
}

/** Letters, colours and short labels for the experiments being compared (in the order given). */
export function compareItems(experiments: Experiment[]): CompareItem[] {
  return experiments.map((experiment, i) => ({
    experiment,
    letter: LETTERS[i],
    color: EXPERIMENT_COLORS[i % EXPERIMENT_COLORS.length],
    short: `${LETTERS[i]} · ${experimentModelLabel(experiment)}`,
  }));
}
