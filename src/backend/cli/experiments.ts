import { MISSING, formatDuration, formatSignificant } from '../../core/common/format';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ExperimentKind,
  ExperimentSort,
  ExperimentStatus,
  type Args,
  type ExperimentSummary,
  type Method,
  type Result,
} from '../../core/api';
import { createLab, type Lab } from '../lab/createLab';
import { dispatch } from '../lab/dispatch';
import { defaultDbPath, resourcesDir } from '../paths';
import { UsageError } from './errors';
import { packageVersion } from './version';

export const EXPERIMENTS_HELP = `rnn-lab experiments — saved runs in the lab database

Usage:
  rnn-lab experiments list [--kind forecast|melody|memory] [--status S] [--cell C] [--tag T] [--text Q]
          [--sort COLUMN] [--desc] [--limit N] [--json] [--db PATH]
  rnn-lab experiments export ID... -o FILE.rnnlab [--db PATH]
  rnn-lab experiments import FILE.rnnlab [--json] [--db PATH]

An export holds the experiments whole (config, metrics, curves, predictions, weights) and their datasets;
importing it elsewhere loses nothing, and experiments already present are recognised and skipped.
Sort columns: ${ExperimentSort.options.join(', ')}.`;

function openLab(db: string | undefined): Lab {
  return createLab({
    dbPath: path.resolve(db ?? defaultDbPath()),
    resourcesDir: resourcesDir(),
    transport: 'http',
    version: packageVersion(),
  });
}

/** Calls a handler through dispatch (validation included); user mistakes become a UsageError (exit 2). */
async function call<M extends Method>(lab: Lab, method: M, args: Args<M>): Promise<Result<M>> {
  const envelope = await dispatch(lab.handlers, method, args);
  if (envelope.ok) return envelope.value as Result<M>;
  if (envelope.error.code === 'INTERNAL') throw new Error(envelope.error.message);
  throw new UsageError(envelope.error.message);
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${value}").`);
  return value as T;
}

/** A metric for the terminal: 4 significant digits, or a dash. */
const metricText = (v: unknown): string =>
  typeof v === 'number' && Number.isFinite(v) ? formatSignificant(v, 4) : MISSING;

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** The metric the history shows for a run (its headline: MASE, log-likelihood per step or accuracy). */
function headline(e: ExperimentSummary): string {
  return metricText(e.metrics.headline?.value);
}

function table(items: ExperimentSummary[]): string {
  const header = `${'ID'.padStart(6)}  ${fit('KIND', 8)}  ${fit('NAME', 40)}  ${fit('DATASET', 24)}  ${fit('CELL', 5)}  ${'METRIC'.padStart(8)}  ${fit('STATUS', 9)}  ${'DURATION'.padStart(9)}  CREATED`;
  const rows = items.map((e) =>
    [
      String(e.id).padStart(6),
      fit(e.kind, 8),
      fit(e.name, 40),
      fit(e.datasetName ?? '—', 24),
      fit(e.config.cell, 5),
      headline(e).padStart(8),
      fit(e.status, 9),
      formatDuration(e.durationMs / 1000).padStart(9),
      e.createdAt.slice(0, 16).replace('T', ' '),
    ].join('  '),
  );
  return [header, ...rows].join('\n');
}

