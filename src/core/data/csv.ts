import Papa from 'papaparse';
import { ColumnBuilder, planColumn, presentCells, type ColumnPlan } from './columns';
import { formatUtc, guessDateFormat, monthFromName } from './dates';
import { decodeInput } from './decode';
import { DataError } from './errors';
import {
  chooseDelimiter,
  classifyCell,
  columnNames,
  DELIMITERS,
  detectDecimalComma,
  detectHeader,
  detectNewline,
  isBlankRow,
  measureDelimiter,
  nextRowBoundary,
  parseRows,
  skipLeadingComments,
  type DelimiterLayout,
  type Newline,
} from './sniff';
import { analyseTime, detectKeyColumn, detectTimeColumns } from './time';
import { CSV_LIMITS } from './types';
import type { Column, CsvInput, Delimiter, KeyInfo, ParseOptions, Table, TimeIndex } from './types';

/** Characters read to sniff the layout (cut at a row boundary). */
const HEAD_CHARS = 256 * 1024;
/** Rows used to choose the delimiter and detect the header. */
const SNIFF_ROWS = 200;
/** Characters taken at a few places further into big files to type the columns. */
const WINDOW_CHARS = 16 * 1024;
const MAX_SAMPLE_CELLS = 5000;
const DEFAULT_MAX_ROWS = 2_000_000;
const PREVIEW_ROWS = 20;
/** A numeric or date column becomes text when more than this share of its cells do not fit. */
const DEMOTE_SHARE = 0.5;

/** Wraps a progress callback: clamps to 0..1, never goes back, and calls at most about 100 times. */
function progressReporter(callback: ((fraction: number) => void) | undefined): (fraction: number) => void {
  let last = -1;
  return (fraction) => {
    if (callback === undefined) return;
    const f = Math.min(1, Math.max(0, fraction));
    if (f === 1 ? last < 1 : f - last >= 0.01) {
      last = f;
      callback(f);
    }
  };
}

interface HeadRow {
  row: string[];
  /** Offset just after the row, relative to the head's start. */
  end: number;
}

function nonBlankRows(text: string, delimiter: Delimiter, newline: Newline, limit = 0): HeadRow[] {
  const { rows, ends } = parseRows(text, delimiter, newline, limit);
  const out: HeadRow[] = [];
  rows.forEach((row, i) => {
    if (!isBlankRow(row)) out.push({ row, end: ends[i] });
  });
  return out;
}

function quoteList(values: readonly string[], max = 3): string {
  const shown = values.slice(0, max).map((v) => `"${v}"`);
  return values.length > max ? `${shown.join(', ')}, ...` : shown.join(', ');
}

/** Throws DataError `wide-table` when the column names are months, quarters, years or dates. */
function rejectWideTable(names: readonly string[]): void {
  const months = names.filter((n) => monthFromName(n) > 0);
  const quarters = names.filter((n) => /^(\d{4}\s*[-_ ]?\s*)?Q[1-4]$/i.test(n));
  const years = names.filter((n) => /^[A-Za-z_]?[12]\d{3}$/.test(n));
  const dates = names.filter((n) => guessDateFormat(n, true) !== null);
  let what: string | null = null;
  if (months.length >= 3) what = `months (${quoteList(months)})`;
  else if (quarters.length >= 3) what = `quarters (${quoteList(quarters)})`;
  else if (years.length >= 3) what = `years (${quoteList(years)})`;
  else if (dates.length >= 3) what = `dates (${quoteList(dates)})`;
  if (what === null) return;
  throw new DataError(
    'wide-table',
    `This table is wide: its columns are ${what}, so each row holds many time steps. ` +
      'RNN Lab expects one row per time step and one column per variable, with the time in the first column, ' +
      'for example "date,value" followed by rows such as "2020-01-01,12.5". ' +
      'Reshape the table to that long form (one row per time step) and import it again.',
  );
}

interface PassResult {
  rows: number;
  shortRows: number;
  longRows: number;
  quoteErrors: number;
}

