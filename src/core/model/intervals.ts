/** Prediction intervals by split conformal prediction on held-out residuals, per horizon step. */

/** Default interval levels: 80% and 95%. */
export const INTERVAL_LEVELS: readonly number[] = [0.8, 0.95];

/**
 * Split-conformal half-widths per level and horizon step from held-out forecasts ([window][step], original
 * units): for n residuals |actual - predicted| at a step, the ceil((n + 1) * level)-th smallest (capped at the
 * largest). Returns [level][step]. With exchangeable errors, predicted ± half-width covers the actual with
 * probability >= level.
 */
export function conformalHalfWidths(
  actual: number[][],
  predicted: number[][],
  levels: readonly number[] = INTERVAL_LEVELS,
): number[][] {
  const n = actual.length;
  if (n === 0) throw new RangeError('conformal intervals need at least one held-out window');
  const horizon = actual[0].length;
  const sortedPerStep: number[][] = [];
  for (let h = 0; h < horizon; h++) {
    const r = actual.map((row, i) => Math.abs(row[h] - predicted[i][h]));
    sortedPerStep.push(r.sort((a, b) => a - b));
  }
  return levels.map((level) => {
    const k = Math.min(n, Math.max(1, Math.ceil((n + 1) * level)));
    return sortedPerStep.map((r) => r[k - 1]);
  });
}

/** Share of (window, step) pairs whose actual lies within predicted ± halfWidths[step]. */
export function intervalCoverage(
  actual: number[][],
  predicted: number[][],
  halfWidths: readonly number[],
): number {
  let inside = 0;
  let count = 0;
  for (let i = 0; i < actual.length; i++) {
    for (let h = 0; h < actual[i].length; h++) {
      if (Math.abs(actual[i][h] - predicted[i][h]) <= halfWidths[h]) inside++;
      count++;
    }
  }
  return count === 0 ? 0 : inside / count;
}
