export { parseCsv, parseCsvAsync } from './csv';
export { summarizeTable, isIdLike, columnRole, numericStats, columnRange } from './summary';
export { extractSeries, proposeForecastDefaults } from './series';
export { inferFrequency, findGaps, seasonLengthFor, stepForward } from './frequency';
export {
  parseDate,
  detectDateFormat,
  addMonths,
  formatUtc,
  type DateFormat,
  type DateFormatGuess,
} from './dates';
export { parseNumber, isMissing, MISSING_MARKERS } from './numbers';
export { ConfigError, DataError, isDataError, type ConfigErrorCode, type DataErrorCode } from './errors';
export type * from './types';
export { CSV_LIMITS } from './types';
