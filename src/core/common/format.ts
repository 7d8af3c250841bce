/**
 * Number and duration formatting, one vocabulary for the app, the CLI and the sentences the core writes.
 * Pure (Intl only): runs in Node, workers and the UI thread.
 */

/** What a missing or non-finite value prints as. */
export const MISSING = '—';

/**
 * A number as plain text with `digits` significant digits and no trailing zeros, in exponent form outside
 * [1e-3, 1e5) (e.g. 0.612, 1234.6, 2.5e-7): for sentences, logs and terminals. Non-finite values print as
 * themselves ("NaN", "Infinity").
 */
export function formatSignificant(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(Math.max(0, digits - 1));
  return String(Number(v.toPrecision(digits)));
}

// Formatters are built once: toLocaleString with options builds a new Intl formatter on every call, which costs more
// than the rest of a table row's rendering.
const INTEGER = new Intl.NumberFormat();
const COMPACT = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });
const THOUSANDS = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/**
 * A number for tables: `digits` significant digits, thousands separators, exponent form for very large (≥ 1e9) or
 * small (< 1e-4) values; {@link MISSING} for null, undefined and non-finite values.
 */
export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return MISSING;
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e9 || a < 1e-4)) return v.toExponential(2);
  if (a >= 1000) return THOUSANDS.format(v);
  return COMPACT.format(Number(v.toPrecision(digits)));
}

/** A whole number with thousands separators, or {@link MISSING}. */
export function formatInteger(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? INTEGER.format(Math.round(v)) : MISSING;
}

/** A fraction as a percentage: 0.234 → "23%", 0.0456 → "4.6%" (one decimal under 10%), or {@link MISSING}. */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return MISSING;
  return `${(fraction * 100).toFixed(Math.abs(fraction) < 0.1 ? 1 : 0)}%`;
}

/** Seconds as "4.2 s", "42 s", "3 min 05 s", "1 h 02 min", or {@link MISSING}. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return MISSING;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${String(Math.round(seconds % 60) % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A UTC timestamp (epoch ms) for tables: "2015-01-01" at midnight, else "2015-01-01 01:00"; {@link MISSING} when absent. */
export function formatTimestamp(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return MISSING;
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}
