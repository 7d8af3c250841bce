/**
 * `rnn-lab benchmark m4 …` and `rnn-lab forecast FILE.csv --all-series …`: many series forecast by one recurrent
 * network (or one per series with --local), scored as in M4, saved as one 'global' experiment and, with --bundle,
 * written to a .rnnlab file another lab imports. Both split by series range, so a batch scheduler can fan them out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ExperimentInput, isUserError } from '../../core/api';
import { formatSignificant, MISSING } from '../../core/common/format';
import { parseCsv, proposeForecastDefaults } from '../../core/data';
import { m4Series, parseM4, seriesRange } from '../../core/data/m4';
import {
  MANY_SERIES,
  type GlobalMetrics,
  type GlobalSeriesResult,
  type GlobalSource,
} from '../../core/experiments/global';
import {
  globalJob,
  seriesOfTable,
  type GlobalJobInput,
  type GlobalJobProgress,
  type GlobalJobResult,
} from '../../core/jobs/globalJob';
import { initBackend } from '../../core/model/backend';
import type { GlobalForecastConfigInput } from '../../core/model/global/config';
import { startKernelThreads } from '../engine/kernelThreads';
import { createLab } from '../lab/createLab';
import { defaultDbPath, resourcesDir } from '../paths';
import { UsageError } from './errors';
import { inputFile, intOption } from './options';
import { packageVersion } from './version';

const num = (v: number | null | undefined, digits = 4): string =>
  v === null || v === undefined || !Number.isFinite(v) ? MISSING : formatSignificant(v, digits);

/** Options both commands share. */
const SHARED_OPTIONS = {
  series: { type: 'string' },
  'series-from': { type: 'string' },
  'series-to': { type: 'string' },
  seed: { type: 'string' },
  local: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  bundle: { type: 'string' },
  db: { type: 'string' },
  classical: { type: 'string' },
  'compare-local': { type: 'boolean', default: false },
  members: { type: 'string' },
  epochs: { type: 'string' },
  quiet: { type: 'boolean', default: false },
} as const;

interface SharedValues {
  series?: string;
  'series-from'?: string;
  'series-to'?: string;
  seed?: string;
  local?: boolean;
  json?: boolean;
  bundle?: string;
  db?: string;
  classical?: string;
  'compare-local'?: boolean;
  members?: string;
  epochs?: string;
  quiet?: boolean;
}

/** Settings asked for on the command line, over the recipe. */
function settingsOf(values: SharedValues): GlobalForecastConfigInput {
  return {
    ...(values.seed !== undefined ? { seed: intOption('seed', values.seed) } : {}),
    ...(values.members !== undefined ? { members: intOption('members', values.members, 1) } : {}),
    ...(values.epochs !== undefined ? { epochs: intOption('epochs', values.epochs, 1) } : {}),
  };
}

function classicalOf(value: string | undefined): 'fast' | 'all' {
  if (value === undefined) return 'fast';
  if (value !== 'fast' && value !== 'all')
    throw new UsageError(`--classical must be fast or all (got "${value}").`);
  return value;
}

function rangeOf(values: SharedValues, total: number): { from: number; to: number } {
  return seriesRange(total, {
    count: intOption('series', values.series, 1),
    from: intOption('series-from', values['series-from'], 1),
    to: intOption('series-to', values['series-to'], 1),
  });
}

/** Progress lines on stderr, at most one a second. */
function progressLogger(quiet: boolean): (p: GlobalJobProgress) => void {
  let last = 0;
  let lastStage = '';
  return (p) => {
    if (quiet) return;
    const now = performance.now();
    if (now - last < 1000 && p.stage === lastStage) return;
    last = now;
    lastStage = p.stage;
    const what =
      p.stage === 'classical'
        ? `competitors ${p.series}/${p.seriesTotal} series`
        : p.stage === 'training' && p.seriesTotal > 1 && p.series < p.seriesTotal
          ? `series ${p.series}/${p.seriesTotal}`
          : p.stage === 'training'
            ? `member ${p.member + 1}/${p.members} epoch ${p.epoch + 1}/${p.epochs} loss ${num(p.loss)} (${p.seriesTotal} series)`
            : p.stage === 'local'
              ? `one network per series, to compare: ${p.series}/${p.seriesTotal}`
              : 'forecasting';
    process.stderr.write(`  ${Math.round(p.fraction * 100)}% ${what}, ${p.elapsedSeconds.toFixed(0)} s\n`);
  };
}

