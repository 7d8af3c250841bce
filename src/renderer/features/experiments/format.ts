import type { ExperimentSummary } from '../../../core/api';
import { fmtNum } from '../forecast/format';
import { skillVsSeasonalNaive } from './compareModel';

/** The metric the history shows for a run, with its name: MASE (or MAE) for forecasts, log-likelihood for melodies. */
export function headlineOf(e: Pick<ExperimentSummary, 'kind' | 'metrics'>): { name: string; value: number | null; hint: string } {
  const m = e.metrics as { headline?: { name?: string; value?: number }; mase?: number | null; mae?: number | null; meanLogLikelihood?: number | null; perplexity?: number; loss?: number };
  if (m.headline && typeof m.headline.value === 'number') return { name: m.headline.name ?? 'score', value: m.headline.value, hint: m.headline.name ?? '' };
  if (e.kind === 'forecast') {
    if (typeof m.mase === 'number') return { name: 'MASE', value: m.mase, hint: 'MASE on the test part: below 1 beats seasonal naive in-sample' };
    if (typeof m.mae === 'number') return { name: 'MAE', value: m.mae, hint: 'MAE on the test part (MASE undefined for this series)' };
  }
  if (e.kind === 'melody' && typeof m.meanLogLikelihood === 'number') return { name: 'LL/step', value: m.meanLogLikelihood, hint: 'Mean log-likelihood per step of the continuations (higher = more likely under the model)' };
  if (typeof m.perplexity === 'number') return { name: 'perplexity', value: m.perplexity, hint: 'Perplexity' };
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
  if (v === null || !Number.isFinite(v)) return '—';
  switch (format) {
    case 'pct':
      return `${(v * 100).toFixed(Math.abs(v) < 0.1 ? 1 : 0)}%`;
    case 'int':
      return Math.round(v).toLocaleString();
    case 'seconds':
      return v < 60 ? `${v.toFixed(v < 10 ? 1 : 0)} s` : `${Math.floor(v / 60)} min ${String(Math.round(v % 60)).padStart(2, '0')} s`;
    default:
      return fmtNum(v);
  }
}

/** "1×32" for stacked layers × units, or '—'. */
export function sizeText(config: Record<string, unknown>): string {
  const { layers, units } = config as { layers?: unknown; units?: unknown };
  if (typeof units !== 'number') return '—';
  return typeof layers === 'number' ? `${layers}×${units}` : String(units);
}

/** "Nov 27, 18:56" (the year only when it is not this year), local time. */
export function shortDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const thisYear = d.getFullYear() === new Date().getFullYear();
  return d.toLocaleString(undefined, { ...(thisYear ? {} : { year: 'numeric' }), month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}
