/**
 * Gate saturation (as in Karpathy, Johnson & Fei-Fei 2015, "Visualizing and understanding recurrent
 * networks"): for every gate and unit, the share of time steps the gate is left-saturated (below 0.1,
 * closed) or right-saturated (above 0.9, open), over one or many replayed windows; and what that says
 * about the units, in words. SimpleRNN layers have no gates: their tanh hidden units are measured against
 * -0.9 and +0.9 instead.
 */
import { CELL_GATES, type CellType, type SeriesName } from '../model/cells';
import type { GateTrace } from './replay';

/** How a unit spends its time. */
export type SaturationClass =
  /** Right-saturated (open, or near +1) more than `share` of the time. */
  | 'open'
  /** Left-saturated (closed, or near -1) more than `share` of the time. */
  | 'closed'
  /** Saturated on one side or the other more than `share` of the time, neither side alone. */
  | 'switching'
  /** Saturated less than 1 - `share` of the time: works in the graded middle range. */
  | 'balanced'
  /** None of the above. */
  | 'mixed';

/** Saturation of one gate (or of a SimpleRNN layer's hidden state) of one layer. JSON-ready. */
export interface GateSaturation {
  layer: string;
  /** Position among the recurrent layers, 0 nearest the input. */
  depth: number;
  cell: CellType;
  /** 'input' | 'forget' | 'output' (LSTM), 'update' | 'reset' (GRU), 'hidden' (SimpleRNN). */
  gate: SeriesName;
  units: number;
  /** Time steps measured per unit (over all windows). */
  samples: number;
  /** Values strictly below this count as left-saturated (0.1 for gates, -0.9 for tanh units). */
  lowThreshold: number;
  /** Values strictly above this count as right-saturated (0.9 for gates and tanh units). */
  highThreshold: number;
  /** Per unit: share of time steps below lowThreshold, in [0, 1]. */
  low: number[];
  /** Per unit: share of time steps above highThreshold, in [0, 1]. */
  high: number[];
  /** Per unit: its class. */
  classes: SaturationClass[];
  /** Units per class. */
  counts: Record<SaturationClass, number>;
  /** What the counts mean, e.g. "12 of 64 forget-gate units stay open more than 90% of the time: long-memory units." */
  summary: string;
}

/** Saturation of every gate of every recurrent layer. JSON-ready. */
export interface SaturationReport {
  /** The share that makes a unit open / closed / switching (default 0.9). */
  share: number;
  gates: GateSaturation[];
  /** One sentence per gate, prefixed with the layer name when the model has several recurrent layers. */
  summary: string[];
}

/** Options of {@link gateSaturation}. */
export interface SaturationOptions {
  /** Gate thresholds: below `low` is closed, above `high` is open (defaults 0.1 and 0.9). */
  low?: number;
  high?: number;
  /** |h| above this counts as saturated for SimpleRNN tanh units (default 0.9). */
  tanh?: number;
  /** A unit is open / closed / switching when saturated more than this share of the time (default 0.9). */
  share?: number;
}

const GATE_WORD: Partial<Record<SeriesName, string>> = {
  input: 'input-gate',
  forget: 'forget-gate',
  output: 'output-gate',
  update: 'update-gate',
  reset: 'reset-gate',
  hidden: 'hidden',
};

/** What an open / closed unit of each gate does. */
const MEANING: Partial<Record<SeriesName, { open: string; closed: string }>> = {
  forget: { open: 'long-memory units', closed: 'short-memory units that wipe their cell at every step' },
  input: {
    open: 'they write to their cell at every step',
    closed: 'they rarely write: their cell holds what it has',
  },
  output: { open: 'they always expose their cell', closed: 'they keep their cell hidden from the output' },
  update: {
    open: 'long-memory units that keep their state',
    closed: 'short-memory units that overwrite their state at every step',
  },
  reset: {
    open: 'their candidate always uses the previous state',
    closed: 'their candidate ignores the previous state',
  },
};

