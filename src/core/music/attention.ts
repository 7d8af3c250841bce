/**
 * Attention over a recurrent layer's last outputs, in the spirit of Magenta's attention_rnn: at each step the
 * network looks back over the previous `window` outputs of its top recurrent layer, mixes them into a context vector,
 * and combines it with the current output. Magenta scores with an additive (Bahdanau) layer; this one scores with a
 * scaled dot product of learned projections, which costs one matrix product per sequence instead of a tanh over every
 * pair of steps (measured on wasm: about 6x faster to train). A melody model can then reach back
 * a bar or two (to repeat a motif) without carrying it through the recurrent state.
 *
 * With h_t the recurrent output at step t ([units]) and lags j = 1..window:
 *   e_{t,j} = (W_q h_t) · (W_k h_{t-j}) / √A         (A attention units; steps before the first get no weight)
 *   a_{t,·} = softmax_j(e_{t,j})                       (zero where t - j < 0)
 *   c_t     = Σ_j a_{t,j} h_{t-j}
 *   o_t     = tanh(W_o [h_t; c_t] + b_o)               ([units], what the logits layer reads)
 */
import * as tf from '@tensorflow/tfjs';

/** The attention's weights: keys and query [units, attentionUnits], output [2 units, units] and its bias [units]. */
export interface AttentionWeights {
  readonly keys: tf.Tensor2D;
  readonly query: tf.Tensor2D;
  readonly output: tf.Tensor2D;
  readonly outputBias: tf.Tensor1D;
}

/** What {@link attendOverOutputs} returns: the new outputs [batch, steps, units] and the attention [batch, steps, steps]. */
export interface AttentionResult {
  readonly output: tf.Tensor3D;
  /** a[b, t, s]: the weight of step s's output at step t, non-zero only for t - window <= s < t; rows sum to 1 (0 at t = 0). */
  readonly attention: tf.Tensor3D;
}

/** 1 where step t may look at step s (t - window <= s < t), else 0: [steps, steps]. */
export function bandMask(steps: number, window: number): tf.Tensor2D {
  const values = new Float32Array(steps * steps);
  for (let t = 0; t < steps; t += 1)
    for (let s = Math.max(0, t - window); s < t; s += 1) values[t * steps + s] = 1;
  return tf.tensor2d(values, [steps, steps]);
}

/** The masked softmax of scores [..., n] over the last axis: zero where `valid` is 0, rows of all-invalid become 0. */
function maskedSoftmax(scores: tf.Tensor, valid: tf.Tensor): tf.Tensor {
  return tf.mul(tf.softmax(tf.add(scores, tf.mul(tf.sub(1, valid), -1e9)), -1), valid);
}

/** o = tanh(W_o [h; c] + b_o) for h, c [rows, units]. */
function combine(h: tf.Tensor2D, context: tf.Tensor2D, weights: AttentionWeights): tf.Tensor2D {
  return tf.tanh(
    tf.add(tf.matMul(tf.concat([h, context], -1), weights.output), weights.outputBias),
  ) as tf.Tensor2D;
}

/**
 * Attention over the previous `window` outputs of a sequence h [batch, steps, units] (see the module comment), all
 * steps at once (for training and scoring): the scores of every pair of steps, masked to the band of the last
 * `window` steps, so the whole sequence is a few large operations. Differentiable; run inside tf.tidy.
 */
export function attendOverOutputs(
  h: tf.Tensor3D,
  weights: AttentionWeights,
  window: number,
): AttentionResult {
  const [batch, steps, units] = h.shape;
  const attentionUnits = weights.keys.shape[1];
  const flat = tf.reshape(h, [batch * steps, units]) as tf.Tensor2D;
  const keys = tf.reshape(tf.matMul(flat, weights.keys), [batch, steps, attentionUnits]) as tf.Tensor3D;
  const query = tf.reshape(tf.matMul(flat, weights.query), [batch, steps, attentionUnits]) as tf.Tensor3D;
  // [batch, steps (t), steps (s)]
  const scores = tf.div(tf.matMul(query, keys, false, true), Math.sqrt(attentionUnits));
  const attention = maskedSoftmax(scores, bandMask(steps, window)) as tf.Tensor3D;
  const context = tf.matMul(attention, h) as tf.Tensor3D;
  const output = tf.reshape(
    combine(flat, tf.reshape(context, [batch * steps, units]) as tf.Tensor2D, weights),
    [batch, steps, units],
  ) as tf.Tensor3D;
  return { output, attention };
}

