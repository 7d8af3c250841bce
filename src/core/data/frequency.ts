import { medianOfSorted } from '../common/stats';
import { addMonths, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND } from './dates';
import type { Frequency, FrequencyInfo, Gap } from './types';

const MS_PER_WEEK = 7 * MS_PER_DAY;
const AVG_MONTH_MS = 30.436875 * MS_PER_DAY;
/** Calendar steps may land this far from the exact date (month-end and business-day conventions). */
const CALENDAR_TOLERANCE_MS = 3 * MS_PER_DAY;
/** Below this share of whole steps a series is irregular. */
const MIN_REGULARITY = 0.9;

const FIXED_UNITS: readonly { frequency: Frequency; ms: number }[] = [
  { frequency: 'weekly', ms: MS_PER_WEEK },
  { frequency: 'daily', ms: MS_PER_DAY },
  { frequency: 'hourly', ms: MS_PER_HOUR },
  { frequency: 'minutely', ms: MS_PER_MINUTE },
  { frequency: 'secondly', ms: MS_PER_SECOND },
];

/** A step as a duration (fixed), a number of calendar months, or one business day. */
type StepRule = { type: 'fixed'; ms: number } | { type: 'months'; months: number } | { type: 'business' };

const IRREGULAR: FrequencyInfo = {
  frequency: 'irregular',
  step: 1,
  businessDays: false,
  seasonLength: 1,
  label: 'irregular',
  regularity: 0,
};

function isWeekend(t: number): boolean {
  const day = new Date(t).getUTCDay();
  return day === 0 || day === 6;
}

/** Weekdays in (a, b], for a < b on whole days. */
function weekdaysBetween(a: number, b: number): number {
  const days = Math.round((b - a) / MS_PER_DAY);
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  for (let i = weeks * 7 + 1; i <= days; i++) if (!isWeekend(a + i * MS_PER_DAY)) count++;
  return count;
}

/**
 * Steps of `rule` from `a` to `b` (a < b): a whole number >= 1 when `b` lies on the grid started at `a`,
 * NaN when it does not.
 */
function stepsBetween(a: number, b: number, rule: StepRule): number {
  const diff = b - a;
  if (rule.type === 'fixed') {
    const k = Math.round(diff / rule.ms);
    return k >= 1 && Math.abs(diff - k * rule.ms) <= rule.ms * 0.01 ? k : NaN;
  }
  if (rule.type === 'business') {
    if (diff % MS_PER_DAY !== 0 || isWeekend(b)) return NaN;
    const k = weekdaysBetween(a, b);
    return k >= 1 ? k : NaN;
  }
  const months = Math.round(diff / AVG_MONTH_MS);
  if (months < 1 || months % rule.months !== 0) return NaN;
  if (Math.abs(b - addMonths(a, months)) > CALENDAR_TOLERANCE_MS) return NaN;
  return months / rule.months;
}

function plural(n: number, unit: string): string {
  return n === 1 ? unit : `every ${n} ${unit}s`;
}

function describe(frequency: Frequency, step: number, businessDays: boolean): string {
  if (businessDays) return 'business days';
  if (step === 1) return frequency;
  const unit: Record<Frequency, string> = {
    secondly: 'second',
    minutely: 'minute',
    hourly: 'hour',
    daily: 'day',
    weekly: 'week',
    monthly: 'month',
    quarterly: 'quarter',
    yearly: 'year',
    irregular: 'step',
  };
  return plural(step, unit[frequency]);
}

/** Steps per natural cycle when the step divides it evenly, else 1 (no season). */
function perCycle(cycle: number, step: number): number {
  return cycle % step === 0 && cycle / step > 1 ? cycle / step : 1;
}

/** Proposed season length in steps for a frequency: hourly 24, daily 7 (business days 5), weekly 52, monthly 12, quarterly 4, yearly 1. */
export function seasonLengthFor(frequency: Frequency, step = 1, businessDays = false): number {
  switch (frequency) {
    case 'secondly':
      return perCycle(60, step);
    case 'minutely':
      return perCycle(1440, step);
    case 'hourly':
      return perCycle(24, step);
    case 'daily':
      return step === 1 ? (businessDays ? 5 : 7) : 1;
    case 'weekly':
      return step === 1 ? 52 : perCycle(52, step);
    case 'monthly':
      return perCycle(12, step);
    case 'quarterly':
      return perCycle(4, step);
    case 'yearly':
    case 'irregular':
      return 1;
  }
}

function ruleFor(info: FrequencyInfo): StepRule | null {
  if (info.frequency === 'irregular') return null;
  if (info.businessDays) return { type: 'business' };
  if (info.frequency === 'monthly') return { type: 'months', months: info.step };
  if (info.frequency === 'quarterly') return { type: 'months', months: 3 * info.step };
  if (info.frequency === 'yearly') return { type: 'months', months: 12 * info.step };
  const unit = FIXED_UNITS.find((u) => u.frequency === info.frequency);
  return unit ? { type: 'fixed', ms: unit.ms * info.step } : null;
}

function regularity(series: readonly Float64Array[], rule: StepRule): number {
  let steps = 0;
  let whole = 0;
  for (const s of series) {
    for (let i = 1; i < s.length; i++) {
      steps++;
      if (!Number.isNaN(stepsBetween(s[i - 1], s[i], rule))) whole++;
    }
  }
  return steps === 0 ? 0 : whole / steps;
}

