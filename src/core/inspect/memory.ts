/**
 * Memory horizon: how far back a trained model looks.
 * - Gradient saliency: the L2 norm of d(objective)/d(input k steps back), averaged over windows, k = 1..T.
 *   The objective is the forecast (summed over the horizon, or one step) or, for a token model, the
 *   log-probability of the next token. A vanishing gradient shows as a curve that drops to zero fast.
 * - Context ablation: the error when only the last k steps of each window are kept and the earlier ones are
 *   replaced by the training mean (0 in z-scored space), across k.
 * - Effective memory: a number of steps from each, and a sentence.
 * Long computations run in batches, report progress, yield to the event loop and stop on an AbortSignal.
 */
import * as tf from '@tensorflow/tfjs';
import { yieldToEventLoop } from '../model/train';
import type { WindowsInput } from './replay';
import { windowsTensor } from './replay';

/**
 * What the saliency differentiates and the ablation scores.
 * forecast: a model with output [windows, horizon]; `step` (from 0) picks one horizon step, else the sum.
 * nextToken: a token model with logits [windows, time, vocab]; the objective is ln P(next token) after the
 * last step; `tokens` gives the next token per window (default: the model's most likely token).
 */
export type MemoryObjective =
  { kind: 'forecast'; step?: number | null } | { kind: 'nextToken'; tokens?: readonly number[] | null };

/** Progress of a memory computation: `done` of `total` batches of the phase. */
export interface MemoryProgress {
  phase: 'saliency' | 'ablation';
  done: number;
  total: number;
}

