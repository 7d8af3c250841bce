/**
 * A generic custom training loop for tf.LayersModel (not model.fit): seeded shuffling, gradient-norm
 * logging before and after global-norm clipping at every step, early stopping on validation loss with the
 * best weights restored, AbortSignal support, divergence detection and progress callbacks. It yields to the
 * event loop between batches so a Web Worker can receive a stop message. Every tensor it creates is disposed.
 *
 * Used by the forecaster (MSE on windows) and reusable for other models, e.g. token models trained with
 * softmax cross-entropy: pass the model, a loss function and the data.
 */
import { formatSignificant } from '../common/format';
import * as tf from '@tensorflow/tfjs';
import { mulberry32, permutation } from './random';
import type { OptimizerName } from './spec';

export interface OptimizerSpec {
  name: OptimizerName;
  learningRate: number;
}

/** A dataset held as two tensors whose first axis is the example: x [n, ...], y [n, ...]. */
export interface TensorDataset {
  x: tf.Tensor;
  y: tf.Tensor;
}

/** A dataset that builds batches on demand; the trainer disposes the tensors it returns. */
export interface BatchProvider {
  /** Number of examples. */
  readonly size: number;
  /** The examples at `indices` as x [indices.length, ...] and y [indices.length, ...]. */
  batch(indices: Int32Array): { x: tf.Tensor; y: tf.Tensor };
}

export type TrainingData = TensorDataset | BatchProvider;

/**
 * Mean loss of a batch as a scalar tensor (shape []); yTrue is the batch's y, yPred the model output
 * (e.g. [batch, horizon] for forecasts, [batch, vocab] logits for tokens).
 */
export type LossFunction = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

export interface TrainProgress {
  /** Epoch index from 0. */
  epoch: number;
  /** Batch index within the epoch, from 0. */
  batch: number;
  batchesPerEpoch: number;
  /** Steps done so far in the run (1 after the first batch). */
  step: number;
  totalSteps: number;
  /** This batch's training loss. */
  loss: number;
  /** Estimated seconds left if every epoch runs (early stopping may end sooner). */
  etaSeconds: number;
  elapsedSeconds: number;
}

export interface EpochSummary {
  /** Epoch index from 0. */
  epoch: number;
  /** Mean training loss over the epoch's batches (weighted by batch size). */
  loss: number;
  /** Validation loss after the epoch; null without validation data. */
  valLoss: number | null;
  /** True when this epoch has the best validation loss so far. */
  improved: boolean;
  bestEpoch: number | null;
  epochSeconds: number;
  elapsedSeconds: number;
}

export interface GradientVariable {
  /** e.g. 'lstm_1/kernel'. */
  name: string;
  /** e.g. 'lstm_1'. */
  layer: string;
  shape: number[];
}

/** Gradient norms (L2), JSON-ready. */
export interface GradientLog {
  clipNorm: number | null;
  /** Per step: the epoch index it belongs to. */
  epoch: number[];
  /** Per step: global norm of all gradients before clipping. */
  before: number[];
  /** Per step: global norm after clipping, measured on the clipped gradients (= before when not clipped). */
  after: number[];
  /** Per step: whether clipping scaled the gradients down. */
  clipped: boolean[];
  variables: GradientVariable[];
  /** One row per epoch that ran at least one step: the mean per-variable norm (before clipping), [epoch][variable]. */
  perEpoch: number[][];
  /** One row per epoch: the mean per-layer norm (before clipping), [epoch][layer], layers in `layers` order. */
  perEpochLayer: number[][];
  layers: string[];
}

export type TrainStatus = 'completed' | 'stopped' | 'diverged';

