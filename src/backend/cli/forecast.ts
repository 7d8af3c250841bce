import { MISSING, formatSignificant } from '../../core/common/format';
import fs from 'node:fs';
import path from 'node:path';
import { modelLabel } from '../../core/model/cells';
import { parseArgs } from 'node:util';
import { ExperimentInput } from '../../core/api';
import { extractSeries, isDataError, parseCsv, proposeForecastDefaults, type Series } from '../../core/data';
import { ConfigError } from '../../core/data/errors';
import { BASELINE_LABELS, BASELINE_NAMES } from '../../core/model/baselines';
import { experimentFromOutcome } from '../../core/model/forecastExperiment';
import { runForecast, type ForecastResult } from '../../core/model/forecastPipeline';
import { recommendForecastConfig } from '../../core/model/recommend';
import {
  CELL_TYPES,
  ENGINE_NAMES,
  parseForecastConfig,
  type CellType,
  type EngineName,
  type ForecastConfig,
} from '../../core/model/spec';
import { packWeightsFile } from '../../core/model/weightsFile';
import { startKernelThreads } from '../engine/kernelThreads';
import { createLab } from '../lab/createLab';
import { defaultDbPath, resourcesDir } from '../paths';
import { UsageError } from './errors';
import { packageVersion } from './version';

const CELL_ALIASES: Record<string, CellType> = { lstm: 'lstm', gru: 'gru', rnn: 'rnn', simplernn: 'rnn' };

