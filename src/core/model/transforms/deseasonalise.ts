/**
 * Seasonal adjustment as a transform: classical multiplicative or additive decomposition, or STL
 * (additive). The seasonal component is kept for every fitted position and repeated over a forecast
 * horizon from its last full season, so forecasts and interval bounds are reseasonalised exactly.
 */
import { ConfigError } from '../../data/errors';
import { classicalDecomposition } from '../classical/decompose';
import type { StlOptions } from '../classical/stl';
import { stl } from '../classical/stl';
import type { FittedTransform } from './types';

/** How to remove seasonality; 'none' leaves the series as it is. */
export type DeseasonaliseMethod = 'none' | 'classical-mult' | 'classical-add' | 'stl';

export const DESEASONALISE_METHODS: readonly DeseasonaliseMethod[] = [
  'none',
  'classical-mult',
  'classical-add',
  'stl',
];

/** A fitted seasonal adjustment. JSON-serialisable. */
export interface DeseasonaliseState {
  kind: 'deseasonalise';
  method: Exclude<DeseasonaliseMethod, 'none'>;
  m: number;
  /** Seasonal component per fitted position: factors (classical-mult) or offsets, [n]. */
  seasonal: number[];
}

/** Whether a method divides by its seasonal component (true) or subtracts it. */
export const isMultiplicative = (method: DeseasonaliseMethod): boolean => method === 'classical-mult';

/**
 * Fits a seasonal adjustment with period m. Classical methods need two full seasons, STL more than two;
 * classical-mult needs positive values.
 */
export function fitDeseasonalise(
  values: ArrayLike<number>,
  m: number,
  method: Exclude<DeseasonaliseMethod, 'none'>,
  stlOptions: StlOptions = {},
): DeseasonaliseState {
  let seasonal: number[];
  if (method === 'stl') seasonal = stl(values, m, stlOptions).seasonal;
  else {
    seasonal = classicalDecomposition(
      values,
      m,
      method === 'classical-mult' ? 'multiplicative' : 'additive',
    ).seasonal;
  }
  return { kind: 'deseasonalise', method, m, seasonal };
}

/**
 * The seasonal component over the h steps after the fitted series: its last full season repeated
 * (seasonal naive on the component, as forecast::stlf; for classical methods the same indices by phase).
 */
export function futureSeasonal(state: DeseasonaliseState, h: number): number[] {
  const n = state.seasonal.length;
  return Array.from({ length: h }, (_, i) => state.seasonal[n - state.m + (i % state.m)]);
}

function apply(values: readonly number[], seasonal: readonly number[], mult: boolean, remove: boolean) {
  if (values.length > seasonal.length) {
    throw new ConfigError(
      'LENGTH_MISMATCH',
      `The seasonal adjustment covers ${seasonal.length} values but got ${values.length}.`,
    );
  }
  return values.map((v, i) =>
    mult ? (remove ? v / seasonal[i] : v * seasonal[i]) : remove ? v - seasonal[i] : v + seasonal[i],
  );
}

/** The transform object: forward removes the season, inverse and inverseForecast put it back. */
export function deseasonaliseTransform(state: DeseasonaliseState): FittedTransform<DeseasonaliseState> {
  const mult = isMultiplicative(state.method);
  return {
    state,
    forward: (values) => apply(values, state.seasonal, mult, true),
    inverse: (values) => apply(values, state.seasonal, mult, false),
    inverseForecast: (values) => apply(values, futureSeasonal(state, values.length), mult, false),
  };
}

/** Whether the seasonal pattern differs between the two halves of the series, with the numbers. */
export interface SeasonalChangeTest {
  changes: boolean;
  /** Root mean square difference of the halves' seasonal indices. */
  difference: number | null;
  /** The difference expected from noise alone: 2·σ_remainder·sqrt(2 / seasons per half). */
  threshold: number | null;
  reason: string;
}

/**
 * Compares the classical additive seasonal indices of the first and second halves (each needs two full
 * seasons, so the series at least 4m values): the pattern changes when they differ by more than twice
 * the difference noise alone would give.
 */
export function seasonalPatternChanges(values: ArrayLike<number>, m: number): SeasonalChangeTest {
  const n = values.length;
  if (n < 4 * m) {
    return {
      changes: false,
      difference: null,
      threshold: null,
      reason: `too short to compare halves (${n} values < 4 × ${m})`,
    };
  }
  const half = Math.floor(n / 2);
  const a = classicalDecomposition(Array.from(values).slice(0, half), m, 'additive');
  // align phases: the second half starts at position `half`, whose phase is half mod m
  const b = classicalDecomposition(Array.from(values).slice(half), m, 'additive');
  let diff = 0;
  for (let p = 0; p < m; p++) diff += (a.indices[p] - b.indices[(((p - half) % m) + m) % m]) ** 2;
  diff = Math.sqrt(diff / m);
  const rem = [...a.remainder, ...b.remainder].filter((v) => !Number.isNaN(v));
  const sigma = Math.sqrt(rem.reduce((s, v) => s + v * v, 0) / Math.max(1, rem.length - 1));
  const seasons = Math.max(1, Math.floor(half / m) - 1);
  const threshold = 2 * sigma * Math.sqrt(2 / seasons);
  const changes = diff > threshold;
  return {
    changes,
    difference: diff,
    threshold,
    reason: `seasonal indices of the two halves differ by ${diff.toPrecision(3)} (noise level ${threshold.toPrecision(3)})`,
  };
}
