/**
 * The memory challenge: synthetic tasks that need memory over a chosen lag, trained with SimpleRNN, LSTM and
 * GRU side by side, to show where the plain RNN forgets and the gated cells remember.
 * - copy: a sequence of random symbols (one-hot) with a marker on one of them, `lag` steps before the last
 *   step (after a few unmarked ones, so the marked symbol must replace what the state held); after the last
 *   step the model names the marked symbol. Accuracy: share of correct answers.
 * - adding (Hochreiter & Schmidhuber 1997): `lag` steps of (value in [0, 1), marker); one marked value in the
 *   first half, one in the second; the model outputs their sum. Accuracy: share of answers within 0.04.
 * Data come from a seeded PRNG; models are the lab's forecast networks (one recurrent layer + Dense head)
 * trained with the generic training loop, gradient clipping on.
 */
import * as tf from '@tensorflow/tfjs';
import { buildForecastModel } from '../model/builder';
import { deriveSeed, mulberry32 } from '../model/random';
import type { Random } from '../model/random';
import { serializeModel } from '../model/serialize';
import type { SerializedModel } from '../model/serialize';
import { CELL_LABELS } from '../model/spec';
import type { CellType, ModelSpec } from '../model/spec';
import { trainModel } from '../model/train';
import type { GradientLog, TrainProgress, TrainStatus } from '../model/train';
import type { ChallengeTask } from './challengeTasks';

/** Answers of the adding problem within this distance of the true sum count as correct. */
export const ADDING_TOLERANCE = 0.04;

/** A generated task dataset, row-major. */
export interface TaskData {
  task: ChallengeTask;
  lag: number;
  /** Examples. */
  n: number;
  /** Time steps per example. */
  steps: number;
  /** Input features per step. */
  features: number;
  /** Model outputs: symbols (copy, logits) or 1 (adding). */
  outputs: number;
  /** [n, steps, features]. */
  x: Float32Array;
  /** [n, outputs]: one-hot symbols (copy) or the sum (adding). */
  y: Float32Array;
}

/** Sizes and training settings of a challenge run. */
export interface ChallengeSettings {
  /** Recurrent units (default 32). */
  units: number;
  /** Symbols of the copy task (default 8). */
  symbols: number;
  /** Copy task: random symbols before the marked one (default 5), so the marked symbol must overwrite the state. */
  prefix: number;
  /** Training examples (default 1024). */
  trainSize: number;
  /** Validation examples, for keeping the best epoch (default 256). */
  validationSize: number;
  /** Test examples the accuracy is measured on (default 512). */
  testSize: number;
  /** Default 15. */
  epochs: number;
  /** Default 16. */
  batchSize: number;
  /** Adam learning rate (default 0.02). */
  learningRate: number;
  /** Global gradient-norm clip (default 1). */
  clipNorm: number;
  /** Stop a run early once the validation accuracy after an epoch reaches this share (default 0.99). */
  stopAt: number;
}

/** Default challenge settings. */
export const DEFAULT_CHALLENGE_SETTINGS: Readonly<ChallengeSettings> = {
  units: 32,
  symbols: 8,
  prefix: 5,
  trainSize: 1024,
  validationSize: 256,
  testSize: 512,
  epochs: 15,
  batchSize: 16,
  learningRate: 0.02,
  clipNorm: 1,
  stopAt: 0.99,
};

/** One trained cell at one lag. JSON-ready except `model.weightData` (an ArrayBuffer). */
export interface ChallengeRecord {
  task: ChallengeTask;
  cell: CellType;
  lag: number;
  /** Share of test examples answered correctly (copy) or within ADDING_TOLERANCE (adding). */
  accuracy: number;
  /** Accuracy of always giving the best constant answer, for reference. */
  chance: number;
  /** Epochs run. */
  epochs: number;
  status: TrainStatus;
  /** Per epoch: training loss (cross-entropy or MSE), validation loss and validation accuracy. */
  history: { loss: number[]; valLoss: number[]; valAccuracy: number[] };
  gradients: GradientLog;
  durationMs: number;
  seed: number;
  /** The trained network (present when keepModels was set). */
  model?: SerializedModel;
}

