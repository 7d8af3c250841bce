import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { encodeWire } from '../src/core/api';

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

/** An hourly CSV of about `mb` megabytes: time, two measurements. */
function bigCsv(mb: number): Uint8Array {
  const lines = ['time,load,temperature'];
  let size = lines[0].length;
  const start = Date.UTC(1990, 0, 1);
  for (let i = 0; size < mb * 1e6; i++) {
    const line = `${new Date(start + i * 3_600_000).toISOString().slice(0, 19)},${(500 + 100 * Math.sin(i / 24)).toFixed(3)},${(10 + (i % 17)).toFixed(1)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return new TextEncoder().encode(lines.join('\n'));
}

/**
 * Starts the browser host on a temporary database in a child process (bench/hostImportServer.ts), imports a CSV of `mb` megabytes over HTTP, and meanwhile calls
 * `datasets:list` every 50 ms, recording how long each answer takes: the request loop must keep answering while
 * the file is parsed (in the import thread).
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
  const call = async (method: string, body: string): Promise<Response> => {
    const res = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
      method: 'POST',
      headers: { 'x-lab-token': 'bench', 'content-type': 'application/json' },
      body,
    });
    if (!res.ok) throw new Error(`${method}: ${res.status} ${await res.text()}`);
    return res;
  };
  try {
    const bytes = bigCsv(mb);
    const body = encodeWire({ name: 'big.csv', bytes });
    let done = false;
    const started = performance.now();
    const importing = call('datasets:import', body).then(async (res) => {
      await res.json();
      done = true;
      return performance.now() - started;
    });
    const latencies: number[] = [];
    while (!done) {
      const t = performance.now();
      await (await call('datasets:list', '{}')).json();
      latencies.push(performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const importMs = await importing;
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      config: 'host-import',
      fileMb: Math.round(bytes.length / 1e5) / 10,
      importMs: Math.round(importMs),
      listCalls: latencies.length,
      listMaxMs: Math.round(sorted[sorted.length - 1] ?? 0),
      listMedianMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    };
  } finally {
    const stopped = new Promise((resolve) => server.once('exit', resolve));
    server.send('stop');
    await stopped;
  }
}
