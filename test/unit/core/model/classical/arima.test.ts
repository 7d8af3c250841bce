import { describe, expect, it } from 'vitest';
import {
  armaKalman,
  autoArima,
  autocovariances,
  fitArima,
  forecastArima,
  maInvert,
} from '../../../../../src/core/model/classical/arima';
import type { ArimaFit } from '../../../../../src/core/model/classical/arima';
import { difference } from '../../../../../src/core/model/transforms/difference';
import { AIR_PASSENGERS, seededUniform } from '../referenceSeries';

// R, forecast::auto.arima(AirPassengers) (documented output): ARIMA(2,1,1)(0,1,0)[12],
// ar1 0.5960, ar2 0.2143, ma1 -0.9819, sigma^2 132.3, log likelihood -504.92,
// AIC 1017.85, AICc 1018.17, BIC 1029.35; forecast(h = 12) below.
const R_FORECAST = [
  445.6349, 420.395, 449.1983, 491.8399, 503.3945, 566.8624, 654.2602, 638.5975, 540.8837, 494.1266, 423.3327,
  465.5076,
];

/** Exact Gaussian log-likelihood (σ² concentrated out) by Cholesky of the Toeplitz covariance. */
function bruteForceLoglik(w: number[], ar: number[], ma: number[]): number {
  const n = w.length;
  const g = autocovariances(ar, ma, n) as number[];
  const L = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = g[i - j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  }
  const z = new Float64Array(n);
  let q = 0;
  let logdet = 0;
  for (let i = 0; i < n; i++) {
    let s = w[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
    z[i] = s / L[i][i];
    q += z[i] ** 2;
    logdet += 2 * Math.log(L[i][i]);
  }
  return -0.5 * (n * Math.log((2 * Math.PI * q) / n) + logdet + n);
}

describe('ARIMA likelihood', () => {
  const w = difference(difference(AIR_PASSENGERS, 12), 1);

  it.each([
    [[0.596, 0.2143], [-0.9819]],
    [[0.5], []],
    [[], [0.3, 0.2]],
    [
      [0.5, 0, 0, 0.3],
      [0.4, 0, -0.2],
    ],
  ])('equals the exact Gaussian likelihood (ar %j, ma %j)', (ar, ma) => {
    const k = armaKalman(Float64Array.from(w), ar, ma);
    expect(k).not.toBeNull();
    const r = k as NonNullable<typeof k>;
    const loglik = -0.5 * (r.nu * Math.log((2 * Math.PI * r.ssq) / r.nu) + r.sumlog + r.nu);
    expect(loglik).toBeCloseTo(bruteForceLoglik(w, ar, ma), 6);
  });

  it('computes ARMA autocovariances by hand (AR(1), MA(1))', () => {
    const ar = autocovariances([0.5], [], 3) as number[];
    [4 / 3, 2 / 3, 1 / 3].forEach((v, i) => expect(ar[i]).toBeCloseTo(v, 12));
    const ma = autocovariances([], [0.4], 3) as number[];
    [1.16, 0.4, 0].forEach((v, i) => expect(ma[i]).toBeCloseTo(v, 12));
    expect(autocovariances([1.2], [], 2)).toBeNull();
  });

  it('reflects non-invertible MA roots', () => {
    expect(maInvert([-2])[0]).toBeCloseTo(-0.5, 12);
    expect(maInvert([0.3])).toEqual([0.3]);
  });
});

describe('ARIMA on AirPassengers', () => {
  const auto = autoArima(AIR_PASSENGERS, 12);
  const fit = auto.fit;

  it('chooses ARIMA(2,1,1)(0,1,0)[12], as forecast::auto.arima', () => {
    expect(fit.name).toBe('ARIMA(2,1,1)(0,1,0)[12]');
    expect(auto.approximation).toBe(false);
    expect(auto.candidates.length).toBeGreaterThan(8);
  });

  it("reproduces R's coefficients, likelihood and information criteria", () => {
    expect(fit.ar[0]).toBeCloseTo(0.596, 3);
    expect(fit.ar[1]).toBeCloseTo(0.2143, 3);
    expect(fit.ma[0]).toBeCloseTo(-0.9819, 3);
    expect(fit.loglik).toBeCloseTo(-504.92, 2);
    expect(fit.aic).toBeCloseTo(1017.85, 2);
    expect(fit.aicc).toBeCloseTo(1018.17, 2);
    expect(fit.bic).toBeCloseTo(1029.35, 2);
    expect(fit.minRoot).toBeGreaterThan(1.01);
  });

  it("forecasts within 0.01% of R's published 12-step forecast", () => {
    forecastArima(fit, 12).forEach((v, i) =>
      expect(Math.abs(v - R_FORECAST[i]) / R_FORECAST[i]).toBeLessThan(1e-4),
    );
  });
});

describe('ARIMA details', () => {
  it('forecasts a drift model by hand: ARIMA(0,1,0) with drift continues the mean step', () => {
    const y = [1, 3, 4, 7, 9, 10, 13, 15];
    const fit = fitArima(y, { p: 0, d: 1, q: 0, P: 0, D: 0, Q: 0, m: 1 }, true) as ArimaFit;
    expect(fit.name).toBe('ARIMA(0,1,0) with drift');
    expect(fit.constant).toBeCloseTo(2, 6);
    forecastArima(fit, 3).forEach((v, i) => expect(v).toBeCloseTo(15 + 2 * (i + 1), 5));
  });

  it('differences a random walk once and needs no seasonal part for short series', () => {
    const rand = seededUniform(4);
    let x = 50;
    const walk = Array.from({ length: 200 }, () => (x += rand() - 0.5));
    expect(autoArima(walk, 1).fit.order.d).toBe(1);
    const short = autoArima(AIR_PASSENGERS.slice(0, 20), 12);
    expect(short.fit.order.m).toBe(1);
    expect(forecastArima(short.fit, 5)).toHaveLength(5);
  });

  it('handles constant and very short series without throwing', () => {
    const c = autoArima(new Array<number>(30).fill(4), 12);
    expect(forecastArima(c.fit, 3)).toEqual([4, 4, 4]);
    expect(forecastArima(autoArima([1, 2, 3], 1).fit, 2)).toHaveLength(2);
  });
});
