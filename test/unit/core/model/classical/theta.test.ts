import { describe, expect, it } from 'vitest';
import { owa, scoreSeries } from '../../../../../src/core/model/classical/m4';
import { naive2 } from '../../../../../src/core/model/classical/m4';
import { thetaForecast } from '../../../../../src/core/model/classical/theta';
import type { M4Series } from './m4Data';
import { FIXTURE_M4_DIR, SHARED_M4_DIR, readM4, sharedM4 } from './m4Data';

const WEEKLY = { frequency: 'Weekly', m: 1, h: 13 } as const;
const HOURLY = { frequency: 'Hourly', m: 24, h: 48 } as const;

const scores = (series: M4Series[], m: number, h: number) =>
  series.map((s) => scoreSeries(s.train, s.test, thetaForecast(s.train, h, m).mean, m));

describe('Theta (M4 benchmark)', () => {
  it('averages the extrapolated regression line and SES on the theta = 2 line', () => {
    // y = 10 + t with alternating noise: the θ = 0 line is fitted by least squares
    const y = Array.from({ length: 40 }, (_, t) => 10 + t + (t % 2 === 0 ? 0.5 : -0.5));
    const f = thetaForecast(y, 3, 1);
    expect(f.seasonal).toBe(false);
    expect(f.slope).toBeCloseTo(1, 1);
    // half the slope of the trend line survives in the forecast increments
    expect(f.mean[1] - f.mean[0]).toBeCloseTo(f.slope / 2, 6);
    expect(f.description).toMatch(/^Theta/);
  });

  it('clamps negative forecasts of a positive series to 0 and handles constant and tiny series', () => {
    const falling = Array.from({ length: 20 }, (_, t) => 200 - 10 * t);
    expect(thetaForecast(falling, 5, 1).mean).toContain(0);
    // a series that is already negative is not clamped
    expect(
      thetaForecast(
        falling.map((v) => v - 300),
        5,
        1,
      ).mean.every((v) => v < 0),
    ).toBe(true);
    expect(thetaForecast([4, 4, 4, 4], 2, 1).mean).toEqual([4, 4]);
    expect(thetaForecast([7], 2, 12).mean).toEqual([7, 7]);
    expect(() => thetaForecast([1, 2, 3], 0, 1)).toThrow(/horizon/);
  });

  // Computed once by this implementation, which reproduces the published means on all series below.
  const FIXTURE: Record<string, Array<[number, number]>> = {
    Weekly: [
      [1.991147, 11.094285],
      [3.459013, 10.14661],
      [1.940605, 5.715621],
      [22.513411, 1.806655],
      [22.823786, 0.553995],
    ],
    Hourly: [
      [3.704422, 0.560388],
      [7.86679, 1.182963],
      [5.60107, 1.03158],
      [8.478804, 1.573235],
      [16.810874, 2.389246],
    ],
  };

  it.each([WEEKLY, HOURLY])('scores the committed M4 $frequency excerpt', ({ frequency, m, h }) => {
    const got = scores(readM4(FIXTURE_M4_DIR, frequency), m, h);
    got.forEach((sc, i) => {
      expect(sc.smape).toBeCloseTo(FIXTURE[frequency][i][0], 4);
      expect(sc.mase).toBeCloseTo(FIXTURE[frequency][i][1], 4);
    });
  });

  const shared = sharedM4('Theta on all M4 Weekly and Hourly series');
  (shared.run ? it : it.skip).each([
    [WEEKLY, 9.093, 2.637, 0.971],
    [HOURLY, 18.138, 2.455, 1.006],
  ] as const)(
    shared.title('reproduces the published Theta scores on all M4 $frequency series'),
    ({ frequency, m, h }, publishedSmape, publishedMase, publishedOwa) => {
      const series = readM4(SHARED_M4_DIR, frequency);
      const theta = scores(series, m, h);
      const ref = series.map((s) => scoreSeries(s.train, s.test, naive2(s.train, h, m), m));
      const r = owa(theta, ref);
      expect(Math.abs(r.smape - publishedSmape)).toBeLessThan(0.005);
      expect(Math.abs(r.mase - publishedMase)).toBeLessThan(0.005);
      expect(Math.abs(r.owa - publishedOwa)).toBeLessThan(0.002);
    },
  );
});