/** Parses the data rows from `from` to the end in ~100 slices cut at row boundaries, feeding the builders. */
function* fullPass(
  text: string,
  from: number,
  layout: { delimiter: Delimiter; newline: Newline; hasQuotes: boolean },
  builders: readonly ColumnBuilder[],
  maxRows: number,
  report: (fraction: number) => void,
): Generator<void, PassResult, void> {
  const result: PassResult = { rows: 0, shortRows: 0, longRows: 0, quoteErrors: 0 };
  const columns = builders.length;
  const slice = Math.max(64 * 1024, Math.ceil((text.length - from) / 90));
  let pos = from;
  while (pos < text.length) {
    const end = nextRowBoundary(text, pos, pos + slice, layout.newline, layout.hasQuotes);
    const parsed = Papa.parse<string[]>(text.slice(pos, end), {
      delimiter: layout.delimiter,
      newline: layout.newline,
      quoteChar: '"',
    });
    result.quoteErrors += parsed.errors.filter((e) => e.type === 'Quotes').length;
    const rows: string[][] = [];
    for (const row of parsed.data) {
      if (isBlankRow(row)) continue;
      rows.push(row);
      if (++result.rows > maxRows) {
        throw new DataError(
          'too-many-rows',
          `The file has more than ${maxRows.toLocaleString('en-US')} data rows, more than RNN Lab can hold. ` +
            'Import a shorter period or a coarser frequency (for example hourly instead of per minute).',
        );
      }
      if (row.length < columns) result.shortRows++;
      else if (row.length > columns) result.longRows++;
    }
    for (let j = 0; j < columns; j++) builders[j].pushColumn(rows, j);
    pos = end;
    report(0.02 + 0.93 * (pos / text.length));
    yield;
  }
  return result;
}

/** Sizes in MiB for messages ("52.4 MiB"). */
function formatMiB(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

/** Throws DataError `line-too-long` at the first line longer than `max` characters (native search, linear). */
function checkLineLengths(text: string, newline: Newline, max: number): void {
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    const found = text.indexOf(newline, start);
    const end = found < 0 ? text.length : found;
    if (end - start > max) {
      throw new DataError(
        'line-too-long',
        `Line ${line.toLocaleString('en-US')} of the file is ${(end - start).toLocaleString('en-US')} characters long; RNN Lab reads lines of up to ${max.toLocaleString('en-US')}. ` +
          'A CSV file has one row per line: check that the rows are separated by line breaks, not written on one line.',
      );
    }
    if (found < 0) return;
    start = found + newline.length;
    line++;
  }
}

function describeColumnKinds(columns: readonly Column[], time: ReadonlySet<number>): string {
  return columns
    .map((c) => `${c.name} (${time.has(c.index) ? 'time' : c.kind === 'numeric' ? 'no numbers' : c.kind})`)
    .join(', ');
}

