import { describe, expect, it } from 'vitest';
import { CLASSICAL_METHODS, classicalForecasts } from '../../../../../src/core/model/classical';
import { AIR_PASSENGERS, seededUniform } from '../referenceSeries';
import { FIXTURE_M4_DIR, readM4 } from './m4Data';

describe('classicalForecasts', () => {
  it('gives every method a forecast of the horizon and a model description', () => {
    const r = classicalForecasts(AIR_PASSENGERS, 12, 12);
    for (const k of CLASSICAL_METHODS) {
      expect(r[k].mean).toHaveLength(12);
      expect(r[k].mean.every(Number.isFinite)).toBe(true);
    }
    expect(r.ets.model).toBe('ETS(M,Ad,M)');
    expect(r.arima.model).toBe('ARIMA(2,1,1)(0,1,0)[12]');
    expect(r.naive2.model).toMatch(/seasonally adjusted/);
    expect(r.theta.model).toMatch(/seasonally adjusted/);
  });

  it('copes with constant, short and non-positive series', () => {
    const flat = classicalForecasts(new Array<number>(30).fill(2), 4, 12);
    for (const k of CLASSICAL_METHODS) expect(flat[k].mean).toEqual([2, 2, 2, 2]);
    const short = classicalForecasts([3, 1, 4, 1, 5, 9, 2], 3, 12);
    for (const k of CLASSICAL_METHODS) expect(short[k].mean).toHaveLength(3);
    const rand = seededUniform(8);
    const signed = Array.from({ length: 60 }, (_, t) => Math.sin(t / 2) + rand() - 0.5);
    const s = classicalForecasts(signed, 6, 4);
    expect(s.ets.model).toMatch(/^ETS\(A,/);
    expect(() => classicalForecasts([], 3, 1)).toThrow(/no training data/);
    expect(() => classicalForecasts([1, 2], 0, 1)).toThrow(/horizon/);
  });

  it('forecasts a 1,000-point hourly series in reasonable time', () => {
    const h1 = readM4(FIXTURE_M4_DIR, 'Hourly')[0].train;
    const y = [...h1, ...h1.slice(0, 300)];
    const r = classicalForecasts(y, 48, 24);
    // generous bounds: the machine running the tests may be busy; typical times are in the README-level report
    for (const k of CLASSICAL_METHODS) expect(r[k].ms).toBeLessThan(10_000);
  });
});
