import path from 'node:path';
import { parseArgs } from 'node:util';
import { ExperimentInput, type ExperimentInputOf } from '../../core/api';
import type { ChallengeRecord } from '../../core/inspect/challenge';
import { resolveChallengeSettings, stepsPerEpoch } from '../../core/inspect/challengeSettings';
import { CHALLENGE_TASKS, type ChallengeTask } from '../../core/inspect/challengeTasks';
import { memoryChallengeJob } from '../../core/jobs/memoryChallengeJob';
import { initBackend } from '../../core/model/backend';
import { MAX_CHRONO_T_MAX, gateInitLabel, type GateInitKind } from '../../core/model/gateInit';
import { CELL_LABELS, CELL_TYPES } from '../../core/model/spec';
import type { BackendName, CellType } from '../../core/model/spec';
import { createLab } from '../lab/createLab';
import { defaultDbPath, resourcesDir } from '../paths';
import { UsageError } from './errors';
import { intOption } from './options';
import { packageVersion } from './version';

const DEFAULT_LAGS = [5, 10, 20, 40];
const MAX_LAG = 1000;

/** Parses --lags "5,10,20": whole numbers from 2 to 1000, duplicates removed, ascending. */
export function parseLags(value: string | undefined): number[] {
  if (value === undefined) return [...DEFAULT_LAGS];
  const parts = value.split(',').map((p) => p.trim());
  const lags = parts.map(Number);
  if (parts.some((p) => !/^\d+$/.test(p)) || lags.some((k) => k < 2 || k > MAX_LAG)) {
    throw new UsageError(
      `--lags must be a comma-separated list of whole numbers from 2 to ${MAX_LAG}, e.g. 5,10,20,40 (got "${value}").`,
    );
  }
  return [...new Set(lags)].sort((a, b) => a - b);
}

const INIT_NAMES: Readonly<Record<string, GateInitKind>> = { default: 'forget-bias', chrono: 'chrono' };

/** Parses --init "default", "chrono" or "default,chrono" (both, compared side by side). */
export function parseInits(value: string | undefined): GateInitKind[] {
  if (value === undefined) return ['forget-bias'];
  const names = value.split(',').map((n) => n.trim().toLowerCase());
  if (names.some((n) => !(n in INIT_NAMES)))
    throw new UsageError(`--init must be default, chrono or default,chrono (got "${value}").`);
  return [...new Set(names.map((n) => INIT_NAMES[n]))];
}

function parseCells(value: string | undefined): CellType[] {
  if (value === undefined) return [...CELL_TYPES];
  const cells = value.split(',').map((c) => c.trim().toLowerCase());
  for (const c of cells) {
    if (!(CELL_TYPES as readonly string[]).includes(c))
      throw new UsageError(`--cells must list ${CELL_TYPES.join(', ')} (got "${value}").`);
  }
  return [...new Set(cells)] as CellType[];
}

/**
 * `rnn-lab memory-challenge [--task copy|adding] [--lags 5,10,20,40] [--cells rnn,lstm,gru] [--init default|chrono|
 * default,chrono] [--tmax N] [--steps N] [--curriculum] [--epochs N] [--units N] [--seed N] [--db PATH] [--json]`:
 * trains SimpleRNN, LSTM and GRU on a synthetic memory task for each lag (and gated cells with each gate
 * initialisation) until solved or out of budget, and saves every run as a 'memory' experiment. With --json, one line
 * per run: {cell, lag, init, tMax, accuracy, task, steps, solved, maxSteps, curriculum, durationMs, ...}. Progress
 * goes to stderr.
 */
