/** The forecasting engine's public API. */
export { initBackend, useFastWasmMatMul } from './backend';
export type { BackendInfo } from './backend';
export {
  BASELINE_LABELS,
  BASELINE_NAMES,
  baselineForecasts,
  driftForecast,
  naiveForecast,
  seasonalNaiveForecast,
} from './baselines';
export type { BaselineName } from './baselines';
export { SeededDropout, buildForecastModel } from './builder';
export type { BuildOptions } from './builder';
export { forecastAgain, loadForecaster, runForecast } from './forecastPipeline';
export type {
  DataSummary,
  ForecastEvaluation,
  ForecastResult,
  Forecaster,
  FutureForecast,
  IntervalModel,
  PredictionInterval,
  RunForecastOptions,
  SavedForecaster,
  TestPredictions,
} from './forecastPipeline';
export { INTERVAL_LEVELS, conformalHalfWidths, intervalCoverage } from './intervals';
export { computeMetrics, maseScale, stepErrors, verdict } from './metrics';
export type { ForecastMetrics, StepErrors } from './metrics';
export { deserializeModel, serializeModel } from './serialize';
export type { SerializedModel, WeightSpec } from './serialize';
export { prepareSeries } from './series';
export type { ForecastSeries, PreparedSeries } from './series';
export {
  BACKEND_NAMES,
  CELL_LABELS,
  ENGINE_LABELS,
  ENGINE_NAMES,
  CELL_TYPES,
  DEFAULT_FORECAST_CONFIG,
  ForecastConfigSchema,
  OPTIMIZER_NAMES,
  modelSpecFromConfig,
  parseForecastConfig,
} from './spec';
export type {
  BackendName,
  CellType,
  EngineName,
  ForecastConfig,
  ForecastConfigInput,
  ModelSpec,
  OptimizerName,
} from './spec';
export { addTimeSteps, futureTimes, inferTimeStep } from './timeSteps';
export type { TimeStep } from './timeSteps';
export { createOptimizer, evaluateLoss, predictBatched, trainModel, yieldToEventLoop } from './train';
export type {
  BatchProvider,
  EpochSummary,
  GradientLog,
  GradientVariable,
  LossFunction,
  OptimizerSpec,
  TensorDataset,
  TrainOptions,
  TrainProgress,
  TrainResult,
  TrainStatus,
  TrainingData,
} from './train';
export { ConfigError } from '../data/errors';
export type { ConfigErrorCode } from '../data/errors';
