// The browser host on a temporary database, in its own process for bench/hostImport.ts: the client's work (building
// and sending a 50 MB body) must not be counted as the host's. Sends {port} to the parent, stops on 'stop'.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLab } from '../src/backend/lab/createLab';
import { startHost } from '../src/backend/host/httpHost';
import { resourcesDir } from '../src/backend/paths';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-bench-import-'));
const lab = createLab({
  dbPath: path.join(dir, 'lab.db'),
  resourcesDir: resourcesDir(),
  transport: 'http',
  version: 'bench',
  seedSamples: false,
});
const host = await startHost({ handlers: lab.handlers, rendererDir: dir, token: 'bench' });
process.send?.({ port: host.port });
process.on('message', (message) => {
  if (message !== 'stop') return;
  void host.close().then(() => {
    lab.close();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
