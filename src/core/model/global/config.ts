/**
 * Settings of the global forecaster (one recurrent network trained across many series), validated with zod.
 * The defaults are the recipe chosen on M4 Weekly validation splits; `globalPreset('hourly')` gives the one
 * chosen on M4 Hourly.
 */
import { z } from 'zod';
import { parseSettings } from '../../common/parse';
import { ConfigError } from '../../data/errors';
import { ENGINE_NAMES } from '../../engine/engineName';
import { GateInitSchema } from '../gateInit';
import { CELL_TYPES, OPTIMIZER_NAMES } from '../spec';

/** Training losses, all on normalised log values: 'smape' is the exact sMAPE of the levels (2 |tanh(d / 2)|). */
export const GLOBAL_LOSSES = ['mae', 'smape', 'mse', 'pinball'] as const;
export type GlobalLoss = (typeof GLOBAL_LOSSES)[number];

const period = z.number().int().min(2).max(10_000);

/** Every setting of the global forecaster with its range and default. */
export const GlobalForecastConfigSchema = z
  .object({
    /** Steps forecast at once. */
    horizon: z.number().int().min(1).max(1000).default(13),
    /** Values in an input window. */
    inputSize: z.number().int().min(1).max(5000).default(13),
    /** Values per recurrent step: the window of inputSize values is read as inputSize / patch steps of `patch` values. */
    patch: z.number().int().min(1).max(1000).default(13),
    /** The window's level is the mean of its last levelSpan normalised values. */
    levelSpan: z.number().int().min(1).max(1000).default(1),
    /** Per lag, one input step with the `patch` values that lag before the forecast steps (e.g. [52] weekly). */
    seasonalLags: z.array(z.number().int().min(1).max(10_000)).max(4).default([52, 104]),
    /** Seasonal periods removed in the log domain before windowing (e.g. [24, 168] for hourly data). */
    seasonalPeriods: z.array(period).max(4).default([]),
    /** Seasonal profiles are estimated on at most this many recent cycles (null = all). */
    seasonalCycles: z.number().int().min(1).nullable().default(null),
    /** Training windows end at most this many steps before a series' last target (null = anywhere). */
    maxHistory: z.number().int().min(1).nullable().default(null),
    cell: z.enum(CELL_TYPES).default('lstm'),
    layers: z.number().int().min(1).max(3).default(1),
    units: z.number().int().min(1).max(512).default(32),
    dropout: z.number().min(0).max(0.9).default(0),
    /** How the gate biases start: LSTM forget bias 1 (default) or chrono (see gateInit.ts). */
    gateInit: GateInitSchema.default({ kind: 'forget-bias', value: 1 }),
    /** Start the output layer at zero, so an untrained network forecasts the window's level (a naive forecast). */
    zeroHead: z.boolean().default(false),
    loss: z.enum(GLOBAL_LOSSES).default('mae'),
    /** Quantile of the pinball loss (0.5 = half the MAE). */
    quantile: z.number().gt(0).lt(1).default(0.5),
    optimizer: z.enum(OPTIMIZER_NAMES).default('adam'),
    learningRate: z.number().positive().finite().default(0.001),
    /** Learning rate multiplier per epoch (1 = constant). */
    learningRateDecay: z.number().gt(0).max(1).default(1),
    batchSize: z.number().int().min(1).max(8192).default(64),
    epochs: z.number().int().min(1).max(10_000).default(20),
    /** Windows drawn per epoch (series chosen uniformly, then a window uniformly within the series). */
    windowsPerEpoch: z.number().int().min(1).max(10_000_000).default(4096),
    clipNorm: z.number().positive().finite().nullable().default(1),
    /**
     * Networks trained with different seeds; the forecast is their median. Validation OWA by members, Weekly:
     * 1: 0.828, 3: 0.789, 5: 0.789, 10: 0.788; Hourly: 1: 0.4725, 3: 0.469, 5: 0.4705, 10: 0.469.
     */
    members: z.number().int().min(1).max(100).default(5),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    engine: z.enum(ENGINE_NAMES).default('lab'),
  })
  .refine((c) => c.inputSize % c.patch === 0, {
    message: 'inputSize must be a multiple of patch',
    path: ['patch'],
  })
  .refine((c) => c.seasonalLags.every((lag) => lag >= c.patch), {
    message: 'every seasonal lag must be at least patch (the lagged values must lie in the past)',
    path: ['seasonalLags'],
  });

export type GlobalForecastConfig = z.output<typeof GlobalForecastConfigSchema>;
export type GlobalForecastConfigInput = z.input<typeof GlobalForecastConfigSchema>;

/** Validates settings and fills in defaults; throws ConfigError('INVALID_CONFIG') naming every bad field. */
export function parseGlobalForecastConfig(input: unknown): GlobalForecastConfig {
  return parseSettings(
    GlobalForecastConfigSchema,
    input,
    (details, field) =>
      new ConfigError('INVALID_CONFIG', `Invalid global forecast setting: ${details}.`, field),
  );
}

/** Frequencies with a tuned recipe. */
export const GLOBAL_PRESET_NAMES = ['weekly', 'hourly'] as const;
export type GlobalPresetName = (typeof GLOBAL_PRESET_NAMES)[number];

/** The recipe tuned for a frequency (settings differing from the defaults). */
export function globalPreset(name: GlobalPresetName): GlobalForecastConfigInput {
  switch (name) {
    case 'weekly':
      return {};
    case 'hourly':
      return {
        horizon: 48,
        inputSize: 336,
        patch: 24,
        levelSpan: 24,
        seasonalLags: [],
        seasonalPeriods: [24, 168],
        units: 64,
        learningRate: 0.003,
        epochs: 50,
      };
  }
}

/**
 * The recipe for one network per series (local forecasting) at a frequency: fewer windows per epoch, and for hourly
 * data a smaller network trained shorter (one series holds too little to fit 64 units for 50 epochs), levelled by
 * its last deseasonalised value, and a median of 10 (first 20 M4 Hourly series, validation OWA 0.903; 5 members
 * and the 24-value level: 0.927).
 */
export function localPreset(name: GlobalPresetName): GlobalForecastConfigInput {
  const local = { ...globalPreset(name), windowsPerEpoch: 512, epochs: 20 };
  return name === 'hourly' ? { ...local, units: 16, epochs: 10, levelSpan: 1, members: 10 } : local;
}
