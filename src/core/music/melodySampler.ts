import * as tf from '@tensorflow/tfjs';
import { engineHeap, isLabEngineLayer } from '../engine/labEngine';
import { RecurrentNetworkStepper } from '../engine/networkStepper';
import { attentionStep, OutputAttention } from './attention';
import { MusicError } from './errors';
import { EMBEDDING_LAYER, LOGITS_LAYER } from './melodyModel';
import { applySeedAffinity } from './seedAffinity';
import type { CellType } from '../model/cells';
import { deriveSeed, mulberry32, sampleFromLogits, softmax } from './sampling';

/** Options of {@link continueTokens}. */
export interface ContinueOptions {
  /** Tokens to generate after the seed, 1-4096. */
  readonly steps: number;
  /** 0-2; under 0.05 is greedy (argmax). */
  readonly temperature: number;
  /** Sample among the k most likely tokens only; undefined or 0 for all. */
  readonly topK?: number;
  /** Sample among the most likely tokens whose probabilities add up to p (nucleus); undefined or 1 for all. */
  readonly topP?: number;
  /** Tokens that may be sampled (true), one per vocabulary token; undefined allows all. */
  readonly allowed?: readonly boolean[];
  /**
   * Log-weights of pitch tokens, one per vocabulary token (REST and HOLD entries ignored), applied with
   * {@link applySeedAffinity} before temperature and top-k/top-p: they reweight which pitch is played and keep the
   * model's probability of REST and HOLD. Undefined leaves the model's distribution as it is.
   */
  readonly pitchBias?: ArrayLike<number>;
  /** PRNG seed: the same seed, model and options reproduce the same continuations. */
  readonly seed: number;
  /** Independent continuations to generate, 1-16; default 1. Variation i only depends on (seed, i). */
  readonly variations?: number;
}

/** One generated continuation. */
export interface Continuation {
  readonly tokens: number[];
  /** Sum of ln P(token) under the model at temperature 1 (nats), for ranking variations. */
  readonly logProb: number;
}

interface RecurrentWeights {
  readonly kind: CellType;
  readonly units: number;
  readonly kernel: tf.Tensor2D;
  readonly recurrentKernel: tf.Tensor2D;
  readonly bias: tf.Tensor1D;
}

interface MelodyWeights {
  /** [vocabSize, embeddingSize]: row t is the embedding of token t. */
  readonly embedding: tf.Tensor2D;
  readonly recurrent: readonly RecurrentWeights[];
  /** [units, vocabSize] and [vocabSize]. */
  readonly logitsKernel: tf.Tensor2D;
  readonly logitsBias: tf.Tensor1D;
}

const CELL_OF_CLASS: Readonly<Record<string, CellType>> = { LSTM: 'lstm', GRU: 'gru', SimpleRNN: 'rnn' };

/** The model's weights (the variables themselves, not copies: never dispose them). */
function melodyWeights(model: tf.LayersModel): MelodyWeights {
  const embedding = model.getLayer(EMBEDDING_LAYER).getWeights();
  const logits = model.getLayer(LOGITS_LAYER).getWeights();
  const recurrent = model.layers
    .filter((layer) => layer.getClassName() in CELL_OF_CLASS)
    .map((layer) => {
      const config = layer.getConfig();
      const kind = CELL_OF_CLASS[layer.getClassName()];
      if (config.activation !== 'tanh' || (kind !== 'rnn' && config.recurrentActivation !== 'sigmoid')) {
        throw new Error(
          `layer ${layer.name} must use tanh and a sigmoid recurrent activation, as buildMelodyModel makes`,
        );
      }
      const [kernel, recurrentKernel, bias] = layer.getWeights();
      return {
        kind,
        units: Number(config.units),
        kernel: kernel as tf.Tensor2D,
        recurrentKernel: recurrentKernel as tf.Tensor2D,
        bias: bias as tf.Tensor1D,
      };
    });
  if (embedding.length !== 1 || logits.length !== 2 || recurrent.length === 0) {
    throw new Error(
      'not a model from buildMelodyModel: expected embedding (no bias), recurrent layers, logits',
    );
  }
  return {
    embedding: embedding[0] as tf.Tensor2D,
    recurrent,
    logitsKernel: logits[0] as tf.Tensor2D,
    logitsBias: logits[1] as tf.Tensor1D,
  };
}

/**
 * The lab engine's fused stepper for `model` (one kernel call per token, state in kernel memory) when its recurrent
 * layers run on the lab engine; null for stock tf.layers. The caller disposes it.
 */
