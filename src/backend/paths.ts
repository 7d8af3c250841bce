import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root (folder holding package.json), found from this file's location. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'resources')))
      return dir;
    dir = path.dirname(dir);
  }
  throw new Error('cannot find the rnn-lab package root');
}

/** The bundled resources folder (samples, melodies, models). */
export function resourcesDir(): string {
  return path.join(packageRoot(), 'resources');
}

/** The built renderer served by the browser host. */
export function rendererDir(): string {
  return path.join(packageRoot(), 'out', 'renderer');
}

/** The database used by the browser host and the CLI unless --db says otherwise. */
export function defaultDbPath(): string {
  return path.join(os.homedir(), '.rnn-lab', 'lab.db');
}
