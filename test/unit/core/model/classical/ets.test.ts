import { describe, expect, it } from 'vitest';
import type { EtsFit } from '../../../../../src/core/model/classical/ets';
import { autoEts, etsCandidates, fitEts, forecastEts } from '../../../../../src/core/model/classical/ets';
import { AIR_PASSENGERS } from '../referenceSeries';

// R 4.x, forecast::ets(AirPassengers) (documented output):
// ETS(M,Ad,M), alpha 0.7096, beta 0.0204, gamma 1e-04, phi 0.98, l 120.9939, b 1.7705,
// s = 0.8944 0.7993 0.9217 1.0592 1.2203 1.2318 1.1105 0.9786 0.9804 1.011 0.8869 0.9059,
// sigma 0.0392, AIC 1395.166, AICc 1400.638, BIC 1448.623; forecast(h = 12) below.
const R_FORECAST = [
  441.8018, 434.1186, 496.63, 483.2375, 483.9914, 551.0244, 613.1797, 609.3648, 530.5408, 463.0332, 402.7478,
  451.9694,
];

describe('ETS on AirPassengers', () => {
  const auto = autoEts(AIR_PASSENGERS, 12);
  const fit = auto.fit;

  it('chooses ETS(M,Ad,M) by AICc, as forecast::ets', () => {
    expect(fit.name).toBe('ETS(M,Ad,M)');
    expect(auto.candidates).toHaveLength(15);
    const aicc = Object.fromEntries(auto.candidates.map((c) => [c.name, c.aicc]));
    // other published AICc values of the same R run
    expect(aicc['ETS(M,A,M)']).toBeCloseTo(1403.66, 1);
    expect(aicc['ETS(A,N,N)']).toBeCloseTo(1733.96, 1);
    expect(aicc['ETS(M,N,N)']).toBeCloseTo(1674.07, 1);
  });

  it("reproduces R's parameters, initial states and information criteria", () => {
    expect(fit.alpha).toBeCloseTo(0.7096, 4);
    expect(fit.beta).toBeCloseTo(0.0204, 4);
    expect(fit.gamma).toBeCloseTo(1e-4, 5);
    expect(fit.phi).toBeCloseTo(0.98, 4);
    expect(fit.initial.level).toBeCloseTo(120.9939, 3);
    expect(fit.initial.trend).toBeCloseTo(1.7705, 3);
    const rSeason = [
      0.8944, 0.7993, 0.9217, 1.0592, 1.2203, 1.2318, 1.1105, 0.9786, 0.9804, 1.011, 0.8869, 0.9059,
    ];
    fit.initial.seasonal.forEach((v, i) => expect(v).toBeCloseTo(rSeason[i], 3));
    expect(Math.sqrt(fit.sigma2)).toBeCloseTo(0.0392, 4);
    expect(fit.aic).toBeCloseTo(1395.166, 2);
    expect(fit.aicc).toBeCloseTo(1400.638, 2);
    expect(fit.bic).toBeCloseTo(1448.623, 2);
  });

  it("forecasts within 0.1% of R's published 12-step forecast", () => {
    const f = forecastEts(fit, 12);
    f.forEach((v, i) => expect(Math.abs(v - R_FORECAST[i]) / R_FORECAST[i]).toBeLessThan(1e-3));
  });

  it("matches R to 0.01% with R's former damping sum (forecast PR #1172 fixed it since)", () => {
    // older forecast versions used φ + φ + φ² + … + φ^(h−1) instead of φ + φ² + … + φ^h
    const { level, trend, seasonal } = fit.final;
    const phi = fit.phi as number;
    let phiStar = phi;
    R_FORECAST.forEach((r, i) => {
      const v = (level + phiStar * (trend as number)) * seasonal[(12 - 1 - i + 12) % 12];
      expect(Math.abs(v - r) / r).toBeLessThan(1e-4);
      phiStar += phi ** (i + 1);
    });
  });
});

describe('ETS details', () => {
  it('forecasts damped trends with φ + φ² + … + φ^h and additive seasons by phase', () => {
    const fit = {
      spec: { error: 'A', trend: 'Ad', season: 'A' },
      m: 2,
      phi: 0.5,
      final: { level: 10, trend: 4, seasonal: [1, -1] },
    } as unknown as EtsFit;
    // step 1 uses the oldest seasonal state (−1), step 2 the most recent (+1)
    expect(forecastEts(fit, 3)).toEqual([10 + 0.5 * 4 - 1, 10 + 0.75 * 4 + 1, 10 + 0.875 * 4 - 1]);
  });

  it('fits simple exponential smoothing by least squares (additive errors)', () => {
    const y = [3, 5, 4, 6, 5, 7, 6, 8, 7, 9, 8, 10, 9, 11];
    const fit = fitEts(y, 1, { error: 'A', trend: 'N', season: 'N' }) as EtsFit;
    const sse = (alpha: number, l0: number) => {
      let l = l0;
      let s = 0;
      for (const v of y) {
        s += (v - l) ** 2;
        l += alpha * (v - l);
      }
      return s;
    };
    const best = sse(fit.alpha, fit.initial.level);
    for (const [da, dl] of [
      [0.01, 0],
      [-0.01, 0],
      [0, 0.05],
      [0, -0.05],
    ]) {
      expect(sse(Math.min(0.9999, fit.alpha + da), fit.initial.level + dl)).toBeGreaterThanOrEqual(
        best - 1e-9,
      );
    }
    expect(fit.lik).toBeCloseTo(y.length * Math.log(best), 6);
  });

  it('leaves out seasonal models for short or long-period series and multiplicative ones for data ≤ 0', () => {
    expect(etsCandidates(AIR_PASSENGERS.slice(0, 20), 12).every((s) => s.season === 'N')).toBe(true);
    expect(etsCandidates(AIR_PASSENGERS, 52).every((s) => s.season === 'N')).toBe(true);
    const withZero = [0, ...AIR_PASSENGERS.slice(1)];
    expect(etsCandidates(withZero, 12).some((s) => s.error === 'M' || s.season === 'M')).toBe(false);
    expect(() => fitEts(withZero, 12, { error: 'M', trend: 'N', season: 'N' })).toThrow(/positive values/);
    expect(() => fitEts(AIR_PASSENGERS.slice(0, 20), 12, { error: 'A', trend: 'N', season: 'A' })).toThrow(
      /two full seasons/,
    );
  });

  it('handles constant and very short series without throwing', () => {
    const c = autoEts([5, 5, 5, 5, 5, 5], 1);
    expect(forecastEts(c.fit, 3)).toEqual([5, 5, 5]);
    const s = autoEts([1, 2, 3], 12);
    forecastEts(s.fit, 2).forEach((v) => expect(v).toBeCloseTo(3, 3));
    const short = autoEts(AIR_PASSENGERS.slice(0, 18), 12);
    expect(short.fit.spec.season).toBe('N');
  });
});
