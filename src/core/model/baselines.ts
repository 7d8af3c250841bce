/**
 * Baseline forecasts, made from the same origins (test windows) as the model, in original units, using only
 * values up to each origin.
 */

export const BASELINE_NAMES = ['naive', 'seasonalNaive', 'drift'] as const;
export type BaselineName = (typeof BASELINE_NAMES)[number];

export const BASELINE_LABELS: Readonly<Record<BaselineName, string>> = {
  naive: 'naive',
  seasonalNaive: 'seasonal naive',
  drift: 'drift',
};

/** Naive: every step repeats the last observed value y[origin]. Returns [horizon]. */
export function naiveForecast(y: ArrayLike<number>, origin: number, horizon: number): number[] {
  return Array.from({ length: horizon }, () => y[origin]);
}

/**
 * Seasonal naive: step h (1-based) repeats the value one season before it,
 * y[origin + h - m * ceil(h / m)]; with m = 1 this is the naive forecast. Returns [horizon].
 */
export function seasonalNaiveForecast(
  y: ArrayLike<number>,
  origin: number,
  horizon: number,
  seasonLength: number,
): number[] {
  const m = Math.max(1, Math.floor(seasonLength));
  if (origin + 1 < m)
    throw new RangeError(`seasonal naive needs a full season (${m}) before origin ${origin}`);
  return Array.from({ length: horizon }, (_, i) => {
    const h = i + 1;
    return y[origin + h - m * Math.ceil(h / m)];
  });
}

/**
 * Drift: the line through the first value and y[origin], extended h steps:
 * y[origin] + h * (y[origin] - y[0]) / origin (the naive forecast when origin = 0). Returns [horizon].
 */
export function driftForecast(y: ArrayLike<number>, origin: number, horizon: number): number[] {
  const slope = origin > 0 ? (y[origin] - y[0]) / origin : 0;
  return Array.from({ length: horizon }, (_, i) => y[origin] + (i + 1) * slope);
}

/** All baselines for each origin: per baseline, [origins.length][horizon] in the units of `y`. */
export function baselineForecasts(
  y: ArrayLike<number>,
  origins: ArrayLike<number>,
  horizon: number,
  seasonLength: number,
): Record<BaselineName, number[][]> {
  const out: Record<BaselineName, number[][]> = { naive: [], seasonalNaive: [], drift: [] };
  for (let i = 0; i < origins.length; i++) {
    const t = origins[i];
    out.naive.push(naiveForecast(y, t, horizon));
    out.seasonalNaive.push(seasonalNaiveForecast(y, t, horizon, seasonLength));
    out.drift.push(driftForecast(y, t, horizon));
  }
  return out;
}