/** Progress of a challenge: which run, and the training progress inside it. */
export interface ChallengeProgress {
  /** Run index from 0, of `runs`. */
  run: number;
  runs: number;
  cell: CellType;
  lag: number;
  training: TrainProgress;
}

/** Options of {@link runMemoryChallenge}. */
export interface ChallengeOptions {
  task: ChallengeTask;
  /** Lags (copy: steps between the marked symbol and the answer; adding: sequence length), each >= 2. */
  lags: readonly number[];
  /** Default ['rnn', 'lstm', 'gru']. */
  cells?: readonly CellType[];
  seed?: number;
  settings?: Partial<ChallengeSettings>;
  /** Keep each trained network in its record (for saving and inspecting). */
  keepModels?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: ChallengeProgress) => void;
  /** Called as each run finishes. */
  onRecord?: (record: ChallengeRecord) => void;
}

/** What a challenge returns. */
export interface ChallengeResult {
  task: ChallengeTask;
  settings: ChallengeSettings;
  seed: number;
  /** Finished runs, in (lag, cell) order. A run cut short by the signal is included with status 'stopped'. */
  records: ChallengeRecord[];
  /** True when the signal stopped the challenge before every run finished. */
  stopped: boolean;
  /** Where each cell stays above 90% and where it falls below 60%, in words. */
  summary: string;
}

/**
 * Generates `n` examples of a task at a lag from a seeded generator. copy: steps = prefix + lag + 1, the
 * marked symbol at step `prefix`, features = symbols + 1 (one-hot symbol, marker), outputs = symbols;
 * adding: steps = lag, features = 2 (value, marker), outputs = 1. x [n, steps, features], y [n, outputs].
 */
export function makeTaskData(
  task: ChallengeTask,
  lag: number,
  n: number,
  rand: Random,
  symbols = 8,
  prefix = 0,
): TaskData {
  if (!Number.isInteger(lag) || lag < 2)
    throw new RangeError(`the lag must be a whole number of at least 2 (got ${lag})`);
  if (task === 'copy') {
    const steps = lag + 1 + prefix;
    const features = symbols + 1;
    const x = new Float32Array(n * steps * features);
    const y = new Float32Array(n * symbols);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < steps; t++) {
        const symbol = Math.floor(rand() * symbols);
        x[(i * steps + t) * features + symbol] = 1;
        if (t === prefix) {
          x[(i * steps + t) * features + symbols] = 1;
          y[i * symbols + symbol] = 1;
        }
      }
    }
    return { task, lag, n, steps, features, outputs: symbols, x, y };
  }
  const steps = lag;
  const half = Math.floor(steps / 2);
  const x = new Float32Array(n * steps * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < steps; t++) x[(i * steps + t) * 2] = rand();
    const first = Math.floor(rand() * half);
    const second = half + Math.floor(rand() * (steps - half));
    x[(i * steps + first) * 2 + 1] = 1;
    x[(i * steps + second) * 2 + 1] = 1;
    y[i] = x[(i * steps + first) * 2] + x[(i * steps + second) * 2];
  }
  return { task, lag, n, steps, features: 2, outputs: 1, x, y };
}

/** Share of correct answers: argmax = true symbol (copy) or |prediction - truth| < ADDING_TOLERANCE (adding). */
export function taskAccuracy(
  task: ChallengeTask,
  predicted: Float32Array,
  truth: Float32Array,
  outputs: number,
): number {
  const n = truth.length / outputs;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    if (task === 'adding') {
      if (Math.abs(predicted[i] - truth[i]) < ADDING_TOLERANCE) correct++;
      continue;
    }
    let best = 0;
    let trueClass = 0;
    for (let k = 1; k < outputs; k++) {
      if (predicted[i * outputs + k] > predicted[i * outputs + best]) best = k;
      if (truth[i * outputs + k] > truth[i * outputs + trueClass]) trueClass = k;
    }
    if (best === trueClass) correct++;
  }
  return n > 0 ? correct / n : 0;
}

