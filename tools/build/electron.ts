/**
 * Electron for the developer commands and the packaging: where its binary is, and better-sqlite3 compiled for
 * its ABI. That build goes to .cache/electron-native/, never over node_modules/better-sqlite3, whose Node build
 * the CLI and the tests use. Both need downloads (the Electron binary, Electron's headers) and say so when they
 * cannot be had.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Electron version in node_modules. */
export function electronVersion(root = ROOT): string {
  const pkg = path.join(root, 'node_modules', 'electron', 'package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** The Electron binary in node_modules/electron/dist, or null while it has not been downloaded. */
export function electronBinary(root = ROOT): string | null {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

/**
 * The Electron binary, downloaded now by Electron's own installer when it is missing (Electron 45 fetches it on
 * first use); null when that fails, as it does offline.
 */
export function obtainElectron(root = ROOT): string | null {
  const found = electronBinary(root);
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (found || !fs.existsSync(installer)) return found;
  process.stderr.write(`Downloading Electron ${electronVersion(root)}…\n`);
  spawnSync(process.execPath, [installer], {
    cwd: path.dirname(installer),
    stdio: 'inherit',
    timeout: 600_000,
  });
  return electronBinary(root);
}

/** Why Electron cannot run here, in one sentence (for skipped tests and refused commands). */
export const NO_ELECTRON =
  'no Electron binary on this machine (node_modules/electron/dist is empty: Electron could not be downloaded)';

export interface NativeTarget {
  electronVersion: string;
  platform: NodeJS.Platform;
  arch: string;
}

/** Where better_sqlite3.node built for `target` lives (it may not exist yet). */
export function electronSqlitePath(target: NativeTarget, root = ROOT): string {
  const dir = `${target.electronVersion}-${target.platform}-${target.arch}`;
  return path.join(
    root,
    '.cache',
    'electron-native',
    dir,
    'node_modules',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  );
}

/**
 * better_sqlite3.node compiled for an Electron version, platform and arch with @electron/rebuild (a prebuilt
 * binary when one can be downloaded, else node-gyp with Electron's headers), built once per target into
 * .cache/electron-native/. Native modules cannot be cross-compiled: build each platform's packages on it.
 */
export async function electronSqlite(target: NativeTarget, root = ROOT): Promise<string> {
  const binding = electronSqlitePath(target, root);
  if (fs.existsSync(binding)) return binding;
  const buildPath = path.resolve(path.dirname(binding), '..', '..', '..', '..');
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  const version = (
    JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8')) as { version: string }
  ).version;
  fs.rmSync(buildPath, { recursive: true, force: true });
  fs.cpSync(source, path.join(buildPath, 'node_modules', 'better-sqlite3'), {
    recursive: true,
    filter: (file) => path.relative(source, file).split(path.sep)[0] !== 'build',
  });
  fs.writeFileSync(
    path.join(buildPath, 'package.json'),
    `${JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': version } })}\n`,
  );
  process.stderr.write(
    `Building better-sqlite3 ${version} for Electron ${target.electronVersion} (${target.platform}-${target.arch})…\n`,
  );
  // @electron/rebuild comes with electron-builder, which rebuilds with it too (and asks not to list it again)
  const { rebuild } = await import('@electron/rebuild');
  try {
    await rebuild({
      buildPath,
      electronVersion: target.electronVersion,
      platform: target.platform,
      arch: target.arch,
      onlyModules: ['better-sqlite3'],
      force: true,
    });
  } catch (error) {
    fs.rmSync(buildPath, { recursive: true, force: true });
    throw new Error(
      `better-sqlite3 could not be built for Electron ${target.electronVersion} (its headers or a prebuilt binary must be downloadable): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!fs.existsSync(binding)) throw new Error(`@electron/rebuild finished without ${binding}`);
  return binding;
}
