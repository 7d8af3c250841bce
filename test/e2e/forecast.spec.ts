import path from 'node:path';
import { expect, ROOT, test } from './fixtures';
import { dropFile, keepScreenshot } from './helpers';

test('forecast CO2 with an LSTM, stop a second run, and reopen both after a reload', async ({
  page,
  lab,
}) => {
  await page.goto(lab.url);
  await page.locator('[data-name="co2-concentration.csv"] .dataset-open').click();
  await expect(page.getByTestId('time-facts')).toContainText('monthly');
  await expect(page.getByTestId('target-chart')).toBeVisible();
  await expect(page.getByTestId('target-select')).toHaveValue('CO2');

  // A short, quick run on the default backend (wasm) and engine (the lab's fused kernels, with kernel threads:
  // the host makes the page cross-origin isolated).
  await expect(page.getByTestId('engine-select')).toHaveValue('lab');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.getByTestId('epochs').fill('4');
  await page.getByTestId('epochs').press('Enter');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training')).toBeVisible();
  await expect(page.getByTestId('results')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('result-status')).toHaveText('finished');
  await expect(page.getByTestId('verdict')).toContainText(
    /LSTM 1×32 ensemble is \d+% (better|worse) than seasonal naive on MASE/,
  );
  const table = page.getByTestId('metrics-table');
  for (const row of ['LSTM ensemble (model)', 'naive', 'seasonal naive', 'drift'])
    await expect(table).toContainText(row);
  await expect(page.getByTestId('forecast-chart').locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('horizon-chart')).toBeVisible();
  await page.getByTestId('forecast-chart').scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'forecast');

  // A long second run, stopped after its first epoch: saved as stopped with the best weights so far.
  await page.getByTestId('epochs').fill('500');
  await page.getByTestId('epochs').press('Enter');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('epoch-line')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('result-status')).toHaveText('stopped', { timeout: 60_000 });
  await expect(page.getByTestId('forecast-chart')).toBeVisible();

  await page.reload();
  await expect(page.getByTestId('dataset-row').first()).toBeVisible();
  await page.getByRole('tab', { name: /Experiments/ }).click();
  const rows = page.getByTestId('experiment-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('stopped');
  await expect(rows.nth(1)).toContainText('finished');
  await rows.nth(1).getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('view-forecast')).toBeVisible();
  await expect(page.getByTestId('result-status')).toHaveText('finished');
  await expect(page.getByTestId('verdict')).toBeVisible();
  await expect(page.getByTestId('training')).toHaveCount(0);
  // The saved model forecasts again without retraining.
  await page.getByTestId('forecast-again').click();
  await expect(page.getByTestId('forecast-again')).toHaveText('Forecast again', { timeout: 60_000 });
  await expect(page.getByTestId('training')).toHaveCount(0);
});

test('Auto setup on U.S. employment: the search table, the competitors table and a verdict naming the winner', async ({
  page,
  lab,
}) => {
  test.setTimeout(600_000);
  await page.goto(lab.url);
  await page.locator('[data-name="us-employment.csv"] .dataset-open').click();
  await expect(page.getByTestId('target-chart')).toBeVisible();
  // the recipe is proposed, with the transforms the data chose and what the short series changes
  await expect(page.getByTestId('recipe-toggle')).toBeChecked();
  await expect(page.getByTestId('recipe-preview')).toContainText('Variance:');
  await expect(page.getByTestId('recipe-preview')).toContainText('Season:');
  await page.getByTestId('recipe-auto').check();
  await page.getByTestId('epochs').fill('2');
  await page.getByTestId('epochs').press('Enter');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('results')).toBeVisible({ timeout: 540_000 });
  await expect(page.getByTestId('result-status')).toHaveText('finished');
  const search = page.getByTestId('search-table');
  await expect(search).toContainText('(chosen)');
  for (const row of ['LSTM · lookback', 'GRU · lookback', 'ETS', 'Theta', 'AutoARIMA', 'Naive2'])
    await expect(search).toContainText(row);
  await expect(page.getByTestId('search-summary')).toContainText(
    /The Auto setup chose|No RNN configuration beats the best classical method on validation/,
  );
  const competitors = page.getByTestId('competitors-table');
  // proposed: the forecast is the median of the networks and the classical methods; the networks alone are a row
  await expect(page.getByTestId('recipe-combine')).toBeChecked();
  for (const row of [
    'ensemble + ETS and AutoARIMA (model)',
    'ensemble alone',
    'ETS',
    'Theta',
    'AutoARIMA',
    'Naive2',
    'seasonal naive',
  ])
    await expect(competitors).toContainText(row);
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText(/Best of all on the last \d+ test windows?: \S+/);
  const best = (await competitors.locator('xpath=following-sibling::p[1]').textContent()) ?? '';
  const winner = /Best on MASE: (.+)\.$/.exec(best.trim())?.[1];
  expect(winner).toBeTruthy();
  await expect(verdict).toContainText(`Best of all on the last`);
  await expect(verdict).toContainText(winner!);
  await expect(page.getByTestId('recipe-summary')).toContainText(/median of \d+ networks|one network/);
  // the bands are calibrated on the combination's own errors, and their coverage is the combination's
  await expect(page.getByTestId('recipe-summary')).toContainText(
    'Intervals: split conformal on the errors of the combined forecast in',
  );
  await expect(
    page.getByText(
      /Interval coverage of the combined forecast on the last \d+ test windows?: 80%: \d+%, 95%: \d+%/,
    ),
  ).toBeVisible();
  await search.scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'forecast-auto');
});

test('a wide table is refused at import with the shape the lab expects', async ({ page, lab }) => {
  await page.goto(lab.url);
  await dropFile(page, path.join(ROOT, 'test/fixtures/e2e/wide-months.csv'));
  await expect(page.getByRole('alert').filter({ hasText: 'This table is wide' })).toBeVisible();
  await expect(page.getByTestId('dataset-row')).toHaveCount(6);
});