/** Accuracy of the best constant answer: 1 / symbols (copy), or predicting 1 for the sum of two U(0, 1) (adding). */
function chanceAccuracy(task: ChallengeTask, symbols: number): number {
  // P(|U1 + U2 - 1| < d) = 1 - (1 - d)^2 for the triangular sum.
  return task === 'copy' ? 1 / symbols : Math.round((1 - (1 - ADDING_TOLERANCE) ** 2) * 1e6) / 1e6;
}

function toTensors(data: TaskData): { x: tf.Tensor3D; y: tf.Tensor2D } {
  return {
    x: tf.tensor3d(data.x, [data.n, data.steps, data.features]),
    y: tf.tensor2d(data.y, [data.n, data.outputs]),
  };
}

async function predictAll(model: tf.LayersModel, x: tf.Tensor): Promise<Float32Array> {
  const out = tf.tidy(() => model.apply(x, { training: false }) as tf.Tensor);
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return values;
}

/**
 * Trains one cell on one task at one lag and measures its test accuracy. The data and initial weights
 * depend only on (seed, task, lag) and (seed, cell): every cell sees the same examples.
 */
export async function runChallengeCell(
  task: ChallengeTask,
  cell: CellType,
  lag: number,
  options: {
    seed?: number;
    settings?: Partial<ChallengeSettings>;
    keepModels?: boolean;
    signal?: AbortSignal;
    onProgress?: (progress: TrainProgress) => void;
  } = {},
): Promise<ChallengeRecord> {
  const s: ChallengeSettings = { ...DEFAULT_CHALLENGE_SETTINGS, ...options.settings };
  const seed = options.seed ?? 1;
  const started = performance.now();
  const dataSeed = deriveSeed(seed, lag * 2 + (task === 'copy' ? 0 : 1));
  const train = makeTaskData(
    task,
    lag,
    s.trainSize,
    mulberry32(deriveSeed(dataSeed, 0)),
    s.symbols,
    s.prefix,
  );
  const validation = makeTaskData(
    task,
    lag,
    s.validationSize,
    mulberry32(deriveSeed(dataSeed, 1)),
    s.symbols,
    s.prefix,
  );
  const test = makeTaskData(task, lag, s.testSize, mulberry32(deriveSeed(dataSeed, 2)), s.symbols, s.prefix);
  const spec: ModelSpec = {
    kind: 'forecast',
    cell,
    layers: 1,
    units: s.units,
    dropout: 0,
    lookback: train.steps,
    features: train.features,
    horizon: train.outputs,
    seed: deriveSeed(seed, 100 + lag),
  };
  const model = buildForecastModel(spec);
  const trainT = toTensors(train);
  const valT = toTensors(validation);
  const testT = toTensors(test);
  const loss =
    task === 'copy'
      ? (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred)
      : (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.meanSquaredError(yTrue, yPred);
  const valAccuracy: number[] = [];
  const inner = new AbortController();
  let earlyDone = false;
  const onOuterAbort = () => inner.abort();
  options.signal?.addEventListener('abort', onOuterAbort);
  if (options.signal?.aborted) inner.abort();
  try {
    const result = await trainModel({
      model,
      loss,
      train: trainT,
      validation: valT,
      optimizer: { name: 'adam', learningRate: s.learningRate },
      batchSize: s.batchSize,
      epochs: s.epochs,
      patience: null,
      clipNorm: s.clipNorm,
      seed: deriveSeed(seed, 7),
      signal: inner.signal,
      onProgress: options.onProgress,
      onEpoch: () => {
        // Validation accuracy of the weights at the end of this epoch (before any best-weight restore).
        const predicted = tf.tidy(
          () => (model.apply(valT.x, { training: false }) as tf.Tensor).dataSync() as Float32Array,
        );
        const acc = taskAccuracy(task, predicted, validation.y, validation.outputs);
        valAccuracy.push(acc);
        if (acc >= s.stopAt && !inner.signal.aborted) {
          earlyDone = true;
          inner.abort();
        }
      },
    });
    const accuracy = taskAccuracy(task, await predictAll(model, testT.x), test.y, test.outputs);
    const status: TrainStatus = earlyDone && result.status === 'stopped' ? 'completed' : result.status;
    return {
      task,
      cell,
      lag,
      accuracy,
      chance: chanceAccuracy(task, s.symbols),
      epochs: result.epochsRun,
      status,
      history: {
        loss: result.history.loss,
        valLoss: result.history.valLoss,
        valAccuracy: valAccuracy.slice(0, result.epochsRun),
      },
      gradients: result.gradients,
      durationMs: performance.now() - started,
      seed,
      ...(options.keepModels ? { model: await serializeModel(model, spec) } : {}),
    };
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
    tf.dispose([trainT.x, trainT.y, valT.x, valT.y, testT.x, testT.y]);
    model.dispose();
  }
}

/** "LSTM" etc. */
function label(cell: CellType): string {
  return CELL_LABELS[cell];
}

/** A sentence per cell: the largest lag it still masters (> 90%) and the first lag where it fails (< 60%). */
export function summarizeChallenge(records: readonly ChallengeRecord[]): string {
  const cells = [...new Set(records.map((r) => r.cell))];
  if (cells.length === 0) return 'No run finished.';
  const parts = cells.map((cell) => {
    const own = records.filter((r) => r.cell === cell).sort((a, b) => a.lag - b.lag);
    const pct = (r: ChallengeRecord) => `${Math.round(r.accuracy * 100)}%`;
    const mastered = own.filter((r) => r.accuracy > 0.9);
    const failed = own.find((r) => r.accuracy < 0.6);
    if (mastered.length === own.length)
      return `${label(cell)} stays above 90% at every lag up to ${own[own.length - 1].lag}`;
    if (!failed) return `${label(cell)} stays above 60% at every lag up to ${own[own.length - 1].lag}`;
    const head =
      mastered.length > 0
        ? `${label(cell)} stays above 90% up to lag ${mastered[mastered.length - 1].lag}`
        : `${label(cell)} never reaches 90%`;
    return `${head} and falls below 60% at lag ${failed.lag} (${pct(failed)})`;
  });
  return `${parts.join('; ')}.`;
}

/**
 * Runs the memory challenge: for each lag (ascending) and each cell, trains a fresh network and measures
 * its accuracy. Progress per training batch; an aborted signal stops the current run (kept, status
 * 'stopped') and skips the rest. Frees every tensor it creates.
 */
export async function runMemoryChallenge(options: ChallengeOptions): Promise<ChallengeResult> {
  const cells = options.cells ?? (['rnn', 'lstm', 'gru'] as const);
  const lags = [...options.lags].sort((a, b) => a - b);
  const seed = options.seed ?? 1;
  const settings: ChallengeSettings = { ...DEFAULT_CHALLENGE_SETTINGS, ...options.settings };
  if (lags.length === 0 || cells.length === 0)
    throw new RangeError('the memory challenge needs at least one lag and one cell');
  for (const lag of lags) {
    if (!Number.isInteger(lag) || lag < 2)
      throw new RangeError(`every lag must be a whole number of at least 2 (got ${lag})`);
  }
  const records: ChallengeRecord[] = [];
  const runs = lags.length * cells.length;
  let stopped = false;
  let run = 0;
  outer: for (const lag of lags) {
    for (const cell of cells) {
      if (options.signal?.aborted) {
        stopped = true;
        break outer;
      }
      const index = run++;
      const record = await runChallengeCell(options.task, cell, lag, {
        seed,
        settings,
        keepModels: options.keepModels,
        signal: options.signal,
        onProgress: (training) => options.onProgress?.({ run: index, runs, cell, lag, training }),
      });
      records.push(record);
      options.onRecord?.(record);
      if (record.status === 'stopped') {
        stopped = true;
        break outer;
      }
    }
  }
  return { task: options.task, settings, seed, records, stopped, summary: summarizeChallenge(records) };
}
