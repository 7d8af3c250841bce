/**
 * The memory challenge: synthetic tasks that need memory over a chosen lag, trained with SimpleRNN, LSTM and
 * GRU side by side, to show where the plain RNN forgets and the gated cells remember.
 * - copy: a sequence of random symbols (one-hot) with a marker on one of them, `lag` steps before the last
 *   step (after a few unmarked ones, so the marked symbol must replace what the state held); after the last
 *   step the model names the marked symbol. Accuracy: share of correct answers.
 * - adding (Hochreiter & Schmidhuber 1997): `lag` steps of (value in [0, 1), marker); one marked value in the
 *   first half, one in the second; the model outputs their sum. Accuracy: share of answers within 0.04.
 * Data come from a seeded PRNG (by default a fresh stream of examples for every batch); models are the lab's
 * forecast networks (one recurrent layer + Dense head) with the gate initialisation asked for (default forget bias,
 * or chrono), trained with the generic training loop, gradient clipping on, until the task is solved or the step
 * budget is spent, optionally with a curriculum of growing lags.
 */
import * as tf from '@tensorflow/tfjs';
import { buildForecastModel } from '../model/builder';
import type { GateInit, GateInitKind } from '../model/gateInit';
import { deriveSeed, mulberry32 } from '../model/random';
import type { Random } from '../model/random';
import { serializeModel } from '../model/serialize';
import type { SerializedModel } from '../model/serialize';
import { CELL_LABELS } from '../model/spec';
import type { CellType, ModelSpec } from '../model/spec';
import { trainModel } from '../model/train';
import type { BatchProvider, GradientLog, TrainProgress, TrainStatus } from '../model/train';
import {
  CURRICULUM_ADVANCE,
  challengeGateInit,
  challengeSteps,
  challengeInitName,
  challengeSeriesKey,
  curriculumLags,
  resolveChallengeSettings,
  type ChallengeSettings,
} from './challengeSettings';
import type { ChallengeTask } from './challengeTasks';

export { DEFAULT_CHALLENGE_SETTINGS, challengeInitName, challengeSeriesKey } from './challengeSettings';
export type { ChallengeSettings } from './challengeSettings';

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

/** One trained cell at one lag. JSON-ready except `model.weightData` (an ArrayBuffer). */
export interface ChallengeRecord {
  task: ChallengeTask;
  cell: CellType;
  lag: number;
  /** How the gate biases started. */
  gateInit: GateInit;
  /** Share of test examples answered correctly (copy) or within ADDING_TOLERANCE (adding). */
  accuracy: number;
  /** Accuracy of always giving the best constant answer, for reference. */
  chance: number;
  /** Epochs run. */
  epochs: number;
  /** Training steps (batches) run. */
  steps: number;
  /** Whether the validation accuracy reached `stopAt` (training then stopped). */
  solved: boolean;
  /** With a curriculum: each lag trained at and the step it started at; null without. */
  curriculum: { lag: number; fromStep: number }[] | null;
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
  init: GateInitKind;
  /** The lag trained at now (below `lag` during a curriculum). */
  stageLag: number;
  training: TrainProgress;
}