/**
 * Saves the run (in --db, else the default database, or a temporary one when only a bundle is asked for) and
 * writes the bundle. Returns the experiment id (null when it lives only in the bundle).
 */
async function saveRun(
  job: GlobalJobResult,
  values: SharedValues,
  dataset: { name: string; bytes: Uint8Array } | null,
): Promise<{ experimentId: number | null; dbPath: string | null; bundle: string | null }> {
  const temporary = values.bundle !== undefined && values.db === undefined;
  const dir = temporary ? fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-bundle-')) : null;
  const dbPath = dir ? path.join(dir, 'lab.db') : path.resolve(values.db ?? defaultDbPath());
  const lab = createLab({
    dbPath,
    resourcesDir: resourcesDir(),
    transport: 'http',
    version: packageVersion(),
    seedSamples: false,
  });
  try {
    let input = job.experiment;
    if (dataset) {
      const stored = await lab.handlers['datasets:import']({
        name: dataset.name,
        bytes: dataset.bytes,
        kind: 'csv',
      });
      input = { ...input, datasetId: stored.dataset.id };
    }
    const saved = await lab.handlers['experiments:save'](ExperimentInput.parse(input));
    let bundle: string | null = null;
    if (values.bundle !== undefined) {
      bundle = path.resolve(values.bundle);
      const exported = await lab.handlers['experiments:export']({ ids: [saved.id] });
      fs.writeFileSync(bundle, exported.bytes);
    }
    return { experimentId: temporary ? null : saved.id, dbPath: temporary ? null : dbPath, bundle };
  } finally {
    lab.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the job with Ctrl-C stopping training (the members trained so far are used). */
async function runJob(input: GlobalJobInput, quiet: boolean, label: string): Promise<GlobalJobResult> {
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('Stopping after this batch (the networks trained so far are used)…\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    return await globalJob(input, { signal: controller.signal, onProgress: progressLogger(quiet) });
  } catch (error) {
    if (isUserError(error)) throw new UsageError(`${label}: ${error.message}`);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** The summary every `--json` output starts with. */
function summaryJson(m: GlobalMetrics, seconds: number) {
  return {
    owa: m.owa,
    smape: m.smape,
    mase: m.mase,
    naive2: { smape: m.naive2.smape, mase: m.naive2.mase },
    series: m.series,
    seconds,
    beatsSeasonalNaive: m.beatsSeasonalNaive,
    beatsBestClassical: m.beatsBestClassical,
    competitors: m.competitors,
    local: m.local,
  };
}

function seriesJson(s: GlobalSeriesResult) {
  return {
    id: s.id,
    smape: s.smape,
    mase: s.mase,
    naive2: { smape: s.naive2Smape, mase: s.naive2Mase },
    snaiveMase: s.snaiveMase,
    bestClassical: s.bestClassical,
    localMase: s.localMase,
    forecast: s.forecast,
    ...(s.future.length > 0 ? { future: s.future, lower: s.lower, upper: s.upper } : {}),
  };
}

/** The per-series table and the aggregate, for a terminal. */
function printText(job: GlobalJobResult, title: string, saved: Awaited<ReturnType<typeof saveRun>>): void {
  const m = job.metrics;
  const out: string[] = [];
  const local = job.series.some((s) => s.localMase !== null);
  const width = Math.max(8, ...job.series.map((s) => s.id.length + 2));
  out.push(
    `${'series'.padEnd(width)}${'sMAPE'.padStart(9)}${'MASE'.padStart(9)}${'Naive2 sMAPE'.padStart(14)}${'Naive2 MASE'.padStart(13)}` +
      `${'sNaive MASE'.padStart(13)}  best classical${local ? '    own model MASE' : ''}`,
  );
  for (const s of job.series)
    out.push(
      `${s.id.padEnd(width)}${num(s.smape).padStart(9)}${num(s.mase).padStart(9)}${num(s.naive2Smape).padStart(14)}` +
        `${num(s.naive2Mase).padStart(13)}${num(s.snaiveMase).padStart(13)}  ${`${s.bestClassical.method} ${num(s.bestClassical.mase)}`.padEnd(14)}` +
        `${local ? num(s.localMase).padStart(18) : ''}`,
    );
  out.push('');
  out.push(
    `${title}: ${m.series} series  sMAPE ${num(m.smape)}  MASE ${num(m.mase)}  OWA ${num(m.owa)}  ` +
      `(Naive2 sMAPE ${num(m.naive2.smape)}, MASE ${num(m.naive2.mase)})  ${m.seconds.toFixed(1)} s`,
  );
  out.push(
    `beats seasonal naive on ${(100 * m.beatsSeasonalNaive).toFixed(0)}% of series, the best classical method on ${(100 * m.beatsBestClassical).toFixed(0)}%`,
  );
  const comp = Object.entries(m.competitors)
    .map(([k, v]) => `${k} ${num(v.owa)}`)
    .join(', ');
  out.push(`OWA of the competitors: ${comp}`);
  if (m.local)
    out.push(
      `each series with its own network: sMAPE ${num(m.local.smape)}  MASE ${num(m.local.mase)}  OWA ${num(m.local.owa)}`,
    );
  if (job.status === 'stopped') out.push('Stopped early: the networks trained so far were used.');
  if (saved.experimentId !== null) out.push(`Saved as experiment ${saved.experimentId} in ${saved.dbPath}.`);
  if (saved.bundle) out.push(`Wrote ${saved.bundle}.`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function printJson(
  job: GlobalJobResult,
  extra: Record<string, unknown>,
  saved: Awaited<ReturnType<typeof saveRun>>,
): void {
  process.stdout.write(
    `${JSON.stringify({
      ...summaryJson(job.metrics, job.metrics.seconds),
      ...extra,
      mode: job.config.mode,
      status: job.status === 'completed' ? 'finished' : job.status,
      experimentId: saved.experimentId,
      bundle: saved.bundle,
      config: job.config.settings,
      perSeries: job.series.map(seriesJson),
    })}\n`,
  );
}

/**
 * `rnn-lab benchmark m4 --train TRAIN.csv --test TEST.csv --horizon H --season M [--series N]
 * [--series-from A --series-to B] [--seed S] [--local] [--json] [--bundle FILE.rnnlab]`.
 */
export async function runBenchmarkCommand(argv: string[]): Promise<number> {
  const [suite, ...rest] = argv;
  if (suite !== 'm4')
    throw new UsageError(
      `benchmark needs a suite: rnn-lab benchmark m4 --train TRAIN.csv --test TEST.csv --horizon H --season M (got "${suite ?? ''}").`,
    );
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      ...SHARED_OPTIONS,
      train: { type: 'string' },
      test: { type: 'string' },
      horizon: { type: 'string' },
      season: { type: 'string' },
      threads: { type: 'string' },
    },
  });
  if (!values.train || !values.test)
    throw new UsageError(
      'benchmark m4 needs --train TRAIN.csv and --test TEST.csv (the M4 files of one frequency).',
    );
  const horizon = intOption('horizon', values.horizon, 1);
  const season = intOption('season', values.season, 1);
  if (horizon === undefined || season === undefined)
    throw new UsageError(
      'benchmark m4 needs --horizon H and --season M (Weekly: 13 and 1, Hourly: 48 and 24).',
    );
  const trainFile = inputFile([values.train], 'benchmark m4 needs --train TRAIN.csv.');
  const testFile = inputFile([values.test], 'benchmark m4 needs --test TEST.csv.');
  const read = (file: string) => {
    try {
      return parseM4(fs.readFileSync(file, 'utf8'), path.basename(file));
    } catch (error) {
      if (isUserError(error)) throw new UsageError(error.message);
      throw error;
    }
  };
  const trainRows = read(trainFile);
  const testRows = read(testFile);
  let range;
  let series;
  try {
    range = rangeOf(values, trainRows.length);
    series = m4Series(trainRows, testRows, range, horizon);
  } catch (error) {
    if (isUserError(error)) throw new UsageError(error.message);
    throw error;
  }
  const threads = await startKernelThreads(intOption('threads', values.threads, 1));
  await initBackend('wasm');
  const source: GlobalSource = {
    kind: 'm4',
    target: null,
    key: null,
    files: [path.basename(trainFile), path.basename(testFile)],
    from: range.from,
    to: range.to,
  };
  if (!values.quiet)
    process.stderr.write(
      `m4: series ${range.from}-${range.to} of ${trainRows.length}, horizon ${horizon}, season ${season}, ` +
        `${values.local ? 'one network per series' : 'one network for all series'}, ${threads} kernel threads\n`,
    );
  const job = await runJob(
    {
      series,
      horizon,
      seasonLength: season,
      mode: values.local ? 'local' : 'global',
      settings: settingsOf(values),
      classical: classicalOf(values.classical),
      compareLocal: values['compare-local'],
      source,
      dataset: null,
      name: `M4 ${path.basename(trainFile)} · series ${range.from}-${range.to} · ${values.local ? 'one network per series' : 'one network'}`,
    },
    values.quiet,
    'm4',
  );
  const saved = await saveRun(job, values, null);
  if (values.json) printJson(job, { from: range.from, to: range.to }, saved);
  else printText(job, `M4 ${path.basename(trainFile)} ${values.local ? 'local' : 'global'}`, saved);
  return 0;
}

/** `rnn-lab forecast FILE.csv --all-series [--key COL] [--target COL] [--horizon N] [--season M] [--json] …`. */
export async function runAllSeriesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...SHARED_OPTIONS,
      'all-series': { type: 'boolean', default: false },
      key: { type: 'string' },
      target: { type: 'string' },
      horizon: { type: 'string' },
      season: { type: 'string' },
    },
  });
  const file = inputFile(
    positionals,
    'forecast --all-series needs exactly one CSV file: rnn-lab forecast FILE.csv --all-series.',
  );
  const name = path.basename(file);
  const bytes = new Uint8Array(fs.readFileSync(file));
  let job: GlobalJobResult;
  let range: { from: number; to: number };
  try {
    const table = parseCsv(bytes);
    if (values.key !== undefined && table.key?.column !== values.key)
      throw new UsageError(
        `${name}: "${values.key}" is not the column that tells the series apart` +
          (table.key
            ? ` (that is "${table.key.column}")`
            : ' (no column of text repeats its values over time here)') +
          `. Columns: ${table.columns.map((c) => c.name).join(', ')}.`,
      );
    if (table.key === null)
      throw new UsageError(
        `${name}: this file holds a single series (no key column tells series apart): forecast it without --all-series, or name the key with --key COL.`,
      );
    const defaults = proposeForecastDefaults(table);
    const target = values.target ?? defaults.target;
    const all = seriesOfTable(table, { target });
    range = rangeOf(values, all.length);
    const chosen = all.slice(range.from - 1, range.to);
    const horizon = intOption('horizon', values.horizon, 1) ?? defaults.horizon;
    const season = intOption('season', values.season, 1) ?? defaults.seasonLength;
    const threads = await startKernelThreads();
    await initBackend('wasm');
    if (!values.quiet)
      process.stderr.write(
        `${name}: ${chosen.length} series of ${target} by ${table.key.column} (series ${range.from}-${range.to} of ${all.length}), ` +
          `horizon ${horizon}, season ${season}, ${values.local ? 'one network per series' : 'one network for all series'}, ${threads} kernel threads\n`,
      );
    job = await runJob(
      {
        series: chosen,
        horizon,
        seasonLength: season,
        mode: values.local ? 'local' : 'global',
        settings: settingsOf(values),
        classical:
          values.classical === undefined
            ? chosen.length <= MANY_SERIES
              ? 'all'
              : 'fast'
            : classicalOf(values.classical),
        compareLocal: values['compare-local'] || (!values.local && chosen.length <= 12),
        source: {
          kind: 'table',
          target,
          key: table.key.column,
          files: [name],
          from: range.from,
          to: range.to,
        },
        dataset: null,
        name: `${values.local ? 'Each series, own model' : 'All series, one model'} · ${name}`,
      },
      values.quiet,
      name,
    );
  } catch (error) {
    // the usage errors above and runJob's already name the file
    if (isUserError(error) && !(error instanceof UsageError))
      throw new UsageError(`${name}: ${error.message}`);
    throw error;
  }
  const saved = await saveRun(job, values, { name, bytes });
  if (values.json) printJson(job, { file: name, from: range.from, to: range.to }, saved);
  else printText(job, `${name} ${values.local ? 'local' : 'global'}`, saved);
  return 0;
}
