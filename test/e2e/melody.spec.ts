import fs from 'node:fs';
import path from 'node:path';
import { MAX_SEED_AFFINITY, importMidi } from '../../src/core/music';
import { DEFAULT_SEED_AFFINITY } from '../../src/core/music/melodySettings';
import { expect, ROOT, test } from './fixtures';
import { callApi, dropFile, keepScreenshot } from './helpers';

const SEED = path.join(ROOT, 'test/fixtures/midi/seed-waltz.mid');

/** Mono 16-bit PCM WAV: duration in seconds and RMS of the samples. */
function readWav(bytes: Buffer): { seconds: number; rms: number; sampleRate: number } {
  expect(bytes.toString('ascii', 0, 4)).toBe('RIFF');
  expect(bytes.toString('ascii', 8, 12)).toBe('WAVE');
  const sampleRate = bytes.readUInt32LE(24);
  const length = bytes.readUInt32LE(40) / 2;
  let sum = 0;
  for (let i = 0; i < length; i++) sum += (bytes.readInt16LE(44 + i * 2) / 32768) ** 2;
  return { seconds: length / sampleRate, rms: Math.sqrt(sum / length), sampleRate };
}

test('continue a seed MIDI: 4 variations of 8 bars, play one, export it as MIDI and WAV', async ({
  page,
  lab,
}) => {
  await page.goto(lab.url);
  await page.getByRole('tab', { name: /Melody/ }).click();
  await expect(page.getByTestId('view-melody')).toBeVisible();
  await dropFile(page, SEED);
  await expect(page.getByText('Imported seed-waltz.mid.')).toBeVisible();

  // The seed as read: the melody track is suggested over the chords, with its tempo, metre and key.
  await expect(page.getByTestId('track-select')).toHaveValue('0');
  const facts = page.getByTestId('seed-facts');
  await expect(facts).toContainText('96 bpm');
  await expect(facts).toContainText('3/4');
  await expect(page.getByTestId('seed-key')).toHaveText('G major');
  await expect(page.getByTestId('roll-imported').locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('roll-quantized').locator('canvas')).toHaveCount(1);

  await page.getByTestId('variations').fill('4');
  await page.getByTestId('variations').press('Enter');
  await page.getByTestId('bars').fill('8');
  await page.getByTestId('bars').press('Enter');
  // Seed affinity: starts at the default, refuses a value out of range, keeps the one typed last.
  await expect(page.getByTestId('top-p')).toHaveValue('0.95');
  await expect(page.getByTestId('stay-in-key')).not.toBeChecked();
  const affinity = page.getByTestId('seed-affinity');
  await expect(affinity).toHaveValue(String(DEFAULT_SEED_AFFINITY));
  await expect(affinity.locator('xpath=..')).toHaveAttribute('title', /lean toward the pitches the seed/);
  await affinity.fill('5');
  await affinity.press('Enter');
  await expect(affinity).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error')).toHaveText(`At most ${MAX_SEED_AFFINITY}.`);
  await affinity.fill('1.5');
  await affinity.press('Enter');
  await expect(affinity).toHaveAttribute('aria-invalid', 'false');
  await page.getByTestId('melody-setup').scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'melody-seed-affinity');
  await page.getByTestId('generate-button').click();
  await expect(page.getByTestId('melody-results')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('melody-result-name')).toContainText('seed affinity 1.5');
  await expect(page.getByTestId('melody-result-status')).toHaveText('finished');
  const cards = page.getByTestId('variation');
  await expect(cards).toHaveCount(4);
  for (let i = 1; i <= 4; i++) {
    await expect(page.getByTestId(`variation-roll-${i}`).locator('canvas')).toHaveCount(1);
    await expect(page.getByTestId(`in-key-${i}`)).toHaveText(/^\d+%$/);
  }
  // Success toasts leave by themselves; the screenshot is taken without them.
  await expect(page.locator('.toast')).toHaveCount(0, { timeout: 10_000 });
  await page.getByTestId('melody-results').scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'melody');

  // Play variation 2: its playhead appears and moves; Stop hides it.
  await page.getByTestId('play-2').click();
  const playhead = page.getByTestId('variation-roll-2').getByTestId('playhead');
  await expect(playhead).toBeVisible();
  const first = Number(await playhead.getAttribute('data-step'));
  await expect
    .poll(async () => Number(await playhead.getAttribute('data-step')), { timeout: 5_000 })
    .toBeGreaterThan(first + 2);
  await page.getByTestId('play-2').click();
  await expect(playhead).toBeHidden();

  // Export variation 2 with its seed and read the file back: tempo, metre, the seed, then the saved continuation.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-midi-2').click(),
  ]);
  expect(download.suggestedFilename()).toBe('seed-waltz-variation-2.mid');
  const exported = importMidi(new Uint8Array(fs.readFileSync(await download.path())));
  expect(exported.bpm).toBe(96);
  expect(exported.timeSignature).toEqual([3, 4]);
  const list = await callApi<{ items: { id: number; kind: string }[] }>(page, 'experiments:list', {
    kind: 'melody',
  });
  expect(list.items).toHaveLength(1);
  const saved = await callApi<{
    config: { generate: { seedAffinity: number } };
    predictions: {
      seed: { notes: { pitch: number; start: number; duration: number }[] };
      generation: {
        seedSteps: number;
        steps: number;
        variations: { notes: { pitch: number; start: number; duration: number }[]; heldSeedSteps: number }[];
      };
    };
  }>(page, 'experiments:get', { id: list.items[0].id });
  expect(saved.config.generate.seedAffinity).toBe(1.5);
  const { seed, generation } = saved.predictions;
  expect(generation.seedSteps).toBe(48);
  expect(generation.steps).toBe(8 * 12);
  const variation = generation.variations[1];
  const expected = [
    ...seed.notes.map((n, i) =>
      i === seed.notes.length - 1 ? { ...n, duration: n.duration + variation.heldSeedSteps } : n,
    ),
    ...variation.notes,
  ];
  expect(exported.melody.notes).toEqual(expected);

  // The same variation rendered offline by Tone.js: as long as its notes (plus the release), and not silent.
  const [wav] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-wav-2').click()]);
  expect(wav.suggestedFilename()).toBe('seed-waltz-variation-2.wav');
  const audio = readWav(fs.readFileSync(await wav.path()));
  const seconds = (48 + 96) * (60 / (96 * 4));
  expect(audio.seconds).toBeGreaterThan(seconds);
  expect(audio.seconds).toBeLessThan(seconds + 1);
  expect(audio.rms).toBeGreaterThan(0.01);

  // Reopened from the Experiments view after a reload: the same variations, playable again.
  const name = await page.getByTestId('melody-result-name').textContent();
  await page.reload();
  await page.getByRole('tab', { name: /Experiments/ }).click();
  await page.getByTestId('experiment-row').first().getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('view-melody')).toBeVisible();
  await expect(page.getByTestId('melody-result-name')).toHaveText(name ?? '');
  await expect(page.getByTestId('variation')).toHaveCount(4);
  await expect(page.getByTestId('seed-key')).toHaveText('G major');
  await expect(page.getByTestId('seed-affinity')).toHaveValue('1.5');
});

