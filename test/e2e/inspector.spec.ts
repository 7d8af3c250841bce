import path from 'node:path';
import { expect, ROOT, test } from './fixtures';
import { dropFile, keepScreenshot } from './helpers';

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
    'time-constant-chart',
  ]) {
    const chart = page.getByTestId(id);
    await expect(chart.locator('canvas').first()).toBeVisible();
    expect(Number(await chart.getAttribute('data-points')), id).toBeGreaterThan(0);
  }
  await expect(page.getByTestId('effective-memory')).toContainText(/Effective memory: about \d+/);
  await expect(page.getByTestId('saturation-section')).toContainText(/forget-gate units/);
  await expect(page.getByTestId('gradient-section')).toContainText(/median norm/);
  await expect(page.getByTestId('time-constant-sentence')).toContainText(
    /After training, half the units forget within \d+ steps?; \d+ of \d+ units? keeps? information .* Freshly initialised \(forget bias 1\)/,
  );
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
  await page.getByTestId('challenge-init').selectOption('forget-bias');
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

test('the memory challenge overlays default and chrono initialisation, and the inspector shows the units’ forgetting times', async ({
  page,
  lab,
}) => {
  await page.goto(lab.url);
  await page.getByRole('tab', { name: /Inspector/ }).click();
  await page.getByTestId('challenge-lags').fill('10,30');
  await page.getByTestId('challenge-init').selectOption('both');
  await page.getByTestId('challenge-budget').fill('400');
  await page.getByTestId('challenge-budget').press('Enter');
  await page.getByLabel('SimpleRNN').uncheck();
  await page.getByLabel('GRU').uncheck();
  // Worst input first: a T_max below 3 is refused in words and blocks the run.
  await page.getByTestId('challenge-tmax').fill('2');
  await expect(page.getByText(/T_max is a whole number from 3/)).toBeVisible();
  await expect(page.getByTestId('challenge-run')).toBeDisabled();
  await page.getByTestId('challenge-tmax').fill('');
  await page.getByTestId('challenge-run').click();
  await expect(page.getByText('Saved 4 memory-challenge runs as experiments.')).toBeVisible({
    timeout: 300_000,
  });
  const chart = page.getByTestId('challenge-chart');
  await expect(chart.locator('canvas').first()).toBeVisible();
  // Two LSTM series (default, chrono) at two lags each, plus chance.
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(4);
  await expect(page.getByTestId('challenge-series')).toContainText(
    '2 series (solid lines: chrono, dashed: the default initialisation)',
  );
  await expect(page.locator('.verdict').last()).toContainText(/LSTM \(default\).*LSTM \(chrono\)/);
  await page.getByTestId('challenge-section').scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'memory-challenge-inits');

  // Inspect the chrono LSTM at lag 30: its units' forgetting times before and after training.
  const select = page.getByTestId('inspect-select');
  const option = select.locator('option', { hasText: 'LSTM · lag 30 · chrono' });
  await select.selectOption((await option.getAttribute('value'))!);
  const histogram = page.getByTestId('time-constant-chart');
  await expect(histogram.locator('canvas').first()).toBeVisible({ timeout: 120_000 });
  expect(Number(await histogram.getAttribute('data-points'))).toBeGreaterThan(0);
  await expect(page.getByTestId('time-constant-sentence')).toContainText(
    /Freshly initialised \(chrono, T_max 36\)/,
  );
  await histogram.scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'inspector-time-constants');
});

test('the inspector opens a default recipe run one ensemble member at a time', async ({ page, lab }) => {
  await page.goto(lab.url);
  await page.locator('[data-name="co2-concentration.csv"] .dataset-open').click();
  await expect(page.getByTestId('recipe-toggle')).toBeChecked();
  await page.getByTestId('recipe-ensemble').fill('3');
  await page.getByTestId('recipe-ensemble').press('Enter');
  await page.getByTestId('epochs').fill('2');
  await page.getByTestId('epochs').press('Enter');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('results')).toBeVisible({ timeout: 180_000 });

  await page.getByRole('tab', { name: /Inspector/ }).click();
  const select = page.getByTestId('inspect-select');
  await expect(select.locator('option')).toHaveCount(2);
  await select.selectOption((await select.locator('option').nth(1).getAttribute('value'))!);
  await expect(page.getByTestId('memory-section')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText(/cannot open yet/)).toHaveCount(0);

  // The first member by default; each of the three can be chosen.
  const member = page.getByTestId('member-select');
  await expect(member.locator('option')).toHaveCount(3);
  await expect(member).toHaveValue('0');
  for (const id of [
    'input-chart',
    'heatmap-forget',
    'saturation-chart',
    'saliency-chart',
    'ablation-chart',
  ]) {
    const chart = page.getByTestId(id);
    await expect(chart.locator('canvas').first()).toBeVisible();
    expect(Number(await chart.getAttribute('data-points')), id).toBeGreaterThan(0);
  }
  await expect(page.getByTestId('effective-memory')).toContainText(/Effective memory: about \d+/);

  await member.selectOption('1');
  // the select follows the inspection shown, so it reads 2 once the second member's is computed
  await expect(member).toHaveValue('1', { timeout: 120_000 });
  await expect(page.getByTestId('inspect-progress')).toHaveCount(0);
  await expect(page.getByTestId('effective-memory')).toContainText(/Effective memory: about \d+/);
  await expect(page.getByTestId('time-constant-sentence')).toContainText(/After training, half the units/);
  await member.scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'inspector-recipe-member');
  await page.getByTestId('gates-section').scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'inspector-recipe');
});

test('a melody model trained with the "LSTM + attention" cell shows its attention map in the inspector', async ({
  page,
  lab,
}) => {
  test.setTimeout(300_000);
  await page.goto(lab.url);
  await page.getByRole('tab', { name: /Melody/ }).click();
  await dropFile(page, path.join(ROOT, 'test/fixtures/midi/seed-waltz.mid'));
  await expect(page.getByTestId('seed-key')).toHaveText('G major');
  await page.getByTestId('mode-scratch').click();
  await page.getByTestId('train-cell').selectOption('lstm-attention');
  await expect(page.getByTestId('train-attention')).toHaveValue('16');
  await page.getByLabel('Units', { exact: true }).fill('8');
  await page.getByLabel('Units', { exact: true }).press('Enter');
  await page.getByTestId('train-epochs').fill('1');
  await page.getByTestId('train-epochs').press('Enter');
  await page.getByTestId('variations').fill('1');
  await page.getByTestId('variations').press('Enter');
  await page.getByTestId('generate-button').click();
  // a short stretch of training is enough: the map is drawn from whatever weights the run kept
  await expect(page.getByTestId('melody-training')).toBeVisible();
  await page.getByTestId('melody-stop').click();
  await expect(page.getByTestId('melody-result-status')).toHaveText(/stopped|finished/, { timeout: 120_000 });
  await expect(page.getByTestId('melody-result-name')).toContainText('+ attention 16');

  await page.getByRole('tab', { name: /Inspector/ }).click();
  const select = page.getByTestId('inspect-select');
  const option = select.locator('option', { hasText: 'attention' });
  await select.selectOption((await option.first().getAttribute('value'))!);
  await expect(page.getByTestId('attention-section')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('attention-none')).toHaveCount(0);
  await expect(page.getByTestId('attention-sentence')).toContainText('uniform attention would give');
  const map = page.getByTestId('attention-map');
  await expect(map.locator('canvas').first()).toBeVisible();
  expect(Number(await map.getAttribute('data-points'))).toBeGreaterThan(0);
  await map.scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'inspector-attention');
});