/** The parse itself; yields after each slice so that the async variant can let other work run. */
function* parseSteps(input: CsvInput, options: ParseOptions): Generator<void, Table, void> {
  const report = progressReporter(options.onProgress);
  const maxBytes = options.maxBytes ?? CSV_LIMITS.maxBytes;
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > maxBytes) {
    throw new DataError(
      'file-too-large',
      `The file is ${formatMiB(size)}; RNN Lab imports CSV files of up to ${formatMiB(maxBytes)}. ` +
        'Keep the columns and the time range you want to forecast, or aggregate the rows (hourly instead of by the minute).',
    );
  }
  const decoded = decodeInput(input);
  const warnings = [...decoded.warnings];
  const text = decoded.text;
  if (text.trim() === '') {
    throw new DataError(
      'empty-file',
      'The file is empty. Choose a CSV file with a header row and rows of numbers.',
    );
  }
  const newline = detectNewline(text);
  checkLineLengths(text, newline, options.maxLineChars ?? CSV_LIMITS.maxLineChars);
  const hasQuotes = text.includes('"');
  // Spreadsheets may write a first line "sep=;" naming the delimiter.
  const sepLine = /^sep=(.)[ \t]*(?:\r\n|\n|\r)/i.exec(text);
  const sepDelimiter = sepLine !== null ? DELIMITERS.find((d) => d === sepLine[1]) : undefined;
  const afterSep = sepDelimiter !== undefined && sepLine !== null ? sepLine[0].length : 0;
  const comments = skipLeadingComments(text, newline, afterSep);
  const start = comments.offset;
  const forcedDelimiter = options.delimiter ?? sepDelimiter;
  let headEnd = nextRowBoundary(text, start, start + HEAD_CHARS, newline, hasQuotes);
  if (headEnd - start > 4 * HEAD_CHARS) {
    // A stray quote (12" pipe) upsets quote counting: cut the sniffing head at a plain line break.
    const nl = text.indexOf(newline, start + HEAD_CHARS);
    headEnd = nl < 0 ? text.length : nl + newline.length;
  }
  const head = text.slice(start, headEnd);

  let layout: DelimiterLayout;
  if (forcedDelimiter !== undefined) {
    layout = measureDelimiter(
      forcedDelimiter,
      nonBlankRows(head, forcedDelimiter, newline, SNIFF_ROWS).map((r) => r.row),
    );
  } else {
    const candidates = new Map<Delimiter, string[][]>();
    for (const d of DELIMITERS)
      candidates.set(
        d,
        nonBlankRows(head, d, newline, SNIFF_ROWS).map((r) => r.row),
      );
    layout = chooseDelimiter(candidates);
  }
  const delimiter = layout.delimiter;
  report(0.01);
  yield;

  const headRows = nonBlankRows(head, delimiter, newline);
  const preamble = Math.min(layout.preambleRows, Math.max(0, headRows.length - 1));
  const tableRows = headRows.slice(preamble);
  if (tableRows.length === 0) {
    throw new DataError(
      'empty-file',
      'The file holds only comments or blank lines. Choose a CSV file with rows of data.',
    );
  }
  const skippedLines = comments.lines + preamble;
  if (skippedLines > 0) {
    warnings.push(
      `Skipped ${skippedLines} line${skippedLines > 1 ? 's' : ''} of comments, title or notes before the table.`,
    );
  }

  const decimalComma =
    options.decimalComma ??
    detectDecimalComma(
      tableRows.slice(0, 500).map((r) => r.row),
      delimiter,
    );
  const first = tableRows[0].row;
  const firstIsHeader =
    options.header ??
    detectHeader(
      first,
      tableRows.slice(1, SNIFF_ROWS + 1).map((r) => r.row),
      decimalComma,
    );
  const bodyStart =
    start + (firstIsHeader ? tableRows[0].end : preamble > 0 ? headRows[preamble - 1].end : 0);
  const headBody = tableRows.slice(firstIsHeader ? 1 : 0).map((r) => r.row);
  const columnCount = Math.max(1, firstIsHeader ? first.length : 0, layout.fields);
  let headerRow: string[] | null = firstIsHeader ? first : null;
  if (headerRow === null && options.header === undefined && preamble === 0 && comments.last !== null) {
    // "# time,value" above the data: a header written as a comment.
    const commented = parseRows(comments.last, delimiter, newline, 1).rows[0] ?? [];
    if (commented.length === columnCount && commented.every((c) => classifyCell(c, decimalComma) === 'text'))
      headerRow = commented;
  }
  const maxColumns = options.maxColumns ?? CSV_LIMITS.maxColumns;
  if (columnCount > maxColumns) {
    throw new DataError(
      'too-many-columns',
      `The table has ${columnCount.toLocaleString('en-US')} columns; RNN Lab reads up to ${maxColumns.toLocaleString('en-US')}. ` +
        'Keep the time column and the series you want to forecast, or reshape the table to long form ' +
        '(one row per time step and series, with a key column naming the series).',
    );
  }
  const header = headerRow !== null;
  const names = columnNames(headerRow, columnCount);

  const sample = [...headBody];
  if (headEnd < text.length) {
    // Windows further into the file, each found from the end of the previous one (one quote scan in all).
    let rowStart = bodyStart;
    for (const share of [0.25, 0.5, 0.75, 1]) {
      const approx = bodyStart + share * (text.length - bodyStart) - (share === 1 ? WINDOW_CHARS : 0);
      const from = nextRowBoundary(text, rowStart, approx, newline, hasQuotes);
      const to = nextRowBoundary(text, from, from + WINDOW_CHARS, newline, hasQuotes);
      for (const r of nonBlankRows(text.slice(from, to), delimiter, newline)) sample.push(r.row);
      rowStart = to;
    }
  }
  const dayFirst = options.dayFirst ?? (decimalComma || delimiter === ';');
  const plans: ColumnPlan[] = names.map((_, j) =>
    planColumn(presentCells(sample, j).slice(0, MAX_SAMPLE_CELLS), decimalComma, dayFirst),
  );
  if (header && !plans.some((p) => p.kind === 'date')) rejectWideTable(names);
  report(0.02);
  yield;

  const avgRow = Math.max(1, (headEnd - start) / Math.max(1, headRows.length));
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const capacity = Math.min(maxRows + 1, Math.ceil(((text.length - bodyStart) / avgRow) * 1.05) + 16);
  let builders: ColumnBuilder[] = [];
  let pass: PassResult = { rows: 0, shortRows: 0, longRows: 0, quoteErrors: 0 };
  for (let attempt = 0; attempt < 2; attempt++) {
    builders = names.map((name, j) => new ColumnBuilder(name, j, plans[j], decimalComma, capacity));
    pass = yield* fullPass(text, bodyStart, { delimiter, newline, hasQuotes }, builders, maxRows, report);
    const demote = builders.filter((b) => b.plan.kind !== 'text' && b.invalidShare() > DEMOTE_SHARE);
    if (demote.length === 0 || attempt === 1) break;
    for (const b of demote) {
      plans[b.index] = { kind: 'text', format: null, ambiguousDayMonth: false };
      warnings.push(
        `"${b.name}" looked like ${b.plan.kind === 'numeric' ? 'numbers' : 'dates'} at first but is mostly text further on; it was read as text.`,
      );
    }
  }

  const rowCount = pass.rows;
  if (rowCount === 0) {
    throw new DataError(
      'no-rows',
      `The file has column names (${quoteList(names, 4)}) but no data rows. ` +
        'Add one row per time step below the names and import it again.',
    );
  }
  if (rowCount === 1) {
    throw new DataError(
      'single-row',
      'The file has only one row of data. A time series needs one row per time step: at least two rows, ' +
        'and in practice dozens, to learn from.',
    );
  }

  const columns: Column[] = [];
  // Builder indices of the columns kept (a set, not a search by name: 100,000 columns stay linear).
  const keep = new Set<number>();
  for (const b of builders) {
    const c = b.finish();
    const unnamed = headerRow === null || b.index >= headerRow.length || headerRow[b.index].trim() === '';
    if (unnamed && c.missing === rowCount) continue;
    c.index = columns.length;
    columns.push(c);
    keep.add(b.index);
  }

  if (pass.longRows > 0) {
    warnings.push(
      `${pass.longRows} row${pass.longRows > 1 ? 's have' : ' has'} more fields than the ${columnCount} columns; ` +
        'the extra fields were ignored. Values containing the delimiter must be quoted.',
    );
  }
  if (pass.shortRows > 0) {
    warnings.push(
      `${pass.shortRows} row${pass.shortRows > 1 ? 's have' : ' has'} fewer fields than the ${columnCount} columns; the missing fields are treated as missing values.`,
    );
  }
  if (pass.quoteErrors > 0)
    warnings.push(
      `${pass.quoteErrors} quoting problem${pass.quoteErrors > 1 ? 's' : ''} (an unclosed " ) were found; check the rows around them.`,
    );
  plans.forEach((plan, j) => {
    if (plan.ambiguousDayMonth && plan.kind === 'date') {
      warnings.push(
        `Dates in "${names[j]}" could be day/month or month/day; they were read as ${plan.format === 'dmy' ? 'day/month/year' : 'month/day/year'}.`,
      );
    }
  });
  for (const c of columns) {
    if (c.kind === 'text' || c.invalid === 0) continue;
    const what = c.kind === 'numeric' ? 'numbers' : 'dates';
    warnings.push(
      `"${c.name}": ${c.invalid} value${c.invalid > 1 ? 's are' : ' is'} not ${what} (${quoteList(c.invalidExamples)}) and ${c.invalid > 1 ? 'are' : 'is'} treated as missing.`,
    );
  }

  let time: TimeIndex | null = null;
  let key: KeyInfo | null = null;
  const found = detectTimeColumns(columns, rowCount);
  const timeColumns = new Set<number>();
  if (found !== null && found.values.some(Number.isFinite)) {
    found.indices.forEach((i) => timeColumns.add(i));
    const keyColumn = detectKeyColumn(columns, found.values, timeColumns);
    if (keyColumn !== null) columns[keyColumn.index] = keyColumn;
    ({ time, key } = analyseTime(found, columns, keyColumn));
    warnings.push(...timeWarnings(time, key));
  }

  const usable = columns.filter(
    (c) => c.kind === 'numeric' && !timeColumns.has(c.index) && c.missing + c.invalid < rowCount,
  );
  if (usable.length === 0) {
    throw new DataError(
      'no-numeric-column',
      `No column holds numbers to forecast. The columns are: ${describeColumnKinds(columns, timeColumns)}. ` +
        'A forecast needs at least one column of numbers (written like 12.5 or 12,5).',
    );
  }

  const preview = headBody
    .slice(0, PREVIEW_ROWS)
    .map((row) => names.map((_, j) => (row[j] ?? '').trim()).filter((_, j) => keep.has(j)));

  report(1);
  return {
    rowCount,
    delimiter,
    header,
    decimalComma,
    encoding: decoded.encoding,
    skippedLines,
    columns,
    time,
    key,
    preview,
    warnings,
  };
}

