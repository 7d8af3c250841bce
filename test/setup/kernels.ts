// Vitest global setup: builds the WebAssembly kernels from source when they are missing or older than their
// sources (npm ci / install already builds them through the `prepare` script).
import { buildKernels } from '../../kernels/build';

export default async function setup(): Promise<void> {
  await buildKernels({ ifStale: true });
}
