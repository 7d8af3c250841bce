/**
 * Date and time parsing for CSV cells. Every result is epoch milliseconds in UTC. Times written without
 * an offset are read as UTC wall-clock times, so a series never jumps at daylight-saving changes.
 */

/** The date layouts a column can be written in. */
export type DateFormat =
  | 'iso' // 2015-01-01, 2015-01-01T01:00:00, 2015-01-01 01:00, with optional Z or +01:00
  | 'ymd' // 2015/01/01 01:00, 2015.01.01
  | 'dmy' // 31/01/2015, 31.01.2015 12:00
  | 'mdy' // 01/31/2015 1:00 PM
  | 'month-name' // Jan 1 2000, January 1, 2000, 1 Jan 2000, 01-Jan-2000, Jan 2000
  | 'year-month' // 2020-01, 2020/01, 2020M01
  | 'year-quarter'; // 2020-Q1, 2020Q1, Q1 2020

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

/** Month number 1..12 for an English month name or abbreviation (`Jan`, `sept.`, `December`), else 0. */
export function monthFromName(name: string): number {
  const key = name.trim().toLowerCase().replace(/\.$/, '');
  return MONTHS[key] ?? 0;
}

/** Number of days in `month` (1..12) of `year`, Gregorian. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Epoch ms for a UTC calendar date and time, or NaN when a field is out of range. */
export function utcMs(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  if (!(year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1)) return NaN;
  if (day > 28 && day > daysInMonth(year, month)) return NaN;
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59)) return NaN;
  const d = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0..99 to 1900..1999; set the year explicitly for those.
  if (year < 100) return new Date(d).setUTCFullYear(year);
  return d;
}