/** Options of {@link runMemoryChallenge}. */
export interface ChallengeOptions {
  task: ChallengeTask;
  /** Lags (copy: steps between the marked symbol and the answer; adding: sequence length), each >= 2. */
  lags: readonly number[];
  /** Default ['rnn', 'lstm', 'gru']. */
  cells?: readonly CellType[];
  /**
   * Gate initialisations to train each gated cell with (default ['forget-bias']). A SimpleRNN has no gates: it
   * runs once per lag, with the first.
   */
  inits?: readonly GateInitKind[];
  /** T_max of chrono initialisation; null or absent: the task's sequence length at each lag. */
  tMax?: number | null;
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
 * `length` (>= those steps) embeds the task in longer sequences, as a curriculum does: copy draws a longer prefix,
 * adding starts with length - lag zero steps.
 */
export function makeTaskData(
  task: ChallengeTask,
  lag: number,
  n: number,
  rand: Random,
  symbols = 8,
  prefix = 0,
  length?: number,
): TaskData {
  if (!Number.isInteger(lag) || lag < 2)
    throw new RangeError(`the lag must be a whole number of at least 2 (got ${lag})`);
  const own = challengeSteps(task, lag, prefix);
  const steps = length ?? own;
  if (!Number.isInteger(steps) || steps < own)
    throw new RangeError(`a ${task} example at lag ${lag} needs at least ${own} steps (got ${steps})`);
  if (task === 'copy') {
    const marked = steps - lag - 1;
    const features = symbols + 1;
    const x = new Float32Array(n * steps * features);
    const y = new Float32Array(n * symbols);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < steps; t++) {
        const symbol = Math.floor(rand() * symbols);
        x[(i * steps + t) * features + symbol] = 1;
        if (t === marked) {
          x[(i * steps + t) * features + symbols] = 1;
          y[i * symbols + symbol] = 1;
        }
      }
    }
    return { task, lag, n, steps, features, outputs: symbols, x, y };
  }
  const pad = steps - lag;
  const half = Math.floor(lag / 2);
  const x = new Float32Array(n * steps * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = pad; t < steps; t++) x[(i * steps + t) * 2] = rand();
    const first = pad + Math.floor(rand() * half);
    const second = pad + half + Math.floor(rand() * (lag - half));
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
 * Training examples at the lag a run currently trains at: an endless seeded stream (data 'fresh'), or one fixed
 * set per lag (data 'fixed'), drawn at the full sequence length of the target lag.
 */
class TaskBatches implements BatchProvider {
  readonly size: number;
  /** The lag examples are drawn at (the target lag, or a curriculum's current lag). */
  lag: number;
  private readonly fixed = new Map<number, TaskData>();
  private readonly stream: Random;

  constructor(
    private readonly task: ChallengeTask,
    private readonly s: ChallengeSettings,
    private readonly steps: number,
    lag: number,
    private readonly seed: number,
  ) {
    this.size = s.trainSize;
    this.lag = lag;
    this.stream = mulberry32(deriveSeed(seed, 0));
  }

  /** `n` examples at `lag` padded to the run's sequence length, from `rand`. */
  draw(lag: number, n: number, rand: Random): TaskData {
    return makeTaskData(this.task, lag, n, rand, this.s.symbols, this.s.prefix, this.steps);
  }

  batch(indices: Int32Array): { x: tf.Tensor; y: tf.Tensor } {
    if (this.s.data === 'fresh') return toTensors(this.draw(this.lag, indices.length, this.stream));
    let set = this.fixed.get(this.lag);
    if (!set) {
      // The first lag's set comes from the stream's seed, as runs saved before curricula drew it.
      const rand = mulberry32(
        this.fixed.size === 0 ? deriveSeed(this.seed, 0) : deriveSeed(this.seed, 10 + this.lag),
      );
      set = this.draw(this.lag, this.s.trainSize, rand);
      this.fixed.set(this.lag, set);
    }
    const { steps, features, outputs } = set;
    const x = new Float32Array(indices.length * steps * features);
    const y = new Float32Array(indices.length * outputs);
    indices.forEach((row, i) => {
      x.set(set.x.subarray(row * steps * features, (row + 1) * steps * features), i * steps * features);
      y.set(set.y.subarray(row * outputs, (row + 1) * outputs), i * outputs);
    });
    return toTensors({ ...set, n: indices.length, x, y });
  }
}

/**
 * Trains one cell on one task at one lag and measures its test accuracy. The data depend only on (seed, task, lag)
 * and the initial weights on (seed, lag, gate initialisation): every cell sees the same examples. Training stops
 * once the validation accuracy reaches `stopAt` (solved) or after the budget (`maxSteps` or `epochs`); with a
 * curriculum it starts at a short lag and doubles it each time that lag is mastered.
 */
