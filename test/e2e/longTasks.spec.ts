// The UI thread stays responsive while the lab computes and draws: the longest main-thread task (PerformanceObserver,
// 'longtask' entries, which start at 50 ms) is measured per phase — forecast training, the results' charts, the
// switch to the Inspector, the Inspector's computation (in the compute worker) and the drawing of its charts.
import { expect, test } from './fixtures';
import { keepScreenshot } from './helpers';
import type { Page } from '@playwright/test';

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

/**
 * The goal is 200 ms. On a loaded machine (two cores shared with other builds) tasks stretch several-fold, so the
 * default bound is the one that catches a frozen UI (the freezes of 10 s and more this guards against);
 * RNN_LAB_LONGTASK_MS=200 checks the goal itself. The measured values are printed per phase either way.
 */
const LONGEST_TASK_MS = Number(process.env.RNN_LAB_LONGTASK_MS ?? 3000);

test('the longest UI task stays short while a forecast trains and the Inspector computes and draws', async ({
  page,
  lab,
}) => {
  await page.goto(lab.url);
  await page.locator('[data-name="co2-concentration.csv"] .dataset-open').click();
  await expect(page.getByTestId('target-chart')).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('epochs').fill('6');
  await page.getByTestId('epochs').press('Enter');
  await page.waitForTimeout(500);

  const phases: { name: string; tasks: number[] }[] = [];
  await observeLongTasks(page);
  await page.getByTestId('train-button').click();
  await page.getByTestId('results').waitFor({ timeout: 180_000 });
  phases.push({ name: 'training', tasks: await takeLongTasks(page) });
  await chartsDrawn(page);
  phases.push({ name: 'results charts', tasks: await takeLongTasks(page) });

  await page.getByRole('tab', { name: /Inspector/ }).click();
  const select = page.getByTestId('inspect-select');
  await expect(select.locator('option')).toHaveCount(2);
  const value = await select.locator('option').nth(1).getAttribute('value');
  await chartsDrawn(page);
  phases.push({ name: 'inspector tab', tasks: await takeLongTasks(page) });

  await select.selectOption(value!);
  await page.getByTestId('memory-section').waitFor({ timeout: 120_000 });
  phases.push({ name: 'inspector computing', tasks: await takeLongTasks(page) });
  await chartsDrawn(page);
  phases.push({ name: 'inspector charts', tasks: await takeLongTasks(page) });

  const longest = (tasks: number[]) => Math.round(Math.max(0, ...tasks));
  const report = phases
    .map((p) => `${p.name}: ${p.tasks.length} long tasks, longest ${longest(p.tasks)} ms`)
    .join('; ');
  test
    .info()
    .annotations.push({ type: 'long tasks', description: `${report} (bound ${LONGEST_TASK_MS} ms)` });
  console.log(`long tasks per phase: ${report}`);
  await keepScreenshot(page, 'long-tasks-inspector');
  for (const p of phases) expect(longest(p.tasks), p.name).toBeLessThanOrEqual(LONGEST_TASK_MS);
});