function timeWarnings(time: TimeIndex, key: KeyInfo | null): string[] {
  const out: string[] = [];
  if (time.order === 'descending')
    out.push('Rows are in descending time order; series are sorted oldest first.');
  else if (time.order === 'unordered')
    out.push('Rows are not in time order; series are sorted oldest first.');
  if (time.missing > 0)
    out.push(
      `${time.missing} row${time.missing > 1 ? 's have' : ' has'} no usable time and will be left out of series.`,
    );
  if (time.duplicates > 0) {
    out.push(
      `${time.duplicates} row${time.duplicates > 1 ? 's repeat' : ' repeats'} an earlier time${key ? ' of the same series' : ''} ` +
        `(${time.duplicateExamples.map(formatUtc).join(', ')}); repeated times are averaged into one step.`,
    );
  }
  if (time.frequency.frequency === 'irregular') {
    out.push('The time steps are irregular; a forecast treats rows as evenly spaced steps.');
  } else if (time.gapCount > 0) {
    const first = time.gaps[0];
    out.push(
      `${time.gapCount} gap${time.gapCount > 1 ? 's' : ''} in the time index (${time.frequency.label}, ${time.missingSteps} missing ` +
        `step${time.missingSteps > 1 ? 's' : ''}), the first after ${formatUtc(first.after)}${first.key ? ` in ${first.key}` : ''}.`,
    );
  }
  return out;
}

/**
 * Parses CSV text or bytes into a typed table: sniffs the delimiter (`,` `;` tab `|`), header, decimal
 * comma and encoding (BOM, UTF-16, Windows-1252), types every column (numeric, date, text), finds the
 * time index, its frequency and gaps, and long-format keys. Numeric and date columns are Float64Arrays
 * (dates in epoch ms, UTC). Throws DataError for files a person must fix; synchronous.
 */
export function parseCsv(input: CsvInput, options: ParseOptions = {}): Table {
  const steps = parseSteps(input, options);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * Same as {@link parseCsv}, but gives the event loop a turn between slices of the file (so a worker or
 * server stays responsive and can deliver progress) and stops with the signal's reason when aborted.
 */
export async function parseCsvAsync(
  input: CsvInput,
  options: ParseOptions & { signal?: AbortSignal } = {},
): Promise<Table> {
  const steps = parseSteps(input, options);
  let lastBreak = Date.now();
  let step = steps.next();
  while (!step.done) {
    if (Date.now() - lastBreak >= 10) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      lastBreak = Date.now();
    }
    options.signal?.throwIfAborted();
    step = steps.next();
  }
  return step.value;
}
