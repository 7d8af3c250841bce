/**
 * Chart work (creating an echarts instance, setting an option, resizing) runs here instead of inside React's
 * commit, one chart per task: a view that mounts ten charts at once then answers input between
 * them instead of freezing for the sum of their paints. Charts on screen go first; the others follow.
 */

/**
 * One chart's pending work: `run` brings the chart up to date (idempotent when nothing is stale), or does a first
 * part and returns `'more'` to be queued again for the rest.
 */
export interface ChartWork {
  run(): 'done' | 'more';
  /** Whether the chart is on screen now (those are drawn first). */
  onScreen(): boolean;
}

const pending = new Set<ChartWork>();
let scheduled = false;

function next(): ChartWork | undefined {
  for (const work of pending) if (work.onScreen()) return work;
  return pending.values().next().value;
}

/**
 * One chart's work per task: a chart's paint costs from a few to some tens of ms, and two of them in one task
 * already make a long one on a busy machine; yielding between charts costs far less.
 */
function drain(): void {
  scheduled = false;
  const work = next();
  if (work) {
    pending.delete(work);
    if (work.run() === 'more') pending.add(work);
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
