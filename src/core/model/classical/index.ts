/**
 * Classical statistical competitors for the lab's recurrent models, scored as in M4: Naive2, Theta, ETS
 * (automatic, AICc) and ARIMA (automatic, Hyndman-Khandakar), plus the M4 scoring and the tests and
 * decompositions they rest on.
 */
import { ConfigError } from '../../data/errors';
import type { ArimaFit } from './arima';
import { autoArima, forecastArima } from './arima';
import type { EtsFit } from './ets';
import { autoEts, forecastEts } from './ets';
import { m4SeasonalAdjustment, naive2 } from './m4';
import { assertFinite } from './seasonality';
import { thetaForecast } from './theta';

export const CLASSICAL_METHODS = ['naive2', 'theta', 'ets', 'arima'] as const;
export type ClassicalMethod = (typeof CLASSICAL_METHODS)[number];

/** One method's forecast and the model it chose, in words. */
export interface ClassicalForecast {
  /** Point forecasts [h], series units. */
  mean: number[];
  /** e.g. "ETS(M,Ad,M)", "ARIMA(2,1,1)(0,1,0)[12]", "Theta (…)", "Naive2 (seasonally adjusted)". */
  model: string;
  /** Fitting time in milliseconds. */
  ms: number;
}

export type ClassicalForecasts = Record<ClassicalMethod, ClassicalForecast>;

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Forecasts `train` h steps ahead with every classical method (seasonal period m, 1 = none). Short series
 * (fewer than two seasons) lose their seasonal part and constant series repeat their value; nothing throws
 * for a non-empty finite series and h ≥ 1.
 */
export function classicalForecasts(train: ArrayLike<number>, h: number, m: number): ClassicalForecasts {
  assertFinite(train);
  if (train.length === 0) throw new ConfigError('NO_DATA', 'There is no training data to forecast from.');
  if (!Number.isInteger(h) || h < 1) {
    throw new ConfigError('INVALID_CONFIG', `The forecast horizon must be a whole number ≥ 1 (got ${h}).`);
  }
  const period = Math.max(1, Math.round(m));
  const y = Array.from(train);

  let t = now();
  const n2 = naive2(y, h, period);
  const adj = m4SeasonalAdjustment(y, period, 1);
  const naive2Result: ClassicalForecast = {
    mean: n2,
    model: adj.seasonal ? 'Naive2 (seasonally adjusted)' : 'Naive2 (naive: not seasonal)',
    ms: now() - t,
  };

  t = now();
  const th = thetaForecast(y, h, period);
  const thetaResult: ClassicalForecast = { mean: th.mean, model: th.description, ms: now() - t };

  t = now();
  const ets: EtsFit = autoEts(y, period).fit;
  const etsResult: ClassicalForecast = { mean: forecastEts(ets, h), model: ets.name, ms: now() - t };

  t = now();
  const arima: ArimaFit = autoArima(y, period).fit;
  const arimaResult: ClassicalForecast = { mean: forecastArima(arima, h), model: arima.name, ms: now() - t };

  return { naive2: naive2Result, theta: thetaResult, ets: etsResult, arima: arimaResult };
}

export { autoArima, arimaName, fitArima, forecastArima } from './arima';
export type { ArimaFit, ArimaMethod, ArimaOrder, AutoArimaResult, FitArimaOptions } from './arima';
export { centredMovingAverage, classicalDecomposition, extendSeasonal, seasonalSlice } from './decompose';
export type { ClassicalDecomposition, DecompositionType } from './decompose';
export { autoEts, etsCandidates, etsName, fitEts, forecastEts } from './ets';
export type { AutoEtsResult, EtsErrorType, EtsFit, EtsSeasonType, EtsSpec, EtsTrendType } from './ets';
export { m4MaseScale, m4SeasonalAdjustment, mase, naive2, owa, scoreSeries, smape } from './m4';
export type { M4SeasonalAdjustment, OwaResult, SeriesScore } from './m4';
export { bfgs, nelderMead } from './optimise';
export type { BfgsOptions, BfgsResult, NelderMeadOptions, NelderMeadResult } from './optimise';
export { assertFinite, autocorrelations, seasonalityTest, seasonalityTestDetail } from './seasonality';
export type { SeasonalityTestResult } from './seasonality';
export { stl } from './stl';
export type { StlDecomposition, StlOptions } from './stl';
export { thetaForecast } from './theta';
export type { ThetaForecast } from './theta';
export { isConstant, kpssTest, ndiffs, nsdiffs, seasonalStrength } from './unitRoot';
export type { KpssResult } from './unitRoot';
