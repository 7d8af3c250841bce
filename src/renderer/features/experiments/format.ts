import type { ExperimentSummary } from '../../../core/api';
import {
  MISSING,
  formatDuration,
  formatInteger,
  formatNumber,
  formatPercent,
} from '../../../core/common/format';
import { forecastScoresOf, skillVsSeasonalNaive } from '../../../core/experiments/compare';

/** "+23%" / "−5%" skill against seasonal naive, or null. */
export function skillText(e: ExperimentSummary): { text: string; good: boolean } | null {
  const s = skillVsSeasonalNaive(forecastScoresOf(e));
  if (s === null) return null;
  const pct = Math.round(s * 100);
  return { text: `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)}%`, good: s > 0 };
}

/** A metric value for tables in its format. */
export function fmtMetric(v: number | null, format: 'num' | 'pct' | 'int' | 'seconds' | 'ratio'): string {
  if (v === null || !Number.isFinite(v)) return MISSING;
  switch (format) {
    case 'pct':
      return formatPercent(v);
    case 'int':
      return formatInteger(v);
    case 'seconds':
      return formatDuration(v);
    default:
      return formatNumber(v);
  }
}

// Date formatters are built once: toLocaleString with options builds a new Intl formatter on every call.
const SHORT_DATE = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const SHORT_DATE_YEAR = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
});
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
const FULL_DATE = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
/** The day ("Nov 27", with the year when not this year) and the time ("18:56") of an ISO timestamp, local time. */
export function shortDate(iso: string): { day: string; time: string; full: string } {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { day: iso, time: '', full: iso };
  const thisYear = d.getFullYear() === new Date().getFullYear();
  return {
    day: (thisYear ? SHORT_DATE : SHORT_DATE_YEAR).format(d),
    time: TIME.format(d),
    full: FULL_DATE.format(d),
  };
}
