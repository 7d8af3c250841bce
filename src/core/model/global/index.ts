/** Global forecasters: one recurrent network trained across many series. */
export {
  GLOBAL_LOSSES,
  GLOBAL_PRESET_NAMES,
  GlobalForecastConfigSchema,
  globalPreset,
  localPreset,
  parseGlobalForecastConfig,
} from './config';
export type { GlobalForecastConfig, GlobalForecastConfigInput, GlobalLoss, GlobalPresetName } from './config';
export {
  denormalise,
  fitNormaliser,
  logOffset,
  normalise,
  seasonalAt,
  seasonalProfile,
  windowLevel,
  writeInputWindow,
} from './normalise';
export type { NormaliserOptions, SeriesNormaliser } from './normalise';
export { WindowSampler, inputRowSize, inputSteps, originRange, writeWindow } from './sampler';
export type { OriginRange, SamplerOptions, WindowDraw, WindowShape } from './sampler';
export {
  fitNormalisers,
  forecastGlobal,
  forecastWith,
  globalLoss,
  median,
  memberSpec,
  trainGlobalForecaster,
  windowShapeOf,
} from './trainer';
export type {
  GlobalEpoch,
  GlobalForecaster,
  GlobalMemberSummary,
  GlobalProgress,
  GlobalTrainHooks,
} from './trainer';
