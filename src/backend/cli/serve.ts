import path from 'node:path';
import { createLab } from '../lab/createLab';
import { startHost } from '../host/httpHost';
import { defaultDbPath, rendererDir, resourcesDir } from '../paths';
import { ensureBuilt } from './build';
import { packageVersion } from './version';

export interface ServeOptions {
  port?: number;
  db?: string;
  /** Build the renderer first when it is missing or out of date (default true). */
  build?: boolean;
}

/** Starts the browser host and keeps it running until Ctrl-C (SIGINT) or SIGTERM. */
export async function runServe(options: ServeOptions): Promise<number> {
  if (options.build !== false && !process.env.RNN_LAB_SKIP_BUILD) await ensureBuilt();
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