function labStepper(
  model: tf.LayersModel,
  weights: MelodyWeights,
  rows: number,
): RecurrentNetworkStepper | null {
  const recurrentLayers = model.layers.filter((layer) => layer.getClassName() in CELL_OF_CLASS);
  if (!recurrentLayers.every(isLabEngineLayer)) return null;
  const floats = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;
  const [vocab, embeddingSize] = weights.embedding.shape;
  return new RecurrentNetworkStepper(
    engineHeap(),
    {
      embedding: floats(weights.embedding),
      embeddingSize,
      vocab,
      layers: weights.recurrent.map((layer) => ({
        cell: layer.kind,
        units: layer.units,
        kernel: floats(layer.kernel),
        recurrentKernel: floats(layer.recurrentKernel),
        bias: floats(layer.bias),
      })),
      logitsKernel: floats(weights.logitsKernel),
      logitsBias: floats(weights.logitsBias),
    },
    rows,
  );
}

/**
 * One step of every recurrent layer, replaying the tfjs cell equations (LSTM gates in Keras order i, f, c, o;
 * GRU z, r, h with the reset gate applied before the recurrent product; SimpleRNN tanh).
 * x: [batch, embeddingSize]; states per layer: LSTM [h, c], GRU / SimpleRNN [h], each [batch, units].
 */
function stepLayers(
  x: tf.Tensor2D,
  layers: readonly RecurrentWeights[],
  states: readonly tf.Tensor2D[][],
): tf.Tensor2D[][] {
  let input = x;
  return layers.map((layer, index) => {
    const [h] = states[index];
    let next: tf.Tensor2D[];
    if (layer.kind === 'lstm') {
      const c = states[index][1];
      const z = tf.add(
        tf.add(tf.matMul(input, layer.kernel), tf.matMul(h, layer.recurrentKernel)),
        layer.bias,
      );
      const [zi, zf, zc, zo] = tf.split(z, 4, 1);
      const cNext = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zc))) as tf.Tensor2D;
      next = [tf.mul(tf.sigmoid(zo), tf.tanh(cNext)) as tf.Tensor2D, cNext];
    } else if (layer.kind === 'gru') {
      const matrixX = tf.add(tf.matMul(input, layer.kernel), layer.bias) as tf.Tensor2D;
      const [xz, xr, xh] = tf.split(matrixX, 3, 1);
      const [rk1, rk2] = tf.split(layer.recurrentKernel, [2 * layer.units, layer.units], 1);
      const [hz, hr] = tf.split(tf.matMul(h, rk1), 2, 1);
      const zGate = tf.sigmoid(tf.add(xz, hz));
      const rGate = tf.sigmoid(tf.add(xr, hr));
      const candidate = tf.tanh(tf.add(xh, tf.matMul(tf.mul(rGate, h) as tf.Tensor2D, rk2)));
      next = [tf.add(tf.mul(zGate, h), tf.mul(tf.sub(1, zGate), candidate)) as tf.Tensor2D];
    } else {
      next = [
        tf.tanh(
          tf.add(tf.add(tf.matMul(input, layer.kernel), layer.bias), tf.matMul(h, layer.recurrentKernel)),
        ) as tf.Tensor2D,
      ];
    }
    input = next[0];
    return next;
  });
}

/**
 * Continues a seed with a model from buildMelodyModel, step by step with the recurrent state carried between
 * steps: the seed is fed once, then each sampled token is fed back. On the lab engine each token is one fused kernel
 * call with the state in kernel memory (no tensor per step); on stock tf.layers the cell equations run as tensor ops.
 * Sampling (allowed tokens, pitch bias, temperature, top-k, top-p, seeded mulberry32 per variation) happens in
 * JavaScript;
 * all tensors are freed (tf.memory().numTensors is unchanged).
 * Returns `variations` continuations of `steps` tokens each.
 */
