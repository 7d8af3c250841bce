/** The memory & forgetting inspector's public API: gate traces, saturation, memory horizon, gradient health, memory challenge. */
export { CELL_GATES, CELL_SERIES, SERIES_LABELS } from '../model/cells';
export type { SeriesName } from '../model/cells';
export { recurrentCellOf, recurrentLayers, replayRecurrent, windowsTensor } from './replay';
export type { GateTrace, LayerTrace, RecurrentLayerInfo, WindowsInput } from './replay';
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
export { CHALLENGE_TASKS } from './challengeTasks';
export type { ChallengeTask } from './challengeTasks';
export {
  ADDING_TOLERANCE,
  DEFAULT_CHALLENGE_SETTINGS,
  challengeInitName,
  challengeSeriesKey,
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
  TaskData,
} from './challenge';
export { MEMORY_MODEL_FORMAT, challengeRunName, experimentFromChallengeRecord } from './challengeExperiment';
export { forecastInspectionInputs, sampleWindows } from './forecastInputs';
export type { ForecastInspectionInputs } from './forecastInputs';
export { inspectChallengeRun, inspectForecaster, memoryModelFromWeights } from './inspection';
export type { InspectedWindow, Inspection, InspectOptions } from './inspection';
export { inspectMelodyModel } from './melodyInspection';
export type { AttentionMap } from './attentionMap';
