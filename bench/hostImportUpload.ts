// The client that uploads the big CSV for bench/hostImport.ts, in its own process: building, encoding and sending a
// 50 MB body holds a Node event loop for up to seconds on a loaded machine, and that must not be counted as the host's
// delay in answering the `datasets:list` calls made meanwhile (a browser's upload does not hold its page's thread
// either). Arguments: port, megabytes. Sends {sending: true} just before the request and {importMs, fileMb} when
// the host has answered; exits 1 with the host's answer on a failure.
import { encodeWire } from '../src/core/api';

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

const [port, mb] = process.argv.slice(2).map(Number);
const bytes = bigCsv(mb);
const body = new TextEncoder().encode(encodeWire({ name: 'big.csv', bytes }));
process.send?.({ sending: true });
const started = performance.now();
const res = await fetch(`http://127.0.0.1:${port}/api/datasets:import`, {
  method: 'POST',
  headers: { 'x-lab-token': 'bench', 'content-type': 'application/json' },
  body,
});
const text = await res.text();
if (!res.ok) {
  process.stderr.write(`datasets:import: ${res.status} ${text}\n`);
  process.exit(1);
}
process.send?.({ importMs: performance.now() - started, fileMb: Math.round(bytes.length / 1e5) / 10 });
process.disconnect?.();
