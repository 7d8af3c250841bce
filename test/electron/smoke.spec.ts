import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Electron binary if it is installed (it is downloaded on first use, which offline machines cannot do). */
function electronBinary(): string | null {
  const dir = path.join(ROOT, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const binding = path.join(ROOT, '.cache', 'electron-native');
const reason = binary
  ? 'the better-sqlite3 build for Electron is missing: run `npm start` once to build it'
  : 'no Electron binary on this machine (node_modules/electron/dist is empty: Electron could not be downloaded)';
const runnable = binary !== null && fs.existsSync(binding);
if (!runnable) console.warn(`[electron smoke test] SKIPPED: ${reason}.`);

test('the desktop app opens its window with the datasets list', async () => {
  test.skip(!runnable, reason);
  const bindingFile = fs
    .readdirSync(binding)
    .map((v) => path.join(binding, v, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))
    .find((f) => fs.existsSync(f));
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-electron-')), 'lab.db');
  const app = await electron.launch({
    executablePath: binary!,
    args: [path.join(ROOT, 'out', 'main', 'index.js'), `--db=${db}`],
    env: {
      ...process.env,
      RNN_LAB_SQLITE_BINDING: bindingFile ?? '',
      RNN_LAB_RESOURCES: path.join(ROOT, 'resources'),
    },
  });
  const page = await app.firstWindow();
  await expect(page.getByTestId('dataset-row')).toHaveCount(5);
  const exposed = await page.evaluate(() => Object.keys((window as unknown as { lab: object }).lab).sort());
  expect(exposed).toContain('datasets:import');
  expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
    'undefined',
  );
  await app.close();
});
