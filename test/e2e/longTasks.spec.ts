// The UI thread stays responsive while the lab computes and draws: the longest main-thread task (PerformanceObserver,
// 'longtask' entries, which start at 50 ms) is measured per phase — forecast training, the results' charts, the
// switch to the Inspector, the Inspector's computation (in the compute worker) and the drawing of its charts — and,
// from a Chromium trace of each phase, the CPU time of its tasks.
import { expect, test } from './fixtures';
import { keepScreenshot } from './helpers';
import type { Browser, Page } from '@playwright/test';

/** Starts recording long tasks in the page. */
async function observeLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
}

/** The long tasks recorded since the last call, in ms, and clears them. */
async function takeLongTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    const taken = w.__longTasks;
    w.__longTasks = [];
    return taken;
  });
}

/**
 * Waits until every chart on the page has drawn (charts are drawn a few per task after their view renders), then a
 * little longer so that the last paints land in the phase being measured. Waits through `waitForFunction` (polled
 * per animation frame), which costs the page far less than repeated `expect` polls.
 */
async function chartsDrawn(page: Page): Promise<void> {
  await page.waitForFunction(
    () => [...document.querySelectorAll('.chart-canvas')].every((el) => el.querySelector('canvas')),
    undefined,
    { timeout: 60_000 },
  );
  await page.waitForTimeout(500);
}

/** A Chromium trace event (only the fields read here). */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The names Chromium gives a task of a thread's run loop in its 'toplevel' trace category. */
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/**
 * The page's main-thread tasks in a trace: wall time and the thread's own CPU time, in ms. On a machine shared with
 * other work the two differ by the time the thread waited for a core, which no change to the page can remove.
 */
function mainThreadTasks(trace: Buffer): { wall: number; cpu: number }[] {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const mains = events.filter(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  const tasksOf = (m: TraceEvent) =>
    events.filter((e) => e.ph === 'X' && TASK_EVENTS.has(e.name) && e.pid === m.pid && e.tid === m.tid);
  const busiest = (list: TraceEvent[]) => list.reduce((sum, e) => sum + (e.tdur ?? 0), 0);
  const tasks = mains.map(tasksOf).sort((a, b) => busiest(b) - busiest(a))[0] ?? [];
  return tasks.map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? 0) / 1000 }));
}

/** Each phase is also traced (RNN_LAB_LONGTASK_TRACE=0 turns it off), for the CPU time of its tasks. */
const TRACE = process.env.RNN_LAB_LONGTASK_TRACE !== '0';

/** Runs one measured phase: its long tasks (and, when tracing, its main-thread tasks' CPU times). */
async function measure(
  page: Page,
  browser: Browser,
  name: string,
  action: () => Promise<void>,
): Promise<{ name: string; tasks: number[]; cpu: { wall: number; cpu: number }[] | null }> {
  if (TRACE) {
    await browser.startTracing(page, { categories: ['toplevel'] });
    // Starting a trace makes the page do some work of its own; its report must not count in this phase.
    await page.waitForTimeout(300);
  }
  await takeLongTasks(page);
  await action();
  const tasks = await takeLongTasks(page);
  const cpu = TRACE ? mainThreadTasks(await browser.stopTracing()) : null;
  return { name, tasks, cpu };
}

/**
 * Wall time: the goal is 200 ms. On a loaded machine (two cores shared with other builds and with the compute
 * worker's threads) a task waits for a core several times longer than it computes, so the default bound is the one
 * that catches a frozen UI (the freezes of 10 s and more this guards against); RNN_LAB_LONGTASK_MS=200 checks the
 * goal itself. CPU time: the most any one main-thread task computes, which the machine's load barely changes, is
 * held to the 200 ms goal (RNN_LAB_LONGTASK_CPU_MS) whenever the phases are traced.
 */
const LONGEST_TASK_MS = Number(process.env.RNN_LAB_LONGTASK_MS ?? 3000);
const MOST_TASK_CPU_MS = Number(process.env.RNN_LAB_LONGTASK_CPU_MS ?? 200);

test('the longest UI task stays short while a forecast trains and the Inspector computes and draws', async ({
  page,
  lab,
  browser,
}) => {
  await page.goto(lab.url);
  await page.locator('[data-name="co2-concentration.csv"] .dataset-open').click();
  await expect(page.getByTestId('target-chart')).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('epochs').fill('6');
  await page.getByTestId('epochs').press('Enter');
  await page.waitForTimeout(500);

  await observeLongTasks(page);
  const phases = [
    await measure(page, browser, 'training', async () => {
      await page.getByTestId('train-button').click();
      await page.getByTestId('results').waitFor({ timeout: 180_000 });
    }),
    await measure(page, browser, 'results charts', () => chartsDrawn(page)),
    await measure(page, browser, 'inspector tab', async () => {
      await page.getByRole('tab', { name: /Inspector/ }).click();
      await chartsDrawn(page);
    }),
  ];
  const select = page.getByTestId('inspect-select');
  await expect(select.locator('option')).toHaveCount(2);
  const value = await select.locator('option').nth(1).getAttribute('value');
  phases.push(
    await measure(page, browser, 'inspector computing', async () => {
      await select.selectOption(value!);
      await page.getByTestId('memory-section').waitFor({ timeout: 120_000 });
    }),
    await measure(page, browser, 'inspector charts', () => chartsDrawn(page)),
  );

  const longest = (tasks: number[]) => Math.round(Math.max(0, ...tasks));
  const cpuReport = (cpu: { wall: number; cpu: number }[] | null) => {
    if (!cpu) return '';
    const top = cpu.reduce((a, b) => (b.wall > a.wall ? b : a), { wall: 0, cpu: 0 });
    const most = Math.max(0, ...cpu.map((t) => t.cpu));
    return ` (traced: longest ${Math.round(top.wall)} ms wall / ${Math.round(top.cpu)} ms CPU, most CPU in one task ${Math.round(most)} ms)`;
  };
  const report = phases
    .map((p) => `${p.name}: ${p.tasks.length} long tasks, longest ${longest(p.tasks)} ms${cpuReport(p.cpu)}`)
    .join('; ');
  test.info().annotations.push({
    type: 'long tasks',
    description: `${report} (bounds ${LONGEST_TASK_MS} ms wall, ${MOST_TASK_CPU_MS} ms CPU)`,
  });
  console.log(`long tasks per phase: ${report}`);
  await keepScreenshot(page, 'long-tasks-inspector');
  for (const p of phases) {
    expect(longest(p.tasks), p.name).toBeLessThanOrEqual(LONGEST_TASK_MS);
    if (!p.cpu) continue;
    expect(p.cpu.length, `${p.name}: main-thread tasks found in the trace`).toBeGreaterThan(0);
    expect(Math.max(...p.cpu.map((t) => t.cpu)), `${p.name}: most CPU in one task`).toBeLessThanOrEqual(
      MOST_TASK_CPU_MS,
    );
  }
});
