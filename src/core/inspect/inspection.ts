/**
 * One inspection of a trained network, as the inspector view shows it and as it is stored with the
 * experiment (so reopening does not recompute): the gates and states of one window, saturation over many
 * windows, the memory horizon (saliency and context ablation), and the units' forgetting times before and after
 * training.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../model/random';
import { SerializedModelSchema, deserializeModel } from '../model/serialize';
import { unpackWeightsFile } from '../model/weightsFile';
import type { AttentionMap } from './attentionMap';
import { makeTaskData } from './challenge';
import { MEMORY_MODEL_FORMAT } from './challengeExperiment';
import type { ChallengeTask } from './challengeTasks';
import { sampleWindows, type ForecastInspectionInputs } from './forecastInputs';
import { featureMeans, memoryHorizon, type MemoryHorizon, type MemoryProgress } from './memory';
import { buildForecastModel } from '../model/builder';
import { DEFAULT_GATE_INIT, gateInitLabel } from '../model/gateInit';
import type { ModelSpec } from '../model/spec';
import { replayRecurrent, type GateTrace } from './replay';
import { gateSaturation, type SaturationReport } from './saturation';
import { memoryHorizonSteps, timeConstantReport, type TimeConstantReport } from './timeConstants';

/** The window whose gates are shown, with what the model saw (feature 0, in original units when known). */
export interface InspectedWindow {
  /** Index among the test windows. */
  index: number;
  /** Test windows there are to choose from. */
  count: number;
  /** Row of the window's last input step (forecast), or the example index (memory challenge). */
  origin: number;
  /** Epoch ms per input step, or null. */
  time: number[] | null;
  /** The input as a person reads it: the target in original units, or the symbol / value per step. */
  values: number[];
  /** What `values` are, for the chart's axis. */
  label: string;
  /** Steps to mark on the input chart (the marked symbol or numbers of a challenge task). */
  marks: number[];
}

export interface Inspection {
  version: 1;
  computedAt: string;
  window: InspectedWindow;
  trace: GateTrace;
  saturation: SaturationReport;
  memory: MemoryHorizon;
  /** Melody models with attention: which earlier steps each generated note looked at. */
  attention?: AttentionMap;
  /** Forgetting times of the gated units, trained and freshly initialised (null in inspections stored before them). */
  timeConstants: TimeConstantReport | null;
  /** For a recipe ensemble, the inspected member (0-based) and the ensemble's size (absent for one network). */
  member?: { index: number; count: number };
}

/** A freshly initialised copy of the inspected network (same spec, seed and gate initialisation), the caller's to dispose. */
export interface InitialModel {
  model: tf.LayersModel;
  /** Its gate initialisation in words, e.g. "chrono, T_max 106". */
  label: string | null;
}

/** The freshly initialised network of a forecast spec (forecasters and memory-challenge runs). */
export function initialForecastModel(spec: ModelSpec): InitialModel {
  return { model: buildForecastModel(spec), label: gateInitLabel(spec.gateInit ?? DEFAULT_GATE_INIT) };
}

export interface InspectOptions {
  /** Which test window to trace (default: the last). */
  windowIndex?: number;
  /** Windows used for saturation and the memory horizon (default 64). */
  maxWindows?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, stage: string) => void;
}

/** Per-feature mean of windows [n, steps, features] (the ablation fill value). */
function meansOf(x: Float32Array, shape: [number, number, number]): number[] {
  const t = tf.tensor3d(x, shape);
  try {
    return featureMeans(t);
  } finally {
    t.dispose();
  }
}

async function analyse(
  model: tf.LayersModel,
  traceWindow: { x: Float32Array; shape: [number, number, number] },
  sample: { x: Float32Array; xShape: [number, number, number]; y: Float32Array; yShape: [number, number] },
  fill: number[],
  options: InspectOptions,
  initial: InitialModel | null,
): Promise<{
  trace: GateTrace;
  saturation: SaturationReport;
  memory: MemoryHorizon;
  timeConstants: TimeConstantReport;
}> {
  const progress = options.onProgress ?? (() => undefined);
  progress(0.02, 'Replaying the gates');
  const one = tf.tensor3d(traceWindow.x, traceWindow.shape);
  let trace: GateTrace;
  try {
    trace = replayRecurrent(model, one)[0];
  } finally {
    one.dispose();
  }
  const x = tf.tensor3d(sample.x, sample.xShape);
  const y = tf.tensor2d(sample.y, sample.yShape);
  try {
    progress(0.08, 'Measuring saturation');
    const traces = replayRecurrent(model, x);
    const saturation = gateSaturation(traces);
    const initialTraces = initial ? replayRecurrent(initial.model, x) : null;
    options.signal?.throwIfAborted();
    const memory = await memoryHorizon(model, x, {
      targets: y,
      fill,
      signal: options.signal,
      onProgress: (p: MemoryProgress) =>
        progress(
          p.phase === 'saliency' ? 0.15 + 0.45 * (p.done / p.total) : 0.6 + 0.4 * (p.done / p.total),
          p.phase === 'saliency' ? 'Gradient saliency' : 'Context ablation',
        ),
    });
    progress(1, 'Done');
    const timeConstants = timeConstantReport(traces, initialTraces, {
      horizon: memoryHorizonSteps(memory.effective),
      windowSteps: sample.xShape[1],
      initLabel: initial?.label ?? null,
    });
    return { trace, saturation, memory, timeConstants };
  } finally {
    x.dispose();
    y.dispose();
  }
}

