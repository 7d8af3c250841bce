import { expect, test } from './fixtures';
import { keepScreenshot } from './helpers';

test('the inspector shows gates, saturation, memory horizon and gradient health of a trained forecast, and runs the memory challenge', async ({
  page,
  lab,
}) => {
  await page.goto(lab.url);
  await page.locator('[data-name="co2-concentration.csv"] .dataset-open').click();
  // the inspector opens one network of the direct pipeline, not the recipe's ensemble
  await page.getByTestId('recipe-toggle').uncheck();
  await page.getByTestId('epochs').fill('3');
  await page.getByTestId('epochs').press('Enter');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('results')).toBeVisible({ timeout: 120_000 });

  await page.getByRole('tab', { name: /Inspector/ }).click();
  const select = page.getByTestId('inspect-select');
  await expect(select.locator('option')).toHaveCount(2);
  const value = await select.locator('option').nth(1).getAttribute('value');
  await select.selectOption(value!);
  await expect(page.getByTestId('memory-section')).toBeVisible({ timeout: 120_000 });

  for (const id of [
    'input-chart',
    'heatmap-input',
    'heatmap-forget',
    'heatmap-output',
    'heatmap-cell',
    'heatmap-hidden',
    'saturation-chart',
    'saliency-chart',
    'ablation-chart',
    'gradient-steps-chart',
    'layer-norm-chart',
  ]) {
    const chart = page.getByTestId(id);
    await expect(chart.locator('canvas').first()).toBeVisible();
    expect(Number(await chart.getAttribute('data-points')), id).toBeGreaterThan(0);
  }
  await expect(page.getByTestId('effective-memory')).toContainText(/Effective memory: about \d+/);
  await expect(page.getByTestId('saturation-section')).toContainText(/forget-gate units/);
  await expect(page.getByTestId('gradient-section')).toContainText(/median norm/);
  await page.getByTestId('gates-section').scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'inspector');

  // Reopening uses the stored result: no progress bar, same sentence.
  const sentence = await page.getByTestId('effective-memory').textContent();
  await page.reload();
  await page.getByRole('tab', { name: /Inspector/ }).click();
  await page.getByTestId('inspect-select').selectOption(value!);
  await expect(page.getByTestId('effective-memory')).toHaveText(sentence!);
  await expect(page.getByTestId('inspect-progress')).toHaveCount(0);

  // A tiny memory challenge: two cells at one lag, saved as experiments.
  await page.getByTestId('challenge-lags').fill('5');
  await page.getByLabel('GRU').uncheck();
  await page.getByTestId('challenge-run').click();
  await expect(page.getByTestId('challenge-chart').locator('canvas').first()).toBeVisible({
    timeout: 120_000,
  });
  await expect(page.getByText('Saved 2 memory-challenge runs as experiments.')).toBeVisible({
    timeout: 120_000,
  });
  await expect(page.getByTestId('inspect-select').locator('option')).toHaveCount(4);
});
