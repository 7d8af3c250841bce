/** The headline metric of each experiment kind: the number the history shows and sorts by. */
import type { Headline } from './common';

/** MASE on the test part (MAE when MASE is undefined for the series); null without scores. */
export function forecastHeadline(
  model: { readonly mase: number | null; readonly mae: number } | null | undefined,
): Headline | null {
  if (!model) return null;
  if (typeof model.mase === 'number' && Number.isFinite(model.mase))
    return {
      name: 'MASE',
      value: model.mase,
      lowerIsBetter: true,
      hint: 'MASE on the test part: below 1 beats seasonal naive in-sample',
    };
  if (Number.isFinite(model.mae))
    return {
      name: 'MAE',
      value: model.mae,
      lowerIsBetter: true,
      hint: 'MAE on the test part (MASE is undefined for this series)',
    };
  return null;
}

/** Mean log-likelihood per step of the continuations under the model; null when unknown. */
export function melodyHeadline(meanLogLikelihood: number | null | undefined): Headline | null {
  if (typeof meanLogLikelihood !== 'number' || !Number.isFinite(meanLogLikelihood)) return null;
  return {
    name: 'LL/step',
    value: meanLogLikelihood,
    lowerIsBetter: false,
    hint: 'Mean log-likelihood per step of the continuations (higher = more likely under the model)',
  };
}

/** Accuracy on the memory task, with chance for reference. */
export function memoryHeadline(accuracy: number, chance: number): Headline | null {
  if (!Number.isFinite(accuracy)) return null;
  return {
    name: 'accuracy',
    value: accuracy,
    lowerIsBetter: false,
    hint: `Accuracy on the memory task (chance: ${Math.round(chance * 1000) / 10}%)`,
  };
}