async function list(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      status: { type: 'string' },
      cell: { type: 'string' },
      tag: { type: 'string' },
      text: { type: 'string' },
      sort: { type: 'string' },
      desc: { type: 'boolean', default: false },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      db: { type: 'string' },
    },
  });
  if (positionals.length)
    throw new UsageError(
      `experiments list takes no arguments (got "${positionals[0]}"); filter with --kind, --tag or --text.`,
    );
  const kind = oneOf('kind', values.kind, ExperimentKind.options);
  const status = oneOf('status', values.status, ExperimentStatus.options);
  const sort = oneOf('sort', values.sort, ExperimentSort.options);
  let limit = Number.POSITIVE_INFINITY;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new UsageError(`--limit must be a whole number of at least 1 (got "${values.limit}").`);
  }
  const lab = openLab(values.db);
  try {
    const items: ExperimentSummary[] = [];
    let total = 0;
    for (;;) {
      const page = await call(lab, 'experiments:list', {
        kind,
        status,
        cell: values.cell,
        tag: values.tag,
        text: values.text,
        sort,
        order: values.desc ? 'desc' : sort ? 'asc' : undefined,
        limit: Math.min(1000, limit - items.length),
        offset: items.length,
      });
      total = page.total;
      items.push(...page.items);
      if (page.items.length === 0 || items.length >= Math.min(total, limit)) break;
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ total, items })}\n`);
    } else if (items.length === 0) {
      process.stdout.write(total === 0 ? 'No experiments.\n' : 'No experiments on this page.\n');
    } else {
      process.stdout.write(`${table(items)}\n`);
      if (items.length < total)
        process.stdout.write(`(${items.length} of ${total}; raise --limit to see more)\n`);
    }
  } finally {
    lab.close();
  }
  return 0;
}

function parseIds(positionals: string[]): number[] {
  if (positionals.length === 0)
    throw new UsageError(
      'experiments export needs the ids of the experiments: rnn-lab experiments export ID... -o FILE.',
    );
  return positionals.map((p) => {
    const id = Number(p.replace(/^#/, ''));
    if (!Number.isInteger(id) || id < 1)
      throw new UsageError(
        `"${p}" is not an experiment id (ids are whole numbers; see rnn-lab experiments list).`,
      );
    return id;
  });
}

async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { output: { type: 'string', short: 'o' }, db: { type: 'string' } },
  });
  const ids = parseIds(positionals);
  if (!values.output) throw new UsageError('experiments export needs an output file: -o FILE.rnnlab.');
  const out = path.resolve(values.output);
  if (!fs.existsSync(path.dirname(out)))
    throw new UsageError(`${values.output}: the folder ${path.dirname(out)} does not exist.`);
  const lab = openLab(values.db);
  try {
    const result = await call(lab, 'experiments:export', { ids });
    fs.writeFileSync(out, result.bytes);
    const size = result.bytes.byteLength;
    const shown = size >= 1e6 ? `${(size / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(size / 1e3))} kB`;
    process.stdout.write(
      `Exported ${result.experiments} experiment${result.experiments === 1 ? '' : 's'} and ${result.datasets} dataset${result.datasets === 1 ? '' : 's'} to ${values.output} (${shown}).\n`,
    );
  } finally {
    lab.close();
  }
  return 0;
}

async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, db: { type: 'string' } },
  });
  if (positionals.length !== 1)
    throw new UsageError(
      'experiments import needs exactly one file: rnn-lab experiments import FILE.rnnlab.',
    );
  const file = path.resolve(positionals[0]);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new UsageError(`${positionals[0]}: no such file.`);
  const bytes = new Uint8Array(fs.readFileSync(file));
  const lab = openLab(values.db);
  try {
    let report: Result<'experiments:import'>;
    try {
      report = await call(lab, 'experiments:import', { bytes });
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`${positionals[0]}: ${error.message}`);
      throw error;
    }
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ imported: report.imported.map((e) => ({ id: e.id, uid: e.uid, name: e.name })), duplicates: report.duplicates, datasets: report.datasets })}\n`,
      );
    } else {
      const n = report.imported.length;
      const lines = [
        n
          ? `Imported ${n} experiment${n === 1 ? '' : 's'} (${report.imported.map((e) => `#${e.id}`).join(', ')}); datasets: ${report.datasets.added} added, ${report.datasets.existing} already here.`
          : 'Nothing new to import.',
      ];
      for (const d of report.duplicates)
        lines.push(`Already present, skipped: "${d.name}" (#${d.existingId}).`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
  } finally {
    lab.close();
  }
  return 0;
}

/** `rnn-lab experiments list|export|import …` on the lab database (--db PATH). */
export async function runExperimentsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'list':
      return list(rest);
    case 'export':
      return exportCommand(rest);
    case 'import':
      return importCommand(rest);
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${EXPERIMENTS_HELP}\n`);
      return 0;
    case undefined:
      throw new UsageError(
        'experiments needs a command: list, export or import (rnn-lab experiments --help).',
      );
    default:
      throw new UsageError(`unknown experiments command "${sub}": use list, export or import.`);
  }
}
