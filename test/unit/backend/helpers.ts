import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLab, type Lab } from '../../../src/backend/lab/createLab';
import { resourcesDir } from '../../../src/backend/paths';

/** A lab on a fresh temporary database; `cleanup` closes it and removes the folder. */
export function tempLab(options: { seedSamples?: boolean } = {}): {
  lab: Lab;
  dbPath: string;
  cleanup(): void;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-unit-'));
  const dbPath = path.join(dir, 'lab.db');
  const lab = createLab({
    dbPath,
    resourcesDir: resourcesDir(),
    transport: 'http',
    version: '0.0.0-test',
    ...options,
  });
  return {
    lab,
    dbPath,
    cleanup: () => {
      lab.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