export interface TrainResult {
  /** completed: ran all epochs or stopped early on patience; stopped: aborted; diverged: non-finite loss. */
  status: TrainStatus;
  /** A sentence for the user. */
  message: string;
  earlyStopped: boolean;
  /** Epochs that finished and, with validation data, were validated (history has one entry per epoch run). */
  epochsRun: number;
  stepsRun: number;
  /** Epoch (from 0) whose weights the model holds at the end; null when none was validated. */
  bestEpoch: number | null;
  bestValLoss: number | null;
  /** True when the model's weights were set back to those of `bestEpoch`. */
  restoredBest: boolean;
  history: { loss: number[]; valLoss: number[] };
  gradients: GradientLog;
  durationMs: number;
}

export interface TrainOptions {
  model: tf.LayersModel;
  loss: LossFunction;
  train: TrainingData;
  /** Validation data for early stopping and best-weight restoring; optional. */
  validation?: TrainingData | null;
  /** An optimizer spec (created and disposed by the trainer) or an optimizer the caller owns. */
  optimizer: OptimizerSpec | tf.Optimizer;
  batchSize: number;
  epochs: number;
  /** Epochs without improvement of the validation loss before stopping; null = never stop early. */
  patience?: number | null;
  /** Clip gradients to this global L2 norm; null = no clipping. */
  clipNorm?: number | null;
  /** Seed of the per-epoch shuffling. */
  seed: number;
  /** Keep the weights of the best validation epoch at the end (default true; needs validation data). */
  restoreBestWeights?: boolean;
  /** Batch size for the validation pass (default max(batchSize, 256)). */
  validationBatchSize?: number;
  signal?: AbortSignal;
  /** Called after every batch; cheap enough to throttle on the receiving side. */
  onProgress?: (progress: TrainProgress) => void;
  onEpoch?: (summary: EpochSummary) => void;
}

/** Creates a tfjs optimizer from a spec; the caller disposes it. */
export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  switch (spec.name) {
    case 'adam':
      return tf.train.adam(spec.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(spec.learningRate);
    case 'sgd':
      return tf.train.sgd(spec.learningRate);
  }
}

/** A MessagePort as both Node and browsers provide it (Node adds ref/unref; its typings only declare the EventEmitter side). */
interface YieldPort {
  onmessage: (() => void) | null;
  postMessage(value: unknown): void;
  ref?(): void;
  unref?(): void;
}

let yieldChannel: { send: YieldPort; receive: YieldPort; waiting: (() => void)[] } | null = null;

/**
 * Lets other tasks run (a Worker's incoming messages, timers) before the next batch. Uses a MessageChannel
 * round trip, which is not clamped to 1-4 ms like nested setTimeout(0); falls back to setTimeout. One channel
 * is reused (a new one per batch costs more than the round trip); in Node it holds the process open only while
 * a round trip is under way.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  if (!yieldChannel) {
    const channel = new MessageChannel();
    const state = {
      send: channel.port2 as unknown as YieldPort,
      receive: channel.port1 as unknown as YieldPort,
      waiting: [] as (() => void)[],
    };
    state.receive.onmessage = () => {
      const resolve = state.waiting.shift();
      if (state.waiting.length === 0) state.receive.unref?.();
      resolve?.();
    };
    state.receive.unref?.();
    yieldChannel = state;
  }
  const channel = yieldChannel;
  return new Promise((resolve) => {
    channel.waiting.push(resolve);
    channel.receive.ref?.();
    channel.send.postMessage(null);
  });
}

function isBatchProvider(data: TrainingData): data is BatchProvider {
  return typeof (data as BatchProvider).batch === 'function';
}

/** Number of examples in a dataset. */
export function datasetSize(data: TrainingData): number {
  return isBatchProvider(data) ? data.size : data.x.shape[0];
}

function takeBatch(data: TrainingData, indices: Int32Array): { x: tf.Tensor; y: tf.Tensor } {
  if (isBatchProvider(data)) return data.batch(indices);
  return tf.tidy(() => {
    const idx = tf.tensor1d(indices, 'int32');
    return { x: tf.gather(data.x, idx), y: tf.gather(data.y, idx) };
  });
}

