/**
 * Training windows drawn on the fly across many normalised series: memory stays that of the series themselves,
 * however many windows they hold. Each draw picks a series uniformly (so long series do not drown short ones),
 * then an origin uniformly among that series' valid origins; a window never crosses from one series into another.
 */
import * as tf from '@tensorflow/tfjs';
import type { Random } from '../random';
import { mulberry32 } from '../random';
import type { BatchProvider } from '../train';
import { windowLevel, writeInputWindow } from './normalise';

/** The geometry of a window. */
export interface WindowShape {
  /** Values in the input window. */
  inputSize: number;
  /** Values per recurrent step (inputSize is a multiple of it). */
  patch: number;
  horizon: number;
  /** Values averaged into the window's level. */
  levelSpan: number;
  /**
   * Per seasonal lag L (e.g. 52 weeks), the input starts with one extra step: the `patch` values one lag before the
   * forecast steps, values[origin + 1 - L ..], edge-padded; longest lag first. [] = none.
   */
  seasonalLags: readonly number[];
}

/** Values per input row: the lagged steps and the window. */
export function inputRowSize(shape: WindowShape): number {
  return shape.inputSize + shape.seasonalLags.length * shape.patch;
}

/** The network input of a window: [steps, patch] with steps = inputRowSize / patch. */
export function inputSteps(shape: WindowShape): number {
  return inputRowSize(shape) / shape.patch;
}

/** Valid origins of a series: [first, last]; none when last < first. */
export interface OriginRange {
  first: number;
  last: number;
}

/**
 * Origins of training windows in a series of n normalised values: every target inside the series (origin <= n - 1 - H),
 * a full level span, a full input window when the series allows one (else only its last origin, edge-padded), and
 * at most `maxHistory` origins counted back from the last.
 */
export function originRange(n: number, shape: WindowShape, maxHistory: number | null): OriginRange {
  const last = n - 1 - shape.horizon;
  let first = Math.max(shape.levelSpan - 1, Math.min(shape.inputSize - 1, last));
  if (maxHistory !== null) first = Math.max(first, last - maxHistory + 1);
  return { first, last };
}

/** One window: series index and origin (its last input step). */
export interface WindowDraw {
  series: number;
  origin: number;
}

/**
 * Writes the window (series, origin) of `values` into x at row `row` (inputRowSize values, minus the level) and,
 * when y is given, its targets into y at row `row` (horizon values, minus the level).
 */
export function writeWindow(
  values: Float64Array,
  origin: number,
  shape: WindowShape,
  x: Float32Array,
  y: Float32Array | null,
  row: number,
): void {
  const level = windowLevel(values, origin, shape.levelSpan);
  const rowSize = inputRowSize(shape);
  let o = row * rowSize;
  for (const lag of [...shape.seasonalLags].sort((a, b) => b - a)) {
    writeInputWindow(values, origin + shape.patch - lag, shape.patch, level, x, o);
    o += shape.patch;
  }
  writeInputWindow(values, origin, shape.inputSize, level, x, o);
  if (y) {
    const o = row * shape.horizon;
    for (let h = 0; h < shape.horizon; h++) y[o + h] = values[origin + 1 + h] - level;
  }
}

export interface SamplerOptions {
  /** Windows per epoch: the size the trainer sees. */
  windowsPerEpoch: number;
  seed: number;
  /** See originRange. */
  maxHistory?: number | null;
  /** Called with every window drawn (tests use it to check that windows stay inside their series). */
  onDraw?: (draw: WindowDraw) => void;
}

/**
 * A BatchProvider of fresh random windows: every call to batch() draws indices.length new windows from the seeded
 * stream (the indices only give the count), so successive epochs see different windows and a run is reproducible.
 * Batches: x [B, inputSteps, patch], y [B, horizon].
 */
export class WindowSampler implements BatchProvider {
  readonly size: number;
  /** Indices of the series that hold at least one training window. */
  readonly trainable: number[];
  private readonly ranges: OriginRange[];
  private readonly rand: Random;

  constructor(
    private readonly series: readonly Float64Array[],
    private readonly shape: WindowShape,
    private readonly options: SamplerOptions,
  ) {
    this.size = options.windowsPerEpoch;
    this.ranges = series.map((v) => originRange(v.length, shape, options.maxHistory ?? null));
    this.trainable = this.ranges.flatMap((r, i) => (r.last >= r.first ? [i] : []));
    this.rand = mulberry32(options.seed);
  }

  /** Draws one window: a series uniformly among the trainable ones, then an origin uniformly in its range. */
  draw(): WindowDraw {
    const series = this.trainable[Math.floor(this.rand() * this.trainable.length)];
    const r = this.ranges[series];
    const origin = r.first + Math.floor(this.rand() * (r.last - r.first + 1));
    return { series, origin };
  }

  batch(indices: Int32Array): { x: tf.Tensor; y: tf.Tensor } {
    const B = indices.length;
    const { patch, horizon } = this.shape;
    const x = new Float32Array(B * inputRowSize(this.shape));
    const y = new Float32Array(B * horizon);
    for (let b = 0; b < B; b++) {
      const d = this.draw();
      this.options.onDraw?.(d);
      writeWindow(this.series[d.series], d.origin, this.shape, x, y, b);
    }
    return { x: tf.tensor3d(x, [B, inputSteps(this.shape), patch]), y: tf.tensor2d(y, [B, horizon]) };
  }
}
