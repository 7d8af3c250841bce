/** Experiment payloads: one schema per kind and part, their versions and upgrades, and where SQL reads them. */
export type { Expect, SchemaOf } from './checks';
export { CELL_PATH, FORECAST_SORT_PATHS, GENERATED_COLUMNS_SQL, HEADLINE_PATH } from './columns';
export {
  EMPTY_HISTORY,
  GradientLogSchema,
  HeadlineSchema,
  JsonNumber,
  TrainingHistorySchema,
} from './common';
export type { Headline, StoredGradientLog, TrainingHistory } from './common';
export * from './forecast';
export * from './global';
export { forecastHeadline, melodyHeadline, memoryHeadline } from './headline';
export { InspectionRecordSchema, InspectionSchema } from './inspection';
export type { InspectionRecord, StoredInspection } from './inspection';
export * from './melody';
export * from './memory';
export { EXPERIMENT_KINDS, PAYLOAD_VERSION, PAYLOADS } from './payloads';
export type { ExperimentKind, Payload, PayloadInput, PayloadPart } from './payloads';
export { PayloadVersionError, isExperimentKind, upgradePayload } from './upgrade';
export type { RawPayload } from './upgrade';
