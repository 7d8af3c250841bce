/** The memory & forgetting inspector's public API: gate traces, saturation, memory horizon, gradient health, memory challenge. */
export {
  CELL_GATES,
  CELL_SERIES,
  SERIES_LABELS,
  recurrentCellOf,
  recurrentLayers,
  replayRecurrent,
  windowsTensor,
} from './replay';
export type { GateTrace, LayerTrace, RecurrentLayerInfo, SeriesName, WindowsInput } from './replay';
export { classifyUnit, describeSaturation, gateSaturation } from './saturation';
export type { GateSaturation, SaturationClass, SaturationOptions, SaturationReport } from './saturation';
export { contextAblation, effectiveMemory, featureMeans, gradientSaliency, memoryHorizon } from './memory';
export type {
  AblationOptions,
  AblationResult,
  EffectiveMemory,
  MemoryHorizon,
  MemoryObjective,
  MemoryProgress,
  MemoryRunOptions,
  SaliencyOptions,
  SaliencyResult,
} from './memory';
export { gradientHealth } from './gradients';
export type { EpochGradientStats, GradientCallout, GradientHealth, GradientHealthOptions } from './gradients';
export {
  ADDING_TOLERANCE,
  CHALLENGE_TASKS,
  DEFAULT_CHALLENGE_SETTINGS,
  makeTaskData,
  runChallengeCell,
  runMemoryChallenge,
  summarizeChallenge,
  taskAccuracy,
} from './challenge';
export type {
  ChallengeOptions,
  ChallengeProgress,
  ChallengeRecord,
  ChallengeResult,
  ChallengeSettings,
  ChallengeTask,
  TaskData,
} from './challenge';
export {
  MEMORY_MODEL_FORMAT,
  challengeRunName,
  experimentFromChallengeRecord,
  memoryModelFromWeights,
} from './challengeExperiment';
export { forecastInspectionInputs, sampleWindows } from './forecastInputs';
export type { ForecastInspectionInputs } from './forecastInputs';
export { inspectChallengeRun, inspectForecaster } from './inspection';
export type { InspectedWindow, Inspection, InspectOptions } from './inspection';
export { inspectMelodyModel } from './melodyInspection';
