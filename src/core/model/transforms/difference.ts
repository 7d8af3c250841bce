/**
 * Differencing at lag 1 (first) or lag m (seasonal), with its exact inverse: cumulative sums anchored on the
 * first `lag` values of the fitted series (in sample) or on its last `lag` values (forecasts).
 */
import { ConfigError } from '../../data/errors';
import { assertFinite } from '../classical/seasonality';
import type { FittedTransform } from './types';

/** Differencing at one lag, fitted to a series. JSON-serialisable. */
export interface DifferenceState {
  kind: 'difference';
  lag: number;
  /** The first `lag` values of the fitted series (to rebuild it). */
  head: number[];
  /** The last `lag` values of the fitted series (to continue it over a forecast). */
  tail: number[];
}

/** x[t] − x[t − lag] for t = lag..n−1: [n − lag]. */
export function difference(values: ArrayLike<number>, lag = 1): number[] {
  const out = new Array<number>(Math.max(0, values.length - lag));
  for (let t = lag; t < values.length; t++) out[t - lag] = values[t] - values[t - lag];
  return out;
}

/**
 * Inverts differencing at `lag`: given the `lag` values just before the differences start, returns the
 * undifferenced values, y[t] = d[t] + y[t − lag]: [d.length].
 */
export function undifference(diffs: ArrayLike<number>, before: readonly number[], lag = 1): number[] {
  if (before.length !== lag) {
    throw new RangeError(`undifference needs the ${lag} values before the differences, got ${before.length}`);
  }
  const y = [...before];
  for (let i = 0; i < diffs.length; i++) y.push(diffs[i] + y[i]);
  return y.slice(lag);
}

/** Fits differencing at `lag` (1 = first, m = seasonal) to a series of more than `lag` values. */
export function fitDifference(values: ArrayLike<number>, lag = 1): DifferenceState {
  assertFinite(values);
  if (!Number.isInteger(lag) || lag < 1) {
    throw new ConfigError('INVALID_CONFIG', `The differencing lag must be a whole number ≥ 1 (got ${lag}).`);
  }
  if (values.length <= lag) {
    throw new ConfigError(
      'SERIES_TOO_SHORT',
      `Differencing at lag ${lag} needs more than ${lag} values; the series has ${values.length}.`,
    );
  }
  const v = Array.from(values);
  return { kind: 'difference', lag, head: v.slice(0, lag), tail: v.slice(v.length - lag) };
}

/**
 * The transform object: forward maps the fitted series (n values) to its n − lag differences; inverse
 * rebuilds the series from them; inverseForecast integrates h forecast differences from the series' end.
 */
export function differenceTransform(state: DifferenceState): FittedTransform<DifferenceState> {
  return {
    state,
    forward: (values) => difference(values, state.lag),
    inverse: (diffs) => [...state.head, ...undifference(diffs, state.head, state.lag)],
    inverseForecast: (diffs) => undifference(diffs, state.tail, state.lag),
  };
}
