import type { ExperimentSummary } from '../../../core/api';
import {
  MISSING,
  formatDuration,
  formatInteger,
  formatNumber,
  formatPercent,
} from '../../../core/common/format';
import { skillVsSeasonalNaive } from './compareModel';

/** The metric the history shows for a run, with its name: MASE (or MAE) for forecasts, log-likelihood for melodies. */
export function headlineOf(e: Pick<ExperimentSummary, 'kind' | 'metrics'>): {
  name: string;
  value: number | null;
  hint: string;
} {
  const m = e.metrics as {
    headline?: { name?: string; value?: number };
    mase?: number | null;
    mae?: number | null;
    meanLogLikelihood?: number | null;
    perplexity?: number;
    loss?: number;
  };
  if (m.headline && typeof m.headline.value === 'number')
    return { name: m.headline.name ?? 'score', value: m.headline.value, hint: m.headline.name ?? '' };
  if (e.kind === 'forecast') {
    if (typeof m.mase === 'number')
      return {
        name: 'MASE',
        value: m.mase,
        hint: 'MASE on the test part: below 1 beats seasonal naive in-sample',
      };
    if (typeof m.mae === 'number')
      return { name: 'MAE', value: m.mae, hint: 'MAE on the test part (MASE undefined for this series)' };
  }
  if (e.kind === 'melody' && typeof m.meanLogLikelihood === 'number')
    return {
      name: 'LL/step',
      value: m.meanLogLikelihood,
      hint: 'Mean log-likelihood per step of the continuations (higher = more likely under the model)',
    };
  const memory = e.metrics as { accuracy?: number; chance?: number };
  if (e.kind === 'memory' && typeof memory.accuracy === 'number') {
    return {
      name: 'accuracy',
      value: memory.accuracy,
      hint: `Accuracy on the memory task${typeof memory.chance === 'number' ? ` (chance: ${formatNumber(memory.chance)})` : ''}`,
    };
  }
  if (typeof m.perplexity === 'number')
    return { name: 'perplexity', value: m.perplexity, hint: 'Perplexity' };
  if (typeof m.loss === 'number') return { name: 'loss', value: m.loss, hint: 'Loss' };
  return { name: '', value: null, hint: '' };
}

/** "+23%" / "−5%" skill against seasonal naive, or null. */
export function skillText(e: Pick<ExperimentSummary, 'metrics'>): { text: string; good: boolean } | null {
  const s = skillVsSeasonalNaive(e.metrics);
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

/** "1×32" for stacked layers × units, or '—'. */
export function sizeText(config: Record<string, unknown>): string {
  const { layers, units } = config as { layers?: unknown; units?: unknown };
  if (typeof units !== 'number') return '—';
  return typeof layers === 'number' ? `${layers}×${units}` : String(units);
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