/** The unit and multiple a typical step of `d` ms stands for, or null when it matches none. */
function unitOf(d: number): { frequency: Frequency; step: number } | null {
  if (d >= 27.5 * MS_PER_DAY) {
    const months = Math.max(1, Math.round(d / AVG_MONTH_MS));
    if (months % 12 === 0) return { frequency: 'yearly', step: months / 12 };
    if (months % 3 === 0) return { frequency: 'quarterly', step: months / 3 };
    return { frequency: 'monthly', step: months };
  }
  for (const unit of FIXED_UNITS) {
    const k = Math.round(d / unit.ms);
    if (k >= 1 && Math.abs(d - k * unit.ms) <= unit.ms * 0.01) return { frequency: unit.frequency, step: k };
  }
  return null;
}

/** Daily data never observed on a weekend, with Friday-to-Monday jumps. */
function looksLikeBusinessDays(series: readonly Float64Array[]): boolean {
  let points = 0;
  let weekendJumps = false;
  for (const s of series) {
    points += s.length;
    for (let i = 0; i < s.length; i++) {
      if (isWeekend(s[i])) return false;
      if (i > 0 && s[i] - s[i - 1] === 3 * MS_PER_DAY) weekendJumps = true;
    }
  }
  return weekendJumps && points >= 10;
}

/** The most common value of sorted numbers. */
function mostCommon(sorted: Float64Array): number {
  let best = sorted[0];
  let bestRun = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestRun) [best, bestRun] = [sorted[i], j - i];
    i = j;
  }
  return best;
}

/**
 * Infers the frequency of one or more series of times (epoch ms), each sorted ascending without
 * duplicates or NaN. The median step picks the unit (if that grid does not fit, the most common step
 * and then the smallest are tried, which catches business days with holidays); calendar units (month,
 * quarter, year) are checked on the calendar, so months of 28 to 31 days are one step. Fewer than 90%
 * whole steps => irregular.
 */
export function inferFrequencyOfSorted(series: readonly Float64Array[]): FrequencyInfo {
  let count = 0;
  for (const s of series) count += Math.max(0, s.length - 1);
  if (count === 0) return IRREGULAR;
  const diffs = new Float64Array(count);
  let k = 0;
  for (const s of series) for (let i = 1; i < s.length; i++) diffs[k++] = s[i] - s[i - 1];
  diffs.sort();
  const median = medianOfSorted(diffs);
  let bestShare = 0;
  const tried = new Set<string>();
  for (const d of [median, mostCommon(diffs), diffs[0]]) {
    const unit = unitOf(d);
    if (unit === null || tried.has(`${unit.frequency}/${unit.step}`)) continue;
    tried.add(`${unit.frequency}/${unit.step}`);
    const businessDays = unit.frequency === 'daily' && unit.step === 1 && looksLikeBusinessDays(series);
    const info: FrequencyInfo = {
      ...unit,
      businessDays,
      seasonLength: seasonLengthFor(unit.frequency, unit.step, businessDays),
      label: describe(unit.frequency, unit.step, businessDays),
      regularity: 1,
    };
    const rule = ruleFor(info);
    const share = rule === null ? 0 : regularity(series, rule);
    if (share >= MIN_REGULARITY) return { ...info, regularity: share };
    bestShare = Math.max(bestShare, share);
  }
  return { ...IRREGULAR, regularity: bestShare };
}

/** Sorted, de-duplicated finite times. */
export function sortedUniqueTimes(times: ArrayLike<number>): Float64Array {
  const finite: number[] = [];
  for (let i = 0; i < times.length; i++) if (Number.isFinite(times[i])) finite.push(times[i]);
  const sorted = Float64Array.from(finite).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  return sorted.slice(0, n);
}

/**
 * Infers the frequency of a list of times (epoch ms, any order; NaN and duplicates are ignored):
 * hourly, daily, weekly, monthly, quarterly, yearly (or a multiple), else irregular.
 */
export function inferFrequency(times: ArrayLike<number>): FrequencyInfo {
  return inferFrequencyOfSorted([sortedUniqueTimes(times)]);
}

/**
 * Missing steps in a sorted, de-duplicated series (epoch ms) of the given frequency: one entry per
 * hole, `after` being the time before it. Irregular series have no gaps.
 */
export function findGaps(sorted: ArrayLike<number>, info: FrequencyInfo, key?: string): Gap[] {
  const rule = ruleFor(info);
  if (rule === null) return [];
  const gaps: Gap[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const k = stepsBetween(sorted[i - 1], sorted[i], rule);
    if (k > 1)
      gaps.push(
        key === undefined
          ? { after: sorted[i - 1], missing: k - 1 }
          : { after: sorted[i - 1], missing: k - 1, key },
      );
  }
  return gaps;
}

/**
 * The time `k` steps after `t` (epoch ms) on the grid of `info`: calendar months for monthly and
 * longer steps, weekdays for business days, a fixed duration otherwise. NaN for irregular series.
 */
export function stepForward(t: number, info: FrequencyInfo, k = 1): number {
  const rule = ruleFor(info);
  if (rule === null) return NaN;
  if (rule.type === 'fixed') return t + k * rule.ms;
  if (rule.type === 'months') return addMonths(t, k * rule.months);
  let out = t;
  for (let done = 0; done < k;) {
    out += MS_PER_DAY;
    if (!isWeekend(out)) done++;
  }
  return out;
}
