import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary, NO_ELECTRON, ROOT } from '../../tools/build/electron';
import { PACKAGED_SQLITE } from '../../tools/build/electronBuilder';

/**
 * `npm run dist -- --dir` (the unpacked app electron-builder makes before the installers), then that app
 * launched as a user would: app.isPackaged, its asar, the Electron build of SQLite, the packaged resources.
 * Skipped, saying why, where Electron cannot be downloaded.
 */
const binary = electronBinary();
if (!binary) console.warn(`[electron packaging test] SKIPPED: ${NO_ELECTRON}.`);

/** The packaged app's executable and resources folder in dist/ for this platform. */
function unpacked(): { executable: string; resources: string } {
  const dist = path.join(ROOT, 'dist');
  if (process.platform === 'darwin') {
    const folder = fs.readdirSync(dist).find((d) => d.startsWith('mac')) ?? 'mac';
    const app = path.join(dist, folder, 'RNN Lab.app', 'Contents');
    return { executable: path.join(app, 'MacOS', 'RNN Lab'), resources: path.join(app, 'Resources') };
  }
  const folder = path.join(dist, process.platform === 'win32' ? 'win-unpacked' : 'linux-unpacked');
  return {
    executable: path.join(folder, process.platform === 'win32' ? 'rnn-lab.exe' : 'rnn-lab'),
    resources: path.join(folder, 'resources'),
  };
}

test('the packaged app holds what it needs and opens with the samples listed', async () => {
  test.skip(!binary, NO_ELECTRON);
  test.setTimeout(20 * 60_000);
  const built = spawnSync('npx', ['tsx', 'tools/build/dist.ts', '--dir'], {
    cwd: ROOT,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  expect(built.status, `${built.stdout}\n${built.stderr}`).toBe(0);

  const { executable, resources } = unpacked();
  expect(fs.existsSync(path.join(resources, 'app.asar'))).toBe(true);
  expect(fs.existsSync(path.join(resources, PACKAGED_SQLITE))).toBe(true);
  expect(fs.existsSync(path.join(resources, 'resources', 'models', 'base-melody', 'model.bin'))).toBe(true);
  const assets = path.join(resources, 'app.asar.unpacked', 'out', 'renderer', 'assets');
  expect(fs.readdirSync(assets).some((f) => f.endsWith('.wasm'))).toBe(true);

  const app = await electron.launch({
    executablePath: executable,
    args: [`--db=${test.info().outputPath('lab.db')}`],
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('dataset-row')).toHaveCount(5);
    expect(await app.evaluate(({ app: electronApp }) => electronApp.isPackaged)).toBe(true);
  } finally {
    await app.close();
  }
});