function rangeBatch(data: TrainingData, start: number, count: number): { x: tf.Tensor; y: tf.Tensor } {
  if (isBatchProvider(data)) {
    const idx = new Int32Array(count);
    for (let i = 0; i < count; i++) idx[i] = start + i;
    return data.batch(idx);
  }
  const slice = (t: tf.Tensor) => tf.slice(t, [start], [count]);
  return { x: slice(data.x), y: slice(data.y) };
}

function isOptimizer(o: OptimizerSpec | tf.Optimizer): o is tf.Optimizer {
  return o instanceof tf.Optimizer;
}

/**
 * Mean loss of `model` on `data` in inference mode (dropout off), batches in order, weighted by batch size.
 * Deterministic for given weights, data and batch size.
 */
export async function evaluateLoss(
  model: tf.LayersModel,
  loss: LossFunction,
  data: TrainingData,
  batchSize: number,
): Promise<number> {
  const n = datasetSize(data);
  let total = 0;
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const { x, y } = rangeBatch(data, start, count);
    const value = tf.tidy(() => loss(y, model.apply(x, { training: false }) as tf.Tensor));
    tf.dispose([x, y]);
    const [v] = await value.data();
    value.dispose();
    total += v * count;
  }
  return total / n;
}

/**
 * Runs `model` in inference mode on x [n, ...] in batches and returns its output as one Float32Array,
 * row-major with shape [n, ...outputShape].
 */
export async function predictBatched(
  model: tf.LayersModel,
  x: tf.Tensor,
  batchSize = 256,
): Promise<{ data: Float32Array; shape: number[] }> {
  const n = x.shape[0];
  const parts: Float32Array[] = [];
  let shape: number[] = [n];
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const out = tf.tidy(() => model.apply(tf.slice(x, [start], [count]), { training: false }) as tf.Tensor);
    shape = [n, ...out.shape.slice(1)];
    parts.push((await out.data()) as Float32Array);
    out.dispose();
  }
  const size = shape.reduce((p, q) => p * q, 1);
  const data = new Float32Array(size);
  let offset = 0;
  for (const p of parts) {
    data.set(p, offset);
    offset += p.length;
  }
  return { data, shape };
}

/**
 * Trains `model` with a custom loop and returns the history, the gradient-norm log and the outcome.
 * Per step: forward in training mode, loss, gradients (optimizer.computeGradients), global norm, clipping
 * by global norm, applyGradients. A non-finite loss or gradient norm stops the run before the update
 * (status 'diverged'); an aborted `signal` stops after the current batch (status 'stopped'). In both cases,
 * and after early stopping, the best validated weights so far are restored.
 */
