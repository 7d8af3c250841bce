/**
 * Time constants: how long each gated unit keeps what it holds. A unit whose keep gate (LSTM forget gate f; tfjs
 * GRU update gate z, which multiplies the previous state) averages m over the inspected windows scales its state by
 * about m per step, so a stored value decays to 1/e after about 1 / (1 − m) steps: its characteristic forgetting
 * time. Measured on the trained network and on a freshly initialised one of the same spec (same seed and gate
 * initialisation) over the same windows, so the effect of the initialisation and of training shows side by side, and
 * put in words next to the memory horizon. Pure: works on replayed gate traces (the UI imports the binning).
 */
import { median } from '../common/stats';
import type { CellType } from '../model/cells';
import { forgettingTime } from '../model/gateInit';
import type { EffectiveMemory } from './memory';
import type { GateTrace } from './replay';

/** Forgetting times of one gated layer's units. JSON-ready. */
export interface LayerTimeConstants {
  layer: string;
  /** Position among the recurrent layers, 0 nearest the input. */
  depth: number;
  cell: Exclude<CellType, 'rnn'>;
  /** The keep gate averaged: 'forget' (LSTM) or 'update' (GRU). */
  gate: 'forget' | 'update';
  /** Per unit: the keep gate's mean over every step of every window. */
  meanGate: number[];
  /** Per unit: 1 / (1 − meanGate), in steps (capped at MAX_FORGETTING_TIME). */
  steps: number[];
}

/** The time constants of a model's gated layers, before and after training, with the sentence that ties them to the memory horizon. JSON-ready. */
export interface TimeConstantReport {
  /** The trained network's gated layers (SimpleRNN layers have no gates and are left out). */
  trained: LayerTimeConstants[];
  /** The same network freshly initialised (same seed and gate initialisation), on the same windows; null when unknown. */
  initial: LayerTimeConstants[] | null;
  /** The gate initialisation in words, e.g. "chrono, T_max 106"; null when unknown. */
  initLabel: string | null;
  /** The number of steps the sentence compares the units with: the memory horizon, or the window length without one. */
  horizon: number;
  /** Whether `horizon` is the measured memory horizon (else the window length). */
  horizonMeasured: boolean;
  /** E.g. "Half the units forget within 3 steps; 6 of 32 units keep information for more than 100 steps, the memory horizon." */
  sentence: string;
}

/** Lower edges of the histogram bins, in steps; the last bin is open-ended. */
export const TIME_CONSTANT_BINS: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10_000];

/** Labels of the histogram bins: "1–2", "2–5", …, "≥ 10000". */
export function timeConstantBinLabels(): string[] {
  return TIME_CONSTANT_BINS.map((lo, i) =>
    i + 1 < TIME_CONSTANT_BINS.length ? `${lo}–${TIME_CONSTANT_BINS[i + 1]}` : `≥ ${lo}`,
  );
}

/** Units per bin of TIME_CONSTANT_BINS (a unit of exactly an edge counts in the bin starting there). */
export function timeConstantHistogram(steps: readonly number[]): number[] {
  const counts = TIME_CONSTANT_BINS.map(() => 0);
  for (const s of steps) {
    let bin = 0;
    while (bin + 1 < TIME_CONSTANT_BINS.length && s >= TIME_CONSTANT_BINS[bin + 1]) bin++;
    counts[bin]++;
  }
  return counts;
}

/**
 * Per gated layer, each unit's mean keep gate over every step of every trace and its forgetting time. Layers are
 * matched by position in the traces (every trace of one model has the same layers).
 */
export function unitTimeConstants(traces: readonly GateTrace[]): LayerTimeConstants[] {
  const first = traces[0];
  if (!first) return [];
  const out: LayerTimeConstants[] = [];
  first.layers.forEach((layer, index) => {
    if (layer.cell === 'rnn') return;
    const gate = layer.cell === 'lstm' ? 'forget' : 'update';
    const sums = new Float64Array(layer.units);
    let count = 0;
    for (const trace of traces) {
      for (const row of trace.layers[index].series[gate] ?? []) {
        for (let u = 0; u < layer.units; u++) sums[u] += row[u];
        count++;
      }
    }
    const meanGate = Array.from(sums, (s) => (count > 0 ? s / count : 0));
    out.push({
      layer: layer.name,
      depth: layer.depth,
      cell: layer.cell,
      gate,
      meanGate,
      steps: meanGate.map(forgettingTime),
    });
  });
  return out;
}

/** Every unit's forgetting time across layers. */
export function allSteps(layers: readonly LayerTimeConstants[]): number[] {
  return layers.flatMap((l) => l.steps);
}

/** "3 steps", "1 step", "1,200 steps". */
function stepsText(n: number): string {
  const rounded = Math.max(1, Math.ceil(n - 1e-9));
  return `${rounded.toLocaleString('en-US')} ${rounded === 1 ? 'step' : 'steps'}`;
}

/** "half the units forget within 3 steps; 6 of 32 units keep (1 of 32 units keeps) information for more than 100 steps" */
function clause(steps: readonly number[], horizon: number): string {
  const long = steps.filter((s) => s > horizon).length;
  const units = long === 1 ? 'units keeps' : 'units keep';
  return (
    `half the units forget within ${stepsText(median(steps))}; ` +
    `${long} of ${steps.length} ${units} information for more than ${stepsText(horizon)}`
  );
}

/**
 * The sentence tying the trained units' forgetting times to the memory horizon (`horizon` steps, or the window when
 * not measured), with the freshly initialised network's when known.
 */
export function describeTimeConstants(
  trained: readonly LayerTimeConstants[],
  initial: readonly LayerTimeConstants[] | null,
  horizon: number,
  horizonMeasured: boolean,
  initLabel: string | null,
): string {
  const steps = allSteps(trained);
  if (steps.length === 0) return 'No gated units: a SimpleRNN has no forget or update gate to measure.';
  const where = horizonMeasured ? ', the memory horizon' : ', the whole window';
  let sentence = `After training, ${clause(steps, horizon)}${where}.`;
  const before = initial ? allSteps(initial) : [];
  if (before.length > 0) {
    const how = initLabel ? ` (${initLabel})` : '';
    sentence += ` Freshly initialised${how}, ${clause(before, horizon)}.`;
  }
  return sentence;
}

/** The memory horizon in steps: the longer of the saliency and ablation estimates, or 0 when neither was measured. */
export function memoryHorizonSteps(
  effective: Pick<EffectiveMemory, 'saliencySteps' | 'ablationSteps'>,
): number {
  return Math.max(0, effective.saliencySteps ?? 0, effective.ablationSteps ?? 0);
}

/**
 * The time-constant report of a model from the traces of the inspected windows (and those of the freshly
 * initialised model on the same windows, when given). `horizon`: the memory horizon in steps, or 0 when none was
 * measured (the window length `windowSteps` is used then).
 */
export function timeConstantReport(
  traces: readonly GateTrace[],
  initialTraces: readonly GateTrace[] | null,
  options: { horizon: number; windowSteps: number; initLabel: string | null },
): TimeConstantReport {
  const trained = unitTimeConstants(traces);
  const initial = initialTraces ? unitTimeConstants(initialTraces) : null;
  const horizonMeasured = options.horizon > 0;
  const horizon = horizonMeasured ? options.horizon : options.windowSteps;
  return {
    trained,
    initial,
    initLabel: options.initLabel,
    horizon,
    horizonMeasured,
    sentence: describeTimeConstants(trained, initial, horizon, horizonMeasured, options.initLabel),
  };
}
