import { MISSING, formatSignificant } from '../../core/common/format';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { modelLabel } from '../../core/model/cells';
import { parseArgs } from 'node:util';
import { ExperimentInput, isUserError, type ExperimentStatus } from '../../core/api';
import { parseCsv, type Series } from '../../core/data';
import { throttleProgress } from '../../core/jobs/hooks';
import { forecastJob, planForecast, type ForecastJobResult } from '../../core/jobs/forecastJob';
import { BASELINE_LABELS, BASELINE_NAMES } from '../../core/model/baselines';
import type { ForecastOutcome } from '../../core/model/forecastExperiment';
import {
  CELL_TYPES,
  ENGINE_NAMES,
  type BackendName,
  type CellType,
  type EngineName,
  type ForecastConfig,
  type RecipeSettingsInput,
  DEFAULT_FORECAST_CONFIG,
} from '../../core/model/spec';
import { needsDifferencing } from '../../core/model/recommend';
import { CLASSICAL_METHODS } from '../../core/model/classical';
import { CLASSICAL_LABELS, COMBINED_WITH } from '../../core/model/competitors';
import { searchRowLabel } from '../../core/model/searchTable';
import { startKernelThreads } from '../engine/kernelThreads';
import { createLab } from '../lab/createLab';
import { tableSummary } from '../summaries';
import { sqliteErrors } from '../store/errors';
import { saveDatasetAndRun, withRetry, writeRescueFile } from '../store/saveRun';
import { defaultDbPath, resourcesDir } from '../paths';
import { UsageError } from './errors';
import { inputFile, intOption } from './options';
import { packageVersion } from './version';

