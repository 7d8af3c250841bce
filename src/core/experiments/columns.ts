/**
 * Where the store reads payload fields in SQL (stored generated columns, sorting by a setting): JSON paths built from
 * the payload types, so renaming a field the store relies on fails type-checking here, and a test checks each path
 * against a parsed payload of every kind.
 */
import type { Payload } from './payloads';
import type { ExperimentKind } from './payloads';

type ConfigOf<K extends ExperimentKind> = Payload<K, 'config'>;
type MetricsOf<K extends ExperimentKind> = Payload<K, 'metrics'>;
/** Keys every kind's config (or metrics) has. */
type CommonKey<T> = keyof T & string;

/** `$.key` for a top-level key of T. */
const path =
  <T>() =>
  <K extends CommonKey<T>>(key: K): `$.${K}` =>
    `$.${key}`;

/** The recurrent cell of any run: config.cell. */
export const CELL_PATH = path<ConfigOf<ExperimentKind>>()('cell');

/** The headline metric of any run: metrics.headline ({name, value, lowerIsBetter}). */
export const HEADLINE_PATH = path<MetricsOf<ExperimentKind>>()('headline');

/** Forecast settings the history sorts by, read from config. */
export const FORECAST_SORT_PATHS = {
  layers: path<ConfigOf<'forecast'>>()('layers'),
  units: path<ConfigOf<'forecast'>>()('units'),
  lookback: path<ConfigOf<'forecast'>>()('lookback'),
  horizon: path<ConfigOf<'forecast'>>()('horizon'),
  epochs: path<ConfigOf<'forecast'>>()('epochs'),
} as const;

/**
 * SQL of the stored generated columns over the `config` and `metrics` JSON columns: `cell`, and `headline` signed
 * so that ascending order puts the best run first (negated when higher is better).
 */
export const GENERATED_COLUMNS_SQL = {
  cell: `json_extract(config, '${CELL_PATH}')`,
  headline:
    `CASE WHEN json_extract(metrics, '${HEADLINE_PATH}.lowerIsBetter') THEN json_extract(metrics, '${HEADLINE_PATH}.value') ` +
    `ELSE -json_extract(metrics, '${HEADLINE_PATH}.value') END`,
} as const;
