import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, ROOT, startLabServer, test } from './fixtures';
import { keepScreenshot } from './helpers';

/** Trains a short forecast of the CO2 sample with the given cell and waits for its results. */
async function trainCo2(page: Page, cell: 'LSTM' | 'GRU') {
  await expect(page.getByTestId('dataset-row').first()).toBeVisible();
  await page.getByRole('tab', { name: /Forecast/ }).click();
  await page.locator('[data-name="co2-concentration.csv"] .dataset-open').click();
  await expect(page.getByTestId('target-select')).toHaveValue('CO2');
  await page.getByRole('radio', { name: cell, exact: true }).click();
  await page.getByTestId('epochs').fill('3');
  await page.getByTestId('epochs').press('Enter');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('result-status')).toHaveText('finished', { timeout: 120_000 });
  await expect(page.getByTestId('result-name')).toContainText(cell);
}

test('compare an LSTM and a GRU forecast, re-run one, export both and import them into a fresh database', async ({
  page,
  lab,
}) => {
  await page.goto(lab.url);
  await trainCo2(page, 'LSTM');
  await trainCo2(page, 'GRU');

  await openExperiments(page);
  const rows = page.getByTestId('experiment-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('GRU');
  await expect(rows.nth(1)).toContainText('LSTM');
  await expect(page.getByTestId('experiments-count')).toHaveText('2 saved');
  await keepScreenshot(page, 'experiments-history');

  // Filter by cell on the server, then clear.
  await page.getByTestId('filter-cell').selectOption('gru');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('GRU');
  await page.getByTestId('filter-cell').selectOption('');
  await expect(rows).toHaveCount(2);

  // Compare: the differing setting (the cell) is highlighted, the training curves are overlaid.
  for (const i of [0, 1]) await rows.nth(i).getByTestId('select-experiment').check();
  await page.getByTestId('compare-button').click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await expect(page.getByTestId('only-differences')).toBeChecked();
  const cellRow = page.locator('[data-testid="setting-row"][data-key="cell"]');
  await expect(cellRow).toHaveClass(/differs/);
  await expect(cellRow.locator('td.diff')).toHaveText(['gru', 'lstm']);
  // With "only differences", settings the runs share (the lookback) are hidden; unticked they show.
  await expect(page.locator('[data-testid="setting-row"][data-key="lookback"]')).toHaveCount(0);
  await page.getByTestId('only-differences').uncheck();
  await expect(page.locator('[data-testid="setting-row"][data-key="lookback"]')).toBeVisible();
  await expect(page.locator('[data-testid="setting-row"][data-key="lookback"] td.diff')).toHaveCount(0);
  await page.getByTestId('only-differences').check();

  const metrics = page.getByTestId('metrics-table');
  await expect(metrics.locator('[data-key="skill"]')).toContainText('%');
  await expect(metrics.locator('td.best').first()).toBeVisible();
  await expect(page.getByTestId('curves-chart').locator('canvas')).toHaveCount(1);
  await page.getByTestId('smoothing').fill('0.5');
  await page.getByTestId('log-scale').uncheck();
  await expect(page.getByTestId('forecast-overlay').locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('horizon-overlay')).toBeVisible();
  await expect(page.getByTestId('dm-result')).toHaveText(
    /(is significantly more accurate than|No significant difference in accuracy between) .* at the 5% level \(DM = -?\d+\.\d\d, p [=<] [\d.]+; \d+ one-step-ahead forecasts, squared error\)\./,
  );
  await page.getByTestId('compare-view').getByText('Training curves').scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'experiments-compare');
  await page.getByTestId('back-to-history').click();

  // Re-run the LSTM with the same data, settings and seed: the metrics match.
  await rows.nth(1).getByTestId('toggle-details').click();
  await page.getByTestId('rerun-button').click();
  await expect(page.getByTestId('rerun-verdict')).toHaveText(/^Reproduced exactly/, { timeout: 120_000 });
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('re-run');
  await page.getByRole('button', { name: 'Close the re-run report' }).click();

  // Export the two originals (still selected) to one file.
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('export-selected').click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^rnn-lab-2-experiments-\d{8}-\d{4}\.rnnlab$/);
  // under test-results/, which Playwright empties at the start of each run
  const file = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(file);

  // Import them into a fresh database: both listed, with their dataset; a second import is recognised.
  const fresh = await startLabServer();
  try {
    const page2 = await page.context().newPage();
    await page2.goto(fresh.url);
    await openExperiments(page2);
    await expect(page2.getByTestId('experiments-empty')).toBeVisible();
    await page2.getByTestId('import-input').setInputFiles(file);
    await expect(page2.getByRole('status').filter({ hasText: 'Imported 2 experiments' })).toBeVisible();
    const imported = page2.getByTestId('experiment-row');
    await expect(imported).toHaveCount(2);
    await expect(imported.nth(0)).toContainText('GRU');
    await expect(imported.nth(1)).toContainText('LSTM');
    await expect(imported.nth(1)).toContainText('co2-concentration.csv');
    await page2.getByTestId('import-input').setInputFiles(file);
    await expect(page2.getByRole('status').filter({ hasText: '2 already here and skipped' })).toBeVisible();
    await expect(imported).toHaveCount(2);
    // The imported run opens whole in the forecast view (predictions and metrics came along).
    await imported.nth(1).getByRole('button', { name: 'Open' }).click();
    await expect(page2.getByTestId('verdict')).toContainText('LSTM 1×32 ensemble is');
    await expect(page2.getByTestId('forecast-chart')).toBeVisible();
    await page2.close();
  } finally {
    await fresh.stop();
  }

  // "Duplicate as new" opens the forecast setup with the GRU run's settings.
  await rows.nth(1).getByTestId('toggle-details').click();
  await expect(rows.nth(1)).toContainText('GRU');
  await page.getByTestId('duplicate-button').click();
  await expect(page.getByTestId('setup')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'GRU', exact: true })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('epochs')).toHaveValue('3');
  await expect(page.getByTestId('results')).toHaveCount(0);
});

/** Opens the Experiments view once the app is ready. */
async function openExperiments(page: Page) {
  await expect(page.getByTestId('dataset-row').first()).toBeVisible();
  await page.getByRole('tab', { name: /Experiments/ }).click();
}

test('importing a file that is not an export says so and changes nothing', async ({ page, lab }) => {
  await page.goto(lab.url);
  await openExperiments(page);
  await page.getByTestId('import-input').setInputFiles(path.join(ROOT, 'resources/samples/global-temp.csv'));
  await expect(
    page.getByRole('alert').filter({ hasText: 'This file is not an RNN Lab experiments export (.rnnlab)' }),
  ).toBeVisible();
  await expect(page.getByTestId('experiments-empty')).toBeVisible();
});
