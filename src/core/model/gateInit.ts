/**
 * How a recurrent layer's gate biases start, one setting for every recurrent model of the lab (forecast, melody,
 * memory challenge): the lab's default forget-gate bias, or chrono initialisation (Tallec & Ollivier 2018, "Can
 * recurrent neural networks warp time?"). Pure: the UI thread imports it for labels and forms without loading tfjs.
 *
 * Why chrono works. A gate that keeps a fraction g of the state per step (LSTM: the forget gate f; tfjs GRU: the
 * update gate z) forgets with the characteristic time 1 / (1 − g): after that many steps a stored value has decayed
 * to about 1/e. With the input and the state contributing little at the start, g = σ(b), so
 * 1 / (1 − σ(b)) = 1 + e^b. Drawing e^b uniformly from [1, T_max − 1], i.e. b = log U(1, T_max − 1), spreads the
 * units' forgetting times uniformly over [2, T_max]: the fresh network already remembers on every time scale up to
 * the longest dependency it is asked to learn.
 *
 * LSTM (gates i, f, c, o): b_f = log U(1, T_max − 1) and b_i = −b_f, so a unit that keeps much writes little (σ(−b) =
 * 1 − σ(b): the input gate is the forget gate's complement, as in the leaky unit the paper derives the gates from).
 *
 * GRU, tfjs / Keras convention (resetAfter false): h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃_t. Here z multiplies the previous
 * state, so z is the keep gate (the paper's 1 − g, where its g multiplies the new content): its bias takes the
 * forget-gate value, b_z = +log U(1, T_max − 1), giving 1 / (1 − z) = 1 + u in [2, T_max] as for the LSTM. The input
 * coefficient is 1 − z, already the complement, so no second bias is set; the reset gate and candidate keep bias 0.
 * (Under the opposite convention, h_t = (1 − z) ⊙ h_{t−1} + z ⊙ h̃_t, the sign would flip: b_z = −log U.)
 *
 * The forget-bias option sets the LSTM forget gate's bias to `value` (1 by default: Gers et al. 2000, Jozefowicz et
 * al. 2015) and leaves every other bias, and every GRU bias, at 0, as the lab always did.
 */
import { z } from 'zod';
import { CELL_GATE_BLOCKS, type CellType } from './cells';
import type { Random } from './random';

/** The gate initialisations. */
export const GATE_INIT_KINDS = ['forget-bias', 'chrono'] as const;
export type GateInitKind = (typeof GATE_INIT_KINDS)[number];

/** Longest T_max the settings accept (dependencies longer than any sequence the lab trains on). */
export const MAX_CHRONO_T_MAX = 100_000;

/** A gate initialisation with its parameter. */
export const GateInitSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('forget-bias'),
    /** Bias of the LSTM forget gate. */
    value: z.number().min(-10).max(10).default(1),
  }),
  z.object({
    kind: z.literal('chrono'),
    /** The longest dependency to remember, in steps: forgetting times start spread over [2, T_max]. */
    tMax: z.number().int().min(3).max(MAX_CHRONO_T_MAX),
  }),
]);
export type GateInit = z.output<typeof GateInitSchema>;

/** The lab's default: LSTM forget-gate bias 1, every other bias 0. */
export const DEFAULT_GATE_INIT: Readonly<GateInit> = { kind: 'forget-bias', value: 1 };

/** A gate initialisation in a few words: "forget bias 1", "chrono, T_max 100". */
export function gateInitLabel(init: GateInit): string {
  return init.kind === 'chrono' ? `chrono, T_max ${init.tMax}` : `forget bias ${init.value}`;
}

/** True when `value` is a gate initialisation (a stored setting, seen as JSON). */
export function isGateInit(value: unknown): value is GateInit {
  return GateInitSchema.safeParse(value).success;
}

/** One chrono bias: log u with u uniform on [1, T_max − 1]. */
export function chronoBias(tMax: number, rand: Random): number {
  return Math.log(1 + rand() * (tMax - 2));
}

/**
 * The initial bias vector [G · units] of a recurrent layer in tf.layers layout (LSTM blocks i f c o, GRU z r h,
 * SimpleRNN one block), under `init`. Chrono biases are drawn from `rand`, one per unit. SimpleRNN has no gates: its
 * bias is 0 under every option.
 */
export function initialRecurrentBias(
  cell: CellType,
  units: number,
  init: GateInit,
  rand: Random,
): Float32Array {
  const bias = new Float32Array(CELL_GATE_BLOCKS[cell] * units);
  if (cell === 'rnn') return bias;
  if (init.kind === 'forget-bias') {
    if (cell === 'lstm') bias.fill(init.value, units, 2 * units);
    return bias;
  }
  for (let u = 0; u < units; u++) {
    const b = chronoBias(init.tMax, rand);
    if (cell === 'lstm') {
      bias[units + u] = b;
      bias[u] = -b;
    } else {
      bias[u] = b;
    }
  }
  return bias;
}

/** Cap of a forgetting time: a gate that never lets go (mean exactly 1) reports this many steps. */
export const MAX_FORGETTING_TIME = 1e6;

/**
 * Characteristic forgetting time, in steps, of a unit whose keep gate (LSTM forget gate, tfjs GRU update gate)
 * averages `meanGate`: 1 / (1 − meanGate), at most MAX_FORGETTING_TIME.
 */
export function forgettingTime(meanGate: number): number {
  const rest = 1 - meanGate;
  return rest <= 1 / MAX_FORGETTING_TIME ? MAX_FORGETTING_TIME : 1 / rest;
}
