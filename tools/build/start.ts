/**
 * `npm start` (electron-vite preview: build, then run the built app) and `npm run dev` (electron-vite dev: the
 * renderer from Vite's dev server with hot reload), for developers working in the checkout. The app's database
 * module is given its Electron build (tools/build/electron.ts), made on the first start. Users run the
 * installed app (npm run dist) or the rnn-lab command instead.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { electronSqlite, electronVersion, NO_ELECTRON, obtainElectron, ROOT } from './electron';

async function start(mode: 'preview' | 'dev', extra: string[]): Promise<number> {
  if (!obtainElectron()) {
    process.stderr.write(`npm start: ${NO_ELECTRON}. \`npm run serve\` runs the lab in a browser instead.\n`);
    return 1;
  }
  let binding: string;
  try {
    binding = await electronSqlite({
      electronVersion: electronVersion(),
      platform: process.platform,
      arch: process.arch,
    });
  } catch (error) {
    process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const bin = path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const child = spawn(process.execPath, [bin, mode, ...extra], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, RNN_LAB_SQLITE_BINDING: binding },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

const args = process.argv.slice(2);
const dev = args.includes('--dev');
process.exitCode = await start(
  dev ? 'dev' : 'preview',
  args.filter((a) => a !== '--dev'),
);
