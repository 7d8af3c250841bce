import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, ROOT, test } from './fixtures';
import { dropFile, keepScreenshot } from './helpers';

/** Collects every console error and uncaught exception of the page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

/** Runs axe-core on the page as it is and fails with the rule, element and reason of every violation. */
async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary ?? ''})`),
  );
  expect(found, `axe-core in ${where}`).toEqual([]);
}

/** Presses Tab until focus comes back round and checks every visible, enabled control was reached. */
async function expectAllControlsTabbable(page: Page, where: string): Promise<void> {
  await page.evaluate(() => {
    document.querySelectorAll('[data-tab-probe]').forEach((el) => el.removeAttribute('data-tab-probe'));
    const controls = [
      ...document.querySelectorAll<HTMLElement>('button, input, select, textarea, summary, a[href]'),
    ];
    controls
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const hiddenByParent = el.closest('[hidden], details:not([open]) > :not(summary)') !== null;
        return (
          r.width > 0 &&
          r.height > 0 &&
          style.visibility !== 'hidden' &&
          !hiddenByParent &&
          !(el as HTMLButtonElement).disabled
        );
      })
      .forEach((el, i) => el.setAttribute('data-tab-probe', String(i)));
    (document.activeElement as HTMLElement | null)?.blur();
  });
  const expected = await page.locator('[data-tab-probe]').count();
  const reached = new Set<string>();
  for (let i = 0; i < expected * 2 + 20; i++) {
    await page.keyboard.press('Tab');
    const probe = await page.evaluate(() => document.activeElement?.getAttribute('data-tab-probe') ?? null);
    if (probe !== null) reached.add(probe);
    if (reached.size === expected) break;
  }
  const missed = await page.evaluate(
    (seen) =>
      [...document.querySelectorAll<HTMLElement>('[data-tab-probe]')]
        .filter((el) => !seen.includes(el.getAttribute('data-tab-probe') ?? ''))
        .map((el) => el.outerHTML.slice(0, 120)),
    [...reached],
  );
  expect(missed, `controls Tab never reached in ${where}`).toEqual([]);
}

async function trainCo2(page: Page, epochs: number): Promise<void> {
  await page.getByTestId('epochs').fill(String(epochs));
  await page.getByTestId('epochs').press('Enter');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('result-status')).toHaveText('finished', { timeout: 120_000 });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every view passes axe-core in ${scheme} mode, keeps its controls on Tab and logs no error`, async ({
    page,
    lab,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const errors = watchErrors(page);
    await page.goto(lab.url);
    await page.locator('[data-name="co2-concentration.csv"] .dataset-open').click();
    await expect(page.getByTestId('target-chart')).toBeVisible();
    // While training (live charts, progress, Stop) and after: a long run stopped after its first epochs.
    await page.getByTestId('epochs').fill('500');
    await page.getByTestId('epochs').press('Enter');
    await page.getByTestId('train-button').click();
    await expect(page.getByTestId('epoch-line')).toBeVisible({ timeout: 60_000 });
    await expectNoAxeViolations(page, `Forecast while training (${scheme})`);
    await keepScreenshot(page, `first-use-training-${scheme}`);
    await page.keyboard.press('Escape');
    // Stopped, or finished by early stopping while axe-core looked.
    await expect(page.getByTestId('result-status')).toHaveText(/stopped|finished/, { timeout: 60_000 });
    await expect(page.locator('.toast')).toHaveCount(0, { timeout: 15_000 });
    await expectNoAxeViolations(page, `Forecast (${scheme})`);
    await expectAllControlsTabbable(page, `Forecast (${scheme})`);
    await page.getByTestId('forecast-chart').scrollIntoViewIfNeeded();
    await keepScreenshot(page, `first-use-forecast-${scheme}`);

    await page.getByRole('tab', { name: /Inspector/ }).click();
    const select = page.getByTestId('inspect-select');
    await select.selectOption((await select.locator('option').nth(1).getAttribute('value'))!);
    await expect(page.getByTestId('memory-section')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('inspect-progress')).toHaveCount(0, { timeout: 120_000 });
    await expectNoAxeViolations(page, `Inspector (${scheme})`);
    await expectAllControlsTabbable(page, `Inspector (${scheme})`);
    await page.getByTestId('saturation-section').scrollIntoViewIfNeeded();
    await keepScreenshot(page, `first-use-inspector-${scheme}`);

    await page.getByRole('tab', { name: /Experiments/ }).click();
    await expect(page.getByTestId('experiment-row')).toHaveCount(1);
    await expectNoAxeViolations(page, `Experiments (${scheme})`);
    await expectAllControlsTabbable(page, `Experiments (${scheme})`);
    await keepScreenshot(page, `first-use-experiments-${scheme}`);

    await page.getByRole('tab', { name: /Melody/ }).click();
    await dropFile(page, path.join(ROOT, 'test/fixtures/midi/seed-waltz.mid'));
    await page.getByTestId('variations').fill('2');
    await page.getByTestId('variations').press('Enter');
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('melody-results')).toBeVisible({ timeout: 90_000 });
    await expect(page.locator('.toast')).toHaveCount(0, { timeout: 10_000 });
    await expectNoAxeViolations(page, `Melody (${scheme})`);
    await expectAllControlsTabbable(page, `Melody (${scheme})`);
    await keepScreenshot(page, `first-use-melody-${scheme}`);

    await page.getByRole('button', { name: /About/ }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoAxeViolations(page, `About (${scheme})`);
    await page.keyboard.press('Escape');

    expect(errors).toEqual([]);
  });
}

