/**
 * Melody benchmark: training throughput of the melody model on the canonical configuration (vocabulary 39, sequence
 * 64, embedding 32, one LSTM of 128 units, batch 32, Adam, the lab's training loop) and the time to sample 256 tokens
 * with the stateful sampler. `vocab: 130` gives the configuration of the reference benchmarks (../shared/bench).
 */
import * as tf from '@tensorflow/tfjs';
import type { EngineName } from '../src/core/engine/engineName';
import { engineKernelKind } from '../src/core/engine/labEngine';
import { initBackend } from '../src/core/model/backend';
import type { BackendName } from '../src/core/model/spec';
import { buildMelodyModel } from '../src/core/music/melodyModel';
import type { CellType } from '../src/core/model/cells';
import { continueTokens } from '../src/core/music/melodySampler';
import { trainMelodyModel } from '../src/core/music/melodyTraining';
import { mulberry32 } from '../src/core/music/sampling';

/** Options of {@link benchmarkMelody}. */
export interface MelodyBenchOptions {
  readonly backend: BackendName;
  readonly cell?: CellType;
  /** What runs the recurrent layers (default 'lab'). */
  readonly engine?: EngineName;
  /** Token vocabulary (default 39, the app's; the reference benchmarks use 130). */
  readonly vocab?: number;
  /** Training sequences per epoch (default 512). */
  readonly sequences?: number;
  /** Timed epochs (default 2) after one untimed warm-up epoch. */
  readonly epochs?: number;
}

/** One benchmark result, JSON-ready: `throughput` is training sequences per second. */
export interface MelodyBenchRecord {
  readonly config: 'music';
  readonly cell: CellType;
  readonly engine: EngineName;
  /** Lab engine only: which kernels ran ('wasm-simd' or 'typescript'); null for stock tfjs. */
  readonly kernels: string | null;
  readonly backend: BackendName;
  readonly throughput: number;
  /** Milliseconds to sample 256 tokens (one variation, after a 16-token seed; median of 5). */
  readonly sample256_ms: number;
  readonly vocab: number;
  readonly sequence: number;
  readonly embedding: number;
  readonly units: number;
  readonly batch: number;
  readonly sequences: number;
  readonly epochSeconds: number[];
  readonly tfjs: string;
}

export const MELODY_BENCH = { vocab: 39, sequence: 64, embedding: 32, units: 128, batch: 32 } as const;

/** Seeded random walks over the pitch tokens with holds and rests: [n] windows of 64 inputs and targets. */
function benchWindows(n: number, vocab: number): { inputs: number[][]; targets: number[][] } {
  const random = mulberry32(4242);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < n; i += 1) {
    const tokens: number[] = [];
    let pitch = 20;
    for (let t = 0; t <= MELODY_BENCH.sequence; t += 1) {
      const r = random();
      if (r < 0.45) tokens.push(1);
      else if (r < 0.5) tokens.push(0);
      else {
        pitch = Math.min(vocab - 1, Math.max(2, pitch + Math.round((random() - 0.5) * 6)));
        tokens.push(pitch);
      }
    }
    inputs.push(tokens.slice(0, -1));
    targets.push(tokens.slice(1));
  }
  return { inputs, targets };
}

/** Measures melody training throughput and sampling time on `backend` (sets the tfjs backend; frees what it makes). */
export async function benchmarkMelody(options: MelodyBenchOptions): Promise<MelodyBenchRecord> {
  const cell = options.cell ?? 'lstm';
  const sequences = options.sequences ?? 512;
  const epochs = options.epochs ?? 2;
  const engine = options.engine ?? 'lab';
  const vocab = options.vocab ?? MELODY_BENCH.vocab;
  await initBackend(options.backend);
  const model = buildMelodyModel(
    {
      cell,
      units: MELODY_BENCH.units,
      layers: 1,
      embeddingSize: MELODY_BENCH.embedding,
      vocabSize: vocab,
      engine,
    },
    1,
  );
  const epochSeconds: number[] = [];
  let sampleMs = Number.NaN;
  try {
    const result = await trainMelodyModel({
      model,
      train: benchWindows(sequences, vocab),
      vocabSize: vocab,
      epochs: 1 + epochs,
      batchSize: MELODY_BENCH.batch,
      learningRate: 1e-3,
      clipNorm: null,
      patience: null,
      seed: 1,
      onEpoch: (e) => {
        if (e.epoch >= 1) epochSeconds.push(e.epochSeconds);
      },
    });
    if (result.status !== 'completed')
      throw new Error(`benchmark training ended with ${result.status}: ${result.message}`);
    const seed = [0, 0, 0, 0, 20, 1, 1, 1, 22, 1, 24, 1, 25, 1, 1, 1];
    continueTokens(model, seed, { steps: 8, temperature: 1, seed: 1 });
    const times: number[] = [];
    for (let rep = 0; rep < 5; rep += 1) {
      const started = performance.now();
      continueTokens(model, seed, { steps: 256, temperature: 1, seed: 2 + rep });
      times.push(performance.now() - started);
    }
    sampleMs = times.sort((a, b) => a - b)[2];
  } finally {
    model.dispose();
  }
  const total = epochSeconds.reduce((a, b) => a + b, 0);
  return {
    config: 'music',
    cell,
    engine,
    kernels: engine === 'lab' ? engineKernelKind() : null,
    backend: options.backend,
    throughput: Number(((epochSeconds.length * sequences) / total).toFixed(1)),
    sample256_ms: Number(sampleMs.toFixed(2)),
    ...MELODY_BENCH,
    vocab,
    sequences,
    epochSeconds: epochSeconds.map((s) => Number(s.toFixed(3))),
    tfjs: tf.version.tfjs,
  };
}
