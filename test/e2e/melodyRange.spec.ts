import fs from 'node:fs';
import path from 'node:path';
import { importMidi } from '../../src/core/music';
import { expect, ROOT, test } from './fixtures';
import { callApi, dropFile, keepScreenshot } from './helpers';

const LONG = path.join(ROOT, 'test/fixtures/midi/long-multitrack.mid');

test('a long multi-track file: pick the seed bars, generate, see and play the continuation, export it on the bar grid', async ({
  page,
  lab,
}) => {
  await page.goto(lab.url);
  await page.getByRole('tab', { name: /Melody/ }).click();
  await dropFile(page, LONG);
  await expect(page.getByText('Imported long-multitrack.mid.')).toBeVisible();

  // The lead is suggested; the dropdown names instrument, channel, notes and range; drums are listed as drums.
  const select = page.getByTestId('track-select');
  await expect(select).toHaveValue('1');
  await expect(select.locator('option')).toHaveText([
    '0: Piano — acoustic grand piano (piano), channel 1, 360 notes, D4–E5',
    '1: Lead — trumpet (brass), channel 2, 450 notes, D4–F#5 (suggested)',
    '2: Drums — drums, channel 10, 480 notes',
  ]);

  // By default the seed is the last 8 of 120 bars.
  await expect(page.getByTestId('seed-summary')).toHaveText('30 notes · 8 bars (bars 113–120 of 120)');
  await expect(page.getByTestId('seed-from-bar')).toHaveValue('113');
  await expect(page.getByTestId('seed-to-bar')).toHaveValue('120');

  // Drag across bars 41-48 of the mini-roll (its plot spans 120 bars between the grid's margins).
  const roll = page.getByTestId('seed-range-roll');
  await roll.scrollIntoViewIfNeeded();
  const box = await roll.boundingBox();
  if (!box) throw new Error('the seed range roll has no box');
  const plot = box.width - 44 - 12;
  const xOfBar = (bar: number) => box.x + 44 + (plot * bar) / 120;
  const y = box.y + box.height / 2;
  await page.mouse.move(xOfBar(40.3), y);
  await page.mouse.down();
  await page.mouse.move(xOfBar(44), y, { steps: 4 });
  await page.mouse.move(xOfBar(47.6), y, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByTestId('seed-from-bar')).toHaveValue('41');
  await expect(page.getByTestId('seed-to-bar')).toHaveValue('48');
  await expect(page.getByTestId('seed-summary')).toContainText('8 bars (bars 41–48 of 120)');
  // Then type the exact range: bars 41-44.
  await page.getByTestId('seed-to-bar').fill('44');
  await page.getByTestId('seed-to-bar').press('Enter');
  await expect(page.getByTestId('seed-summary')).toHaveText('15 notes · 4 bars (bars 41–44 of 120)');
  await page.getByTestId('seed').scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'melody-seed-range');

  await page.getByTestId('variations').fill('2');
  await page.getByTestId('variations').press('Enter');
  await page.getByTestId('generate-button').click();
  await expect(page.getByTestId('melody-results')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('variation')).toHaveCount(2);

  // The stored seed is exactly bars 41-44 of the lead; the continuation follows it on the bar line.
  const list = await callApi<{ items: { id: number }[] }>(page, 'experiments:list', { kind: 'melody' });
  const saved = await callApi<{
    config: { import: { track: number; fromBar: number; toBar: number } };
    predictions: {
      seed: { totalSteps: number; notes: { pitch: number; start: number; duration: number }[] };
      generation: { seedSteps: number; steps: number; variations: { notes: { start: number }[] }[] };
    };
  }>(page, 'experiments:get', { id: list.items[0].id });
  expect(saved.config.import).toMatchObject({ track: 1, fromBar: 40, toBar: 44 });
  const whole = importMidi(new Uint8Array(fs.readFileSync(LONG))).melody;
  expect(saved.predictions.seed.notes).toEqual(
    whole.notes.filter((n) => n.start >= 640 && n.start < 704).map((n) => ({ ...n, start: n.start - 640 })),
  );
  expect(saved.predictions.generation.seedSteps).toBe(64);
  expect(saved.predictions.generation.steps).toBe(8 * 16);

  // The continuation is in view: the roll's axis starts within 8 bars before it, and labels the track's bars.
  await expect(page.getByTestId('variation-roll-1').locator('canvas')).toHaveCount(1);
  await expect(page.locator('.toast')).toHaveCount(0, { timeout: 10_000 });
  await page.getByTestId('melody-results').scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'melody-range-continuation');

  // Play from the continuation: the playhead starts at the seed's end (step 64), not at bar 1.
  await page.getByTestId('play-from-continuation').check();
  await page.getByTestId('play-1').click();
  const playhead = page.getByTestId('variation-roll-1').getByTestId('playhead');
  await expect(playhead).toBeVisible();
  const first = Number(await playhead.getAttribute('data-step'));
  expect(first).toBeGreaterThanOrEqual(64);
  expect(first).toBeLessThan(72);
  await page.getByTestId('play-1').click();
  await expect(playhead).toBeHidden();

  // Export the continuation alone: its notes keep their place in the bar (the seed ended on a bar line).
  await page.getByTestId('include-seed').uncheck();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-midi-1').click(),
  ]);
  expect(download.suggestedFilename()).toBe('long-multitrack-variation-1-continuation.mid');
  const exported = importMidi(new Uint8Array(fs.readFileSync(await download.path())), {
    trimLeadingSilence: false,
  });
  expect(exported.bpm).toBe(132);
  const continuation = saved.predictions.generation.variations[0].notes;
  expect(exported.melody.notes.map((n) => n.start)).toEqual(continuation.map((n) => n.start - 64));

  // Reopened after a reload, the run reads its seed from the file again: the same bars, not the default ones.
  await page.reload();
  await page.getByRole('tab', { name: /Experiments/ }).click();
  await page.getByTestId('experiment-row').first().getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('melody-results')).toBeVisible();
  await expect(page.getByTestId('seed-summary')).toHaveText('15 notes · 4 bars (bars 41–44 of 120)');
  await expect(page.getByTestId('track-select')).toHaveValue('1');
});