function percent(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

/** "12 of 64" / "All 4" / "1 of 8". */
function countOf(n: number, of: number): string {
  return n === of && of > 1 ? `All ${of}` : `${n} of ${of}`;
}

/**
 * The sentence for one gate's counts. Exported for the UI's legends; `share` as in SaturationOptions.
 * e.g. "12 of 64 forget-gate units stay open more than 90% of the time: long-memory units."
 */
export function describeSaturation(
  gate: SeriesName,
  counts: Record<SaturationClass, number>,
  units: number,
  share = 0.9,
): string {
  const word = GATE_WORD[gate] ?? gate;
  const more = `more than ${percent(share)} of the time`;
  const verb = (n: number, one: string, many: string) => (n === 1 ? one : many);
  const parts: string[] = [];
  if (gate === 'hidden') {
    if (counts.open > 0)
      parts.push(
        `${countOf(counts.open, units)} hidden units ${verb(counts.open, 'sits', 'sit')} near +1 ${more}`,
      );
    if (counts.closed > 0)
      parts.push(
        `${countOf(counts.closed, units)} hidden units ${verb(counts.closed, 'sits', 'sit')} near -1 ${more}`,
      );
    if (counts.switching > 0) {
      parts.push(
        `${countOf(counts.switching, units)} hidden units ${verb(counts.switching, 'flips', 'flip')} between -1 and +1 (saturated ${more})`,
      );
    }
    if (counts.balanced > 0) {
      parts.push(
        `${countOf(counts.balanced, units)} hidden units ${verb(counts.balanced, 'stays', 'stay')} away from ±1 (saturated less than ${percent(1 - share)} of the time)`,
      );
    }
    const saturated = counts.open + counts.closed + counts.switching;
    if (saturated > units / 2) parts.push('saturated tanh units pass almost no gradient back in time');
    if (parts.length === 0) return `No hidden unit is saturated ${more}, and none stays away from ±1.`;
    return `${capitalize(parts.join('; '))}.`;
  }
  const meaning = MEANING[gate] ?? { open: '', closed: '' };
  if (counts.open > 0)
    parts.push(
      `${countOf(counts.open, units)} ${word} units ${verb(counts.open, 'stays', 'stay')} open ${more}: ${meaning.open}`,
    );
  if (counts.closed > 0)
    parts.push(
      `${countOf(counts.closed, units)} ${word} units ${verb(counts.closed, 'stays', 'stay')} closed ${more}: ${meaning.closed}`,
    );
  if (counts.switching > 0) {
    parts.push(
      `${countOf(counts.switching, units)} ${word} units ${verb(counts.switching, 'is', 'are')} either open or closed ${more}: they act as switches`,
    );
  }
  if (counts.balanced > 0) {
    parts.push(
      `${countOf(counts.balanced, units)} ${word} units ${verb(counts.balanced, 'is', 'are')} saturated less than ${percent(1 - share)} of the time: graded, not switching`,
    );
  }
  if (parts.length === 0) return `No ${word} unit is open or closed ${more}; none is unsaturated either.`;
  return `${capitalize(parts.join('; '))}.`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Classifies a unit from its left / right saturation shares. */
export function classifyUnit(low: number, high: number, share = 0.9): SaturationClass {
  if (high > share) return 'open';
  if (low > share) return 'closed';
  if (low + high > share) return 'switching';
  if (low + high < 1 - share) return 'balanced';
  return 'mixed';
}

/**
 * Per gate and unit, the share of time steps below `low` and above `high` over all given windows (one
 * GateTrace per window, as replayRecurrent returns), with each unit classified and a summary in words.
 * SimpleRNN layers are measured on their tanh hidden state against -tanh and +tanh.
 */
export function gateSaturation(
  traces: GateTrace | readonly GateTrace[],
  options: SaturationOptions = {},
): SaturationReport {
  const list: readonly GateTrace[] = Array.isArray(traces) ? traces : [traces as GateTrace];
  const low = options.low ?? 0.1;
  const high = options.high ?? 0.9;
  const tanh = options.tanh ?? 0.9;
  const share = options.share ?? 0.9;
  if (list.length === 0) return { share, gates: [], summary: [] };
  const gates: GateSaturation[] = [];
  const layerCount = list[0].layers.length;
  for (let l = 0; l < layerCount; l++) {
    const first = list[0].layers[l];
    const measured: readonly SeriesName[] = first.cell === 'rnn' ? ['hidden'] : CELL_GATES[first.cell];
    const [lo, hi] = first.cell === 'rnn' ? [-tanh, tanh] : [low, high];
    for (const gate of measured) {
      const below = new Float64Array(first.units);
      const above = new Float64Array(first.units);
      let samples = 0;
      for (const trace of list) {
        const layer = trace.layers[l];
        if (!layer || layer.name !== first.name)
          throw new RangeError('all traces must come from the same model');
        const rows = layer.series[gate] ?? [];
        for (const row of rows) {
          for (let u = 0; u < first.units; u++) {
            if (row[u] < lo) below[u]++;
            else if (row[u] > hi) above[u]++;
          }
        }
        samples += rows.length;
      }
      const lowShare = Array.from(below, (v) => (samples > 0 ? v / samples : 0));
      const highShare = Array.from(above, (v) => (samples > 0 ? v / samples : 0));
      const classes = lowShare.map((v, u) => classifyUnit(v, highShare[u], share));
      const counts: Record<SaturationClass, number> = {
        open: 0,
        closed: 0,
        switching: 0,
        balanced: 0,
        mixed: 0,
      };
      for (const c of classes) counts[c]++;
      gates.push({
        layer: first.name,
        depth: first.depth,
        cell: first.cell,
        gate,
        units: first.units,
        samples,
        lowThreshold: lo,
        highThreshold: hi,
        low: lowShare,
        high: highShare,
        classes,
        counts,
        summary: describeSaturation(gate, counts, first.units, share),
      });
    }
  }
  const prefix = layerCount > 1;
  return { share, gates, summary: gates.map((g) => (prefix ? `${g.layer}: ${g.summary}` : g.summary)) };
}
