/**
 * Chart work (creating an echarts instance, setting an option, resizing) runs here, a few charts per task, instead
 * of inside React's commit: a view that mounts ten charts at once then answers input between them instead of
 * freezing for the sum of their paints. Charts on screen go first; the others follow in later tasks.
 */

/**
 * One chart's pending work: `run` brings the chart up to date (idempotent when nothing is stale), or does a first
 * part and returns `'more'`: it is then queued again and the task ends, whatever the budget says.
 */
export interface ChartWork {
  run(): 'done' | 'more';
  /** Whether the chart is on screen now (those are drawn first). */
  onScreen(): boolean;
}

/** Time one task may spend on charts before it yields, in ms (one chart may exceed it on its own). */
const TASK_BUDGET_MS = 16;

const pending = new Set<ChartWork>();
let scheduled = false;

function next(): ChartWork | undefined {
  for (const work of pending) if (work.onScreen()) return work;
  return pending.values().next().value;
}

function drain(): void {
  scheduled = false;
  const start = performance.now();
  for (let work = next(); work; work = next()) {
    pending.delete(work);
    if (work.run() === 'more') {
      pending.add(work);
      break;
    }
    if (performance.now() - start >= TASK_BUDGET_MS) break;
  }
  schedule();
}

function schedule(): void {
  if (scheduled || pending.size === 0) return;
  scheduled = true;
  setTimeout(drain, 0);
}

/** Queues `work` for a later task (once, however often it is requested before it runs). */
export function requestChartWork(work: ChartWork): void {
  pending.add(work);
  schedule();
}

/** Drops `work` from the queue (the chart went away). */
export function cancelChartWork(work: ChartWork): void {
  pending.delete(work);
}

/** Runs `work` now if it is queued (e.g. before exporting a chart that has not been drawn yet). */
export function flushChartWork(work: ChartWork): void {
  if (!pending.delete(work)) return;
  while (work.run() === 'more');
}
