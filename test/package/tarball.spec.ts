import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

/**
 * What a user gets from the npm package: `npm pack` in the checkout (its prepack builds the app, the kernels
 * and the CLI bundle), then `npm install --global` of the tarball into an empty folder outside the checkout,
 * then the installed `rnn-lab` with nothing of the checkout around it (HOME, the working folder and the
 * database are fresh too). The dependencies come from the registry or npm's cache; the SQLite module compiles.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEED_MIDI = path.join(ROOT, 'test', 'fixtures', 'midi', 'seed-waltz.mid');

/** Packages that compile TypeScript or bundle code: none of them may be installed with the package. */
const BUILD_TOOLS = ['tsx', 'esbuild', 'typescript', 'electron', 'electron-vite', 'vite', 'assemblyscript'];

let temp = '';
let prefix = '';
let installed = '';
let home = '';
let work = '';
let bin = '';

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

/** The installed command, run from the empty working folder with a fresh HOME (so ~/.rnn-lab is fresh). */
function rnnLab(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    env: { ...process.env, HOME: home, USERPROFILE: home },
    encoding: 'utf8',
    timeout: 300_000,
  });
}

const failure = (what: string, result: { status: number | null; stdout: string; stderr: string }) =>
  `${what} exited with ${result.status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-package-'));
  prefix = path.join(temp, 'prefix');
  home = path.join(temp, 'home');
  work = path.join(temp, 'work');
  for (const dir of [prefix, home, work]) fs.mkdirSync(dir);
});

test.afterAll(() => {
  if (temp) fs.rmSync(temp, { recursive: true, force: true });
});

test('npm pack ships the built app, the command, the kernels, the base model and the samples, and no sources', () => {
  const packed = run('npm', ['pack', '--json', '--pack-destination', temp], { cwd: ROOT });
  expect(packed.status, failure('npm pack', packed)).toBe(0);
  // prepack's build log comes first on stdout; the JSON report is the last thing printed
  const report = JSON.parse(packed.stdout.slice(packed.stdout.lastIndexOf('\n[') + 1)) as {
    filename: string;
    size: number;
    files: { path: string }[];
  }[];
  const files = report[0].files.map((f) => f.path);
  for (const required of [
    'package.json',
    'out/cli/rnn-lab.mjs',
    'out/cli/tfjs-backend-wasm-simd.wasm',
    'out/renderer/index.html',
    'resources/models/base-melody/model.bin',
    'resources/samples/co2-concentration.csv',
    'resources/melodies/melodies.txt',
  ]) {
    expect(files, required).toContain(required);
  }
  expect(files.some((f) => /^out\/renderer\/assets\/.*\.wasm$/.test(f))).toBe(true);
  const strays = files.filter((f) =>
    /^(src|kernels|test|tools|bench|electron|docs|node_modules|resources\/screenshots)\//.test(f),
  );
  expect(strays).toEqual([]);
  fs.renameSync(path.join(temp, report[0].filename), path.join(temp, 'rnn-lab.tgz'));
  console.log(
    `[package] npm pack (with the build): ${packed.seconds.toFixed(0)} s, ${(report[0].size / 1024 / 1024).toFixed(1)} MiB`,
  );
});

test('the tarball installs into an empty folder, with nothing that compiles TypeScript', () => {
  const install = run(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      // the native SQLite module compiles from source at install (with --nodedir where headers cannot be fetched)
      '--allow-scripts=better-sqlite3',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      path.join(temp, 'rnn-lab.tgz'),
    ],
    { cwd: temp },
  );
  expect(install.status, failure('npm install', install)).toBe(0);
  const output = `${install.stdout}\n${install.stderr}`;
  expect(output).not.toMatch(/install-scripts/);
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 12)) expect(output).not.toMatch(/EBADENGINE/);

  installed = path.join(prefix, 'lib', 'node_modules', 'rnn-lab');
  bin = path.join(installed, 'out', 'cli', 'rnn-lab.mjs');
  expect(fs.existsSync(path.join(prefix, 'bin', 'rnn-lab'))).toBe(true);
  const modules = fs.readdirSync(path.join(installed, 'node_modules'));
  expect(modules.filter((name) => BUILD_TOOLS.includes(name))).toEqual([]);
  expect(modules).toContain('better-sqlite3');
  const du = spawnSync('du', ['-sh', installed], { encoding: 'utf8' }).stdout.trim();
  console.log(`[package] npm install of the tarball: ${install.seconds.toFixed(0)} s; du -sh: ${du}`);
});

test('rnn-lab --help and a command --help answer from the installed package', () => {
  const installedBin = spawnSync(path.join(prefix, 'bin', 'rnn-lab'), ['--help'], {
    cwd: work,
    encoding: 'utf8',
  });
  expect(installedBin.status, failure('rnn-lab --help', installedBin)).toBe(0);
  expect(installedBin.stdout).toContain('rnn-lab serve [--port N] [--db PATH]');
  const melody = rnnLab('melody', '--help');
  expect(melody.status, failure('rnn-lab melody --help', melody)).toBe(0);
  expect(melody.stdout).toContain('--continuation-only');
});

test('rnn-lab forecast SAMPLE.csv --json trains on the lab engine and saves the run', () => {
  const sample = path.join(installed, 'resources', 'samples', 'co2-concentration.csv');
  const result = rnnLab('forecast', sample, '--json', '--epochs', '3');
  expect(result.status, failure('rnn-lab forecast', result)).toBe(0);
  const out = JSON.parse(result.stdout) as {
    experimentId: number;
    status: string;
    config: { engine: string; backend: string; epochs: number };
    metrics: { mase: number };
  };
  expect(out.status).toBe('finished');
  expect(out.config).toMatchObject({ engine: 'lab', backend: 'wasm', epochs: 3 });
  expect(Number.isFinite(out.metrics.mase)).toBe(true);
  expect(fs.existsSync(path.join(home, '.rnn-lab', 'lab.db'))).toBe(true);
});

test('rnn-lab melody SEED.mid continues the seed with the shipped base model', () => {
  fs.copyFileSync(SEED_MIDI, path.join(work, 'seed.mid'));
  const result = rnnLab('melody', 'seed.mid', '--seed', '1');
  expect(result.status, failure('rnn-lab melody', result)).toBe(0);
  expect(result.stdout).toMatch(/Saved as experiment \d+/);
  const written = path.join(work, 'seed-continued.mid');
  expect(fs.existsSync(written)).toBe(true);
  expect(fs.readFileSync(written).subarray(0, 4).toString('latin1')).toBe('MThd');
});

test('rnn-lab serve serves the packaged app, which lists the samples and runs tfjs on WebAssembly', async ({
  page,
}) => {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
    cwd: work,
    env: { ...process.env, HOME: home, USERPROFILE: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`rnn-lab serve did not start:\n${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => reject(new Error(`rnn-lab serve exited with ${code}:\n${output}`)));
    });
    await page.goto(url);
    // the database of the forecast and melody runs above: ~/.rnn-lab/lab.db
    await expect(page.getByTestId('db-path')).toHaveText(path.join(home, '.rnn-lab', 'lab.db'));
    await expect(page.locator('[data-name="co2-concentration.csv"]')).toBeVisible();
    await expect(page.getByTestId('dataset-row')).not.toHaveCount(0);
    await expect(page.getByTestId('tf-backend')).toHaveText(/wasm/);
  } finally {
    if (child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      });
    }
  }
});
