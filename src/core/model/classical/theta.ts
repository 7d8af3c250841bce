/**
 * The Theta method (Assimakopoulos and Nikolopoulos 2000) as in the M4 competition's benchmarks: seasonal
 * adjustment by the M4 seasonality test and classical multiplicative decomposition; the theta = 0 line (a
 * linear regression on time, extrapolated) and the theta = 2 line (2·y − line) forecast by simple
 * exponential smoothing (ETS(A,N,N) by maximum likelihood) are averaged with equal weights; negative
 * forecasts become 0 (for positive series, as all M4 series are); the season is put back.
 */
import { ConfigError } from '../../data/errors';
import { fitEts, forecastEts } from './ets';
import { m4SeasonalAdjustment } from './m4';
import { assertFinite } from './seasonality';
import { isConstant } from './unitRoot';

/** A Theta forecast with what it was made of. */
export interface ThetaForecast {
  /** Point forecasts [h], series units. */
  mean: number[];
  /** Whether the M4 seasonality test passed (and the series was seasonally adjusted). */
  seasonal: boolean;
  /** Slope of the theta = 0 line per step on the adjusted series (its drift is half of it). */
  slope: number;
  /** SES smoothing parameter fitted to the theta = 2 line (null when SES was not needed). */
  alpha: number | null;
  description: string;
}

/**
 * Theta forecast of `train` for h steps with seasonal period m (1 = none). Constant series and series of
 * fewer than 3 values fall back to the last value.
 */
export function thetaForecast(train: ArrayLike<number>, h: number, m: number): ThetaForecast {
  assertFinite(train);
  const n = train.length;
  if (n === 0) throw new ConfigError('NO_DATA', 'Theta needs at least one training value.');
  if (!Number.isInteger(h) || h < 1) {
    throw new ConfigError('INVALID_CONFIG', `The forecast horizon must be a whole number ≥ 1 (got ${h}).`);
  }
  if (n < 3 || isConstant(train)) {
    return {
      mean: new Array<number>(h).fill(train[n - 1]),
      seasonal: false,
      slope: 0,
      alpha: null,
      description: 'Theta: too short or constant, last value repeated',
    };
  }
  const adj = m4SeasonalAdjustment(train, m, h);
  const x = adj.adjusted;
  // least squares line on t = 1..n
  const tMean = (n + 1) / 2;
  let yMean = 0;
  for (const v of x) yMean += v;
  yMean /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i + 1 - tMean) * (x[i] - yMean);
    sxx += (i + 1 - tMean) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = yMean - slope * tMean;
  const line = (t: number) => intercept + slope * t;
  const theta2 = x.map((v, i) => 2 * v - line(i + 1));
  let ses: number[];
  let alpha: number | null = null;
  const fit = isConstant(theta2) ? null : fitEts(theta2, 1, { error: 'A', trend: 'N', season: 'N' });
  if (fit) {
    ses = forecastEts(fit, h);
    alpha = fit.alpha;
  } else ses = new Array<number>(h).fill(theta2[n - 1]);
  const positive = x.every((v) => v > 0);
  const mean = ses.map((v, i) => {
    const f = 0.5 * v + 0.5 * line(n + i + 1);
    return (positive ? Math.max(0, f) : f) * adj.future[i];
  });
  return {
    mean,
    seasonal: adj.seasonal,
    slope,
    alpha,
    description:
      `Theta (θ = 0 line slope ${slope.toPrecision(3)}, SES α = ${alpha === null ? '–' : alpha.toFixed(3)}` +
      `${adj.seasonal ? ', seasonally adjusted' : ''})`,
  };
}
