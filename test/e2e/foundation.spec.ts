import path from 'node:path';
import { expect, ROOT, test } from './fixtures';
import { dropFile, keepScreenshot } from './helpers';

test('the lab lists the samples, imports a dropped CSV, detects a duplicate and keeps both across a reload', async ({
  page,
  lab,
}) => {
  await page.goto(lab.url);
  const rows = page.getByTestId('dataset-row');
  await expect(rows).toHaveCount(6);
  await expect(page.locator('[data-name="co2-concentration.csv"]')).toBeVisible();
  await expect(page.getByTestId('db-path')).toHaveText(lab.dbPath);
  await expect(page.getByTestId('tf-backend')).toHaveText(/wasm|cpu/);

  await dropFile(page, path.join(ROOT, 'test/fixtures/e2e/shop-sales.csv'));
  await expect(page.locator('[data-name="shop-sales.csv"]')).toBeVisible();
  await expect(page.getByText('Imported shop-sales.csv.')).toBeVisible();
  await expect(rows).toHaveCount(7);

  // The same bytes under another name are recognised as the existing dataset.
  await dropFile(page, path.join(ROOT, 'resources/samples/global-temp.csv'), 'temperatures-copy.csv');
  await expect(page.getByText(/already in the lab as “global-temp.csv”/)).toBeVisible();
  await expect(rows).toHaveCount(7);

  await page.reload();
  await expect(page.locator('[data-name="shop-sales.csv"]')).toBeVisible();
  await expect(rows).toHaveCount(7);

  // Keyboard navigation between views.
  await page.getByTestId('dataset-row').first().click();
  await page.keyboard.press('Control+3');
  await expect(page.getByTestId('view-experiments')).toBeVisible();
  await page.keyboard.press('Control+1');
  await expect(page.getByTestId('view-forecast')).toBeVisible();
  await page.locator('[data-name="co2-concentration.csv"] .dataset-open').click();
  await keepScreenshot(page, 'lab');
});

test('a dataset can be renamed and deleted with confirmation', async ({ page, lab }) => {
  await page.goto(lab.url);
  const row = page.locator('[data-name="us-employment.csv"]');
  await row.hover();
  await row.getByRole('button', { name: 'Rename us-employment.csv' }).click();
  const input = page.getByLabel('New name for us-employment.csv');
  await input.fill('Employment');
  await input.press('Enter');
  await expect(page.locator('[data-name="Employment"]')).toBeVisible();

  const renamed = page.locator('[data-name="Employment"]');
  await renamed.hover();
  await renamed.getByRole('button', { name: 'Delete Employment' }).click();
  await expect(page.getByRole('dialog')).toContainText('Delete Employment?');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(renamed).toBeVisible();
  await renamed.hover();
  await renamed.getByRole('button', { name: 'Delete Employment' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(renamed).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('dataset-row')).toHaveCount(5);
});

test('the API refuses a request without the token', async ({ lab, request }) => {
  const response = await request.post(`${lab.origin}/api/datasets:list`, { data: {} });
  expect(response.status()).toBe(401);
  const body = (await response.json()) as { ok: boolean; error: { code: string } };
  expect(body).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
});
