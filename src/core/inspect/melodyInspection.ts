/**
 * Inspection of a melody model on a generated melody: the gates over the seed and its continuation, how far back the
 * next-token prediction looks (gradient saliency and context ablation of the log-probability), and for a model with
 * attention, which earlier steps each generated note attended to.
 */
import { estimateKey } from '../music/analysis';
import { commonKeyShift, transposeTokens } from '../music/keyRelative';
import { DEFAULT_GATE_INIT, gateInitLabel } from '../model/gateInit';
import { BASE_MODEL_SETTINGS } from '../music/baseModel';
import { buildMelodyModel, oneHotTokens } from '../music/melodyModel';
import { loadMelodyModel } from '../music/melodyModelFile';
import { melodyToTokens } from '../music/tokens';
import type { Melody } from '../music/types';
import { tokenToPitch, REST } from '../music/vocabulary';
import { attentionMap } from './attentionMap';
import type { Inspection, InspectOptions } from './inspection';
import { memoryHorizon } from './memory';
import { replayRecurrent } from './replay';
import { gateSaturation } from './saturation';
import { memoryHorizonSteps, timeConstantReport } from './timeConstants';

/** Longest stretch of the melody replayed for the gate heatmaps, in steps. */
const TRACE_STEPS = 192;
/** Context length of the windows used for saliency and ablation, in steps. */
const WINDOW_STEPS = 64;

/**
 * Inspects a melody model (a melodyModelFile blob) on the seed followed by one generated continuation.
 * The shown window is the last TRACE_STEPS steps; saliency and ablation use windows of WINDOW_STEPS steps
 * ending at evenly spread positions, scored on the token that actually came next. The units' forgetting times are
 * compared with those of the model's spec freshly initialised from `initSeed`: the seed a scratch model's training
 * started from; by default the base model's, which fine-tuned models and the base model itself descend from.
 */
export async function inspectMelodyModel(
  modelBytes: Uint8Array,
  seed: Melody,
  continuation: readonly number[],
  options: InspectOptions & { initSeed?: number } = {},
): Promise<Inspection> {
  const { model, vocab, info } = loadMelodyModel(modelBytes);
  const initial = buildMelodyModel(
    { ...info.spec, engine: 'tfjs' },
    options.initSeed ?? BASE_MODEL_SETTINGS.seed,
  );
  const progress = options.onProgress ?? (() => undefined);
  try {
    const seedTokens = melodyToTokens(seed, vocab);
    const tokens = [...Array(info.leadIn).fill(REST), ...seedTokens, ...continuation];
    const boundary = info.leadIn + seedTokens.length;
    const start = Math.max(0, tokens.length - TRACE_STEPS);
    const shown = tokens.slice(start);

    progress(0.02, 'Replaying the gates');
    const one = oneHotTokens([shown], vocab.size);
    let trace;
    try {
      trace = replayRecurrent(model, one)[0];
    } finally {
      one.dispose();
    }
    const length = Math.min(WINDOW_STEPS, tokens.length - 1);
    const maxWindows = Math.min(options.maxWindows ?? 48, tokens.length - length);
    const ends = Array.from({ length: maxWindows }, (_, i) =>
      maxWindows === 1
        ? tokens.length - 1
        : length + Math.round((i * (tokens.length - 1 - length)) / (maxWindows - 1)),
    );
    const windows = ends.map((end) => tokens.slice(end - length, end));
    const targets = ends.map((end) => tokens[end]);
    const x = oneHotTokens(windows, vocab.size);
    try {
      progress(0.08, 'Measuring saturation');
      const traces = replayRecurrent(model, x);
      const saturation = gateSaturation(traces);
      const initialTraces = replayRecurrent(initial, x);
      const memory = await memoryHorizon(model, x, {
        objective: { kind: 'nextToken', tokens: targets },
        targets,
        signal: options.signal,
        onProgress: (p) =>
          progress(
            p.phase === 'saliency' ? 0.15 + 0.45 * (p.done / p.total) : 0.6 + 0.4 * (p.done / p.total),
            p.phase === 'saliency' ? 'Gradient saliency' : 'Context ablation',
          ),
      });
      // The attention as the model read the melody when it generated: in the common key for a common-key model.
      const key = info.keyHandling === 'common-key' ? estimateKey(seed) : null;
      const shift = key ? commonKeyShift(key) : 0;
      const attention = attentionMap(
        model,
        shift === 0 ? tokens : transposeTokens(tokens, shift, vocab),
        tokens,
        boundary,
        info.leadIn,
        vocab,
      );
      progress(1, 'Done');
      // Pitch per step, held through HOLD tokens; rests as NaN so the line breaks.
      let sounding = Number.NaN;
      const values = shown.map((t) => {
        const pitch = tokenToPitch(vocab, t);
        if (pitch !== null) sounding = pitch;
        else if (t === REST) sounding = Number.NaN;
        return sounding;
      });
      return {
        version: 1,
        computedAt: new Date().toISOString(),
        window: {
          index: 0,
          count: 1,
          origin: tokens.length - 1,
          time: null,
          values,
          label: 'pitch',
          marks: boundary > start && boundary < tokens.length ? [boundary - start] : [],
        },
        trace,
        saturation,
        memory,
        timeConstants: timeConstantReport(traces, initialTraces, {
          horizon: memoryHorizonSteps(memory.effective),
          windowSteps: length,
          initLabel: gateInitLabel(info.spec.gateInit ?? DEFAULT_GATE_INIT),
        }),
        ...(attention ? { attention } : {}),
      };
    } finally {
      x.dispose();
    }
  } finally {
    model.dispose();
    initial.dispose();
  }
}