const CELL_ALIASES: Record<string, CellType> = { lstm: 'lstm', gru: 'gru', rnn: 'rnn', simplernn: 'rnn' };

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
      transform: { type: 'string' },
      ensemble: { type: 'string' },
      auto: { type: 'boolean', default: false },
      combine: { type: 'string' },
      backend: { type: 'string' },
      engine: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const file = inputFile(
    positionals,
    'forecast needs exactly one CSV file: rnn-lab forecast FILE.csv [options].',
  );
  const cellName = values.cell?.toLowerCase();
  if (cellName !== undefined && !(cellName in CELL_ALIASES)) {
    throw new UsageError(`--cell must be one of ${CELL_TYPES.join(', ')} (got "${values.cell}").`);
  }
  const backend = (values.backend ?? 'wasm') as BackendName;
  if (!['wasm', 'cpu'].includes(backend))
    throw new UsageError(`--backend must be wasm or cpu in the terminal (got "${backend}").`);
  const engine = (values.engine ?? 'lab') as EngineName;
  if (!(ENGINE_NAMES as readonly string[]).includes(engine)) {
    throw new UsageError(`--engine must be ${ENGINE_NAMES.join(' or ')} (got "${values.engine}").`);
  }
  const recipeChoice = values.transform !== undefined ? transformOption(values.transform) : undefined;
  const ensemble = values.ensemble !== undefined ? intOption('ensemble', values.ensemble) : undefined;
  if (ensemble !== undefined && (ensemble < 1 || ensemble > 30))
    throw new UsageError(`--ensemble must be a whole number from 1 to 30 (got "${values.ensemble}").`);
  if (ensemble !== undefined && recipeChoice === 'direct')
    throw new UsageError('--ensemble needs the recipe: leave out --transform direct.');
  if (values.combine !== undefined && !['on', 'off'].includes(values.combine))
    throw new UsageError(`--combine must be on or off (got "${values.combine}").`);
  const combine = values.combine === undefined ? undefined : values.combine === 'on';
  if (combine !== undefined && recipeChoice === 'direct')
    throw new UsageError('--combine needs the recipe: leave out --transform direct.');
  const bytes = new Uint8Array(fs.readFileSync(file));
  const name = path.basename(file);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const prefixed = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (isUserError(error)) throw new UsageError(`${name}: ${error.message}`);
      throw error;
    }
  };

  // Open (and check) the database first: a locked, damaged or newer database is found before the training.
  const dbPath = path.resolve(values.db ?? defaultDbPath());
  const lab = createLab({
    dbPath,
    resourcesDir: resourcesDir(),
    transport: 'http',
    version: packageVersion(),
  });
  try {
    // the lab engine's kernels use the cores available (RNN_LAB_THREADS overrides)
    const threads = engine === 'lab' ? await startKernelThreads() : 1;
    const table = prefixed(() => parseCsv(bytes));
    const setup = prefixed(() =>
      planForecast(table, {
        target: values.target,
        key: values.key,
        config: {
          backend,
          engine,
          ...(cellName ? { cell: CELL_ALIASES[cellName] } : {}),
          ...(values.lookback !== undefined ? { lookback: intOption('lookback', values.lookback) } : {}),
          ...(values.horizon !== undefined ? { horizon: intOption('horizon', values.horizon) } : {}),
          ...(values.epochs !== undefined ? { epochs: intOption('epochs', values.epochs) } : {}),
          ...(values.units !== undefined ? { units: intOption('units', values.units) } : {}),
          ...(values.seed !== undefined ? { seed: intOption('seed', values.seed) } : {}),
        },
      }),
    );
    const { series } = setup;
    let config = setup.config;
    if (recipeChoice === 'direct') {
      config = prefixed(() =>
        planForecast(table, {
          target: values.target,
          key: values.key,
          config: {
            ...setup.config,
            recipe: null,
            epochs: values.epochs !== undefined ? config.epochs : DEFAULT_FORECAST_CONFIG.epochs,
            batchSize: DEFAULT_FORECAST_CONFIG.batchSize,
            patience: DEFAULT_FORECAST_CONFIG.patience,
            differencing: needsDifferencing(series.target),
          },
        }),
      ).config;
    } else if (recipeChoice || ensemble !== undefined || values.auto || combine !== undefined) {
      if (!config.recipe)
        throw new UsageError(
          `${name}: --transform, --ensemble, --auto and --combine apply to the recipe, which forecasts from the target alone.`,
        );
      config = {
        ...config,
        recipe: {
          ...config.recipe,
          ...(recipeChoice ?? {}),
          ...(ensemble ? { ensemble } : {}),
          ...(values.auto ? { auto: true } : {}),
          ...(combine !== undefined ? { combine } : {}),
        },
      };
    }
    log(
      `${name}: ${series.target.length} steps of ${series.targetName}${series.key ? ` (${series.key})` : ''}` +
        `${series.frequency ? `, ${series.frequency.label}` : ''}; ${modelLabel(config)}, ` +
        `lookback ${config.lookback}, horizon ${config.horizon}, ${config.epochs} epochs${config.differencing ? ', differenced' : ''}` +
        `${config.recipe ? `, recipe (variance ${config.recipe.boxCox}, season ${config.recipe.deseasonalise}, ensemble of ${config.recipe.ensemble}${config.recipe.combine ? ` combined with ${COMBINED_WITH}` : ''}${config.recipe.auto ? ', Auto search' : ''})` : ''}, ${backend}` +
        `${engine === 'lab' ? `, lab engine (${threads} threads)` : ', tfjs layers'}`,
    );

    const controller = new AbortController();
    const onSigint = () => {
      log('Stopping after this batch (the best weights so far are kept)…');
      controller.abort();
    };
    process.once('SIGINT', onSigint);
    let job: ForecastJobResult;
    try {
      job = await forecastJob(
        {
          table,
          extract: setup.extract,
          seasonLength: setup.seasonLength,
          config,
          // the dataset is stored with the run after training, in one transaction; its id is set then
          dataset: { id: 0, name },
        },
        {
          signal: controller.signal,
          onProgress: throttleProgress(
            (p) =>
              log(
                `  epoch ${p.epoch + 1}/${config.epochs * (config.recipe?.ensemble ?? 1)}  batch ${p.batch + 1}/${p.batchesPerEpoch}  loss ${cliNumber(p.loss)}  ~${Math.round(p.etaSeconds)} s left`,
              ),
            1000,
          ),
          onEpoch: (e) =>
            log(
              `  epoch ${e.epoch + 1}: loss ${cliNumber(e.loss)}, validation ${cliNumber(e.valLoss)}${e.improved ? ' (best)' : ''}`,
            ),
        },
      );
    } catch (error) {
      if (isUserError(error)) throw new UsageError(`${name}: ${error.message}`);
      throw error;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    const result = job.outcome;
    const run = ExperimentInput.parse({ ...job.experiment, datasetId: null });
    const dataset = { name, kind: 'csv' as const, bytes, summary: tableSummary(table) };
    let experimentId: number | null = null;
    let rescueFile: string | null = null;
    try {
      const saved = await withRetry(() => saveDatasetAndRun(lab.db, dataset, run), {
        onRetry: (attempt) =>
          log(`The database is busy (another RNN Lab may be using it); trying again (${attempt}/3)…`),
      });
      experimentId = saved.experiment.id;
    } catch (error) {
      // the run is kept whatever happened to the database: written to a file the lab can import
      const why = sqliteErrors(error)?.message ?? (error instanceof Error ? error.message : String(error));
      rescueFile = writeRescueFile(dbPath, dataset, run, packageVersion(), os.tmpdir());
      log(
        `Could not save the run in ${dbPath}: ${why}\n` +
          `The run was written to ${rescueFile} instead; add it to a database with: rnn-lab experiments import "${rescueFile}"`,
      );
    }
    const code = report(result, {
      experimentId,
      status: run.status,
      rescueFile,
      name,
      series,
      config,
      json: values.json,
      dbPath,
    });
    return rescueFile !== null ? 1 : code;
  } finally {
    lab.close();
  }
}

