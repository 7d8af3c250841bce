import type { DateFormat } from './dates';

/** Field separators the sniffer chooses between. */
export type Delimiter = ',' | ';' | '\t' | '|';

/** What a column holds once parsed. */
export type ColumnKind = 'numeric' | 'date' | 'text';

interface ColumnBase {
  name: string;
  /** Position of the column in `Table.columns`, 0-based. */
  index: number;
  /** Cells that were empty or a missing marker (`''`, `NA`, `N/A`, `NaN`, `null`, `-`, ...). */
  missing: number;
  /** Non-missing cells that could not be read as the column's kind; they are stored as missing. */
  invalid: number;
  /** Up to three of those cells, as written. */
  invalidExamples: string[];
}

/** Numbers, one per row; NaN where the cell was missing or invalid. */
export interface NumericColumn extends ColumnBase {
  kind: 'numeric';
  values: Float64Array;
}

/** Dates, one per row, as epoch milliseconds (UTC); NaN where missing or invalid. */
export interface DateColumn extends ColumnBase {
  kind: 'date';
  format: DateFormat;
  values: Float64Array;
}

/** Categorical text, one code per row indexing `categories`; -1 where missing. */
export interface TextColumn extends ColumnBase {
  kind: 'text';
  codes: Int32Array;
  categories: string[];
}

export type Column = NumericColumn | DateColumn | TextColumn;

/** Named sampling frequencies. Sub-hourly data is `minutely` / `secondly` with a `step` multiple. */
export type Frequency =
  'secondly' | 'minutely' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly' | 'irregular';

/** The regular step of a time index, as inferred from its median step. */
export interface FrequencyInfo {
  frequency: Frequency;
  /** Units per step: 10 with `minutely` means every 10 minutes. 1 for `irregular`. */
  step: number;
  /** Daily data observed only on weekdays (Saturday and Sunday are not counted as gaps). */
  businessDays: boolean;
  /** Proposed season length in steps (hourly 24, daily 7, weekly 52, monthly 12, quarterly 4); 1 = none. */
  seasonLength: number;
  /** Words for people: `monthly`, `every 10 minutes`, `business days`, `irregular`. */
  label: string;
  /** Share of steps that are whole multiples of the step, 0..1 (1 for a clean series). */
  regularity: number;
}

/** Missing time steps between two consecutive observations. */
export interface Gap {
  /** Epoch ms (UTC) of the observation before the gap. */
  after: number;
  /** How many steps are missing. */
  missing: number;
  /** The series the gap belongs to, in long-format tables. */
  key?: string;
}

/** How the time index was built. */
export type TimeSource =
  | 'date' // one column of date or date-time text
  | 'date+time' // a date column plus a time-of-day column
  | 'year' // integer years
  | 'year-quarter'
  | 'year-month'
  | 'year-month-day'
  | 'yyyymmdd' // integers such as 20150101
  | 'yyyymm' // integers such as 201501
  | 'unix-seconds'
  | 'unix-ms';

/** Row order of the time index in the file. */
export type TimeOrder = 'ascending' | 'descending' | 'unordered';

/** The time index of a table, with what was learned about its regularity. */
export interface TimeIndex {
  /** The column(s) the index was built from (two or three for year + quarter / month / day). */
  columns: string[];
  source: TimeSource;
  /** Epoch ms (UTC) per row; NaN when the row has no usable time. */
  values: Float64Array;
  frequency: FrequencyInfo;
  /** First and last time (epoch ms, UTC). */
  start: number;
  end: number;
  /** The first 100 gaps, oldest first (per key in long tables). */
  gaps: Gap[];
  /** All gaps and the steps they miss. */
  gapCount: number;
  missingSteps: number;
  /** Rows whose time equals an earlier row's (of the same key in long tables). */
  duplicates: number;
  /** Up to five duplicated times (epoch ms). */
  duplicateExamples: number[];
  order: TimeOrder;
  /** Rows without a usable time. */
  missing: number;
}

/** One series of a long-format table. */
export interface KeyStats {
  value: string;
  rows: number;
  /** First and last time of this series (epoch ms), null without a time index. */
  start: number | null;
  end: number | null;
}

/** A long-format table: several series stacked, told apart by a text key column. */
export interface KeyInfo {
  column: string;
  /** In order of first appearance. */
  keys: KeyStats[];
}

/** A parsed CSV: typed columns plus what was detected about it. Big arrays live in the columns. */
export interface Table {
  /** Data rows (header, blank and preamble lines excluded). */
  rowCount: number;
  delimiter: Delimiter;
  /** True when the first row held column names; otherwise names are col1..colN. */
  header: boolean;
  decimalComma: boolean;
  /** Character encoding the bytes were read with. */
  encoding: string;
  /** Comment or title lines skipped before the table. */
  skippedLines: number;
  columns: Column[];
  time: TimeIndex | null;
  key: KeyInfo | null;
  /** The first 20 data rows as trimmed text, one entry per column. */
  preview: string[][];
  /** Things the user should know (values read as missing, ambiguous dates, ...). */
  warnings: string[];
}

