/**
 * The global forecaster's recipe for a set of series: the settings tuned on M4 where the horizon and season are
 * those of an M4 frequency (Weekly: 13 steps, no season; Hourly: 48 steps, season 24), and otherwise settings
 * derived from the horizon, the season and the length of the shortest series.
 */
import type { GlobalForecastConfigInput, GlobalPresetName } from './config';
import { globalPreset, localPreset } from './config';

/** The M4 frequency whose horizon and season these are, or null. */
export function m4PresetFor(horizon: number, seasonLength: number): GlobalPresetName | null {
  if (horizon === 13 && seasonLength <= 1) return 'weekly';
  if (horizon === 48 && seasonLength === 24) return 'hourly';
  return null;
}

/**
 * Settings for forecasting `horizon` steps of series with season `seasonLength` (1 = none), the shortest holding
 * `shortest` values the network may read. Global mode trains one network on every series; local mode one network
 * per series (fewer windows per epoch).
 */
export function globalRecipe(
  horizon: number,
  seasonLength: number,
  shortest: number,
  mode: 'global' | 'local' = 'global',
): GlobalForecastConfigInput {
  const preset = m4PresetFor(horizon, seasonLength);
  if (preset) return mode === 'local' ? localPreset(preset) : globalPreset(preset);
  const m = Math.round(seasonLength);
  const local = mode === 'local' ? { windowsPerEpoch: 512 } : {};
  if (m >= 2 && m <= 168 && shortest >= 2 * m + horizon) {
    // one recurrent step per season, a few seasons in, the level of the last season, the season removed
    const seasons = Math.max(1, Math.min(4, Math.floor((shortest - horizon) / m / 2)));
    return {
      horizon,
      patch: m,
      inputSize: m * seasons,
      levelSpan: m,
      seasonalLags: [],
      seasonalPeriods: [m],
      ...local,
    };
  }
  // no usable season: two steps of `horizon` values in, levelled by the last value
  const patch = Math.max(1, Math.min(horizon, 52));
  return {
    horizon,
    patch,
    inputSize: 2 * patch,
    levelSpan: 1,
    seasonalLags: [],
    seasonalPeriods: [],
    ...local,
  };
}
