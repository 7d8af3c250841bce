import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface HostImportRecord {
  config: 'host-import';
  /** Size of the imported CSV, MB. */
  fileMb: number;
  /** Time of the whole `datasets:import` request (body, parse in the import thread, insert), ms. */
  importMs: number;
  /** `datasets:list` calls answered while the import ran. */
  listCalls: number;
  /** Slowest of those answers, ms (goal: 500). */
  listMaxMs: number;
  /** Median of those answers, ms. */
  listMedianMs: number;
}

/**
 * Starts the browser host on a temporary database in a child process (bench/hostImportServer.ts), imports a CSV of
 * `mb` megabytes over HTTP from another child process (bench/hostImportUpload.ts), and meanwhile calls
 * `datasets:list` every 50 ms from this one, recording how long each answer takes: the request loop must keep
 * answering while the body arrives and the file is parsed and stored (in the import thread). The upload has its own
 * process so that its client-side work (encoding and sending 67 MB) does not delay the measuring loop.
 */
export async function benchmarkHostImport(mb = 50): Promise<HostImportRecord> {
  const server = fork(fileURLToPath(new URL('./hostImportServer.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('message', (message) => resolve((message as { port: number }).port));
    server.once('exit', (code) => reject(new Error(`the host process stopped (exit code ${code})`)));
  });
  const uploader = fork(
    fileURLToPath(new URL('./hostImportUpload.ts', import.meta.url)),
    [String(port), String(mb)],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  /** One `datasets:list` call, its answer read whole; ms. */
  const list = async (): Promise<number> => {
    const t = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/datasets:list`, {
      method: 'POST',
      headers: { 'x-lab-token': 'bench', 'content-type': 'application/json' },
      body: '{}',
    });
    if (!res.ok) throw new Error(`datasets:list: ${res.status} ${await res.text()}`);
    await res.json();
    return performance.now() - t;
  };
  const stopped = () => new Error(`the upload stopped (exit code ${uploader.exitCode})`);
  const sending = new Promise<void>((resolve, reject) => {
    uploader.on('message', (message) => {
      if ((message as { sending?: boolean }).sending) resolve();
    });
    uploader.once('exit', () => reject(stopped()));
  });
  const uploaded = new Promise<{ importMs: number; fileMb: number }>((resolve, reject) => {
    uploader.on('message', (message) => {
      if ('importMs' in (message as object)) resolve(message as { importMs: number; fileMb: number });
    });
    uploader.once('exit', () => reject(stopped()));
  });
  // awaited below; a failure before then must not count as unhandled
  sending.catch(() => undefined);
  uploaded.catch(() => undefined);
  try {
    // not counted: the first fetch of a process loads its HTTP client, which is this side's time, not the host's
    await list();
    await sending;
    let done = false;
    void uploaded.then(
      () => (done = true),
      () => (done = true),
    );
    const latencies: number[] = [];
    while (!done) {
      latencies.push(await list());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { importMs, fileMb } = await uploaded;
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      config: 'host-import',
      fileMb,
      importMs: Math.round(importMs),
      listCalls: latencies.length,
      listMaxMs: Math.round(sorted[sorted.length - 1] ?? 0),
      listMedianMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    };
  } finally {
    if (uploader.exitCode === null) uploader.kill();
    const stopped = new Promise((resolve) => server.once('exit', resolve));
    server.send('stop');
    await stopped;
  }
}