test('forecast: legend, test shading, Forecast again, settings of a new dataset, toasts', async ({
  page,
  lab,
}) => {
  const errors = watchErrors(page);
  await page.goto(lab.url);
  // Settings chosen for one dataset do not follow to the next: it starts from its own proposal.
  await page.locator('[data-name="global-temp.csv"] .dataset-open').click();
  await expect(page.getByTestId('target-chart')).toBeVisible();
  await page.getByTestId('units').fill('48');
  await page.getByTestId('units').press('Enter');
  await page.locator('[data-name="co2-concentration.csv"] .dataset-open').click();
  await expect(page.getByTestId('target-chart')).toBeVisible();
  await expect(page.getByTestId('units')).toHaveValue('32');

  await page.getByTestId('units').fill('48');
  await page.getByTestId('units').press('Enter');
  await trainCo2(page, 2);
  await expect(page.getByText(/^Saved as “LSTM 1×48 · CO2 · co2-concentration\.csv”\.$/)).toBeVisible();

  // The chart (legend swatches in the band colours, shading to the end of the data) as a person sees it.
  await page.getByTestId('forecast-chart').scrollIntoViewIfNeeded();
  await expect(page.locator('.toast')).toHaveCount(0, { timeout: 10_000 });
  await page.getByTestId('forecast-chart').screenshot({
    path: path.join(ROOT, 'test-results', 'screenshots', 'first-use-forecast-chart.png'),
  });
  // The PNG export draws the same legend.
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('forecast-chart').getByRole('button', { name: 'PNG' }).click(),
  ]);
  const pngPath = path.join(ROOT, 'test-results', 'screenshots', 'first-use-forecast-export.png');
  await png.saveAs(pngPath);
  expect(fs.readFileSync(pngPath).subarray(1, 4).toString('ascii')).toBe('PNG');

  // "Forecast again" says what it did.
  await expect(page.getByTestId('refit-note')).toHaveText('');
  await page.getByTestId('forecast-again').click();
  await expect(page.getByTestId('refit-note')).toContainText(
    /^Forecast again at .+ with the saved model: 12 steps past the end of the data; the data has not changed/,
  );

  // A stopped run's toast says "Stopped" once.
  await page.getByTestId('epochs').fill('500');
  await page.getByTestId('epochs').press('Enter');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('epoch-line')).toBeVisible({ timeout: 60_000 });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('result-status')).toHaveText('stopped', { timeout: 60_000 });
  const toast = page.locator('.toast').filter({ hasText: 'Saved as' });
  await expect(toast).toBeVisible();
  expect(((await toast.textContent()) ?? '').match(/stopped/gi)).toHaveLength(1);

  // A refused file is named once.
  await dropFile(page, path.join(ROOT, 'test/fixtures/e2e/wide-months.csv'));
  const refused = page.getByRole('alert').filter({ hasText: 'This table is wide' });
  await expect(refused).toBeVisible();
  expect(((await refused.textContent()) ?? '').split('wide-months.csv').length - 1).toBe(1);
  // The refused import's HTTP answer (422) is the only error the browser logs.
  expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
});

