/**
 * Column scaling and first differencing for forecasting. Scalers are fitted on the training part only and
 * are plain JSON objects, so a saved model carries the exact transform it was trained with.
 */
import { z } from 'zod';

export type ScalingKind = 'zscore' | 'minmax';

/** Per-column affine scaler: scaled = (value - offset[c]) / scale[c]. JSON-serialisable. */
export interface ScalerState {
  kind: ScalingKind;
  /** Per column: the training mean (zscore) or minimum (minmax), in the column's units. */
  offset: number[];
  /** Per column: the training standard deviation (zscore) or range (minmax); 1 for a constant column. */
  scale: number[];
}

/** Validates a stored ScalerState. */
export const ScalerStateSchema = z
  .object({
    kind: z.enum(['zscore', 'minmax']),
    offset: z.array(z.number()),
    scale: z.array(z.number().positive()),
  })
  .refine((s) => s.offset.length === s.scale.length, {
    message: 'offset and scale must have one entry per column',
  });

/**
 * Fits one scaler per column on rows [start, end) only (the training part), so nothing of the validation or
 * test part leaks into the transform. zscore: offset = mean, scale = population standard deviation;
 * minmax: offset = min, scale = max - min (the training range maps to [0, 1]). A constant column gets
 * scale 1. Values must be finite in the fitted range.
 */
export function fitScaler(
  columns: ReadonlyArray<ArrayLike<number>>,
  kind: ScalingKind,
  start: number,
  end: number,
): ScalerState {
  if (!(end > start) || start < 0)
    throw new RangeError(`fitScaler needs a non-empty row range, got [${start}, ${end})`);
  const offset: number[] = [];
  const scale: number[] = [];
  for (const col of columns) {
    if (end > col.length)
      throw new RangeError(`fitScaler range end ${end} exceeds column length ${col.length}`);
    let a: number;
    let b: number;
    if (kind === 'zscore') {
      let sum = 0;
      for (let i = start; i < end; i++) sum += col[i];
      const mean = sum / (end - start);
      let sq = 0;
      for (let i = start; i < end; i++) sq += (col[i] - mean) ** 2;
      a = mean;
      b = Math.sqrt(sq / (end - start));
    } else {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = start; i < end; i++) {
        lo = Math.min(lo, col[i]);
        hi = Math.max(hi, col[i]);
      }
      a = lo;
      b = hi - lo;
    }
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new RangeError('fitScaler got non-finite values');
    offset.push(a);
    scale.push(b > 1e-12 * Math.max(1, Math.abs(a)) ? b : 1);
  }
  return { kind, offset, scale };
}

/** Scales one column (index `column` of the fitted state): (value - offset) / scale. Same length as input. */
export function transformColumn(values: ArrayLike<number>, state: ScalerState, column: number): Float64Array {
  const { a, b } = columnParams(state, column);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] - a) / b;
  return out;
}

/** Exact inverse of transformColumn: value * scale + offset, back in the column's original units. */
export function inverseColumn(values: ArrayLike<number>, state: ScalerState, column: number): Float64Array {
  const { a, b } = columnParams(state, column);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] * b + a;
  return out;
}

function columnParams(state: ScalerState, column: number): { a: number; b: number } {
  if (column < 0 || column >= state.offset.length) {
    throw new RangeError(`scaler has ${state.offset.length} columns, asked for column ${column}`);
  }
  return { a: state.offset[column], b: state.scale[column] };
}

/** First difference: d[i] = values[i + 1] - values[i]; length n - 1, same units as the input. */
export function difference(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(Math.max(0, values.length - 1));
  for (let i = 0; i < out.length; i++) out[i] = values[i + 1] - values[i];
  return out;
}

/**
 * Inverse of `difference`: integrates differences forward from the last known level,
 * levels[i] = lastLevel + diffs[0] + ... + diffs[i]. Same length as `diffs`.
 * `integrate(difference(v), v[0])` gives back v[1..].
 */
export function integrate(diffs: ArrayLike<number>, lastLevel: number): Float64Array {
  const out = new Float64Array(diffs.length);
  let level = lastLevel;
  for (let i = 0; i < diffs.length; i++) {
    level += diffs[i];
    out[i] = level;
  }
  return out;
}
