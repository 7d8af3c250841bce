/**
 * The inputs the inspector needs from a saved forecaster: its network, and the scaled windows (training
 * windows for the ablation fill value, test windows and their targets) rebuilt from the series exactly as
 * training built them. A recipe forecaster (format version 2) is an ensemble: one member is inspected, on the
 * transformed, window-normalised windows the recipe itself writes for its members.
 */
import type * as tf from '@tensorflow/tfjs';
import { SerializedModelSchema, deserializeModel } from '../model/serialize';
import { ScalerStateSchema, difference, transformColumn } from '../data/scaling';
import { chronologicalSplit, splitWindows, type WindowSet } from '../data/windowing';
import { prepareSeries, type ForecastSeries } from '../model/series';
import { ConfigError } from '../data/errors';
import { ForecastConfigSchema, type ModelSpec } from '../model/spec';
import { unpackWeightsFile } from '../model/weightsFile';
import { recipeNetworkConfig, recipeTrainingOrigins, recipeWindows, toModelSpace } from '../model/recipe';
import { RecipeForecasterSchema, originsIn, recipeMember } from '../model/recipeForecast';
import { recipeSplit } from '../model/recipeSplit';

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
  /** Recurrent steps per window. */
  lookback: number;
  /** Series values per recurrent step (1, or the recipe's patch): a window reads lookback × patch values. */
  patch: number;
  horizon: number;
  /** For a recipe ensemble, the inspected member (0-based) and how many the run saved; null for one network. */
  member: { index: number; count: number } | null;
}

/**
 * Rebuilds a forecast experiment's network from its weights blob and the windows of its series (scaled with
 * the saved scaler, split with the saved fractions). Throws when the blob is not a saved forecaster.
 */
export function forecastInspectionInputs(
  weights: Uint8Array,
  series: ForecastSeries,
  member = 0,
): ForecastInspectionInputs {
  const saved = unpackWeightsFile(weights) as {
    version?: unknown;
    config?: unknown;
    scaler?: unknown;
    model?: unknown;
  };
  if (saved.version === 2) return recipeInspectionInputs(saved, series, member);
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
      patch: 1,
      horizon: config.horizon,
      member: null,
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/**
 * The inputs of member `member` of a saved recipe forecaster: the series mapped to the model space with the saved
 * state; training windows at every origin its sampler drew from (the part the saved state was fitted on, which is
 * the part the members trained on); test windows at the run's test origins. Both are written by the recipe's own
 * window code, each relative to its level.
 */
function recipeInspectionInputs(
  unpacked: unknown,
  series: ForecastSeries,
  member: number,
): ForecastInspectionInputs {
  const parsed = RecipeForecasterSchema.safeParse(unpacked);
  if (!parsed.success) {
    throw new ConfigError(
      'INCOMPATIBLE_MODEL',
      'The saved recipe forecaster of this run is damaged or from another version: run the forecast again.',
    );
  }
  const saved = parsed.data;
  const count = saved.members.length;
  if (!Number.isInteger(member) || member < 0 || member >= count) {
    throw new ConfigError(
      'INVALID_CONFIG',
      `This ensemble has ${count} member(s); choose a member from 1 to ${count}.`,
      'member',
    );
  }
  const config = saved.config;
  const prepared = prepareSeries(series, config.missing);
  const y = prepared.target;
  const n = y.length;
  const trainEnd = saved.state.fittedLength;
  if (trainEnd > n) {
    throw new ConfigError(
      'INCOMPATIBLE_MODEL',
      `The forecaster was trained on ${trainEnd} values but the dataset now has ${n}: run the forecast again.`,
    );
  }
  const net = recipeNetworkConfig(config, config.recipe);
  const z = toModelSpace(saved.state, y);
  const setOf = (values: Float64Array, origins: number[]): WindowSet => {
    const w = recipeWindows(values, origins, net, true);
    return {
      x: w.x,
      y: w.y ?? new Float32Array(0),
      xShape: w.xShape,
      yShape: w.yShape,
      origins: Int32Array.from(origins),
    };
  };
  const train = setOf(z.subarray(0, trainEnd), recipeTrainingOrigins(trainEnd, net));
  const test = setOf(z, originsIn(recipeSplit(n, config).bounds.valEnd, n, config.horizon));
  const serialized = recipeMember(saved, member);
  return {
    model: deserializeModel(serialized),
    spec: serialized.spec,
    train,
    test,
    target: y,
    time: prepared.time,
    lookback: train.xShape[1],
    patch: net.patch,
    horizon: config.horizon,
    member: { index: member, count },
  };
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