test('inspector: an overlay draws when ticked, and switching and leaving log no chart error', async ({
  page,
  lab,
}) => {
  const errors = watchErrors(page);
  await page.goto(lab.url);
  await page.locator('[data-name="co2-concentration.csv"] .dataset-open').click();
  await trainCo2(page, 2);
  await trainCo2(page, 3);
  await page.getByRole('tab', { name: /Inspector/ }).click();
  const select = page.getByTestId('inspect-select');
  await expect(select.locator('option')).toHaveCount(3);
  const [newer, older] = await Promise.all(
    [1, 2].map(async (i) => (await select.locator('option').nth(i).getAttribute('value'))!),
  );
  await select.selectOption(older);
  await expect(page.getByTestId('effective-memory')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('inspect-progress')).toHaveCount(0, { timeout: 120_000 });

  await select.selectOption(newer);
  await expect(page.getByTestId('effective-memory')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('inspect-progress')).toHaveCount(0, { timeout: 120_000 });
  const single = Number(await page.getByTestId('saliency-chart').getAttribute('data-points'));
  expect(single).toBeGreaterThan(0);
  await page.getByText(/Overlay other experiments/).click();
  const overlay = page.getByTestId('memory-section').getByRole('checkbox');
  await overlay.click();
  // Drawn at the first tick, as its own series (named with its number: both runs share a name).
  await expect(overlay).toBeChecked();
  await expect(page.getByTestId('saliency-chart')).toHaveAttribute('data-points', String(2 * single));
  await page.getByTestId('memory-section').scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'first-use-inspector-overlay');

  // Switching back and forth and leaving while the charts paint.
  for (let i = 0; i < 4; i++) {
    await select.selectOption(i % 2 ? newer : older);
    await expect(page.getByTestId('effective-memory')).toBeVisible();
    await page.getByRole('tab', { name: /Experiments/ }).click();
    await page.getByRole('tab', { name: /Inspector/ }).click();
  }
  await page.getByRole('tab', { name: /Forecast/ }).click();
  await page.waitForTimeout(500);
  expect(errors).toEqual([]);
});

test('melody: key spelling, a name per temperature, and the base model described as in the README', async ({
  page,
  lab,
}) => {
  await page.goto(lab.url);
  await page.getByRole('tab', { name: /Melody/ }).click();
  await dropFile(page, path.join(ROOT, 'test/fixtures/midi/seed-waltz.mid'));
  await expect(page.getByTestId('seed-key')).toHaveText('G major');
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  for (const mode of ['base', 'finetune', 'scratch'] as const) {
    await page.getByTestId(`mode-${mode}`).click();
    const note = (await page.getByTestId(`${mode}-model-note`).textContent()) ?? '';
    expect(note.length).toBeGreaterThan(40);
    expect(readme).toContain(note);
  }
  await page.getByTestId('mode-base').click();
  await page.getByTestId('variations').fill('1');
  await page.getByTestId('variations').press('Enter');
  const names: string[] = [];
  for (const temperature of ['1', '1.5']) {
    await page.getByTestId('temperature').fill(temperature);
    await page.getByTestId('temperature').press('Enter');
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('melody-result-name')).toContainText(`temperature ${temperature}`, {
      timeout: 90_000,
    });
    names.push((await page.getByTestId('melody-result-name').textContent()) ?? '');
  }
  expect(names[0]).not.toBe(names[1]);
  await page.getByRole('tab', { name: /Experiments/ }).click();
  await expect(page.getByTestId('experiment-row')).toHaveCount(2);
  await expect(page.getByTestId('experiment-row').nth(0)).toContainText('temperature 1.5');
  await expect(page.getByTestId('experiment-row').nth(1)).toContainText('temperature 1 ·');
});