function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name} must be a whole number (got "${value}").`);
  return n;
}

function isoTime(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return null;
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** A number for the terminal: 5 significant digits, or a dash. */
const cliNumber = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? MISSING : formatSignificant(v, 5);

/** `rnn-lab forecast FILE.csv …`: the app's forecast pipeline from a terminal; saves the run in the lab database. */
export async function runForecastCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      target: { type: 'string' },
      key: { type: 'string' },
      cell: { type: 'string' },
      lookback: { type: 'string' },
      horizon: { type: 'string' },
      epochs: { type: 'string' },
      units: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      engine: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1)
    throw new UsageError('forecast needs exactly one CSV file: rnn-lab forecast FILE.csv [options].');
  const file = path.resolve(positionals[0]);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new UsageError(`${positionals[0]}: no such file.`);
  const cellName = values.cell?.toLowerCase();
  if (cellName !== undefined && !(cellName in CELL_ALIASES)) {
    throw new UsageError(`--cell must be one of ${CELL_TYPES.join(', ')} (got "${values.cell}").`);
  }
  const backend = values.backend ?? 'wasm';
  if (!['wasm', 'cpu'].includes(backend))
    throw new UsageError(`--backend must be wasm or cpu in the terminal (got "${backend}").`);
  const engine = (values.engine ?? 'lab') as EngineName;
  if (!(ENGINE_NAMES as readonly string[]).includes(engine)) {
    throw new UsageError(`--engine must be ${ENGINE_NAMES.join(' or ')} (got "${values.engine}").`);
  }
  // the lab engine's kernels use the cores available (RNN_LAB_THREADS overrides)
  const threads = engine === 'lab' ? await startKernelThreads() : 1;
  const bytes = new Uint8Array(fs.readFileSync(file));
  const name = path.basename(file);
  const log = (line: string) => process.stderr.write(`${line}\n`);

  let series: Series;
  let config: ForecastConfig;
  try {
    const table = parseCsv(bytes);
    const defaults = proposeForecastDefaults(table, values.key ? { key: values.key } : {});
    const target = values.target ?? defaults.target;
    series = extractSeries(table, { target, key: defaults.key ?? undefined, missing: 'interpolate' });
    const recommended = recommendForecastConfig(series.target, defaults);
    config = parseForecastConfig({
      ...recommended,
      backend,
      engine,
      ...(cellName ? { cell: CELL_ALIASES[cellName] } : {}),
      ...(values.lookback !== undefined ? { lookback: intOption('lookback', values.lookback) } : {}),
      ...(values.horizon !== undefined ? { horizon: intOption('horizon', values.horizon) } : {}),
      ...(values.epochs !== undefined ? { epochs: intOption('epochs', values.epochs) } : {}),
      ...(values.units !== undefined ? { units: intOption('units', values.units) } : {}),
      ...(values.seed !== undefined ? { seed: intOption('seed', values.seed) } : {}),
    });
    log(
      `${name}: ${series.target.length} steps of ${series.targetName}${series.key ? ` (${series.key})` : ''}` +
        `${series.frequency ? `, ${series.frequency.label}` : ''}; ${modelLabel(config)}, ` +
        `lookback ${config.lookback}, horizon ${config.horizon}, ${config.epochs} epochs${config.differencing ? ', differenced' : ''}, ${backend}` +
        `${engine === 'lab' ? `, lab engine (${threads} threads)` : ', tfjs layers'}`,
    );
  } catch (error) {
    if (isDataError(error) || error instanceof ConfigError) throw new UsageError(`${name}: ${error.message}`);
    throw error;
  }

  const seasonLength = series.frequency?.seasonLength ?? 1;
  const controller = new AbortController();
  const onSigint = () => {
    log('Stopping after this batch (the best weights so far are kept)…');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  let lastLine = 0;
  let result: ForecastResult;
  try {
    result = await runForecast(
      { time: series.time, target: series.target, features: series.features, seasonLength },
      config,
      {
        signal: controller.signal,
        onProgress: (p) => {
          const now = Date.now();
          if (now - lastLine < 1000 && p.step !== p.totalSteps) return;
          lastLine = now;
          log(
            `  epoch ${p.epoch + 1}/${config.epochs}  batch ${p.batch + 1}/${p.batchesPerEpoch}  loss ${cliNumber(p.loss)}  ~${Math.round(p.etaSeconds)} s left`,
          );
        },
        onEpoch: (e) =>
          log(
            `  epoch ${e.epoch + 1}: loss ${cliNumber(e.loss)}, validation ${cliNumber(e.valLoss)}${e.improved ? ' (best)' : ''}`,
          ),
      },
    );
  } catch (error) {
    if (isDataError(error) || error instanceof ConfigError) throw new UsageError(`${name}: ${error.message}`);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }

  const lab = createLab({
    dbPath: path.resolve(values.db ?? defaultDbPath()),
    resourcesDir: resourcesDir(),
    transport: 'http',
    version: packageVersion(),
  });
  let experimentId: number;
  try {
    const { dataset } = await lab.handlers['datasets:import']({ name, bytes, kind: 'csv' });
    const { saved, ...rest } = result;
    const input = experimentFromOutcome(
      { ...rest, weights: saved ? packWeightsFile(saved) : null },
      {
        dataset,
        extract: {
          target: series.targetName,
          features: [],
          key: series.key ?? undefined,
          missing: 'interpolate',
        },
        seasonLength,
        series,
      },
    );
    experimentId = (await lab.handlers['experiments:save'](ExperimentInput.parse(input))).id;
  } finally {
    lab.close();
  }

  const ev = result.evaluation;
  const future = result.future;
  const futureRows = future
    ? future.mean.map((v, h) => ({
        step: h + 1,
        time: isoTime(future.time?.[h]),
        value: v,
        ...Object.fromEntries(
          future.intervals.flatMap((i) => [
            [`lower${Math.round(i.level * 100)}`, i.lower[h]],
            [`upper${Math.round(i.level * 100)}`, i.upper[h]],
          ]),
        ),
      }))
    : [];
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({
        experimentId,
        status: result.status === 'completed' ? 'finished' : result.status,
        message: result.message,
        file: name,
        target: series.targetName,
        config,
        metrics: ev?.model ?? null,
        baselines: ev?.baselines ?? null,
        verdict: ev?.verdict ?? null,
        forecast: future
          ? { timestamps: futureRows.map((r) => r.time), values: future.mean, intervals: future.intervals }
          : null,
        durationMs: result.durationMs,
      })}\n`,
    );
  } else {
    const out: string[] = [];
    out.push(`${result.message}`);
    if (ev) {
      out.push('', ev.verdict, '');
      out.push(
        ['', 'MAE', 'RMSE', 'MAPE%', 'sMAPE%', 'MASE']
          .map((c, i) => (i === 0 ? c.padEnd(16) : c.padStart(11)))
          .join(''),
      );
      const row = (label: string, m: typeof ev.model) =>
        [
          label.padEnd(16),
          ...[m.mae, m.rmse, m.mape, m.smape, m.mase].map((v) => cliNumber(v).padStart(11)),
        ].join('');
      out.push(row(config.cell.toUpperCase(), ev.model));
      for (const b of BASELINE_NAMES) out.push(row(BASELINE_LABELS[b], ev.baselines[b]));
    }
    if (future) {
      out.push(
        '',
        `Forecast of ${series.targetName}, ${future.mean.length} steps past the data (80% and 95% intervals):`,
      );
      for (const r of futureRows) {
        const rec = r as Record<string, number | string | null>;
        out.push(
          `  ${String(r.time ?? `+${r.step}`).padEnd(20)} ${cliNumber(r.value).padStart(11)}   [${cliNumber(rec.lower80 as number)}, ${cliNumber(rec.upper80 as number)}]   [${cliNumber(rec.lower95 as number)}, ${cliNumber(rec.upper95 as number)}]`,
        );
      }
    }
    out.push('', `Saved as experiment ${experimentId} in ${path.resolve(values.db ?? defaultDbPath())}.`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
  return result.status === 'diverged' ? 1 : 0;
}
