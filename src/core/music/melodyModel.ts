import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { ENGINE_NAMES } from '../engine/engineName';
import { applyEngine } from '../engine/labEngine';
import { orthogonal } from '../model/builder';
import { DEFAULT_GATE_INIT, GateInitSchema, initialRecurrentBias } from '../model/gateInit';
import { deriveSeed, mulberry32 } from '../model/random';
import { OutputAttention } from './attention';
import { MusicError } from './errors';
import { CELL_LABELS, CELL_TYPES } from '../model/cells';

/**
 * The melody model's shape: cell type, units per recurrent layer, number of layers, the size of the embedding
 * (a bias-free Dense layer on one-hot input) and of the token vocabulary.
 */
export const MelodyModelSpecSchema = z.object({
  cell: z.enum(CELL_TYPES).default('lstm'),
  units: z.number().int().min(4).max(512).default(128),
  layers: z.number().int().min(1).max(3).default(2),
  embeddingSize: z.number().int().min(2).max(256).default(32),
  vocabSize: z.number().int().min(3).max(512).default(39),
  /**
   * Attention over the top recurrent layer's last `attention` outputs (see attention.ts), Magenta's attention_rnn
   * style; 0 (the default, and in files saved before it existed) for none.
   */
  attention: z.number().int().min(0).max(64).default(0),
  /**
   * What runs the recurrent layers: 'lab' (the default when absent: the fused kernels, and one kernel call per
   * sampled token) or 'tfjs' (stock tf.layers). Not part of the weights: either engine loads any saved model.
   */
  engine: z.enum(ENGINE_NAMES).optional(),
  /** How the gate biases start (absent: the default LSTM forget bias 1, as in every model saved before the setting). */
  gateInit: GateInitSchema.optional(),
});

/** A validated melody model spec (all fields present). */
export type MelodyModelSpec = z.infer<typeof MelodyModelSpecSchema>;
/** A melody model spec as written by a caller (fields with defaults may be left out). */
export type MelodyModelSpecInput = z.input<typeof MelodyModelSpecSchema>;

/** Name of the bias-free Dense layer that embeds one-hot tokens. */
export const EMBEDDING_LAYER = 'embedding';
/** Name of the Dense layer that outputs next-token logits. */
export const LOGITS_LAYER = 'logits';
/** Name of the attention layer of a model with attention. */
export const ATTENTION_LAYER = 'attention';
/** Width of the attention's additive score. */
export const ATTENTION_UNITS = 32;

/** A model's label, e.g. "LSTM 1×128" or "LSTM 1×128 + attention 16". */
export function melodyModelLabel(
  spec: Pick<MelodyModelSpec, 'cell' | 'layers' | 'units' | 'attention'>,
): string {
  const label = `${CELL_LABELS[spec.cell]} ${spec.layers}×${spec.units}`;
  return spec.attention > 0 ? `${label} + attention ${spec.attention}` : label;
}

/** Validates a spec, filling defaults; a bad setting becomes a MusicError 'invalid-option' naming the field. */
export function parseMelodyModelSpec(input: MelodyModelSpecInput): MelodyModelSpec {
  const result = MelodyModelSpecSchema.safeParse(input);
  if (!result.success) {
    const details = result.error.issues
      .map((issue) => `${issue.path.join('.') || 'spec'}: ${issue.message}`)
      .join('; ');
    throw new MusicError('invalid-option', `The melody model settings are not valid (${details}).`);
  }
  return result.data;
}