/** Options of {@link parseCsv}. Every detection can be overridden. */
export interface ParseOptions {
  /** Called with the fraction done, 0..1, at most about 100 times, ending with 1. */
  onProgress?: (fraction: number) => void;
  delimiter?: Delimiter;
  header?: boolean;
  decimalComma?: boolean;
  /** Day before month for dates such as 01/02/2020 when the values cannot tell (default: guessed). */
  dayFirst?: boolean;
  /** Refuse files with more data rows than this (default 2,000,000). */
  maxRows?: number;
  /** Refuse tables with more columns than this (default {@link CSV_LIMITS}.maxColumns, 10,000). */
  maxColumns?: number;
  /** Refuse files with a line longer than this many characters (default {@link CSV_LIMITS}.maxLineChars, 1,000,000). */
  maxLineChars?: number;
  /** Refuse files larger than this many bytes, before decoding them (default {@link CSV_LIMITS}.maxBytes, 128 MiB). */
  maxBytes?: number;
}

/**
 * What a CSV import accepts by default: beyond these a file is refused with a message naming the limit, before
 * the work that would take minutes or exhaust memory (a 50 MB file on one line, 100,000 columns).
 */
export const CSV_LIMITS = {
  /** Bytes of the file as given. */
  maxBytes: 128 * 1024 * 1024,
  /** Characters on one line (a row of 10,000 numbers fits). */
  maxLineChars: 1_000_000,
  /** Columns of the table. */
  maxColumns: 10_000,
} as const;

/** What a file can be given as. */
export type CsvInput = string | Uint8Array | ArrayBuffer;

/** A column's part in a forecast. */
export type ColumnRole = 'time' | 'key' | 'id' | 'value';

/** Per-column facts for the UI and the stored summary. */
export interface ColumnSummary {
  name: string;
  kind: ColumnKind;
  role: ColumnRole;
  /** Cells with a usable value. */
  count: number;
  missing: number;
  invalid: number;
  invalidExamples: string[];
  /** Numeric: smallest, largest, mean and standard deviation of the values. Date: min/max as epoch ms. */
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  /** Text: number of distinct values and the five most frequent. */
  distinct: number | null;
  top: { value: string; count: number }[] | null;
  /** Date: the layout the column is written in. */
  dateFormat: DateFormat | null;
}

/** The time index without the per-row values. */
export interface TimeSummary extends Omit<TimeIndex, 'values'> {
  /** Epoch ms of the first and last time, also as ISO text for people reading the stored JSON. */
  startText: string;
  endText: string;
}

/** Everything about a table except its big columns; JSON-serialisable (no NaN, no typed arrays). */
export interface TableSummary {
  rows: number;
  delimiter: Delimiter;
  header: boolean;
  decimalComma: boolean;
  encoding: string;
  skippedLines: number;
  columns: ColumnSummary[];
  time: TimeSummary | null;
  key: KeyInfo | null;
  preview: string[][];
  warnings: string[];
}

/** How missing values are handled when a series is extracted. */
export type MissingPolicy = 'interpolate' | 'drop';

/** Options of {@link extractSeries}. */
export interface ExtractOptions {
  /** Column to forecast. */
  target: string;
  /** Extra input columns. */
  features?: string[];
  /** The series to take from a long-format table (a value of the key column). */
  key?: string;
  missing: MissingPolicy;
  /**
   * Insert rows for missing time steps of a regular index, so that every step is one period. Default:
   * true with `interpolate` (the inserted values are then interpolated), false with `drop`.
   */
  fillGaps?: boolean;
}

/** What {@link extractSeries} changed to get a clean series. */
export interface ExtractReport {
  /** Rows of the table (or of the chosen key) before cleaning. */
  rowsIn: number;
  rowsOut: number;
  /** Values filled by linear interpolation (or the nearest value at the ends), per column and in total. */
  filled: number;
  filledByColumn: Record<string, number>;
  /** Rows dropped because a target or feature value was missing (policy `drop`). */
  droppedRows: number;
  /** Rows dropped because they had no usable time. */
  droppedWithoutTime: number;
  /** Rows that shared a time with another row and were averaged into it. */
  mergedDuplicates: number;
  /** Rows added for missing time steps (`fillGaps`). */
  insertedRows: number;
  /** Things the caller should tell the user (gaps left unfilled, ...). */
  warnings: string[];
}

/** A clean numeric series, time ascending, no NaN. */
export interface Series {
  /** Epoch ms (UTC) per step, or null when the table has no time index. */
  time: number[] | null;
  targetName: string;
  /** Target values, one per step. */
  target: number[];
  featureNames: string[];
  /** One array per feature, each as long as `target`. */
  features: number[][];
  key: string | null;
  /** Frequency of the extracted series (null without a time index). */
  frequency: FrequencyInfo | null;
  report: ExtractReport;
}

/** Starting values for a forecast, proposed from a table. */
export interface ForecastDefaults {
  target: string;
  features: string[];
  key: string | null;
  /** Input window length in steps. */
  lookback: number;
  /** Steps to forecast. */
  horizon: number;
  /** Season length in steps (1 = none). */
  seasonLength: number;
  /** Length of the series the proposal was made for. */
  length: number;
}
