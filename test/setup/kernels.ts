// Vitest global setup: builds the WebAssembly kernels from source when they are missing or older than their
// sources (npm ci / install already builds them through the `prepare` script).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const script = fileURLToPath(new URL('../../src/core/engine/assembly/build.mjs', import.meta.url));
  execFileSync(process.execPath, [script, '--if-stale'], { stdio: 'inherit' });
}
