import { describe, expect, it } from 'vitest';
import { addTimeSteps, futureTimes, inferTimeStep } from '../../../../src/core/model/timeSteps';

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('time steps', () => {
  it('detects monthly data and continues it by calendar months', () => {
    const time = Array.from({ length: 24 }, (_, i) => Date.UTC(2019, i, 1));
    const step = inferTimeStep(time);
    expect(step).toEqual({ unit: 'month', size: 1, day: 1, endOfMonth: false });
    expect(futureTimes(time[23], step!, 3).map(iso)).toEqual(['2021-01-01', '2021-02-01', '2021-03-01']);
  });

  it('keeps month-end series on month ends', () => {
    const time = Array.from({ length: 14 }, (_, i) => Date.UTC(2019, i + 1, 0)); // Jan 31, Feb 28, ...
    const step = inferTimeStep(time)!;
    expect(step).toMatchObject({ unit: 'month', size: 1, endOfMonth: true });
    expect(futureTimes(Date.UTC(2020, 0, 31), step, 3).map(iso)).toEqual([
      '2020-02-29',
      '2020-03-31',
      '2020-04-30',
    ]);
  });

  it('detects quarterly and yearly steps', () => {
    const quarters = Array.from({ length: 8 }, (_, i) => Date.UTC(2018, 3 * i, 1));
    expect(inferTimeStep(quarters)).toMatchObject({ unit: 'month', size: 3 });
    const years = Array.from({ length: 8 }, (_, i) => Date.UTC(1990 + i, 0, 1));
    const yearly = inferTimeStep(years)!;
    expect(yearly).toMatchObject({ unit: 'month', size: 12 });
    expect(iso(addTimeSteps(years[7], yearly, 2))).toBe('1999-01-01');
  });

  it('uses the median gap in ms otherwise', () => {
    const hourly = [0, 3_600_000, 7_200_000, 14_400_000, 18_000_000];
    expect(inferTimeStep(hourly)).toEqual({ unit: 'ms', size: 3_600_000 });
    expect(futureTimes(18_000_000, { unit: 'ms', size: 3_600_000 }, 2)).toEqual([21_600_000, 25_200_000]);
    expect(inferTimeStep([5])).toBeNull();
  });
});