export async function runChallengeCell(
  task: ChallengeTask,
  cell: CellType,
  lag: number,
  options: {
    seed?: number;
    settings?: Partial<ChallengeSettings>;
    /** Default 'forget-bias'. */
    init?: GateInitKind;
    /** Chrono's T_max; null or absent: the sequence length. */
    tMax?: number | null;
    keepModels?: boolean;
    signal?: AbortSignal;
    onProgress?: (progress: TrainProgress, stageLag: number) => void;
  } = {},
): Promise<ChallengeRecord> {
  const s = resolveChallengeSettings(options.settings);
  const seed = options.seed ?? 1;
  const started = performance.now();
  const dataSeed = deriveSeed(seed, lag * 2 + (task === 'copy' ? 0 : 1));
  const steps = challengeSteps(task, lag, s.prefix);
  const stages = s.curriculum ? curriculumLags(lag) : [lag];
  const train = new TaskBatches(task, s, steps, stages[0], dataSeed);
  const validation = train.draw(lag, s.validationSize, mulberry32(deriveSeed(dataSeed, 1)));
  const test = train.draw(lag, s.testSize, mulberry32(deriveSeed(dataSeed, 2)));
  const gateInit = challengeGateInit(options.init ?? 'forget-bias', options.tMax ?? null, steps);
  const spec: ModelSpec = {
    kind: 'forecast',
    cell,
    layers: 1,
    units: s.units,
    dropout: 0,
    lookback: steps,
    features: validation.features,
    horizon: validation.outputs,
    seed: deriveSeed(seed, 100 + lag),
    gateInit,
  };
  const model = buildForecastModel(spec);
  const valT = toTensors(validation);
  const testT = toTensors(test);
  const stageChecks = new Map<number, { data: TaskData; x: tf.Tensor3D }>();
  const loss =
    task === 'copy'
      ? (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred)
      : (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.meanSquaredError(yTrue, yPred);
  const accuracyOn = (x: tf.Tensor, data: TaskData): number => {
    const predicted = tf.tidy(
      () => (model.apply(x, { training: false }) as tf.Tensor).dataSync() as Float32Array,
    );
    return taskAccuracy(task, predicted, data.y, data.outputs);
  };
  const valAccuracy: number[] = [];
  const curriculum = s.curriculum ? [{ lag: stages[0], fromStep: 0 }] : null;
  let stage = 0;
  let step = 0;
  const inner = new AbortController();
  let solved = false;
  const onOuterAbort = () => inner.abort();
  options.signal?.addEventListener('abort', onOuterAbort);
  if (options.signal?.aborted) inner.abort();
  try {
    const result = await trainModel({
      model,
      loss,
      train,
      validation: valT,
      optimizer: { name: 'adam', learningRate: s.learningRate },
      batchSize: s.batchSize,
      epochs: s.epochs,
      patience: null,
      clipNorm: s.clipNorm,
      seed: deriveSeed(seed, 7),
      signal: inner.signal,
      onProgress: (progress) => {
        step = progress.step;
        options.onProgress?.(progress, train.lag);
      },
      onEpoch: () => {
        // Validation accuracy at the target lag of the weights at the end of this epoch (before any restore).
        const acc = accuracyOn(valT.x, validation);
        valAccuracy.push(acc);
        if (acc >= s.stopAt && !inner.signal.aborted) {
          solved = true;
          inner.abort();
          return;
        }
        if (stage < stages.length - 1) {
          const current = stages[stage];
          let check = stageChecks.get(current);
          if (!check) {
            const data = train.draw(
              current,
              s.validationSize,
              mulberry32(deriveSeed(dataSeed, 20 + current)),
            );
            check = { data, x: tf.tensor3d(data.x, [data.n, data.steps, data.features]) };
            stageChecks.set(current, check);
          }
          if (accuracyOn(check.x, check.data) >= CURRICULUM_ADVANCE) {
            stage += 1;
            train.lag = stages[stage];
            curriculum?.push({ lag: train.lag, fromStep: step });
          }
        }
      },
    });
    const accuracy = taskAccuracy(task, await predictAll(model, testT.x), test.y, test.outputs);
    const status: TrainStatus = solved && result.status === 'stopped' ? 'completed' : result.status;
    return {
      task,
      cell,
      lag,
      gateInit,
      accuracy,
      chance: chanceAccuracy(task, s.symbols),
      epochs: result.epochsRun,
      steps: result.stepsRun,
      solved,
      curriculum,
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
    tf.dispose([valT.x, valT.y, testT.x, testT.y, ...[...stageChecks.values()].map((c) => c.x)]);
    model.dispose();
  }
}

/** "LSTM", or "LSTM (chrono)" when the records compare initialisations. */
function seriesLabel(record: ChallengeRecord, inits: boolean): string {
  const name = CELL_LABELS[record.cell];
  return inits && record.cell !== 'rnn' ? `${name} (${challengeInitName(record.gateInit)})` : name;
}

/**
 * A sentence per cell (and initialisation, when several were run): the largest lag it still masters (> 90%) and
 * the first lag where it fails (< 60%).
 */
export function summarizeChallenge(records: readonly ChallengeRecord[]): string {
  const keys = [...new Set(records.map(challengeSeriesKey))];
  if (keys.length === 0) return 'No run finished.';
  const inits = new Set(records.filter((r) => r.cell !== 'rnn').map((r) => r.gateInit.kind)).size > 1;
  const parts = keys.map((key) => {
    const own = records.filter((r) => challengeSeriesKey(r) === key).sort((a, b) => a.lag - b.lag);
    const name = seriesLabel(own[0], inits);
    const pct = (r: ChallengeRecord) => `${Math.round(r.accuracy * 100)}%`;
    const mastered = own.filter((r) => r.accuracy > 0.9);
    const failed = own.find((r) => r.accuracy < 0.6);
    if (mastered.length === own.length)
      return `${name} stays above 90% at every lag up to ${own[own.length - 1].lag}`;
    if (!failed) return `${name} stays above 60% at every lag up to ${own[own.length - 1].lag}`;
    const head =
      mastered.length > 0
        ? `${name} stays above 90% up to lag ${mastered[mastered.length - 1].lag}`
        : `${name} never reaches 90%`;
    return `${head} and falls below 60% at lag ${failed.lag} (${pct(failed)})`;
  });
  return `${parts.join('; ')}.`;
}

/**
 * Runs the memory challenge: for each lag (ascending), each cell and each gate initialisation, trains a fresh
 * network and measures its accuracy. Progress per training batch; an aborted signal stops the current run (kept,
 * status 'stopped') and skips the rest. Frees every tensor it creates.
 */
export async function runMemoryChallenge(options: ChallengeOptions): Promise<ChallengeResult> {
  const cells = options.cells ?? (['rnn', 'lstm', 'gru'] as const);
  const inits: GateInitKind[] = [...new Set<GateInitKind>(options.inits ?? ['forget-bias'])];
  const lags = [...options.lags].sort((a, b) => a - b);
  const seed = options.seed ?? 1;
  const settings = resolveChallengeSettings(options.settings);
  if (lags.length === 0 || cells.length === 0 || inits.length === 0)
    throw new RangeError('the memory challenge needs at least one lag, one cell and one initialisation');
  for (const lag of lags) {
    if (!Number.isInteger(lag) || lag < 2)
      throw new RangeError(`every lag must be a whole number of at least 2 (got ${lag})`);
  }
  const plan = lags.flatMap((lag) =>
    cells.flatMap((cell) => (cell === 'rnn' ? [inits[0]] : inits).map((init) => ({ lag, cell, init }))),
  );
  const records: ChallengeRecord[] = [];
  let stopped = false;
  for (const [index, { lag, cell, init }] of plan.entries()) {
    if (options.signal?.aborted) {
      stopped = true;
      break;
    }
    const record = await runChallengeCell(options.task, cell, lag, {
      seed,
      settings,
      init,
      tMax: options.tMax ?? null,
      keepModels: options.keepModels,
      signal: options.signal,
      onProgress: (training, stageLag) =>
        options.onProgress?.({ run: index, runs: plan.length, cell, lag, init, stageLag, training }),
    });
    records.push(record);
    options.onRecord?.(record);
    if (record.status === 'stopped') {
      stopped = true;
      break;
    }
  }
  return { task: options.task, settings, seed, records, stopped, summary: summarizeChallenge(records) };
}
