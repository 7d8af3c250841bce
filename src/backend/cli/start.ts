import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { packageRoot } from '../paths';
import { ensureBuilt } from './build';
import { runServe } from './serve';

export interface StartOptions {
  db?: string;
  port?: number;
}

const require = createRequire(import.meta.url);

/** Path of the Electron binary when it is present or can be obtained now; null otherwise. */
export function findElectron(root = packageRoot()): string | null {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  const existing = () => {
    if (!fs.existsSync(pathFile)) return null;
    const binary = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    return fs.existsSync(binary) ? binary : null;
  };
  const found = existing();
  if (found || !fs.existsSync(path.join(dir, 'install.js'))) return found;
  // Electron fetches its binary on first use; on an offline machine this fails quickly.
  spawnSync(process.execPath, [path.join(dir, 'install.js')], {
    cwd: dir,
    stdio: 'ignore',
    timeout: 180_000,
  });
  return existing();
}

/**
 * better-sqlite3 compiled for Electron's ABI, kept apart from node_modules so the Node build used by the
 * tests and the CLI is never replaced. Built once per Electron version; null when it cannot be built.
 */
export function electronSqliteBinding(root = packageRoot()): string | null {
  const electronVersion = (
    require(path.join(root, 'node_modules', 'electron', 'package.json')) as { version: string }
  ).version;
  const cacheDir = path.join(root, '.cache', 'electron-native', electronVersion);
  const binding = path.join(cacheDir, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (fs.existsSync(binding)) return binding;
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const nodeGyp = path.join(
    path.dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  );
  if (!fs.existsSync(nodeGyp)) return null;
  fs.rmSync(path.join(cacheDir, 'better-sqlite3'), { recursive: true, force: true });
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.cpSync(source, path.join(cacheDir, 'better-sqlite3'), {
    recursive: true,
    filter: (p) => !p.includes(`${path.sep}build${path.sep}`) && !p.endsWith(`${path.sep}build`),
  });
  process.stdout.write(`Building the SQLite module for Electron ${electronVersion} (once)…\n`);
  const result = spawnSync(
    process.execPath,
    [
      nodeGyp,
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      '--runtime=electron',
      '--dist-url=https://electronjs.org/headers',
    ],
    { cwd: path.join(cacheDir, 'better-sqlite3'), stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 },
  );
  return result.status === 0 && fs.existsSync(binding) ? binding : null;
}

/** `npm start`: the desktop app when Electron can run here, else the browser host with a one-line notice. */
export async function runStart(options: StartOptions): Promise<number> {
  await ensureBuilt();
  const root = packageRoot();
  const electron = findElectron(root);
  if (!electron) {
    process.stdout.write(
      'Electron is not available on this machine (its binary could not be downloaded); starting the browser host instead.\n',
    );
    return runServe({ ...options, build: false });
  }
  const binding = electronSqliteBinding(root);
  if (!binding) {
    process.stdout.write(
      'The SQLite module could not be built for Electron here; starting the browser host instead.\n',
    );
    return runServe({ ...options, build: false });
  }
  const args = [path.join(root, 'out', 'main', 'index.js')];
  if (options.db) args.push(`--db=${path.resolve(options.db)}`);
  const child = spawn(electron, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, RNN_LAB_SQLITE_BINDING: binding, RNN_LAB_RESOURCES: path.join(root, 'resources') },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}
