/**
 * Forecast configuration (validated with zod, with defaults) and the model spec derived from it.
 */
import { z } from 'zod';
import { parseSettings } from '../common/parse';
import { DEFAULT_SPLIT } from '../data/windowing';
import { ConfigError } from '../data/errors';
import { ENGINE_NAMES } from '../engine/engineName';
import { CELL_TYPES, type CellType } from './cells';
import { DEFAULT_GATE_INIT, GateInitSchema, type GateInit } from './gateInit';
import type { EngineName } from '../engine/engineName';

export { ENGINE_LABELS, ENGINE_NAMES } from '../engine/engineName';
export type { EngineName };

export { CELL_LABELS, CELL_TYPES } from './cells';
export type { CellType } from './cells';

export const BACKEND_NAMES = ['wasm', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export const OPTIMIZER_NAMES = ['adam', 'rmsprop', 'sgd'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

const fraction = z.number().gt(0).lt(1);

/** Train / validation / test fractions, each in (0, 1), adding up to 1. */
export const SplitSchema = z
  .object({ train: fraction, val: fraction, test: fraction })
  .refine((s) => Math.abs(s.train + s.val + s.test - 1) <= 1e-6, {
    message: 'train, val and test fractions must add up to 1',
  });

/** Variance-stabilising transforms of the recipe: chosen from the data, none, log, or a Box-Cox λ. */
export const RECIPE_BOX_COX = ['auto', 'none', 'log'] as const;
/** Seasonal adjustments of the recipe: chosen from the data, or one of the deseasonalise methods. */
export const RECIPE_DESEASONALISE = ['auto', 'none', 'classical-mult', 'classical-add', 'stl'] as const;

/**
 * The single-series recipe (after Smyl's ES-RNN and the lab's local M4 recipe): the series is transformed
 * (Box-Cox or log, seasonal adjustment) with states fitted on the training part, every input window and its
 * targets are expressed relative to the window's last level, and the forecast is the median of an ensemble
 * of networks trained with different seeds for a fixed number of epochs (no early stopping, so the validation
 * part stays unseen and calibrates the intervals).
 */
export const RecipeSettingsSchema = z.object({
  /** 'auto' chooses from the data (log or Box-Cox when the spread grows with the level). */
  boxCox: z.union([z.enum(RECIPE_BOX_COX), z.number().min(-1).max(2)]).default('auto'),
  /** 'auto' chooses from the data (a seasonality test at the season length). */
  deseasonalise: z.enum(RECIPE_DESEASONALISE).default('auto'),
  /**
   * Networks in the ensemble; the forecast is their median. 5: the members curve of the M4 recipe (validation
   * OWA Weekly 1: 0.828, 3: 0.789, 5: 0.789, 10: 0.788) flattens at 3-5.
   */
  ensemble: z.number().int().min(1).max(30).default(5),
  /** The window's level is the mean of its last levelSpan transformed values. */
  levelSpan: z.number().int().min(1).max(1000).default(1),
  /** Training windows drawn per epoch (at random, with replacement, from the training part). */
  windowsPerEpoch: z.number().int().min(16).max(1_000_000).default(512),
  /**
   * After scoring, train the ensemble again on the whole series (transforms refitted too) for the forecast past the
   * end, which then rests on the most recent values; the scores and interval widths come from the first ensemble.
   */
  refit: z.boolean().default(true),
  /**
   * Auto setup: before training, search cell, lookback, transforms and ensemble size on rolling origins inside the
   * training + validation part (never the test part) and train the best (see autoSearch.ts).
   */
  auto: z.boolean().default(false),
  /**
   * Forecast with the median, step by step, of the ensemble and classical methods (COMBINED_METHODS in
   * competitors.ts: ETS and AutoARIMA) fitted on the same history, M4's lesson that combinations beat their
   * members. Off for runs saved before the choice existed; on in the proposal (proposedRecipe).
   */
  combine: z.boolean().default(false),
});
export type RecipeSettings = z.output<typeof RecipeSettingsSchema>;
export type RecipeSettingsInput = z.input<typeof RecipeSettingsSchema>;

/** The recipe settings the app and the CLI propose: the schema's defaults with the classical combination on. */
export function proposedRecipe(): RecipeSettings {
  return RecipeSettingsSchema.parse({ combine: true });
}

/** Every forecast setting with its range and default. */
export const ForecastConfigSchema = z.object({
  cell: z.enum(CELL_TYPES).default('lstm'),
  /** Stacked recurrent layers. */
  layers: z.number().int().min(1).max(3).default(1),
  /** Units per recurrent layer. */
  units: z.number().int().min(1).max(512).default(32),
  /** Dropout rate after each recurrent layer (training only). */
  dropout: z.number().min(0).max(0.9).default(0),
  /** How the gate biases start: LSTM forget bias 1 (the default, and what runs saved before the setting used), or chrono. */
  gateInit: GateInitSchema.default({ ...DEFAULT_GATE_INIT }),
  /** Input steps per window. */
  lookback: z.number().int().min(1).max(2000).default(24),
  /** Steps forecast at once (direct multi-step). */
  horizon: z.number().int().min(1).max(1000).default(12),
  split: SplitSchema.default({ ...DEFAULT_SPLIT }),
  scaling: z.enum(['zscore', 'minmax']).default('zscore'),
  /** Model first differences of the target instead of its levels. */
  differencing: z.boolean().default(false),
  missing: z.enum(['interpolate', 'drop']).default('interpolate'),
  optimizer: z.enum(OPTIMIZER_NAMES).default('adam'),
  learningRate: z.number().positive().finite().default(0.001),
  batchSize: z.number().int().min(1).max(8192).default(32),
  epochs: z.number().int().min(1).max(10000).default(50),
  /** Epochs without a better validation loss before training stops; null = never stop early. */
  patience: z.number().int().min(1).nullable().default(10),
  /** Global gradient-norm clip value; null = no clipping. */
  clipNorm: z.number().positive().finite().nullable().default(1),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
  backend: z.enum(BACKEND_NAMES).default('wasm'),
  /** What runs the recurrent layers: the lab's fused kernels, or stock tf.layers (same weights and results). */
  engine: z.enum(ENGINE_NAMES).default('lab'),
  /**
   * The single-series recipe (transforms, per-window levels, an ensemble); null = the direct pipeline (scaled
   * levels or differences, one network, early stopping on the validation part). The app proposes the recipe.
   */
  recipe: RecipeSettingsSchema.nullable().default(null),
});

/** A complete, validated forecast configuration. */
export type ForecastConfig = z.output<typeof ForecastConfigSchema>;
/** What callers may pass: any subset of ForecastConfig; missing fields take their defaults. */
export type ForecastConfigInput = z.input<typeof ForecastConfigSchema>;

/**
 * Validates a configuration and fills in defaults. Throws ConfigError('INVALID_CONFIG') naming the first
 * bad field and what is allowed.
 */
export function parseForecastConfig(input: unknown): ForecastConfig {
  return parseSettings(
    ForecastConfigSchema,
    input,
    (details, field) => new ConfigError('INVALID_CONFIG', `Invalid forecast setting: ${details}.`, field),
  );
}

/** The default configuration. */
export const DEFAULT_FORECAST_CONFIG: Readonly<ForecastConfig> = ForecastConfigSchema.parse({});

/** Everything needed to rebuild a forecast network: the architecture plus the seed of its initial weights. */
export interface ModelSpec {
  kind: 'forecast';
  cell: CellType;
  layers: number;
  units: number;
  dropout: number;
  lookback: number;
  /** Input columns per step: the target plus extra features. */
  features: number;
  horizon: number;
  seed: number;
  /** How the gate biases start (absent in specs saved before the setting: the default forget bias 1). */
  gateInit?: GateInit;
}

/** Validates a stored ModelSpec. */
export const ModelSpecSchema = z.object({
  kind: z.literal('forecast'),
  cell: z.enum(CELL_TYPES),
  layers: z.number().int().min(1).max(3),
  units: z.number().int().min(1),
  dropout: z.number().min(0).lt(1),
  lookback: z.number().int().min(1),
  features: z.number().int().min(1),
  horizon: z.number().int().min(1),
  seed: z.number().int(),
  gateInit: GateInitSchema.optional(),
});

/** The model spec for a configuration and a number of input columns (target + extra features). */
export function modelSpecFromConfig(config: ForecastConfig, features: number): ModelSpec {
  return {
    kind: 'forecast',
    cell: config.cell,
    layers: config.layers,
    units: config.units,
    dropout: config.dropout,
    lookback: config.lookback,
    features,
    horizon: config.horizon,
    seed: config.seed,
    gateInit: config.gateInit,
  };
}
