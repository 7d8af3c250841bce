/** The split and lookback of a recipe run, adapted for short series; pure, so the setup form can show them. */
import { ConfigError } from '../data/errors';
import type { SplitBounds } from '../data/windowing';
import type { ForecastConfig } from './spec';

/** Below this many values a series counts as short: the split and the lookback adapt. */
export const SHORT_SERIES = 200;

/** A recipe run's split and lookback, with one line per change from the settings. */
export interface RecipeSplit {
  bounds: SplitBounds;
  lookback: number;
  notes: string[];
}

/**
 * The split and lookback of a recipe run on n values. The configured fractions when every part holds a horizon
 * and the training part more; otherwise one test and one validation window of `horizon` steps at the end
 * (n ≥ 3·horizon + 2), then no validation part (n ≥ 2·horizon + 2), then no test part (n ≥ horizon + 2). Short
 * series (< SHORT_SERIES values) read at most a third of their training part. Throws SERIES_TOO_SHORT below
 * horizon + 2 values.
 */
export function recipeSplit(
  n: number,
  config: Pick<ForecastConfig, 'split' | 'horizon' | 'lookback'>,
): RecipeSplit {
  const H = config.horizon;
  const { train, val } = config.split;
  if (n < H + 2) {
    throw new ConfigError(
      'SERIES_TOO_SHORT',
      `The series has ${n} values; forecasting ${H} steps needs at least horizon + 2 = ${H + 2} (two to learn from). ` +
        'Shorten the horizon or load a longer series.',
      'horizon',
    );
  }
  const notes: string[] = [];
  let trainEnd = Math.round(n * train);
  let valEnd = Math.round(n * (train + val));
  const standard = n - valEnd >= H && valEnd - trainEnd >= H && trainEnd >= H + 2;
  if (!standard) {
    const was = `${Math.round(train * 100)}/${Math.round(val * 100)}/${Math.round((1 - train - val) * 100)}% split`;
    if (n >= 3 * H + 2) {
      trainEnd = n - 2 * H;
      valEnd = n - H;
      notes.push(
        `Short series (${n} values): instead of the ${was}, the last ${H} values are the test window and the ${H} before them the validation window; the networks learn from the first ${trainEnd}.`,
      );
    } else if (n >= 2 * H + 2) {
      trainEnd = n - H;
      valEnd = n - H;
      notes.push(
        `Short series (${n} values): no validation part; the last ${H} values are the test window and the intervals are calibrated on training windows, so they are likely too narrow.`,
      );
    } else {
      trainEnd = n;
      valEnd = n;
      notes.push(
        `Short series (${n} values, fewer than 2 × horizon + 2 = ${2 * H + 2}): nothing is held out, so there are no test scores; the forecast uses every value.`,
      );
    }
  }
  let lookback = config.lookback;
  if (n < SHORT_SERIES) {
    const cap = Math.max(1, Math.floor(trainEnd / 3));
    if (lookback > cap) {
      notes.push(
        `Short series: the lookback is ${cap} steps (a third of the training part) instead of ${lookback}.`,
      );
      lookback = cap;
    }
  }
  return { bounds: { length: n, firstValid: 0, trainEnd, valEnd }, lookback, notes };
}
