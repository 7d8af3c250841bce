import { describe, expect, it } from 'vitest';
import { addMonths, findGaps, inferFrequency, seasonLengthFor, stepForward } from '../../../../src/core/data';
import { utc } from './files';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function every(start: number, step: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => start + i * step);
}

function monthly(start: string, n: number, months = 1): number[] {
  return Array.from({ length: n }, (_, i) => addMonths(utc(start), i * months));
}

describe('inferFrequency', () => {
  it.each([
    ['hourly', every(utc('2020-01-01'), HOUR, 100), 'hourly', 1, 24],
    ['every 10 minutes', every(utc('2020-01-01'), 600_000, 300), 'minutely', 10, 144],
    ['every 3 hours', every(utc('2020-01-01'), 3 * HOUR, 50), 'hourly', 3, 8],
    ['daily', every(utc('2020-01-01'), DAY, 60), 'daily', 1, 7],
    ['weekly', every(utc('2020-01-06'), 7 * DAY, 60), 'weekly', 1, 52],
    ['two-weekly', every(utc('2020-01-06'), 14 * DAY, 30), 'weekly', 2, 26],
    ['month starts', monthly('2019-01-01', 30), 'monthly', 1, 12],
    ['month ends', monthly('2019-01-31', 30), 'monthly', 1, 12],
    ['quarterly', monthly('2000-01-01', 20, 3), 'quarterly', 1, 4],
    ['yearly', monthly('1900-01-01', 20, 12), 'yearly', 1, 1],
    ['every 5 years', monthly('1900-01-01', 20, 60), 'yearly', 5, 1],
  ])('%s', (_name, times, frequency, step, seasonLength) => {
    expect(inferFrequency(times)).toMatchObject({ frequency, step, seasonLength, regularity: 1 });
  });

  it('treats month lengths of 28 to 31 days as one step', () => {
    const times = ['2019-01-31', '2019-02-28', '2019-03-31', '2019-04-30', '2019-05-31', '2019-06-30'].map(
      utc,
    );
    expect(inferFrequency(times).frequency).toBe('monthly');
    expect(findGaps(times, inferFrequency(times))).toEqual([]);
  });

  it('ignores order, duplicates and NaN', () => {
    const times = every(utc('2020-01-01'), DAY, 20);
    expect(inferFrequency([...times].reverse().concat([times[3], NaN])).frequency).toBe('daily');
  });

  it('calls random steps irregular', () => {
    let t = utc('2020-01-01');
    const times = [t];
    for (let i = 1; i < 100; i++) times.push((t += Math.round(1000 + ((i * 7919) % 97) * 61_337)));
    const info = inferFrequency(times);
    expect(info.frequency).toBe('irregular');
    expect(info.seasonLength).toBe(1);
    expect(info.regularity).toBeLessThan(0.9);
  });

  it('says irregular for fewer than two times', () => {
    expect(inferFrequency([utc('2020-01-01')]).frequency).toBe('irregular');
    expect(inferFrequency([]).frequency).toBe('irregular');
  });

  it('recognises business days', () => {
    const days = every(utc('2024-01-01'), DAY, 60).filter((t) => ![0, 6].includes(new Date(t).getUTCDay()));
    const info = inferFrequency(days);
    expect(info).toMatchObject({
      frequency: 'daily',
      businessDays: true,
      seasonLength: 5,
      label: 'business days',
    });
    expect(findGaps(days, info)).toEqual([]);
  });
});

describe('findGaps', () => {
  it('counts missing months across year ends', () => {
    const times = monthly('2019-10-01', 8).filter((_, i) => i !== 2 && i !== 3 && i !== 6);
    expect(findGaps(times, inferFrequency(times))).toEqual([
      { after: utc('2019-11-01'), missing: 2 },
      { after: utc('2020-03-01'), missing: 1 },
    ]);
  });

  it('counts missing hours', () => {
    const times = every(utc('2020-01-01'), HOUR, 48).filter((_, i) => i < 10 || i > 14);
    expect(findGaps(times, inferFrequency(times))).toEqual([
      { after: utc('2020-01-01T09:00:00'), missing: 5 },
    ]);
  });

  it('finds none in an irregular series', () => {
    expect(findGaps([0, 5, 100, 101], inferFrequency([0, 5, 100, 101]))).toEqual([]);
  });
});

describe('stepForward', () => {
  it('steps on the calendar, on weekdays, or by a fixed duration', () => {
    const months = inferFrequency(monthly('2020-01-31', 12));
    expect(stepForward(utc('2020-01-31'), months, 1)).toBe(utc('2020-02-29'));
    expect(stepForward(utc('2020-01-31'), months, 2)).toBe(utc('2020-03-31'));
    const hours = inferFrequency(every(0, HOUR, 10));
    expect(stepForward(utc('2020-01-01'), hours, 3)).toBe(utc('2020-01-01T03:00:00'));
    const business = inferFrequency(
      every(utc('2024-01-01'), DAY, 60).filter((t) => ![0, 6].includes(new Date(t).getUTCDay())),
    );
    expect(stepForward(utc('2024-01-05'), business, 1)).toBe(utc('2024-01-08'));
    expect(stepForward(0, inferFrequency([]), 1)).toBeNaN();
  });
});

describe('seasonLengthFor', () => {
  it('proposes the natural cycle', () => {
    expect(seasonLengthFor('hourly')).toBe(24);
    expect(seasonLengthFor('daily')).toBe(7);
    expect(seasonLengthFor('weekly')).toBe(52);
    expect(seasonLengthFor('monthly')).toBe(12);
    expect(seasonLengthFor('quarterly')).toBe(4);
    expect(seasonLengthFor('yearly')).toBe(1);
    expect(seasonLengthFor('monthly', 5)).toBe(1);
    expect(seasonLengthFor('minutely', 15)).toBe(96);
  });
});