const TIME = String.raw`(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp]\.?[Mm]\.?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`);
const YMD = new RegExp(String.raw`^(\d{4})[/.](\d{1,2})[/.](\d{1,2})${TIME}$`);
const DMY = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})${TIME}$`);
const WEEKDAY = String.raw`(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?`;
const MONTH_DAY_YEAR = new RegExp(
  String.raw`^${WEEKDAY}([a-z]{3,9})\.?[\s-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s-]+(\d{4})${TIME}$`,
  'i',
);
const DAY_MONTH_YEAR = new RegExp(
  String.raw`^${WEEKDAY}(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{4}|\d{2})${TIME}$`,
  'i',
);
const MONTH_YEAR = /^([a-z]{3,9})\.?,?[\s-]+(\d{4})$/i;
const YEAR_MONTH_NAME = /^(\d{4})[\s-]+([a-z]{3,9})$/i;
const YEAR_MONTH = /^(\d{4})(?:[-/]|\s*M)(\d{1,2})$/i;
const YEAR_QUARTER = /^(\d{4})\s*[-/ ]?\s*Q([1-4])$/i;
const QUARTER_YEAR = /^Q([1-4])\s*[-/ ]?\s*(\d{4})$/i;

/** Two-digit years: 00..29 are 2000..2029, 30..99 are 1930..1999 (the spreadsheet convention). */
function fullYear(text: string): number {
  const y = Number(text);
  if (text.length > 2) return y;
  return y < 30 ? 2000 + y : 1900 + y;
}

/** Applies the optional time groups (hour, minute, second, fraction, am/pm, zone) to a calendar date. */
function withTime(
  year: number,
  month: number,
  day: number,
  hh: string | undefined,
  mi: string | undefined,
  ss: string | undefined,
  frac: string | undefined,
  ampm: string | undefined,
  zone: string | undefined,
): number {
  let hour = hh === undefined ? 0 : Number(hh);
  if (ampm !== undefined) {
    if (hour < 1 || hour > 12) return NaN;
    const pm = ampm[0] === 'p' || ampm[0] === 'P';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const ms = frac === undefined ? 0 : Math.round(Number('0.' + frac) * 1000);
  const t = utcMs(
    year,
    month,
    day,
    hour,
    mi === undefined ? 0 : Number(mi),
    ss === undefined ? 0 : Number(ss),
    ms,
  );
  if (zone === undefined || zone === 'Z' || zone === 'z' || Number.isNaN(t)) return t;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2)) : 0);
  return t - sign * offset * MS_PER_MINUTE;
}

const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
const DATE_TIME_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

function parseIsoFast(s: string): number {
  // YYYY-MM-DD and YYYY-MM-DDTHH:MM:SS are by far the most common layouts: skip the regex for them.
  const n = s.length;
  if (n !== 10 && n !== 19) return NaN;
  for (const i of n === 10 ? DATE_DIGITS : DATE_TIME_DIGITS) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
  }
  if (s[4] !== '-' || s[7] !== '-') return NaN;
  const year = Number(s.slice(0, 4));
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  if (n === 10) return utcMs(year, month, day);
  if ((s[10] !== 'T' && s[10] !== ' ') || s[13] !== ':' || s[16] !== ':') return NaN;
  return utcMs(year, month, day, Number(s.slice(11, 13)), Number(s.slice(14, 16)), Number(s.slice(17, 19)));
}

function parseIso(s: string): number {
  const fast = parseIsoFast(s);
  if (!Number.isNaN(fast)) return fast;
  const m = ISO.exec(s);
  if (!m) return NaN;
  return withTime(+m[1], +m[2], +m[3], m[4], m[5], m[6], m[7], m[8], m[9]);
}

function parseYmd(s: string): number {
  const m = YMD.exec(s);
  if (!m) return NaN;
  return withTime(+m[1], +m[2], +m[3], m[4], m[5], m[6], m[7], m[8], m[9]);
}

function parseDayFirst(s: string, dayFirst: boolean): number {
  const m = DMY.exec(s);
  if (!m) return NaN;
  const a = +m[1];
  const b = +m[3];
  const year = fullYear(m[4]);
  return withTime(year, dayFirst ? b : a, dayFirst ? a : b, m[5], m[6], m[7], m[8], m[9], m[10]);
}

function parseMonthName(s: string): number {
  let m = MONTH_DAY_YEAR.exec(s);
  if (m) {
    const month = monthFromName(m[1]);
    if (month === 0) return NaN;
    return withTime(+m[3], month, +m[2], m[4], m[5], m[6], m[7], m[8], m[9]);
  }
  m = DAY_MONTH_YEAR.exec(s);
  if (m) {
    const month = monthFromName(m[2]);
    if (month === 0) return NaN;
    return withTime(fullYear(m[3]), month, +m[1], m[4], m[5], m[6], m[7], m[8], m[9]);
  }
  m = MONTH_YEAR.exec(s);
  if (m) {
    const month = monthFromName(m[1]);
    return month === 0 ? NaN : utcMs(+m[2], month, 1);
  }
  m = YEAR_MONTH_NAME.exec(s);
  if (m) {
    const month = monthFromName(m[2]);
    return month === 0 ? NaN : utcMs(+m[1], month, 1);
  }
  return NaN;
}

function parseYearMonth(s: string): number {
  const m = YEAR_MONTH.exec(s);
  return m ? utcMs(+m[1], +m[2], 1) : NaN;
}

function parseYearQuarter(s: string): number {
  let m = YEAR_QUARTER.exec(s);
  if (m) return utcMs(+m[1], (+m[2] - 1) * 3 + 1, 1);
  m = QUARTER_YEAR.exec(s);
  if (m) return utcMs(+m[2], (+m[1] - 1) * 3 + 1, 1);
  return NaN;
}

/** Parses a trimmed cell in the given layout. Returns epoch ms (UTC), or NaN when it does not fit. */
export function parseDate(s: string, format: DateFormat): number {
  switch (format) {
    case 'iso':
      return parseIso(s);
    case 'ymd':
      return parseYmd(s);
    case 'dmy':
      return parseDayFirst(s, true);
    case 'mdy':
      return parseDayFirst(s, false);
    case 'month-name':
      return parseMonthName(s);
    case 'year-month':
      return parseYearMonth(s);
    case 'year-quarter':
      return parseYearQuarter(s);
  }
}

const FORMATS: readonly DateFormat[] = [
  'iso',
  'ymd',
  'year-month',
  'year-quarter',
  'month-name',
  'dmy',
  'mdy',
];

/** The first layout that reads `s`, or null. `dmy` wins over `mdy` only when `dayFirst` is set. */
export function guessDateFormat(s: string, dayFirst = false): DateFormat | null {
  for (const f of FORMATS) {
    if (f === 'dmy' && !dayFirst) continue;
    if (!Number.isNaN(parseDate(s, f))) return f;
  }
  if (!dayFirst && !Number.isNaN(parseDate(s, 'dmy'))) return 'dmy';
  return null;
}

/** What {@link detectDateFormat} decided for a column. */
export interface DateFormatGuess {
  format: DateFormat;
  /** Share of the given values the layout reads, 0..1. */
  coverage: number;
  /** True when day/month order could not be told from the values and `dayFirst` decided it. */
  ambiguousDayMonth: boolean;
}

function increasingPairs(values: readonly string[], format: DateFormat): number {
  let count = 0;
  let prev = NaN;
  for (const v of values) {
    const t = parseDate(v, format);
    if (t > prev) count++;
    prev = t;
  }
  return count;
}

/**
 * Finds the layout that reads at least `minCoverage` of the trimmed, non-missing `values`. When both
 * day/month orders fit every value, the order that keeps the dates increasing wins, then `dayFirst`.
 */
export function detectDateFormat(
  values: readonly string[],
  dayFirst: boolean,
  minCoverage = 0.95,
): DateFormatGuess | null {
  if (values.length === 0) return null;
  const counts = new Map<DateFormat, number>();
  for (const f of FORMATS) {
    let ok = 0;
    for (const v of values) if (!Number.isNaN(parseDate(v, f))) ok++;
    counts.set(f, ok);
  }
  let best: DateFormat | null = null;
  let bestCount = 0;
  for (const f of FORMATS) {
    const c = counts.get(f) ?? 0;
    if (c > bestCount) {
      best = f;
      bestCount = c;
    }
  }
  if (best === null || bestCount < minCoverage * values.length) return null;
  let ambiguousDayMonth = false;
  if ((best === 'dmy' || best === 'mdy') && counts.get('dmy') === counts.get('mdy')) {
    const up = increasingPairs(values, 'dmy') - increasingPairs(values, 'mdy');
    if (up !== 0) best = up > 0 ? 'dmy' : 'mdy';
    else {
      best = dayFirst ? 'dmy' : 'mdy';
      ambiguousDayMonth = true;
    }
  }
  return { format: best, coverage: bestCount / values.length, ambiguousDayMonth };
}

/** Time of day written as `HH:MM` or `HH:MM:SS` (e.g. a separate "Time" column), as ms after midnight; else NaN. */
export function parseTimeOfDay(s: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(s);
  if (!m) return NaN;
  const h = +m[1];
  const mi = +m[2];
  const sec = m[3] === undefined ? 0 : +m[3];
  if (h > 23 || mi > 59 || sec > 59) return NaN;
  const frac = m[4] === undefined ? 0 : Math.round(Number('0.' + m[4]) * 1000);
  return h * MS_PER_HOUR + mi * MS_PER_MINUTE + sec * MS_PER_SECOND + frac;
}

/** Year*12 + month-1 for a UTC timestamp: consecutive months differ by exactly 1. */
export function monthOrdinal(t: number): number {
  const d = new Date(t);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/**
 * Adds `months` calendar months to a UTC timestamp. A date on the last day of its month stays on the last
 * day (Jan 31 + 1 = Feb 28/29, Feb 28 + 1 = Mar 31 when Feb 28 ends the month); other days are clamped
 * to the target month's length. The time of day is kept.
 */
export function addMonths(t: number, months: number): number {
  const d = new Date(t);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  const timeOfDay = t - Date.UTC(year, month, day);
  const endOfMonth = day === daysInMonth(year, month + 1);
  const target = new Date(Date.UTC(year, month + months, 1));
  const ty = target.getUTCFullYear();
  const tm = target.getUTCMonth();
  const tdays = daysInMonth(ty, tm + 1);
  const tday = endOfMonth ? tdays : Math.min(day, tdays);
  return Date.UTC(ty, tm, tday) + timeOfDay;
}

/** ISO-like text of a UTC timestamp: `2015-01-01` at midnight, else `2015-01-01T01:00:00Z`. */
export function formatUtc(t: number): string {
  if (!Number.isFinite(t)) return '';
  const iso = new Date(t).toISOString();
  if (t % MS_PER_DAY === 0) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? iso.slice(0, 19) + 'Z' : iso;
}
