import fs from 'node:fs';
import path from 'node:path';
import { createLab } from '../lab/createLab';
import { startHost } from '../host/httpHost';
import { defaultDbPath, rendererDir, resourcesDir } from '../paths';
import { packageVersion } from './version';

export interface ServeOptions {
  port?: number;
  db?: string;
}

/** Starts the browser host and keeps it running until Ctrl-C (SIGINT) or SIGTERM. */
export async function runServe(options: ServeOptions): Promise<number> {
  if (!fs.existsSync(path.join(rendererDir(), 'index.html'))) {
    throw new Error(`the app is not built (${rendererDir()} is missing): run npm run build in the checkout.`);
  }
  const dbPath = path.resolve(options.db ?? defaultDbPath());
  const lab = createLab({
    dbPath,
    resourcesDir: resourcesDir(),
    transport: 'http',
    version: packageVersion(),
  });
  const host = await startHost({ handlers: lab.handlers, rendererDir: rendererDir(), port: options.port });
  process.stdout.write(`RNN Lab is running at ${host.url}\n`);
  process.stdout.write(`Database: ${dbPath}\nPress Ctrl-C to stop.\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write('Stopping RNN Lab…\n');
  await host.close();
  lab.close();
  return 0;
}