/**
 * One step of the attention while sampling: the current outputs h [rows, units] attend over `history`
 * [rows, window, units] (history[r, j - 1] = the output j steps back) of which the first `filled` lags exist.
 * Returns the outputs [rows, units] and the attention [rows, window] (by lag). Run inside tf.tidy.
 */
export function attentionStep(
  h: tf.Tensor2D,
  history: tf.Tensor3D,
  filled: number,
  weights: AttentionWeights,
): { output: tf.Tensor2D; attention: tf.Tensor2D } {
  const [rows, window, units] = history.shape;
  const attentionUnits = weights.keys.shape[1];
  const keys = tf.reshape(tf.matMul(tf.reshape(history, [rows * window, units]), weights.keys), [
    rows,
    window,
    attentionUnits,
  ]) as tf.Tensor3D;
  const query = tf.reshape(tf.matMul(h, weights.query), [rows, 1, attentionUnits]) as tf.Tensor3D;
  const scores = tf.reshape(tf.div(tf.matMul(query, keys, false, true), Math.sqrt(attentionUnits)), [
    rows,
    window,
  ]);
  const valid = tf.tensor2d(
    Array.from({ length: window }, (_, j) => (j < filled ? 1 : 0)),
    [1, window],
  );
  const attention = maskedSoftmax(scores, valid) as tf.Tensor2D;
  const context = tf.reshape(tf.matMul(tf.reshape(attention, [rows, 1, window]), history), [
    rows,
    units,
  ]) as tf.Tensor2D;
  return { output: combine(h, context, weights), attention };
}

/** Configuration of {@link OutputAttention}. */
export interface OutputAttentionArgs {
  /** How many previous outputs each step looks at, e.g. 16 (one bar of 4/4 in sixteenths). */
  readonly window: number;
  /** Width of the key and query projections. */
  readonly attentionUnits: number;
  /** Seed of the Glorot-uniform initial weights. */
  readonly seed?: number;
  readonly name?: string;
}

/**
 * A tf.layers layer applying {@link attendOverOutputs} to the full output sequence of the recurrent layer before it:
 * input and output [batch, steps, units]. Weights, in order: keys, query, output, outputBias.
 */
export class OutputAttention extends tf.layers.Layer {
  static className = 'OutputAttention';
  readonly window: number;
  readonly attentionUnits: number;
  private readonly seed: number | undefined;
  private parts: tf.LayerVariable[] = [];

  constructor(args: OutputAttentionArgs) {
    super({ name: args.name });
    this.window = args.window;
    this.attentionUnits = args.attentionUnits;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const units = Number(shape[shape.length - 1]);
    const a = this.attentionUnits;
    const seed = (offset: number) => (this.seed === undefined ? undefined : this.seed + offset);
    this.parts = [
      this.addWeight('keys', [units, a], 'float32', tf.initializers.glorotUniform({ seed: seed(0) })),
      this.addWeight('query', [units, a], 'float32', tf.initializers.glorotUniform({ seed: seed(1) })),
      this.addWeight(
        'output',
        [2 * units, units],
        'float32',
        tf.initializers.glorotUniform({ seed: seed(3) }),
      ),
      this.addWeight('output_bias', [units], 'float32', tf.initializers.zeros()),
    ];
    this.built = true;
  }

  /** The current weights as tensors (the variables' values, not copies). */
  attentionWeights(): AttentionWeights {
    const [keys, query, output, outputBias] = this.parts.map((part) => part.read());
    return {
      keys: keys as tf.Tensor2D,
      query: query as tf.Tensor2D,
      output: output as tf.Tensor2D,
      outputBias: outputBias as tf.Tensor1D,
    };
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const h = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      return attendOverOutputs(h, this.attentionWeights(), this.window).output;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), window: this.window, attentionUnits: this.attentionUnits };
  }
}
tf.serialization.registerClass(OutputAttention);