/**
 * Reads --transform: 'direct' (the recipe off), or comma-separated choices for the recipe: auto, none, log,
 * boxcox=λ (the variance transform; 'none' also turns the seasonal adjustment off), and classical-mult,
 * classical-add, stl or no-season (the seasonal adjustment).
 */
export function transformOption(value: string): 'direct' | RecipeSettingsInput {
  const tokens = value.split(',').map((t) => t.trim().toLowerCase());
  if (tokens.length === 1 && tokens[0] === 'direct') return 'direct';
  const out: RecipeSettingsInput = {};
  for (const t of tokens) {
    if (t === 'auto') Object.assign(out, { boxCox: 'auto', deseasonalise: 'auto' });
    else if (t === 'none') Object.assign(out, { boxCox: 'none', deseasonalise: 'none' });
    else if (t === 'log') out.boxCox = 'log';
    else if (t.startsWith('boxcox=')) {
      const lambda = Number(t.slice(7));
      if (!Number.isFinite(lambda) || lambda < -1 || lambda > 2)
        throw new UsageError(`--transform boxcox=λ needs λ from -1 to 2 (got "${t.slice(7)}").`);
      out.boxCox = lambda;
    } else if (t === 'classical-mult' || t === 'classical-add' || t === 'stl') out.deseasonalise = t;
    else if (t === 'no-season') out.deseasonalise = 'none';
    else
      throw new UsageError(
        `--transform: unknown choice "${t}" (use direct, or auto, none, log, boxcox=λ, classical-mult, classical-add, stl, no-season).`,
      );
  }
  return out;
}