test('fine-tune on the seed with live training, stop it, and generate again from the stopped model', async ({
  page,
  lab,
}) => {
  await page.goto(lab.url);
  await page.getByRole('tab', { name: /Melody/ }).click();
  await dropFile(page, SEED);
  await expect(page.getByTestId('seed-key')).toHaveText('G major');
  await page.getByTestId('mode-finetune').click();
  await page.getByTestId('train-epochs').fill('500');
  await page.getByTestId('train-epochs').press('Enter');
  await page.getByTestId('variations').fill('2');
  await page.getByTestId('variations').press('Enter');
  await page.getByTestId('stay-in-key').check();
  await page.getByTestId('generate-button').click();
  await expect(page.getByTestId('melody-training')).toBeVisible();
  await expect(page.getByTestId('melody-epoch-line')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('melody-loss-chart').locator('canvas')).toHaveCount(1);
  await page.getByTestId('melody-stop').click();
  await expect(page.getByTestId('melody-result-status')).toHaveText('stopped', { timeout: 60_000 });
  await expect(page.getByTestId('melody-training')).toHaveCount(0);
  await expect(page.getByTestId('melody-result-name')).toHaveText(
    /^Fine-tuned LSTM 1×128 · seed-waltz\.mid · 2 × 8 bars · temperature 1 · in key · seed 1$/,
  );
  await expect(page.getByTestId('variation')).toHaveCount(2);
  // Stay in key: every note of both continuations is in G major.
  for (const i of [1, 2]) await expect(page.getByTestId(`in-key-${i}`)).toHaveText('100%');
  await expect(page.getByTestId('melody-result-gradients')).toBeVisible();

  // The stopped model stays loaded: generating again needs no training and saves a second run.
  await page.getByTestId('gen-seed').fill('2');
  await page.getByTestId('gen-seed').press('Enter');
  await page.getByTestId('generate-trained').click();
  await expect(page.getByTestId('melody-result-status')).toHaveText('finished', { timeout: 60_000 });
  await expect(page.getByTestId('melody-training')).toHaveCount(0);
  const list = await callApi<{ items: { kind: string; status: string; hasWeights: boolean }[] }>(
    page,
    'experiments:list',
    { kind: 'melody' },
  );
  expect(list.items.map((e) => [e.status, e.hasWeights])).toEqual([
    ['finished', false],
    ['stopped', true],
  ]);
});

test('a file named .mid that is not MIDI is refused with a clear message, and nothing is saved', async ({
  page,
  lab,
}) => {
  await page.goto(lab.url);
  await page.getByRole('tab', { name: /Melody/ }).click();
  await expect(page.getByTestId('dataset-row')).toHaveCount(6);
  await dropFile(page, path.join(ROOT, 'test/fixtures/midi/not-midi.mid'));
  await expect(
    page.getByRole('alert').filter({ hasText: 'not-midi.mid: This is not a MIDI file' }),
  ).toBeVisible();
  await expect(page.getByTestId('dataset-row')).toHaveCount(6);
  await expect(page.getByTestId('melody-setup')).toHaveCount(0);
  const list = await callApi<{ total: number }>(page, 'experiments:list', {});
  expect(list.total).toBe(0);
});
