/**
 * The attention map of a melody model with attention: for each generated note, how much the step that predicted it
 * looked at each earlier step (see music/attention.ts). The Inspector draws it as a heatmap.
 */
import * as tf from '@tensorflow/tfjs';
import { attendOverOutputs, OutputAttention } from '../music/attention';
import { oneHotTokens } from '../music/melodyModel';
import { tokenLabel, tokenToPitch } from '../music/vocabulary';
import type { Vocabulary } from '../music/vocabulary';

/** Where a generated note's prediction looked. */
export interface AttentionMap {
  /** Steps the attention reaches back from the predicting step. */
  window: number;
  /** The generated notes: their step (counted from the start of the seed) and pitch name. */
  notes: { step: number; label: string }[];
  /**
   * weights[i][k]: the weight, when note i was predicted (at its step - 1), of the step `back[k]` steps before the note
   * (back[k] = k + 2: the step just before the note is read directly, the attention mixes in the ones before it).
   */
  weights: number[][];
  back: number[];
  /** Label of each step the notes can look at, by step (from the start of the seed): pitch, "hold" or "rest". */
  stepLabels: string[];
  /** One sentence on where the attention went. */
  sentence: string;
}

/** The model's attention layer, or null for a model without attention. */
export function attentionLayerOf(model: tf.LayersModel): OutputAttention | null {
  return model.layers.find((layer): layer is OutputAttention => layer instanceof OutputAttention) ?? null;
}

/**
 * The attention map of `model` reading `tokens` (lead-in, seed, continuation; in the key the model reads), for the
 * notes generated from `firstGenerated` on, labelled by `written` (the same tokens in the melody's own key); steps are
 * reported counted from `origin` (the seed's first step). Null for a model without attention. Frees every tensor it
 * makes.
 */
export function attentionMap(
  model: tf.LayersModel,
  tokens: readonly number[],
  written: readonly number[],
  firstGenerated: number,
  origin: number,
  vocab: Vocabulary,
): AttentionMap | null {
  const layer = attentionLayerOf(model);
  if (!layer) return null;
  // The layers below the attention, sharing the model's weights (disposing a model built this way frees nothing).
  const below = tf.model({ inputs: model.inputs, outputs: layer.input as tf.SymbolicTensor });
  const matrix = tf.tidy(() => {
    const h = below.predict(oneHotTokens([tokens], vocab.size)) as tf.Tensor3D;
    const { attention } = attendOverOutputs(h, layer.attentionWeights(), layer.window);
    return attention.arraySync()[0];
  });
  const window = layer.window;
  const back = Array.from({ length: window }, (_, k) => k + 2);
  const notes: AttentionMap['notes'] = [];
  const weights: number[][] = [];
  for (let p = Math.max(1, firstGenerated); p < tokens.length; p += 1) {
    if (tokenToPitch(vocab, tokens[p]) === null) continue;
    const row = matrix[p - 1];
    notes.push({ step: p - origin, label: tokenLabel(vocab, written[p]) });
    weights.push(back.map((b) => (p - b >= 0 ? row[p - b] : 0)));
  }
  const stepLabels = written.slice(origin).map((token) => tokenLabel(vocab, token));
  const mean = back.map(
    (_, k) => weights.reduce((sum, row) => sum + row[k], 0) / Math.max(1, weights.length),
  );
  const top = back
    .map((b, k) => ({ b, w: mean[k] }))
    .sort((x, y) => y.w - x.w)
    .slice(0, 3);
  const sentence =
    weights.length === 0
      ? 'The continuation has no notes, so there is nothing to map.'
      : `On average the ${weights.length} generated notes looked most at ${top
          .map((t) => `${t.b} steps back (${Math.round(t.w * 100)}%)`)
          .join(
            ', ',
          )}; uniform attention would give each of the ${window} steps ${Math.round(100 / window)}%.`;
  return { window, notes, weights, back, stepLabels, sentence };
}