export function continueTokens(
  model: tf.LayersModel,
  seedTokens: readonly number[],
  options: ContinueOptions,
): Continuation[] {
  const variations = options.variations ?? 1;
  if (seedTokens.length === 0) {
    throw new MusicError(
      'empty-seed',
      'The seed melody is empty: import or pick a melody to continue first.',
    );
  }
  if (!Number.isInteger(options.steps) || options.steps < 1 || options.steps > 4096) {
    throw new MusicError(
      'invalid-option',
      `Steps to generate must be a whole number from 1 to 4096 (got ${options.steps}).`,
    );
  }
  if (!Number.isInteger(variations) || variations < 1 || variations > 16) {
    throw new MusicError(
      'invalid-option',
      `Variations must be a whole number from 1 to 16 (got ${variations}).`,
    );
  }
  const weights = melodyWeights(model);
  const vocabSize = weights.embedding.shape[0];
  if (options.allowed && (options.allowed.length !== vocabSize || !options.allowed.some(Boolean))) {
    throw new RangeError(`allowed must mark at least one of the model's ${vocabSize} tokens`);
  }
  if (options.pitchBias && options.pitchBias.length !== vocabSize) {
    throw new RangeError(`pitchBias must have one entry per token of the model's ${vocabSize}`);
  }
  for (const token of seedTokens) {
    if (!Number.isInteger(token) || token < 0 || token >= vocabSize) {
      throw new RangeError(`seed token ${token} is outside the model's vocabulary of ${vocabSize}`);
    }
  }

  // On the lab engine, one fused kernel call per token; on stock tf.layers, the cell equations as tensor ops.
  // A model with attention steps as tensor ops (the fused stepper ends in the logits, not the attention).
  const attentionLayer = model.layers.find(
    (layer): layer is OutputAttention => layer instanceof OutputAttention,
  );
  const stepper = attentionLayer ? null : labStepper(model, weights, variations);
  const topUnits = weights.recurrent[weights.recurrent.length - 1].units;
  /** The top layer's last outputs, [variations, window, units] (lag 1 first), and how many lags exist yet. */
  let history: tf.Tensor3D | null = attentionLayer
    ? tf.zeros([variations, attentionLayer.window, topUnits])
    : null;
  let filled = 0;
  let states: tf.Tensor2D[][] = stepper
    ? []
    : weights.recurrent.map((layer) =>
        Array.from(
          { length: layer.kind === 'lstm' ? 2 : 1 },
          () => tf.zeros([variations, layer.units]) as tf.Tensor2D,
        ),
      );
  /** Feeds one token per variation; returns the next-token logits, [variations x vocabSize] row-major. */
  const tfFeed = (tokens: readonly number[]): Float32Array => {
    const [nextStates, logits] = tf.tidy(() => {
      const x = tf.gather(weights.embedding, tf.tensor1d([...tokens], 'int32')) as tf.Tensor2D;
      const updated = stepLayers(x, weights.recurrent, states);
      const top = updated[updated.length - 1][0];
      const attended =
        attentionLayer && history
          ? attentionStep(top, history, filled, attentionLayer.attentionWeights()).output
          : top;
      return [
        updated,
        tf.add(tf.matMul(attended, weights.logitsKernel), weights.logitsBias) as tf.Tensor2D,
      ] as const;
    });
    tf.dispose(states);
    states = nextStates;
    if (attentionLayer && history) {
      // The newest output becomes lag 1; the oldest leaves the window.
      const window = attentionLayer.window;
      const previous = history;
      const newest = states[states.length - 1][0];
      history = tf.tidy(() => {
        const head = tf.expandDims(newest, 1) as tf.Tensor3D;
        return window === 1
          ? head
          : (tf.concat(
              [head, tf.slice(previous, [0, 0, 0], [variations, window - 1, topUnits])],
              1,
            ) as tf.Tensor3D);
      });
      previous.dispose();
      filled = Math.min(filled + 1, window);
    }
    const values = logits.dataSync() as Float32Array;
    logits.dispose();
    return values;
  };
  const feed = stepper ? (tokens: readonly number[]) => stepper.step(tokens) : tfFeed;

  const randoms = Array.from({ length: variations }, (_, v) => mulberry32(deriveSeed(options.seed, v)));
  const results = Array.from({ length: variations }, () => ({ tokens: [] as number[], logProb: 0 }));
  try {
    let logits: Float32Array = new Float32Array(0);
    for (const token of seedTokens) logits = feed(new Array<number>(variations).fill(token));
    for (let step = 0; step < options.steps; step += 1) {
      const chosen = results.map((result, v) => {
        const row = logits.subarray(v * vocabSize, (v + 1) * vocabSize);
        const { allowed, pitchBias } = options;
        const masked = allowed ? row.map((value, token) => (allowed[token] ? value : -Infinity)) : row;
        const candidates = pitchBias ? applySeedAffinity(masked, pitchBias) : masked;
        const token = sampleFromLogits(candidates, {
          temperature: options.temperature,
          topK: options.topK,
          topP: options.topP,
          random: randoms[v],
        });
        result.tokens.push(token);
        result.logProb += Math.log(softmax(row)[token]);
        return token;
      });
      if (step < options.steps - 1) logits = feed(chosen);
    }
  } finally {
    stepper?.dispose();
    tf.dispose(states);
    history?.dispose();
  }
  return results;
}