/** Options shared by the memory computations. */
export interface MemoryRunOptions {
  /** Windows per tfjs call (default 32). */
  batchSize?: number;
  /** Abort to stop between batches; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  onProgress?: (progress: MemoryProgress) => void;
}

/** Options of {@link gradientSaliency}. */
export interface SaliencyOptions extends MemoryRunOptions {
  /** Default: 'forecast' (sum over the horizon) for 2-D outputs, 'nextToken' for 3-D outputs. */
  objective?: MemoryObjective;
}

/** Gradient saliency per lag. JSON-ready. */
export interface SaliencyResult {
  objective: MemoryObjective['kind'];
  /** The horizon step differentiated (from 0), or null for the sum over the horizon / a token model. */
  step: number | null;
  windows: number;
  /** Time steps per window (T). */
  steps: number;
  /** k = 1..T: 1 is the last step of the window, T the first. */
  lags: number[];
  /** Per lag (index k - 1): the mean over windows of the L2 norm over features of the gradient. */
  norm: number[];
  /** norm / sum(norm): each lag's share of the saliency mass (zeros when all gradients are zero). */
  share: number[];
  /** Running sum of `share` from k = 1: the mass held by the last k steps. */
  cumulative: number[];
}

/** Options of {@link contextAblation}. */
export interface AblationOptions extends MemoryRunOptions {
  /**
   * forecast: the true targets [windows, horizon] (same space as the model output, e.g. scaled);
   * nextToken: the true next token per window.
   */
  targets: tf.Tensor | readonly number[] | readonly (readonly number[])[];
  /** Default from the output rank as for saliency; a forecast `step` scores that horizon step only. */
  objective?: MemoryObjective;
  /** The k values to try (default 1..T); T is always added. */
  lags?: readonly number[];
  /** Per feature, the value that replaces dropped steps (default 0: the training mean of z-scored data; see featureMeans). */
  fill?: readonly number[];
}

/** Error per kept context length. JSON-ready. */
export interface AblationResult {
  objective: MemoryObjective['kind'];
  /** 'mse' (forecast, model output space) or 'nll' (token model, nats per window). */
  metric: 'mse' | 'nll';
  windows: number;
  steps: number;
  /** Kept steps k, ascending; the last is T (the full window). */
  lags: number[];
  /** Error with only the last k steps kept, per entry of `lags`. */
  error: number[];
  /** Error with the full window (k = T). */
  fullError: number;
  /** The per-feature fill value used. */
  fill: number[];
}

/** Effective memory in steps, from saliency and / or ablation. JSON-ready. */
export interface EffectiveMemory {
  /** Window length T. */
  steps: number;
  /** Smallest k whose last k steps hold `mass` of the saliency; null without saliency or with zero gradients. */
  saliencySteps: number | null;
  /** Smallest k from which on every tried k' >= k keeps the error within `tolerance` of the full window's; null without ablation. */
  ablationSteps: number | null;
  mass: number;
  tolerance: number;
  sentence: string;
}

/** The whole memory-horizon analysis of one model. JSON-ready. */
export interface MemoryHorizon {
  saliency: SaliencyResult;
  ablation: AblationResult | null;
  effective: EffectiveMemory;
}

type Targets = AblationOptions['targets'];

function resolveObjective(model: tf.LayersModel, objective: MemoryObjective | undefined): MemoryObjective {
  if (objective) return objective;
  const rank = model.outputs[0].shape.length;
  if (rank === 2) return { kind: 'forecast' };
  if (rank === 3) return { kind: 'nextToken' };
  throw new Error(`model ${model.name}: cannot tell the objective from an output of rank ${rank}`);
}

/** Model output for x (inference mode): [n, horizon] or [n, time, vocab]. */
function forward(model: tf.LayersModel, x: tf.Tensor): tf.Tensor {
  return model.apply(x, { training: false }) as tf.Tensor;
}

/** Logits after the last step of each window: [n, vocab]. */
function lastLogits(y: tf.Tensor): tf.Tensor2D {
  const [n, t, v] = y.shape;
  return tf.reshape(tf.slice(y, [0, t - 1, 0], [n, 1, v]), [n, v]);
}

function checkStep(objective: MemoryObjective, horizon: number): number | null {
  if (objective.kind !== 'forecast' || objective.step == null) return null;
  const step = objective.step;
  if (!Number.isInteger(step) || step < 0 || step >= horizon) {
    throw new RangeError(`forecast step ${step} is outside the horizon of ${horizon} steps`);
  }
  return step;
}

/** Sequence of batch start indices. */
function batches(n: number, size: number): number[] {
  const starts: number[] = [];
  for (let s = 0; s < n; s += size) starts.push(s);
  return starts;
}

/** Mean per feature over every window and step: the fill value for ablation, from training windows [n, time, features]. */
export function featureMeans(windows: WindowsInput): number[] {
  const { x, owned } = windowsTensor(windows);
  const means = tf.tidy(() => tf.mean(x, [0, 1]).arraySync() as number[]);
  if (owned) x.dispose();
  return means;
}

/**
 * Gradient saliency per lag: for each window [T, features] the gradient of the objective with respect to
 * the input, its L2 norm over features at each step, averaged over windows; lag k = T - t for step t
 * (0-based). windows: [n, T, features] in the model's input space. Frees every tensor it creates.
 */
export async function gradientSaliency(
  model: tf.LayersModel,
  windows: WindowsInput,
  options: SaliencyOptions = {},
): Promise<SaliencyResult> {
  const objective = resolveObjective(model, options.objective);
  const batchSize = Math.max(1, options.batchSize ?? 32);
  const { x, owned } = windowsTensor(windows);
  const [n, steps] = x.shape;
  const sums = new Float64Array(steps);
  let step: number | null = null;
  try {
    const horizon = model.outputs[0].shape[1] ?? 0;
    step = checkStep(objective, horizon);
    const tokens = objective.kind === 'nextToken' ? (objective.tokens ?? null) : null;
    if (tokens && tokens.length !== n)
      throw new RangeError(`expected one next token per window (${n}), got ${tokens.length}`);
    const starts = batches(n, batchSize);
    for (const [i, start] of starts.entries()) {
      options.signal?.throwIfAborted();
      const count = Math.min(batchSize, n - start);
      const norms = tf.tidy(() => {
        const chunk = tf.slice(x, [start], [count]);
        let f: (input: tf.Tensor) => tf.Scalar;
        if (objective.kind === 'forecast') {
          f = (input) => {
            const y = forward(model, input);
            return tf.sum(step === null ? y : tf.slice(y, [0, step], [count, 1]));
          };
        } else {
          const chosen = tokens
            ? tf.tensor1d(tokens.slice(start, start + count) as number[], 'int32')
            : tf.argMax(lastLogits(forward(model, chunk)), 1);
          const mask = tf.oneHot(chosen as tf.Tensor1D, model.outputs[0].shape[2] ?? 0);
          f = (input) => tf.sum(tf.mul(tf.logSoftmax(lastLogits(forward(model, input))), mask));
        }
        const grad = tf.grad(f)(chunk);
        return tf.sum(tf.sqrt(tf.sum(tf.square(grad), 2)), 0);
      });
      const values = await norms.data();
      norms.dispose();
      for (let t = 0; t < steps; t++) sums[t] += values[t];
      options.onProgress?.({ phase: 'saliency', done: i + 1, total: starts.length });
      await yieldToEventLoop();
    }
  } finally {
    if (owned) x.dispose();
  }
  const norm = Array.from({ length: steps }, (_, k) => sums[steps - 1 - k] / n);
  const total = norm.reduce((a, b) => a + b, 0);
  const share = norm.map((v) => (total > 0 ? v / total : 0));
  let running = 0;
  const cumulative = share.map((v) => (running += v));
  return {
    objective: objective.kind,
    step,
    windows: n,
    steps,
    lags: norm.map((_, k) => k + 1),
    norm,
    share,
    cumulative,
  };
}

function targetsTensor(targets: Targets, objective: MemoryObjective, n: number): tf.Tensor {
  if (targets instanceof tf.Tensor) {
    if (targets.shape[0] !== n)
      throw new RangeError(`expected targets for ${n} windows, got ${targets.shape[0]}`);
    return targets.clone();
  }
  if (targets.length !== n) throw new RangeError(`expected targets for ${n} windows, got ${targets.length}`);
  if (objective.kind === 'nextToken') return tf.tensor1d(targets as number[], 'int32');
  return tf.tensor2d(targets as number[][]);
}

/**
 * Context ablation: for each k in `lags` (default 1..T), the error when each window keeps only its last k
 * steps and the earlier ones are set to `fill`. Forecast models: mean squared error over windows and
 * horizon steps (or the chosen step); token models: mean negative log-likelihood of the next token (nats).
 * Frees every tensor it creates.
 */
export async function contextAblation(
  model: tf.LayersModel,
  windows: WindowsInput,
  options: AblationOptions,
): Promise<AblationResult> {
  const objective = resolveObjective(model, options.objective);
  const batchSize = Math.max(1, options.batchSize ?? 32);
  const { x, owned } = windowsTensor(windows);
  const [n, steps, features] = x.shape;
  const fill = options.fill ? [...options.fill] : new Array<number>(features).fill(0);
  if (fill.length !== features)
    throw new RangeError(`fill needs one value per feature (${features}), got ${fill.length}`);
  const lags = [
    ...new Set([...(options.lags ?? Array.from({ length: steps }, (_, k) => k + 1)), steps]),
  ].sort((a, b) => a - b);
  if (lags.some((k) => !Number.isInteger(k) || k < 1 || k > steps)) {
    throw new RangeError(`context lengths must be whole numbers from 1 to ${steps}`);
  }
  let y: tf.Tensor | null = null;
  const fillTensor = tf.tensor1d(fill);
  const error: number[] = [];
  try {
    y = targetsTensor(options.targets, objective, n);
    const target = y;
    const step = checkStep(objective, model.outputs[0].shape[1] ?? 0);
    const starts = batches(n, batchSize);
    const total = starts.length * lags.length;
    let done = 0;
    for (const k of lags) {
      let sum = 0;
      for (const start of starts) {
        options.signal?.throwIfAborted();
        const count = Math.min(batchSize, n - start);
        const value = tf.tidy(() => {
          const chunk = tf.slice(x, [start], [count]);
          const keep = tf.reshape(
            tf.tensor1d(Array.from({ length: steps }, (_, t) => (t >= steps - k ? 1 : 0))),
            [1, steps, 1],
          );
          const input = tf.add(
            tf.mul(chunk, keep),
            tf.mul(tf.sub(1, keep), tf.reshape(fillTensor, [1, 1, features])),
          );
          const out = forward(model, input);
          const truth = tf.slice(target, [start], [count]);
          if (objective.kind === 'nextToken') {
            const logp = tf.logSoftmax(lastLogits(out));
            return tf.neg(tf.sum(tf.mul(logp, tf.oneHot(truth as tf.Tensor1D, logp.shape[1]))));
          }
          const pred = step === null ? out : tf.slice(out, [0, step], [count, 1]);
          const actual = step === null ? truth : tf.slice(truth, [0, step], [count, 1]);
          return tf.div(tf.sum(tf.square(tf.sub(pred, actual))), pred.shape[1] ?? 1);
        });
        sum += (await value.data())[0];
        value.dispose();
        done++;
        options.onProgress?.({ phase: 'ablation', done, total });
        await yieldToEventLoop();
      }
      error.push(sum / n);
    }
  } finally {
    if (owned) x.dispose();
    y?.dispose();
    fillTensor.dispose();
  }
  return {
    objective: objective.kind,
    metric: objective.kind === 'nextToken' ? 'nll' : 'mse',
    windows: n,
    steps,
    lags,
    error,
    fullError: error[error.length - 1],
    fill,
  };
}

/**
 * The effective memory in steps: from saliency, the smallest k whose last k steps hold `mass` (default 0.9)
 * of the saliency; from ablation, the smallest k from which on the error stays within `tolerance` (default
 * 0.05, relative) of the full window's. With a sentence for the user.
 */
export function effectiveMemory(
  saliency: SaliencyResult | null,
  ablation: AblationResult | null,
  options: { mass?: number; tolerance?: number } = {},
): EffectiveMemory {
  const mass = options.mass ?? 0.9;
  const tolerance = options.tolerance ?? 0.05;
  const steps = saliency?.steps ?? ablation?.steps ?? 0;
  let saliencySteps: number | null = null;
  let zeroGradient = false;
  if (saliency) {
    const total = saliency.norm.reduce((a, b) => a + b, 0);
    if (total > 0) {
      const i = saliency.cumulative.findIndex((c) => c >= mass - 1e-9);
      saliencySteps = i < 0 ? saliency.steps : i + 1;
    } else {
      zeroGradient = true;
    }
  }
  let ablationSteps: number | null = null;
  if (ablation) {
    const limit = ablation.fullError * (1 + tolerance) + 1e-12;
    let i = ablation.lags.length - 1;
    while (i > 0 && ablation.error[i - 1] <= limit) i--;
    ablationSteps = ablation.lags[i];
  }
  const stepsWord = (k: number) => `${k} step${k === 1 ? '' : 's'}`;
  const lastSteps = (k: number) => (k === 1 ? 'the last step' : `the last ${k} steps`);
  const parts: string[] = [];
  if (saliencySteps !== null) {
    parts.push(
      `${lastSteps(saliencySteps)} ${saliencySteps === 1 ? 'holds' : 'hold'} ${Math.round(mass * 100)}% of the gradient saliency`,
    );
  }
  if (zeroGradient) parts.push('the output does not change with the input (all gradients are zero)');
  if (ablationSteps !== null) {
    parts.push(
      `keeping only ${lastSteps(ablationSteps)} (the rest set to the training mean) keeps the error within ${Math.round(tolerance * 100)}% of the full window's`,
    );
  }
  const estimates = [saliencySteps, ablationSteps].filter((v): v is number => v !== null);
  let sentence: string;
  if (estimates.length === 0) {
    sentence =
      parts.length > 0
        ? `No effective memory: ${parts.join('; ')}.`
        : 'No memory estimate: nothing was measured.';
  } else {
    const lo = Math.min(...estimates);
    const hi = Math.max(...estimates);
    const head =
      lo === hi
        ? `Effective memory: about ${stepsWord(lo)} of ${steps}`
        : `Effective memory: about ${lo}–${hi} steps of ${steps}`;
    sentence = `${head}: ${parts.join('; ')}.`;
    if (hi >= steps && steps > 1) sentence += ' The model uses the whole window: a longer window might help.';
  }
  return { steps, saliencySteps, ablationSteps, mass, tolerance, sentence };
}

/**
 * Saliency, ablation (when targets are given) and the effective memory of one model on the same windows.
 * Progress reports both phases in turn.
 */
export async function memoryHorizon(
  model: tf.LayersModel,
  windows: WindowsInput,
  options: MemoryRunOptions & {
    objective?: MemoryObjective;
    targets?: Targets | null;
    lags?: readonly number[];
    fill?: readonly number[];
    mass?: number;
    tolerance?: number;
  } = {},
): Promise<MemoryHorizon> {
  const { x, owned } = windowsTensor(windows);
  try {
    const saliency = await gradientSaliency(model, x, options);
    const ablation =
      options.targets != null
        ? await contextAblation(model, x, { ...options, targets: options.targets })
        : null;
    return { saliency, ablation, effective: effectiveMemory(saliency, ablation, options) };
  } finally {
    if (owned) x.dispose();
  }
}
