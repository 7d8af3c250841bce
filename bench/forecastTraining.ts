/**
 * Training-throughput benchmark of the forecasting engine on the canonical configuration, measured like
 * /work/shared/bench/tfjs_rnn.mjs: the same synthetic series (seeded sine mix plus noise), 4096 windows,
 * lookback 48, 1 feature, one 64-unit layer, Dense to a 12-step horizon, MSE, Adam 1e-3, batch 64, shuffled;
 * warm-up epochs first, then timed epochs. It runs this engine's own training loop (gradient norms logged).
 */
import * as tf from '@tensorflow/tfjs';
import type { EngineName } from '../src/core/engine/engineName';
import { engineKernelKind } from '../src/core/engine/labEngine';
import { initBackend } from '../src/core/model/backend';
import { buildForecastModel } from '../src/core/model/builder';
import { mulberry32 } from '../src/core/model/random';
import type { BackendName, CellType } from '../src/core/model/spec';
import { trainModel } from '../src/core/model/train';

export interface ForecastBenchOptions {
  cell: CellType;
  backend: BackendName;
  /** What runs the recurrent layer (default 'lab'). */
  engine?: EngineName;
  /** Timed epochs (default 3). */
  epochs?: number;
  /** Untimed warm-up epochs (default 1). */
  warmup?: number;
  /** Training windows (default 4096). */
  windows?: number;
}

/** One benchmark result, JSON-ready. `throughput` is training windows per second over the timed epochs. */
export interface ForecastBenchRecord {
  config: 'forecast';
  cell: CellType;
  engine: EngineName;
  /** Lab engine only: which kernels ran ('wasm-simd' or 'typescript'); null for stock tfjs. */
  kernels: string | null;
  backend: BackendName;
  throughput: number;
  windows: number;
  epochs: number;
  warmup: number;
  epochSeconds: number[];
  loss: number;
  buildSeconds: number;
  tfjs: string;
}

export const BENCH_LOOKBACK = 48;
export const BENCH_HORIZON = 12;
export const BENCH_UNITS = 64;
export const BENCH_BATCH = 64;

/** The benchmark's windows: x [n, 48, 1], y [n, 12], from the reference script's seeded series. */
export function benchWindows(n: number): { x: Float32Array; y: Float32Array } {
  const rand = mulberry32(12345);
  const randn = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const L = BENCH_LOOKBACK;
  const H = BENCH_HORIZON;
  const series = Float32Array.from(
    { length: n + L + H },
    (_, t) => Math.sin(t / 7) + 0.5 * Math.sin(t / 23) + 0.1 * randn(),
  );
  const x = new Float32Array(n * L);
  const y = new Float32Array(n * H);
  for (let i = 0; i < n; i++) {
    x.set(series.subarray(i, i + L), i * L);
    y.set(series.subarray(i + L, i + L + H), i * H);
  }
  return { x, y };
}

/**
 * Measures training throughput (windows/s) of `cell` on `backend` for the canonical forecast config.
 * Sets the tfjs backend; disposes everything it creates.
 */
export async function benchmarkForecastTraining(options: ForecastBenchOptions): Promise<ForecastBenchRecord> {
  const n = options.windows ?? 4096;
  const epochs = options.epochs ?? 3;
  const warmup = options.warmup ?? 1;
  const engine = options.engine ?? 'lab';
  await initBackend(options.backend);
  const { x, y } = benchWindows(n);
  const buildStart = performance.now();
  const model = buildForecastModel(
    {
      kind: 'forecast',
      cell: options.cell,
      layers: 1,
      units: BENCH_UNITS,
      dropout: 0,
      lookback: BENCH_LOOKBACK,
      features: 1,
      horizon: BENCH_HORIZON,
      seed: 1,
    },
    { engine },
  );
  const buildSeconds = (performance.now() - buildStart) / 1000;
  const xs = tf.tensor3d(x, [n, BENCH_LOOKBACK, 1]);
  const ys = tf.tensor2d(y, [n, BENCH_HORIZON]);
  const epochSeconds: number[] = [];
  let loss = Number.NaN;
  try {
    const result = await trainModel({
      model,
      loss: (yTrue, yPred) => tf.losses.meanSquaredError(yTrue, yPred),
      train: { x: xs, y: ys },
      optimizer: { name: 'adam', learningRate: 1e-3 },
      batchSize: BENCH_BATCH,
      epochs: warmup + epochs,
      clipNorm: null,
      seed: 1,
      onEpoch: (e) => {
        if (e.epoch >= warmup) epochSeconds.push(e.epochSeconds);
        loss = e.loss;
      },
    });
    if (result.status !== 'completed')
      throw new Error(`benchmark training ended with ${result.status}: ${result.message}`);
  } finally {
    tf.dispose([xs, ys]);
    model.dispose();
  }
  const total = epochSeconds.reduce((p, q) => p + q, 0);
  return {
    config: 'forecast',
    cell: options.cell,
    engine,
    kernels: engine === 'lab' ? engineKernelKind() : null,
    backend: options.backend,
    throughput: Number(((epochSeconds.length * n) / total).toFixed(1)),
    windows: n,
    epochs,
    warmup,
    epochSeconds: epochSeconds.map((s) => Number(s.toFixed(3))),
    loss: Number(loss.toFixed(4)),
    buildSeconds: Number(buildSeconds.toFixed(2)),
    tfjs: tf.version.tfjs,
  };
}