/** Inspects a forecaster on its own test windows. */
export async function inspectForecaster(
  inputs: ForecastInspectionInputs,
  options: InspectOptions = {},
): Promise<Inspection> {
  const { test, train, model, lookback } = inputs;
  const count = test.xShape[0];
  if (count === 0) throw new Error('this forecast has no test windows to inspect');
  const index = Math.min(count - 1, Math.max(0, options.windowIndex ?? count - 1));
  const features = test.xShape[2];
  const size = lookback * features;
  const origin = test.origins[index];
  // the series values the window reads (lookback × patch of them), edge-padded before the first row
  const span = lookback * inputs.patch;
  const rows = Array.from({ length: span }, (_, i) => Math.max(0, origin - span + 1 + i));
  const sample = sampleWindows(test, options.maxWindows ?? 64);
  const fill = meansOf(train.x, train.xShape);
  const initial = initialForecastModel(inputs.spec);
  let result;
  try {
    result = await analyse(
      model,
      { x: test.x.slice(index * size, (index + 1) * size), shape: [1, lookback, features] },
      sample,
      fill,
      options,
      initial,
    );
  } finally {
    initial.model.dispose();
  }
  return {
    version: 1,
    computedAt: new Date().toISOString(),
    window: {
      index,
      count,
      origin,
      time: inputs.time ? rows.map((r) => (inputs.time as number[])[r]) : null,
      values: rows.map((r) => inputs.target[r]),
      label: 'input',
      marks: [],
    },
    ...result,
    ...(inputs.member ? { member: inputs.member } : {}),
  };
}

/**
 * Rebuilds the trained network of a memory-challenge experiment from its weights blob (for the inspector).
 * Input [batch, steps, features], output [batch, outputs]. The caller disposes the model. Throws when the
 * bytes are not a packed memory-challenge network.
 */
export function memoryModelFromWeights(bytes: Uint8Array): {
  task: ChallengeTask;
  lag: number;
  model: tf.Sequential;
  spec: ModelSpec;
} {
  const meta = unpackWeightsFile(bytes) as {
    format?: unknown;
    task?: unknown;
    lag?: unknown;
    model?: unknown;
  };
  if (
    meta.format !== MEMORY_MODEL_FORMAT ||
    (meta.task !== 'copy' && meta.task !== 'adding') ||
    typeof meta.lag !== 'number'
  ) {
    throw new Error('not a memory-challenge model');
  }
  const saved = SerializedModelSchema.parse(meta.model);
  return { task: meta.task, lag: meta.lag, model: deserializeModel(saved), spec: saved.spec };
}

/** Inspects a memory-challenge network on fresh examples of its task (seeded, so repeatable). */
export async function inspectChallengeRun(
  weights: Uint8Array,
  options: InspectOptions & { seed?: number } = {},
): Promise<Inspection> {
  const { task, lag, model, spec } = memoryModelFromWeights(weights);
  const initial = initialForecastModel(spec);
  try {
    const n = options.maxWindows ?? 64;
    const features = model.inputs[0].shape[2] ?? 2;
    const symbols = task === 'copy' ? features - 1 : 8;
    const steps = model.inputs[0].shape[1];
    const prefix = task === 'copy' && typeof steps === 'number' ? Math.max(0, steps - lag - 1) : 0;
    const data = makeTaskData(task, lag, n, mulberry32(options.seed ?? 7), symbols, prefix);
    const index = Math.min(n - 1, Math.max(0, options.windowIndex ?? 0));
    const size = data.steps * data.features;
    const one = data.x.slice(index * size, (index + 1) * size);
    const values: number[] = [];
    const marks: number[] = [];
    for (let t = 0; t < data.steps; t++) {
      const row = one.subarray(t * data.features, (t + 1) * data.features);
      if (task === 'copy') {
        values.push(row.subarray(0, symbols).indexOf(1));
        if (row[symbols] === 1) marks.push(t);
      } else {
        values.push(row[0]);
        if (row[1] === 1) marks.push(t);
      }
    }
    const fill = meansOf(data.x, [n, data.steps, data.features]);
    const result = await analyse(
      model,
      { x: one, shape: [1, data.steps, data.features] },
      { x: data.x, xShape: [n, data.steps, data.features], y: data.y, yShape: [n, data.outputs] },
      fill,
      options,
      initial,
    );
    return {
      version: 1,
      computedAt: new Date().toISOString(),
      window: {
        index,
        count: n,
        origin: index,
        time: null,
        values,
        label: task === 'copy' ? 'symbol' : 'value',
        marks,
      },
      ...result,
    };
  } finally {
    model.dispose();
    initial.model.dispose();
  }
}
