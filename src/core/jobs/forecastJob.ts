/**
 * The forecast pipeline, assembled once for the app's worker, the CLI and the benchmarks: a parsed table and the
 * choices of what to forecast -> the series -> a configuration proposed from the data (changed where asked) ->
 * training and evaluation against the baselines -> what `experiments:save` stores. Pure core: no DOM, no Node.
 */
import type { ExperimentInputOf } from '../api';
import { extractSeries, proposeForecastDefaults } from '../data';
import type { ExtractOptions, ForecastDefaults, Series, Table } from '../data';
import { experimentFromOutcome, type ForecastOutcome } from '../model/forecastExperiment';
import { forecastAgain, runForecast, type FutureForecast } from '../model/forecastPipeline';
import { recommendForecastConfig } from '../model/recommend';
import { parseForecastConfig, type ForecastConfig, type ForecastConfigInput } from '../model/spec';
import { packWeightsFile, unpackWeightsFile } from '../model/weightsFile';
import { throttleProgress, type JobHooks } from './hooks';

/** What to forecast in a table, as far as the caller has chosen; the rest is proposed from the data. */
export interface ForecastChoice {
  target?: string;
  features?: string[];
  /** The series of a long-format table (a value of its key column). */
  key?: string;
  missing?: ExtractOptions['missing'];
  /** Season length in steps; proposed from the time index when absent. */
  seasonLength?: number;
  /** Settings changed from the proposal. */
  config?: ForecastConfigInput;
}

/** A complete forecast setup: the series, how it was read, its season and the configuration to train. */
export interface ForecastSetup {
  extract: ExtractOptions;
  seasonLength: number;
  series: Series;
  config: ForecastConfig;
  defaults: ForecastDefaults;
}

/**
 * The setup the app proposes for a table, with the caller's choices applied: the target, key and season found in the
 * data, a lookback and horizon from its frequency, differencing when the level leaves the training range. Throws
 * DataError / ConfigError saying what to change.
 */
export function planForecast(table: Table, choice: ForecastChoice = {}): ForecastSetup {
  const defaults = proposeForecastDefaults(table, choice.key !== undefined ? { key: choice.key } : {});
  const extract: ExtractOptions = {
    target: choice.target ?? defaults.target,
    features: choice.features ?? [],
    key: defaults.key ?? undefined,
    missing: choice.missing ?? 'interpolate',
  };
  const series = extractSeries(table, extract);
  const recommended = recommendForecastConfig(series.target, defaults, undefined, {
    features: extract.features?.length ?? 0,
  });
  const config = parseForecastConfig({ ...recommended, ...choice.config });
  return {
    extract,
    seasonLength: choice.seasonLength ?? defaults.seasonLength,
    series,
    config,
    defaults,
  };
}

/** What a forecast job leaves: the outcome (metrics, forecasts, packed weights) and the experiment to save. */
export interface ForecastJobResult {
  outcome: ForecastOutcome;
  /** Ready for `experiments:save`; null when no dataset was given. */
  experiment: ExperimentInputOf<'forecast'> | null;
}

/**
 * Trains and evaluates a forecaster on a series read from a table. The configuration is used as given (see
 * {@link planForecast} for the proposal); `dataset` names the stored dataset the experiment belongs to.
 */
export async function forecastJob(
  input: {
    table: Table;
    extract: ExtractOptions;
    seasonLength: number;
    config: ForecastConfigInput;
    dataset: { id: number; name: string } | null;
  },
  hooks: JobHooks = {},
): Promise<ForecastJobResult> {
  hooks.onStage?.('Reading the series', 0);
  const series = extractSeries(input.table, input.extract);
  const result = await runForecast(
    { time: series.time, target: series.target, features: series.features, seasonLength: input.seasonLength },
    input.config,
    {
      signal: hooks.signal,
      onProgress: throttleProgress(hooks.onProgress, 100),
      onEpoch: hooks.onEpoch,
    },
  );
  const { saved, ...rest } = result;
  const outcome: ForecastOutcome = { ...rest, weights: saved ? packWeightsFile(saved) : null };
  const experiment = input.dataset
    ? experimentFromOutcome(outcome, {
        dataset: input.dataset,
        extract: input.extract,
        seasonLength: input.seasonLength,
        series,
      })
    : null;
  return { outcome, experiment };
}

/** Forecasts past the end of the series again with a saved forecaster's weights (no training). */
export async function forecastAgainJob(input: {
  table: Table;
  extract: ExtractOptions;
  seasonLength: number;
  weights: Uint8Array;
}): Promise<FutureForecast> {
  const series = extractSeries(input.table, input.extract);
  return forecastAgain(unpackWeightsFile(input.weights), {
    time: series.time,
    target: series.target,
    features: series.features,
    seasonLength: input.seasonLength,
  });
}
