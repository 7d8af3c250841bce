/** The step between time stamps, and time stamps past the end of a series (calendar months where they apply). */

/** A fixed step in milliseconds, or a step of whole calendar months (UTC). */
export type TimeStep =
  | { unit: 'ms'; size: number }
  | {
      unit: 'month';
      /** Months per step: 1 monthly, 3 quarterly, 12 yearly. */
      size: number;
      /** Day of month the steps fall on (clamped to the month's length), e.g. 30 for a series on the 30th. */
      day: number;
      /** The series sits on month ends (Jan 31, Feb 28, ...): future steps stay on month ends. */
      endOfMonth: boolean;
    };

const DAY = 86_400_000;

function monthIndex(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function isMonthEnd(ms: number): boolean {
  const d = new Date(ms);
  return d.getUTCDate() === daysInMonth(d.getUTCFullYear(), d.getUTCMonth());
}

/**
 * Infers the step of a time column (epoch ms): calendar months (size 1, 3, 6 or 12) when the median gap is
 * about that many months and most gaps are exactly that many calendar months, else the median gap in ms.
 * Null with fewer than two time stamps.
 */
export function inferTimeStep(time: ArrayLike<number>): TimeStep | null {
  if (time.length < 2) return null;
  const gaps: number[] = [];
  for (let i = 1; i < time.length; i++) gaps.push(time[i] - time[i - 1]);
  // the upper median: a gap that occurs in the data, never the mean of two (a step must be one of them)
  const typical = [...gaps].sort((a, b) => a - b)[gaps.length >> 1];
  const days = typical / DAY;
  const candidates: Array<[number, number, number]> = [
    [1, 27.5, 31.5],
    [3, 88.5, 92.5],
    [6, 180.5, 184.5],
    [12, 364.5, 366.5],
  ];
  for (const [months, lo, hi] of candidates) {
    if (days < lo || days > hi) continue;
    let exact = 0;
    for (let i = 1; i < time.length; i++)
      if (monthIndex(time[i]) - monthIndex(time[i - 1]) === months) exact++;
    if (exact >= 0.9 * gaps.length) {
      const recent = Array.from(time).slice(-12);
      const daysOfMonth = recent.map((t) => new Date(t).getUTCDate());
      const endOfMonth = recent.every(isMonthEnd) && new Set(daysOfMonth).size > 1;
      return { unit: 'month', size: months, day: Math.max(...daysOfMonth), endOfMonth };
    }
  }
  return { unit: 'ms', size: typical };
}

/** The time `steps` steps after `from` (epoch ms); month steps land on `step.day`
 * (clamped to the month's length) or on month ends, at the same UTC time of day. */
export function addTimeSteps(from: number, step: TimeStep, steps: number): number {
  if (step.unit === 'ms') return from + step.size * steps;
  const d = new Date(from);
  const total = d.getUTCMonth() + step.size * steps;
  const year = d.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const last = daysInMonth(year, month);
  const day = step.endOfMonth ? last : Math.min(step.day, last);
  return Date.UTC(
    year,
    month,
    day,
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** `count` time stamps after the last one, one step apart: [count] epoch ms. */
export function futureTimes(last: number, step: TimeStep, count: number): number[] {
  return Array.from({ length: count }, (_, i) => addTimeSteps(last, step, i + 1));
}
