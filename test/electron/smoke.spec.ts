import fs from 'node:fs';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import {
  electronBinary,
  electronSqlitePath,
  electronVersion,
  NO_ELECTRON,
  ROOT,
} from '../../tools/build/electron';

const binary = electronBinary();
// better-sqlite3 for this Electron, as `npm start` builds it (once) into .cache/electron-native
const bindingFile = electronSqlitePath({
  electronVersion: electronVersion(),
  platform: process.platform,
  arch: process.arch,
});
const reason = binary
  ? 'the better-sqlite3 build for Electron is missing: run `npm start` once to build it'
  : NO_ELECTRON;
const runnable = binary !== null && fs.existsSync(bindingFile);
if (!runnable) console.warn(`[electron smoke test] SKIPPED: ${reason}.`);

test('the desktop app opens its window with the datasets list', async () => {
  test.skip(!runnable, reason);
  const db = test.info().outputPath('lab.db');
  const app = await electron.launch({
    executablePath: binary!,
    args: [path.join(ROOT, 'out', 'main', 'index.js'), `--db=${db}`],
    env: {
      ...process.env,
      RNN_LAB_SQLITE_BINDING: bindingFile,
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
