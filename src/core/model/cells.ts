/**
 * The recurrent cells the lab builds, one vocabulary for every feature: their names, display labels, the number of
 * gate blocks each keeps in its weight matrices, the gates a replay records, and the short label of a model's shape.
 * Pure data: the UI thread imports it without loading tfjs.
 */

/** Recurrent cell types, in the order the lab lists them. */
export const CELL_TYPES = ['rnn', 'lstm', 'gru'] as const;
export type CellType = (typeof CELL_TYPES)[number];

/** Display names of the recurrent cells. */
export const CELL_LABELS: Readonly<Record<CellType, string>> = { rnn: 'SimpleRNN', lstm: 'LSTM', gru: 'GRU' };

/**
 * Blocks of `units` columns in a cell's kernel, recurrent kernel and bias: 1 for SimpleRNN, 4 for LSTM (input,
 * forget, candidate, output), 3 for GRU (update, reset, candidate).
 */
export const CELL_GATE_BLOCKS: Readonly<Record<CellType, number>> = { rnn: 1, lstm: 4, gru: 3 };

/** True when `value` names a recurrent cell. */
export function isCellType(value: unknown): value is CellType {
  return typeof value === 'string' && (CELL_TYPES as readonly string[]).includes(value);
}

/** A recurrent network's shape as labels need it. */
export interface ModelShape {
  readonly cell: CellType;
  readonly layers: number;
  readonly units: number;
}

/** Short label of a model's shape, e.g. "LSTM 2×128". */
export function modelLabel(shape: ModelShape): string {
  return `${CELL_LABELS[shape.cell]} ${shape.layers}×${shape.units}`;
}

/** Trainable parameters of `layers` stacked recurrent layers of `units` over `inputs` input columns (no head). */
export function recurrentParameterCount(
  cell: CellType,
  layers: number,
  units: number,
  inputs: number,
): number {
  let input = inputs;
  let total = 0;
  for (let l = 0; l < layers; l++) {
    total += CELL_GATE_BLOCKS[cell] * units * (input + units + 1);
    input = units;
  }
  return total;
}

/** The quantities a replay records per time step and unit. */
export type SeriesName = 'input' | 'forget' | 'output' | 'update' | 'reset' | 'candidate' | 'cell' | 'hidden';

/** Series recorded for each cell kind, in display order. */
export const CELL_SERIES: Readonly<Record<CellType, readonly SeriesName[]>> = {
  rnn: ['hidden'],
  lstm: ['input', 'forget', 'output', 'candidate', 'cell', 'hidden'],
  gru: ['update', 'reset', 'candidate', 'hidden'],
};

/** The gates (values in [0, 1] with a sigmoid recurrent activation) of each cell kind. */
export const CELL_GATES: Readonly<Record<CellType, readonly SeriesName[]>> = {
  rnn: [],
  lstm: ['input', 'forget', 'output'],
  gru: ['update', 'reset'],
};

/** Display names of the recorded series. */
export const SERIES_LABELS: Readonly<Record<SeriesName, string>> = {
  input: 'input gate',
  forget: 'forget gate',
  output: 'output gate',
  update: 'update gate',
  reset: 'reset gate',
  candidate: 'candidate',
  cell: 'cell state',
  hidden: 'hidden state',
};
