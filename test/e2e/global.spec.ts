import fs from 'node:fs';
import { expect, test } from './fixtures';
import { keepScreenshot } from './helpers';

test('forecast every series of a long CSV with one model, read the per-series table and a chart, reopen it', async ({
  page,
  lab,
}) => {
  await page.goto(lab.url);
  await page.locator('[data-name="us-employment-by-sector.csv"] .dataset-open').click();
  const panel = page.getByTestId('all-series');
  await expect(panel).toContainText('6 series of employees told apart by “sector”');
  for (const [id, value] of [
    ['all-series-epochs', '2'],
    ['all-series-members', '1'],
  ]) {
    await page.getByTestId(id).fill(value);
    await page.getByTestId(id).press('Enter');
  }
  await expect(page.getByTestId('all-series-compare')).toBeChecked();
  await page.getByTestId('all-series-button').click();
  await expect(page.getByTestId('all-series-progress')).toBeVisible();
  const results = page.getByTestId('global-results');
  await expect(results).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId('global-verdict')).toContainText(/OWA \d\.\d+ against Naive2/);
  await expect(page.getByTestId('global-verdict')).toContainText(
    /Forecast one at a time, the same series score MASE/,
  );
  for (const row of [
    'One network, all series',
    'Each series on its own network',
    'Naive2',
    'Seasonal naive',
    'Theta',
    'ETS',
    'ARIMA',
  ])
    await expect(page.getByTestId('global-metrics')).toContainText(row);

  // the per-series table sorts by MASE both ways
  const table = page.getByTestId('global-series-table');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(6);
  const mase = async () => (await rows.locator('td:nth-child(3)').allInnerTexts()).map(Number);
  const ascending = await mase();
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  await page.getByTestId('global-sort-mase').click();
  const descending = await mase();
  expect(descending).toEqual([...ascending].reverse());

  // a click on a series shows its chart with the forecast and its interval
  await table.locator('tr[data-series="manufacturing"]').click();
  const chart = page.getByTestId('global-series-chart');
  await expect(chart).toContainText('manufacturing: the held-out 12 values and 12 steps past the data');
  await expect(chart.locator('canvas')).toHaveCount(1);
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(100);
  await chart.scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'all-series');

  // every forecast in one long CSV
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('global-export-csv').click();
  const download = await downloadPromise;
  const file = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('series,part,step,ahead,actual,forecast,lower80,upper80');
  expect(lines).toHaveLength(1 + 6 * 12 * 2);

  // saved as one experiment, reopened from the history
  await page.reload();
  await page.getByRole('tab', { name: /Experiments/ }).click();
  const saved = page.getByTestId('experiment-row');
  await expect(saved).toHaveCount(1);
  await expect(saved.first()).toContainText('All series, one model');
  await expect(saved.first()).toContainText('OWA');
  await saved.first().getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('view-forecast')).toBeVisible();
  await expect(page.getByTestId('global-results')).toBeVisible();
  await expect(page.getByTestId('global-series-table').locator('tbody tr')).toHaveCount(6);
  await expect(page.getByTestId('global-series-chart').locator('canvas')).toHaveCount(1);
});

test('a run of all series stops at Stop, keeps what trained and is saved as stopped', async ({
  page,
  lab,
}) => {
  await page.goto(lab.url);
  await page.locator('[data-name="us-employment-by-sector.csv"] .dataset-open').click();
  await page.getByTestId('all-series-epochs').fill('500');
  await page.getByTestId('all-series-epochs').press('Enter');
  await page.getByTestId('all-series-members').fill('2');
  await page.getByTestId('all-series-members').press('Enter');
  await page.getByTestId('all-series-button').click();
  await expect(page.getByTestId('all-series-progress')).toContainText(
    /Network 1\/2 · epoch \d+\/500 · 6 series/,
    {
      timeout: 120_000,
    },
  );
  const clicked = Date.now();
  await page.getByTestId('all-series-stop').click();
  await expect(page.getByTestId('global-results')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('global-results')).toContainText('stopped');
  // training stops after its current batch; scoring and saving take the rest
  expect(Date.now() - clicked).toBeLessThan(10_000);
  await expect(page.getByTestId('global-series-table').locator('tbody tr')).toHaveCount(6);
  // the second network never trained: the header counts the one whose forecasts were used
  await expect(page.getByTestId('global-results')).toContainText('1 of 2 networks');
});