export async function runMemoryChallengeCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      task: { type: 'string', default: 'copy' },
      lags: { type: 'string' },
      cells: { type: 'string' },
      seed: { type: 'string' },
      epochs: { type: 'string' },
      steps: { type: 'string' },
      curriculum: { type: 'boolean', default: false },
      init: { type: 'string' },
      tmax: { type: 'string' },
      units: { type: 'string' },
      backend: { type: 'string', default: 'wasm' },
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const task = values.task as ChallengeTask;
  if (!(CHALLENGE_TASKS as readonly string[]).includes(task)) {
    throw new UsageError(`--task must be ${CHALLENGE_TASKS.join(' or ')} (got "${values.task}").`);
  }
  const lags = parseLags(values.lags);
  const cells = parseCells(values.cells);
  const seed = intOption('seed', values.seed, 0) ?? 1;
  const epochs = intOption('epochs', values.epochs, 1);
  const units = intOption('units', values.units, 1);
  if (units !== undefined && units > 512)
    throw new UsageError(`--units must be at most 512 (got "${values.units}").`);
  const backend = values.backend as BackendName;
  if (backend !== 'wasm' && backend !== 'cpu')
    throw new UsageError(`--backend must be wasm or cpu in the terminal (got "${values.backend}").`);
  const maxSteps = intOption('steps', values.steps, 1);
  const inits = parseInits(values.init);
  const tMax = intOption('tmax', values.tmax, 3) ?? null;
  if (tMax !== null && tMax > MAX_CHRONO_T_MAX)
    throw new UsageError(`--tmax must be at most ${MAX_CHRONO_T_MAX} (got "${values.tmax}").`);
  if (tMax !== null && !inits.includes('chrono'))
    throw new UsageError('--tmax sets chrono initialisation: add --init chrono (or --init default,chrono).');
  const settings = resolveChallengeSettings({
    ...(epochs !== undefined ? { epochs } : {}),
    ...(maxSteps !== undefined ? { maxSteps } : {}),
    ...(units !== undefined ? { units } : {}),
    curriculum: values.curriculum,
  });
  const dbPath = path.resolve(values.db ?? defaultDbPath());
  const log = (line: string) => process.stderr.write(`${line}\n`);

  await initBackend(backend);
  const lab = createLab({
    dbPath,
    resourcesDir: resourcesDir(),
    transport: 'http',
    version: packageVersion(),
  });
  const controller = new AbortController();
  const onSigint = () => {
    log('Stopping after this batch; finished runs are saved…');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  const budget =
    settings.maxSteps !== null
      ? `until solved or ${settings.maxSteps} steps (${settings.epochs} epochs of ${stepsPerEpoch(settings)})`
      : `up to ${settings.epochs} epochs`;
  const initText = inits.includes('chrono')
    ? `; gates: ${inits.map((i) => (i === 'chrono' ? `chrono (T_max ${tMax ?? 'the sequence length'})` : 'default')).join(' and ')}`
    : '';
  log(
    `Memory challenge (${task}): ${cells.map((c) => CELL_LABELS[c]).join(', ')} at lags ${lags.join(', ')}; ` +
      `${settings.units} units, ${budget}${settings.curriculum ? ', curriculum' : ''}, seed ${seed}, ${backend}${initText}`,
  );
  let saving: Promise<void> = Promise.resolve();
  let lastLine = 0;
  try {
    const save = async (record: Omit<ChallengeRecord, 'model'>, input: ExperimentInputOf<'memory'>) => {
      const saved = await lab.handlers['experiments:save'](ExperimentInput.parse(input));
      const init =
        record.cell === 'rnn' || !inits.includes('chrono') ? '' : ` (${gateInitLabel(record.gateInit)})`;
      log(
        `${CELL_LABELS[record.cell]}${init} lag ${record.lag}: accuracy ${(record.accuracy * 100).toFixed(1)}% ` +
          `(chance ${(record.chance * 100).toFixed(1)}%), ${record.epochs} epochs, ${record.steps} steps` +
          `${record.solved ? ', solved' : ''}, ${(record.durationMs / 1000).toFixed(1)} s; experiment ${saved.id}`,
      );
      if (values.json) {
        process.stdout.write(
          `${JSON.stringify({
            cell: record.cell,
            lag: record.lag,
            init: record.gateInit.kind === 'chrono' ? 'chrono' : 'default',
            tMax: record.gateInit.kind === 'chrono' ? record.gateInit.tMax : null,
            gateInit: record.gateInit,
            accuracy: record.accuracy,
            task: record.task,
            durationMs: Math.round(record.durationMs),
            epochs: record.epochs,
            steps: record.steps,
            solved: record.solved,
            maxSteps: settings.maxSteps,
            curriculum: record.curriculum,
            status: saved.status,
            chance: record.chance,
            seed,
            experimentId: saved.id,
          })}\n`,
        );
      }
    };
    const result = await memoryChallengeJob(
      { task, lags, cells, inits, tMax, seed, settings, backend },
      {
        signal: controller.signal,
        onChallengeProgress: (p) => {
          const now = Date.now();
          if (now - lastLine < 1000) return;
          lastLine = now;
          const t = p.training;
          const init = p.init === 'chrono' && p.cell !== 'rnn' ? ' chrono' : '';
          const stage = p.stageLag !== p.lag ? ` (training at lag ${p.stageLag})` : '';
          log(
            `  [${p.run + 1}/${p.runs}] ${CELL_LABELS[p.cell]}${init} lag ${p.lag}${stage}: epoch ${t.epoch + 1}/${settings.epochs} ` +
              `batch ${t.batch + 1}/${t.batchesPerEpoch}  loss ${t.loss.toPrecision(4)}`,
          );
        },
        onRun: (record, input) => {
          saving = saving.then(() => save(record, input));
        },
      },
    );
    await saving;
    if (!values.json) process.stdout.write(`${result.summary}\n`);
    log(`${result.runs} runs saved in ${dbPath}.`);
    return 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await saving.catch(() => undefined);
    lab.close();
  }
}
