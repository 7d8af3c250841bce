import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LabServer {
  url: string;
  origin: string;
  token: string;
  dbPath: string;
  stop(): Promise<void>;
}

/**
 * Starts the built `rnn-lab serve` (out/cli, what the package ships) on a free port with a fresh temporary
 * database, removed again by stop(); `npm run build` must have run.
 */
export async function startLabServer(dbPath?: string): Promise<LabServer> {
  const dir = dbPath ? path.dirname(dbPath) : fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-e2e-'));
  const db = dbPath ?? path.join(dir, 'lab.db');
  for (const built of ['out/renderer/index.html', 'out/cli/rnn-lab.mjs']) {
    if (!fs.existsSync(path.join(ROOT, built)))
      throw new Error(`${built} is missing: run \`npm run build\` before the end-to-end tests.`);
  }
  const child: ChildProcess = spawn(
    process.execPath,
    ['out/cli/rnn-lab.mjs', 'serve', '--port', '0', '--db', db],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
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
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`rnn-lab serve exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dbPath: db,
    stop: async () => {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGINT');
        });
      }
      if (!dbPath) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ lab: LabServer }>({
  // eslint-disable-next-line no-empty-pattern
  lab: async ({}, use) => {
    const server = await startLabServer();
    await use(server);
    await server.stop();
  },
});

export { expect };
