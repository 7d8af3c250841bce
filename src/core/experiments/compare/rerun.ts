/** Whether a re-run reproduced its original: test metrics and per-epoch losses compared exactly. */
import { forecastScoresOf, num } from './metrics';
import type { Experiment } from '../../api/schemas';

/** What the re-run check reads of a run. */
export type RerunSide = Experiment;

export interface RerunCheck {
  /** 'identical': every metric and loss value equal to the last bit; 'close': within 1e-6 relative; else 'different'. */
  verdict: 'identical' | 'close' | 'different';
  rows: { label: string; original: number | null; rerun: number | null; relativeDiff: number | null }[];
  curvesEqual: boolean;
  largestRelativeDiff: number;
}

function relDiff(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return a === b ? 0 : null;
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

/** Whether a re-run reproduced the original: test metrics and the per-epoch losses, compared exactly. */
export function checkRerun(original: RerunSide, rerun: RerunSide): RerunCheck {
  const m = (e: RerunSide) => forecastScoresOf(e)?.model ?? null;
  const h = (e: RerunSide) => e.history;
  const rows: RerunCheck['rows'] = (
    [
      ['MAE', (e) => num(m(e)?.mae)],
      ['RMSE', (e) => num(m(e)?.rmse)],
      ['MAPE %', (e) => num(m(e)?.mape)],
      ['sMAPE %', (e) => num(m(e)?.smape)],
      ['MASE', (e) => num(m(e)?.mase)],
      ['Final training loss', (e) => num(h(e).loss.at(-1))],
      ['Epochs run', (e) => h(e).epochsRun || h(e).loss.length || null],
    ] as [string, (e: RerunSide) => number | null][]
  ).map(([label, get]) => {
    const a = get(original);
    const b = get(rerun);
    return { label, original: a, rerun: b, relativeDiff: relDiff(a, b) };
  });
  const same = (x: readonly number[], y: readonly number[]) =>
    x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
  const curvesEqual = same(h(original).loss, h(rerun).loss) && same(h(original).valLoss, h(rerun).valLoss);
  const diffs = rows.map((r) => (r.relativeDiff === null ? Infinity : r.relativeDiff));
  const largest = Math.max(0, ...diffs);
  const verdict = largest === 0 && curvesEqual ? 'identical' : largest <= 1e-6 ? 'close' : 'different';
  return { verdict, rows, curvesEqual, largestRelativeDiff: largest };
}