export async function trainModel(options: TrainOptions): Promise<TrainResult> {
  const { model, loss, train, validation, batchSize, epochs, seed, signal, onProgress, onEpoch } = options;
  const patience = options.patience ?? null;
  const clipNorm = options.clipNorm ?? null;
  const restoreBest = options.restoreBestWeights ?? true;
  const valBatch = options.validationBatchSize ?? Math.max(batchSize, 256);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;

  const n = datasetSize(train);
  if (n === 0) throw new RangeError('trainModel needs at least one training example');
  if (!(batchSize >= 1) || !(epochs >= 1)) throw new RangeError('batchSize and epochs must be at least 1');
  const hasValidation = validation != null && datasetSize(validation) > 0;

  const trainable = model.trainableWeights;
  const variables = trainable.map((w) => w.read() as tf.Variable);
  const varNames = variables.map((v) => v.name);
  const gradVars: GradientVariable[] = trainable.map((w) => ({
    name: w.originalName,
    layer: w.originalName.split('/')[0],
    shape: [...w.read().shape],
  }));
  const layers = [...new Set(gradVars.map((v) => v.layer))];
  const layerOf = gradVars.map((v) => layers.indexOf(v.layer));
  const gradients: GradientLog = {
    clipNorm,
    epoch: [],
    before: [],
    after: [],
    clipped: [],
    variables: gradVars,
    perEpoch: [],
    perEpochLayer: [],
    layers,
  };

  const ownsOptimizer = !isOptimizer(options.optimizer);
  const optimizer = isOptimizer(options.optimizer) ? options.optimizer : createOptimizer(options.optimizer);
  const learningRate = isOptimizer(options.optimizer) ? null : options.optimizer.learningRate;
  const rand = mulberry32(seed);
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const totalSteps = epochs * batchesPerEpoch;

  const history = { loss: [] as number[], valLoss: [] as number[] };
  let best: tf.Tensor[] | null = null;
  let bestEpoch: number | null = null;
  let bestValLoss = Infinity;
  let sinceBest = 0;
  let status: TrainStatus = 'completed';
  let earlyStopped = false;
  let failure = '';
  let step = 0;
  let epochsRun = 0;
  let restoredBest = false;

  try {
    epochLoop: for (let epoch = 0; epoch < epochs; epoch++) {
      const epochStart = performance.now();
      const order = permutation(n, rand);
      let lossSum = 0;
      let seen = 0;
      let stepsInEpoch = 0;
      const varNormSum = new Float64Array(variables.length);
      const layerNormSum = new Float64Array(layers.length);
      const closeEpochNorms = () => {
        if (stepsInEpoch === 0) return;
        gradients.perEpoch.push(Array.from(varNormSum, (s) => s / stepsInEpoch));
        gradients.perEpochLayer.push(Array.from(layerNormSum, (s) => s / stepsInEpoch));
      };

      for (let b = 0; b < batchesPerEpoch; b++) {
        if (signal?.aborted) {
          status = 'stopped';
          failure = `Stopped at epoch ${epoch + 1}, batch ${b + 1} of ${batchesPerEpoch}, as requested`;
          closeEpochNorms();
          break epochLoop;
        }
        const indices = order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
        const batch = takeBatch(train, indices);
        const { value, grads } = optimizer.computeGradients(
          () => loss(batch.y, model.apply(batch.x, { training: true }) as tf.Tensor) as tf.Scalar,
          variables,
        );
        tf.dispose([batch.x, batch.y]);
        const gradList = varNames.map((name) => grads[name]);
        const { stats, update } = tf.tidy(() => {
          const sq = tf.stack(gradList.map((g) => tf.sum(tf.square(g))));
          const norm = tf.sqrt(tf.sum(sq));
          let clippedGrads = gradList;
          let afterNorm = norm;
          if (clipNorm !== null) {
            const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
            clippedGrads = gradList.map((g) => tf.mul(g, scale));
            afterNorm = tf.sqrt(tf.sum(tf.stack(clippedGrads.map((g) => tf.sum(tf.square(g))))));
          }
          return {
            stats: tf.concat([tf.reshape(value, [1]), tf.reshape(norm, [1]), tf.reshape(afterNorm, [1]), sq]),
            update: clippedGrads,
          };
        });
        const data = await stats.data();
        stats.dispose();
        value.dispose();
        const batchLoss = data[0];
        const before = data[1];
        const after = data[2];
        if (!Number.isFinite(batchLoss) || !Number.isFinite(before)) {
          tf.dispose([...gradList, ...update]);
          status = 'diverged';
          const what = !Number.isFinite(batchLoss)
            ? `the loss became ${batchLoss}`
            : `the gradient norm became ${before}`;
          failure =
            `Training diverged at epoch ${epoch + 1}, batch ${b + 1}: ${what}. ` +
            `Lower the learning rate${learningRate !== null ? ` (now ${learningRate})` : ''} or ` +
            (clipNorm === null
              ? 'turn on gradient clipping (clipNorm, e.g. 1)'
              : `lower the gradient clip norm (now ${clipNorm})`);
          closeEpochNorms();
          break epochLoop;
        }
        const named: tf.NamedTensorMap = {};
        varNames.forEach((name, i) => (named[name] = update[i]));
        optimizer.applyGradients(named);
        tf.dispose([...gradList, ...update]);

        step++;
        stepsInEpoch++;
        gradients.epoch.push(epoch);
        gradients.before.push(before);
        gradients.after.push(after);
        gradients.clipped.push(clipNorm !== null && before > clipNorm);
        const layerSq = new Float64Array(layers.length);
        for (let v = 0; v < variables.length; v++) {
          varNormSum[v] += Math.sqrt(data[3 + v]);
          layerSq[layerOf[v]] += data[3 + v];
        }
        for (let l = 0; l < layers.length; l++) layerNormSum[l] += Math.sqrt(layerSq[l]);
        lossSum += batchLoss * indices.length;
        seen += indices.length;
        const secs = elapsed();
        onProgress?.({
          epoch,
          batch: b,
          batchesPerEpoch,
          step,
          totalSteps,
          loss: batchLoss,
          etaSeconds: (secs / step) * (totalSteps - step),
          elapsedSeconds: secs,
        });
        await yieldToEventLoop();
      }
      closeEpochNorms();
      if (signal?.aborted) {
        status = 'stopped';
        failure = `Stopped after epoch ${epoch + 1}, as requested`;
        break;
      }

      const epochLoss = lossSum / seen;
      history.loss.push(epochLoss);
      let valLoss: number | null = null;
      let improved = false;
      if (hasValidation) {
        valLoss = await evaluateLoss(model, loss, validation, valBatch);
        if (!Number.isFinite(valLoss)) {
          history.loss.pop();
          status = 'diverged';
          failure =
            `Training diverged at epoch ${epoch + 1}: the validation loss became ${valLoss}. ` +
            `Lower the learning rate${learningRate !== null ? ` (now ${learningRate})` : ''} or ` +
            (clipNorm === null
              ? 'turn on gradient clipping (clipNorm, e.g. 1)'
              : `lower the gradient clip norm (now ${clipNorm})`);
          break;
        }
        history.valLoss.push(valLoss);
        if (valLoss < bestValLoss) {
          improved = true;
          bestValLoss = valLoss;
          bestEpoch = epoch;
          sinceBest = 0;
          if (restoreBest) {
            if (best) tf.dispose(best);
            best = model.weights.map((w) => w.read().clone());
          }
        } else {
          sinceBest++;
        }
      }
      epochsRun++;
      const now = performance.now();
      onEpoch?.({
        epoch,
        loss: epochLoss,
        valLoss,
        improved,
        bestEpoch,
        epochSeconds: (now - epochStart) / 1000,
        elapsedSeconds: elapsed(),
      });
      if (patience !== null && hasValidation && sinceBest >= patience) {
        earlyStopped = true;
        break;
      }
    }
    if (best) {
      const lastIsBest = bestEpoch === epochsRun - 1 && status === 'completed';
      if (!lastIsBest) {
        model.setWeights(best);
        restoredBest = true;
      }
    }
  } finally {
    if (ownsOptimizer) optimizer.dispose();
    if (best) tf.dispose(best);
  }

  const kept =
    bestEpoch !== null
      ? `kept the weights of epoch ${bestEpoch + 1} (validation loss ${formatSignificant(bestValLoss)})`
      : status === 'diverged'
        ? 'no usable weights were kept'
        : 'kept the current weights';
  let message: string;
  if (status === 'completed') {
    message = earlyStopped
      ? `Stopped early after epoch ${epochsRun}: the validation loss had not improved for ${patience} epochs; ${kept}.`
      : `Trained ${epochsRun} epochs; ${hasValidation ? kept : `final training loss ${formatSignificant(history.loss[epochsRun - 1])}`}.`;
  } else {
    message = `${failure}; ${kept}.`;
  }
  return {
    status,
    message,
    earlyStopped,
    epochsRun,
    stepsRun: step,
    bestEpoch: hasValidation ? bestEpoch : null,
    bestValLoss: bestEpoch !== null ? bestValLoss : null,
    restoredBest,
    history,
    gradients,
    durationMs: performance.now() - started,
  };
}