/**
 * Builds the melody model: one-hot tokens [batch, steps, vocabSize] -> Dense(embeddingSize, no bias) ->
 * `layers` x LSTM / GRU / SimpleRNN (tanh, recurrent activation sigmoid, full sequences) -> with `spec.attention` > 0,
 * attention over the top layer's last `attention` outputs (OutputAttention) -> Dense(vocabSize) logits
 * [batch, steps, vocabSize]. One-hot + Dense replaces an Embedding layer, whose gradient the wasm backend
 * cannot compute. Kernels are Glorot-uniform, recurrent kernels orthogonal (computed in JavaScript: tfjs's own
 * orthogonal initializer takes seconds for 128 units), gate biases from `spec.gateInit` (default: LSTM forget-gate
 * biases 1; see gateInit.ts). `seed` makes the initial weights reproducible. The recurrent layers run on `spec.engine` (default 'lab').
 */
export function buildMelodyModel(specInput: MelodyModelSpecInput, seed?: number): tf.LayersModel {
  const spec = parseMelodyModelSpec(specInput);
  const nextSeed = (offset: number): number | undefined => (seed === undefined ? undefined : seed + offset);
  const input = tf.input({ shape: [null, spec.vocabSize], name: 'tokens' });
  let x = tf.layers
    .dense({
      units: spec.embeddingSize,
      useBias: false,
      name: EMBEDDING_LAYER,
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed(0) }),
    })
    .apply(input) as tf.SymbolicTensor;
  for (let i = 0; i < spec.layers; i += 1) {
    const common = {
      units: spec.units,
      returnSequences: true,
      name: `${spec.cell}_${i + 1}`,
      activation: 'tanh' as const,
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed(10 * i + 1) }),
      recurrentInitializer: tf.initializers.zeros(),
    };
    const layer =
      spec.cell === 'lstm'
        ? tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid' })
        : spec.cell === 'gru'
          ? tf.layers.gru({ ...common, recurrentActivation: 'sigmoid' })
          : tf.layers.simpleRNN(common);
    x = layer.apply(x) as tf.SymbolicTensor;
  }
  if (spec.attention > 0) {
    x = new OutputAttention({
      window: spec.attention,
      attentionUnits: ATTENTION_UNITS,
      seed: nextSeed(200),
      name: ATTENTION_LAYER,
    }).apply(x) as tf.SymbolicTensor;
  }
  const logits = tf.layers
    .dense({
      units: spec.vocabSize,
      name: LOGITS_LAYER,
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed(100) }),
    })
    .apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: logits, name: `melody_${spec.cell}` });
  const baseSeed = seed ?? Math.floor(Math.random() * 2 ** 31);
  for (let i = 0; i < spec.layers; i += 1) {
    const layer = model.getLayer(`${spec.cell}_${i + 1}`);
    const [kernel, recurrentKernel] = layer.getWeights();
    const [rows, cols] = recurrentKernel.shape;
    const values = orthogonal(rows, cols, mulberry32(deriveSeed(baseSeed, 10 * i + 2)));
    const initial = tf.tensor2d(values, [rows, cols]);
    // Gate biases set here, not by tfjs's unitForgetBias (which leaks 4 tensors): see gateInit.ts.
    const biasValues = initialRecurrentBias(
      spec.cell,
      spec.units,
      spec.gateInit ?? DEFAULT_GATE_INIT,
      mulberry32(deriveSeed(baseSeed, 10 * i + 3)),
    );
    const initialBias = tf.tensor1d(biasValues);
    layer.setWeights([kernel, initial, initialBias]);
    tf.dispose([initial, initialBias]);
  }
  applyEngine(model, spec.engine ?? 'lab');
  return model;
}

/** One-hot encodes equal-length token sequences: [batch, steps] -> float32 [batch, steps, vocabSize]. */
export function oneHotTokens(sequences: readonly (readonly number[])[], vocabSize: number): tf.Tensor3D {
  return tf.tidy(() => {
    const indices = tf.tensor2d(
      sequences.map((sequence) => [...sequence]),
      [sequences.length, sequences[0]?.length ?? 0],
      'int32',
    );
    // oneHot straight to float32 writes int32 bits on the wasm backend (values ~1e-45): cast instead.
    return tf.cast(tf.oneHot(indices, vocabSize), 'float32') as tf.Tensor3D;
  });
}