/** Prints a finished forecast: one JSON object, or the verdict, the error table and the forecast with intervals. */
function report(
  result: ForecastOutcome,
  ctx: {
    /** Null when the run could not be saved and went to `rescueFile`. */
    experimentId: number | null;
    /** The run's status as it is stored (finished, stopped or diverged). */
    status: ExperimentStatus;
    rescueFile: string | null;
    name: string;
    series: Series;
    config: ForecastConfig;
    json: boolean;
    dbPath: string;
  },
): number {
  const { experimentId, name, series, config } = ctx;
  const ev = result.evaluation;
  const future = result.future;
  /** Per forecast step, its date (ISO, the day alone at midnight UTC); null without time. */
  const futureTimes = future ? future.mean.map((_, h) => isoTime(future.time?.[h])) : [];
  if (ctx.json) {
    process.stdout.write(
      `${JSON.stringify({
        experimentId,
        ...(ctx.rescueFile !== null ? { savedTo: ctx.rescueFile } : {}),
        status: ctx.status,
        message: result.message,
        file: name,
        target: series.targetName,
        config,
        metrics: ev?.model ?? null,
        baselines: ev?.baselines ?? null,
        competitors: ev?.competitors
          ? {
              origins: ev.competitors.origins,
              metric: ev.competitors.metric,
              best: ev.competitors.best,
              model: ev.competitors.model,
              ensembleAlone: ev.competitors.ensembleAlone,
              baselines: ev.competitors.baselines,
              classical: ev.competitors.classical,
            }
          : null,
        recipe: result.recipe,
        search: result.search,
        notes: result.data.notes ?? [],
        intervalCoverage: ev?.intervalCoverage ?? null,
        verdict: ev?.verdict ?? null,
        forecast: future
          ? { timestamps: futureTimes, values: future.mean, intervals: future.intervals }
          : null,
        durationMs: result.durationMs,
      })}\n`,
    );
  } else {
    const out: string[] = [];
    out.push(`${result.message}`);
    if (result.search) {
      out.push('', 'Auto search (validation MASE on rolling origins before the test part):');
      const s = result.search;
      for (const [i, r] of s.rows.entries())
        out.push(
          `  ${searchRowLabel(r).padEnd(58)} ${r.folds.map((v) => cliNumber(v).padStart(9)).join('')}  mean ${cliNumber(r.score)}${i === s.best ? '  (chosen)' : ''}`,
        );
      for (const c of s.classical)
        out.push(
          `  ${c.method.padEnd(58)} ${c.folds.map((v) => cliNumber(v).padStart(9)).join('')}  mean ${cliNumber(c.score)}`,
        );
    }
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
      const c = ev.competitors;
      if (c) {
        out.push('', `Against classical methods on the last ${c.origins.length} test window(s):`);
        if (c.ensembleAlone) {
          out.push(row('COMBINED', c.model) + `  median of the networks, ${COMBINED_WITH}`);
          out.push(row(config.cell.toUpperCase(), c.ensembleAlone) + '  the networks alone');
        } else out.push(row(config.cell.toUpperCase(), c.model));
        for (const k of CLASSICAL_METHODS)
          out.push(`${row(CLASSICAL_LABELS[k], c.classical[k].metrics)}  ${c.classical[k].model}`);
        for (const b of BASELINE_NAMES) out.push(row(BASELINE_LABELS[b], c.baselines[b]));
      }
      out.push(
        '',
        `Interval coverage on the test part: ${ev.intervalCoverage.map((v, i) => `${Math.round((future?.intervals[i]?.level ?? 0) * 100)}%: ${Math.round(v * 100)}%`).join(', ')}`,
      );
    }
    if (result.recipe) {
      const t = result.recipe.transforms;
      out.push(
        '',
        `Recipe: variance ${t.boxCox === null ? 'none' : t.boxCox === 0 ? 'log' : `Box-Cox λ=${cliNumber(t.boxCox)}`} (${t.reasons.boxCox})`,
        `        season ${t.deseasonalise} (${t.reasons.deseasonalise})`,
        `        median of ${result.recipe.ensemble.used} networks${result.recipe.combined ? `, combined with ${COMBINED_WITH} (median)` : ''}, lookback ${result.recipe.lookback}; intervals: ${result.recipe.calibration}`,
      );
    }
    for (const n of result.data.notes ?? []) out.push(n);
    if (future) {
      out.push(
        '',
        `Forecast of ${series.targetName}, ${future.mean.length} steps past the data (80% and 95% intervals):`,
      );
      const interval = (lower: number, upper: number) =>
        `[${cliNumber(lower).padStart(11)}, ${cliNumber(upper).padStart(11)}]`;
      const [i80, i95] = future.intervals;
      out.push(
        `  ${'time'.padEnd(20)} ${'forecast'.padStart(11)}   ${'80% interval'.padStart(26)}   ${'95% interval'.padStart(26)}`,
      );
      future.mean.forEach((v, h) => {
        const time = futureTimes[h] ?? `+${h + 1}`;
        out.push(
          `  ${String(time).padEnd(20)} ${cliNumber(v).padStart(11)}   ${i80 ? interval(i80.lower[h], i80.upper[h]) : ''}   ${i95 ? interval(i95.lower[h], i95.upper[h]) : ''}`,
        );
      });
    }
    out.push(
      '',
      experimentId !== null
        ? `Saved as experiment ${experimentId} in ${ctx.dbPath}.`
        : `Not saved in ${ctx.dbPath}; written to ${ctx.rescueFile}.`,
    );
    process.stdout.write(`${out.join('\n')}\n`);
  }
  return result.status === 'diverged' ? 1 : 0;
}
