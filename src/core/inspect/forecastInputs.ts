/**
 * The inputs the inspector needs from a saved forecaster: its network, and the scaled windows (training
 * windows for the ablation fill value, test windows and their targets) rebuilt from the series exactly as
 * training built them.
 */
import type * as tf from '@tensorflow/tfjs';
import { SerializedModelSchema, deserializeModel } from '../model/serialize';
import { ScalerStateSchema, difference, transformColumn } from '../data/scaling';
import { chronologicalSplit, splitWindows, type WindowSet } from '../data/windowing';
import { prepareSeries, type ForecastSeries } from '../model/series';
import { ForecastConfigSchema, type ModelSpec } from '../model/spec';
import { unpackWeightsFile } from '../model/weightsFile';

export interface ForecastInspectionInputs {
  /** The trained network; the caller disposes it. */
  model: tf.Sequential;
  /** Its spec (architecture, seed, gate initialisation), to build it freshly initialised. */
  spec: ModelSpec;
  train: WindowSet;
  test: WindowSet;
  /** The target in original units, per row of the cleaned series, to draw the windows' inputs. */
  target: number[];
  time: number[] | null;
  lookback: number;
  horizon: number;
}

/**
 * Rebuilds a forecast experiment's network from its weights blob and the windows of its series (scaled with
 * the saved scaler, split with the saved fractions). Throws when the blob is not a saved forecaster.
 */
export function forecastInspectionInputs(
  weights: Uint8Array,
  series: ForecastSeries,
): ForecastInspectionInputs {
  const saved = unpackWeightsFile(weights) as { config?: unknown; scaler?: unknown; model?: unknown };
  const config = ForecastConfigSchema.parse(saved.config);
  const scaler = ScalerStateSchema.parse(saved.scaler);
  const serialized = SerializedModelSchema.parse(saved.model);
  const model = deserializeModel(serialized);
  try {
    const prepared = prepareSeries(series, config.missing);
    const target = Float64Array.from(prepared.target);
    const first = config.differencing ? Float64Array.of(Number.NaN, ...difference(target)) : target;
    const columns = [first, ...prepared.features.map((f) => Float64Array.from(f))];
    const scaled = columns.map((c, k) => transformColumn(c, scaler, k));
    const firstValid = config.differencing ? 1 : 0;
    const bounds = chronologicalSplit(prepared.target.length, config.split, config, firstValid);
    const windows = splitWindows(scaled, bounds, config);
    return {
      model,
      spec: serialized.spec,
      train: windows.train,
      test: windows.test,
      target: prepared.target,
      time: prepared.time,
      lookback: config.lookback,
      horizon: config.horizon,
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** Picks up to `max` windows spread evenly over a set: x [k, lookback, features], y [k, horizon], their origins. */
export function sampleWindows(
  set: WindowSet,
  max: number,
): {
  x: Float32Array;
  y: Float32Array;
  xShape: [number, number, number];
  yShape: [number, number];
  origins: number[];
} {
  const [n, lookback, features] = set.xShape;
  const horizon = set.yShape[1];
  const k = Math.min(n, Math.max(1, max));
  const picks = Array.from({ length: k }, (_, i) => (k === 1 ? n - 1 : Math.round((i * (n - 1)) / (k - 1))));
  const xSize = lookback * features;
  const x = new Float32Array(k * xSize);
  const y = new Float32Array(k * horizon);
  picks.forEach((p, i) => {
    x.set(set.x.subarray(p * xSize, (p + 1) * xSize), i * xSize);
    y.set(set.y.subarray(p * horizon, (p + 1) * horizon), i * horizon);
  });
  return {
    x,
    y,
    xShape: [k, lookback, features],
    yShape: [k, horizon],
    origins: picks.map((p) => set.origins[p]),
  };
}
