/**
 * Memory benchmark: `npx tsx bench/memory.ts [--json] [--task copy|adding] [--lags 10,20,50,100,150,200]
 * [--cells rnn,lstm,gru] [--inits default,chrono] [--steps 5000] [--curriculum] [--seed 1] [--backend wasm|cpu]
 * [--threads 1]` runs the memory challenge job (no database) for every lag, cell and gate initialisation, each
 * until solved (99% validation accuracy) or out of steps, and prints one line per run (JSON with --json) and then
 * the accuracy-versus-lag table in Markdown with the seconds per run. Defaults: copy task, 8 symbols, 32 units,
 * batch 16, Adam 0.02, seed 1, wasm, one kernel thread. For the adding problem the accuracy is the share of test
 * sequences answered within 0.04 of the true sum.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UsageError } from '../src/backend/cli/errors';
import { parseInits, parseLags } from '../src/backend/cli/memoryChallenge';
import { startKernelThreads } from '../src/backend/engine/kernelThreads';
import { challengeSeriesKey, type ChallengeRecord } from '../src/core/inspect/challenge';
import { CHALLENGE_TASKS, type ChallengeTask } from '../src/core/inspect/challengeTasks';
import { memoryChallengeJob } from '../src/core/jobs/memoryChallengeJob';
import { initBackend } from '../src/core/model/backend';
import { CELL_LABELS, CELL_TYPES, type CellType } from '../src/core/model/cells';
import { gateInitLabel } from '../src/core/model/gateInit';

type Run = Omit<ChallengeRecord, 'model'>;

/** "LSTM chrono", "GRU default", "SimpleRNN" (no gates: one run serves both initialisations). */
function columnName(run: Run): string {
  if (run.cell === 'rnn') return CELL_LABELS.rnn;
  return `${CELL_LABELS[run.cell]} ${run.gateInit.kind === 'chrono' ? 'chrono' : 'default'}`;
}

/** The Markdown table: one row per lag, one column per cell and initialisation, "accuracy (seconds)". */
export function memoryTable(runs: readonly Run[]): string {
  const keys = [...new Set(runs.map(challengeSeriesKey))];
  const names = keys.map((k) => columnName(runs.find((r) => challengeSeriesKey(r) === k)!));
  const lags = [...new Set(runs.map((r) => r.lag))].sort((a, b) => a - b);
  const cell = (r: Run | undefined) =>
    r
      ? `${(r.accuracy * 100).toFixed(1)}% (${(r.durationMs / 1000).toFixed(r.durationMs < 10_000 ? 1 : 0)} s${r.solved ? '' : ', not solved'})`
      : '—';
  const lines = [
    `| lag | ${names.join(' | ')} |`,
    `|---:|${names.map(() => '---:').join('|')}|`,
    ...lags.map(
      (lag) =>
        `| ${lag} | ${keys.map((k) => cell(runs.find((r) => r.lag === lag && challengeSeriesKey(r) === k))).join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}

export async function runMemoryBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      task: { type: 'string', default: 'copy' },
      lags: { type: 'string', default: '10,20,50,100,150,200' },
      cells: { type: 'string', default: CELL_TYPES.join(',') },
      inits: { type: 'string', default: 'default,chrono' },
      steps: { type: 'string', default: '5000' },
      curriculum: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      backend: { type: 'string', default: 'wasm' },
      threads: { type: 'string', default: '1' },
    },
  });
  const task = values.task as ChallengeTask;
  if (!(CHALLENGE_TASKS as readonly string[]).includes(task))
    throw new UsageError(`--task must be ${CHALLENGE_TASKS.join(' or ')} (got "${values.task}").`);
  const cells = values.cells.split(',').map((c) => c.trim()) as CellType[];
  for (const c of cells)
    if (!(CELL_TYPES as readonly string[]).includes(c))
      throw new UsageError(`--cells: unknown cell ${c} (use ${CELL_TYPES.join(', ')}).`);
  const lags = parseLags(values.lags);
  const inits = parseInits(values.inits);
  const [maxSteps, seed, threads] = [values.steps, values.seed, values.threads].map(Number);
  if (![maxSteps, seed, threads].every((v) => Number.isInteger(v) && v >= 0) || maxSteps < 1 || threads < 1)
    throw new UsageError('--steps and --threads must be whole numbers from 1, --seed from 0.');
  const backend = values.backend as 'wasm' | 'cpu';
  if (backend !== 'wasm' && backend !== 'cpu') throw new UsageError('--backend must be wasm or cpu.');

  await startKernelThreads(threads);
  await initBackend(backend);
  const runs: Run[] = [];
  const started = performance.now();
  const result = await memoryChallengeJob(
    { task, lags, cells, inits, seed, backend, settings: { maxSteps, curriculum: values.curriculum } },
    {
      onRun: (record, experiment) => {
        runs.push(record);
        const line = {
          task,
          lag: record.lag,
          cell: record.cell,
          init: record.cell === 'rnn' ? 'none (no gates)' : gateInitLabel(record.gateInit),
          accuracy: record.accuracy,
          chance: record.chance,
          solved: record.solved,
          steps: record.steps,
          status: record.status,
          seconds: Math.round(record.durationMs / 100) / 10,
          curriculum: record.curriculum,
          units: experiment.config.units,
          symbols: experiment.config.symbols,
          maxSteps,
          seed,
          backend,
          threads,
        };
        process.stdout.write(
          values.json
            ? `${JSON.stringify(line)}\n`
            : `${task} lag ${line.lag} ${columnName(record).padEnd(14)} ${(line.accuracy * 100).toFixed(1).padStart(5)}%  ` +
                `${line.solved ? 'solved' : 'not solved'} after ${line.steps} steps${line.status === 'diverged' ? ' (diverged)' : ''}, ${line.seconds} s\n`,
        );
      },
    },
  );
  if (!values.json) {
    process.stdout.write(`\n${memoryTable(runs)}\n\n${result.summary}\n`);
    process.stdout.write(`${runs.length} runs in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  runMemoryBench(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    },
  );
}
