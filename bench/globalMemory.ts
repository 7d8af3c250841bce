/**
 * Memory of global training: `npx tsx --expose-gc bench/globalMemory.ts` trains the global forecaster (1 member,
 * 3 epochs of 4,096 windows, 52 values in, 13 out) on 400 series of 1,000 points and on one series of 400,000 points,
 * each in a fresh process, and prints the peak of heap + external + array buffers above the start (sampled after
 * every 16th batch, after a garbage collection when --expose-gc is given). Windows are drawn on the fly, so both
 * should need about the same memory, far below what materialised windows would take.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { startKernelThreads } from '../src/backend/engine/kernelThreads';
import { initBackend } from '../src/core/model/backend';
import { trainGlobalForecaster } from '../src/core/model/global';

const INPUT = 52;
const HORIZON = 13;

function synthetic(n: number, k: number): number[] {
  return Array.from(
    { length: n },
    (_, t) => 100 + 10 * Math.sin(t / 7 + k) + t * 0.001 + ((t * 7919 + k) % 13),
  );
}

/** Peak bytes above the start while training on `series`. */
async function measure(series: number[][]): Promise<{ peakMB: number; tensorsLeft: number }> {
  await startKernelThreads();
  await initBackend('wasm');
  const gc = (globalThis as { gc?: () => void }).gc;
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external + m.arrayBuffers;
  };
  gc?.();
  const start = used();
  const tensors = tf.memory().numTensors;
  let peak = start;
  let calls = 0;
  const forecaster = await trainGlobalForecaster(
    series,
    { members: 1, epochs: 3, inputSize: INPUT, patch: 4, seasonalLags: [], horizon: HORIZON },
    {
      onProgress: () => {
        if (calls++ % 16 === 0) gc?.();
        peak = Math.max(peak, used());
      },
    },
  );
  await forecaster.forecastAll();
  forecaster.dispose();
  return { peakMB: (peak - start) / 2 ** 20, tensorsLeft: tf.memory().numTensors - tensors };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode === 'many' || mode === 'one') {
    const series =
      mode === 'many' ? Array.from({ length: 400 }, (_, k) => synthetic(1000, k)) : [synthetic(400_000, 0)];
    process.stdout.write(`${JSON.stringify({ mode, series: series.length, ...(await measure(series)) })}\n`);
    return;
  }
  const self = fileURLToPath(import.meta.url);
  for (const m of ['many', 'one']) {
    const out = execFileSync(process.execPath, [...process.execArgv, self, m], { encoding: 'utf8' });
    process.stdout.write(out);
  }
  const windowsMB = (400_000 * (INPUT + HORIZON) * 4) / 2 ** 20;
  process.stdout.write(`${JSON.stringify({ materialisedWindowsMB: Number(windowsMB.toFixed(0)) })}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error: unknown) => {
    process.stderr.write(`globalMemory: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
