/**
 * Per-window normalisation: an input window and its targets are expressed relative to the window's last
 * level (its last value, or the mean of its last few values when smoothed), by division ('ratio') or by
 * subtraction ('difference', the choice in log or Box-Cox space and for data that cross 0). A model then
 * sees shapes rather than levels, and its normalised forecast is mapped back with the same level.
 */
import { ConfigError } from '../../data/errors';
import type { FittedTransform } from './types';

/** How a window is made relative to its level. */
export interface WindowNormalisation {
  mode: 'ratio' | 'difference';
  /** How many of the window's last values are averaged into its level (1 = the last value). */
  smoothing: number;
}

/** One window's normalisation. JSON-serialisable. */
export interface WindowState {
  kind: 'window';
  mode: WindowNormalisation['mode'];
  /** The level the window is expressed against, in the window's units. */
  level: number;
}

/** The level of an input window: mean of its last `smoothing` values (all of them when fewer). */
export function windowLevel(input: ArrayLike<number>, smoothing = 1): number {
  if (input.length === 0) throw new ConfigError('NO_DATA', 'A window needs at least one input value.');
  const k = Math.max(1, Math.min(Math.floor(smoothing), input.length));
  let s = 0;
  for (let i = input.length - k; i < input.length; i++) s += input[i];
  return s / k;
}

/** Fits the normalisation of one input window. Ratio mode needs a positive level. */
export function fitWindow(input: ArrayLike<number>, options: WindowNormalisation): WindowState {
  const level = windowLevel(input, options.smoothing);
  if (!Number.isFinite(level)) {
    throw new ConfigError(
      'NO_DATA',
      'The window holds a missing or non-finite value; clean the series first.',
    );
  }
  if (options.mode === 'ratio' && !(level > 0)) {
    throw new ConfigError(
      'INVALID_CONFIG',
      `Window normalisation by ratio needs a positive level, but a window ends at ${level}. ` +
        "Use the 'difference' mode (or a log transform first) for series that reach 0 or below.",
      'normalisation',
    );
  }
  return { kind: 'window', mode: options.mode, level };
}

/** Values relative to a window's level: v / level or v − level. */
export function normaliseValues(values: ArrayLike<number>, state: WindowState): number[] {
  return Array.from(values, (v) => (state.mode === 'ratio' ? v / state.level : v - state.level));
}

/** Inverse of normaliseValues: v · level or v + level (forecasts and interval bounds alike). */
export function denormaliseValues(values: ArrayLike<number>, state: WindowState): number[] {
  return Array.from(values, (v) => (state.mode === 'ratio' ? v * state.level : v + state.level));
}

/** A normalised training example: inputs [lookback], targets [horizon] (null at forecast time). */
export interface NormalisedWindow {
  input: number[];
  target: number[] | null;
  state: WindowState;
}

/** Normalises an input window and (when given) its targets against the input's level. */
export function normaliseWindow(
  input: ArrayLike<number>,
  target: ArrayLike<number> | null,
  options: WindowNormalisation,
): NormalisedWindow {
  const state = fitWindow(input, options);
  return {
    input: normaliseValues(input, state),
    target: target === null ? null : normaliseValues(target, state),
    state,
  };
}

/** The transform object for one window: forward normalises, inverse and inverseForecast map back. */
export function windowTransform(state: WindowState): FittedTransform<WindowState> {
  return {
    state,
    forward: (values) => normaliseValues(values, state),
    inverse: (values) => denormaliseValues(values, state),
    inverseForecast: (values) => denormaliseValues(values, state),
  };
}
