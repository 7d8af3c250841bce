import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths';

const SOURCES = ['src/renderer', 'src/core', 'electron', 'electron.vite.config.ts', 'package.json'];
const OUTPUTS = ['out/renderer/index.html', 'out/main/index.js', 'out/preload/index.cjs'];

function newestMtime(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when a built output is missing or older than any source it is built from. */
export function needsBuild(root = packageRoot()): boolean {
  const outputs = OUTPUTS.map((o) => fs.statSync(path.join(root, o), { throwIfNoEntry: false }));
  if (outputs.some((s) => !s)) return true;
  const built = Math.min(...outputs.map((s) => s!.mtimeMs));
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

/** Runs `electron-vite build` when the built app is missing or out of date. */
export async function ensureBuilt(): Promise<void> {
  const root = packageRoot();
  if (!needsBuild(root)) return;
  process.stdout.write('Building RNN Lab (first start or sources changed)…\n');
  const bin = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'build'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the build failed (exit code ${code})`)),
    );
  });
}
