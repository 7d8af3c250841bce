import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseCsv } from '../src/core/data';
import { forecastJob, planForecast } from '../src/core/jobs/forecastJob';
import { benchmarkForecastTraining } from './forecastTraining';
import { ENGINE_NAMES, type EngineName } from '../src/core/engine/engineName';
import { benchmarkMelody } from './melodyTraining';
import { defaultKernelThreads, startKernelThreads } from '../src/backend/engine/kernelThreads';
import { CELL_TYPES, type BackendName } from '../src/core/model/spec';
import { resourcesDir } from '../src/backend/paths';
import { benchmarkExperimentList } from './experimentList';
import { benchmarkHostImport } from './hostImport';
import { UsageError } from '../src/backend/cli/errors';
import { runMemoryBench } from './memory';
import { runM4 } from './m4';

type Record_ = Record<string, unknown>;

/**
 * `npm run bench -- [--json] [--backends wasm,cpu] [--cells rnn,lstm,gru] [--engines lab,tfjs] [--threads N] [--vocab V]
 * [--skip-forecast] [--skip-pipeline] [--skip-melody] [--skip-store] [--skip-import]`: training throughput of the
 * canonical forecast config per cell, engine and backend, the time from the hourly Seattle CSV to its first forecast
 * with the default settings, and the melody model's training throughput (sequences/s) and time to sample 256 tokens per
 * engine and backend (the reference benchmarks' configuration, vocabulary 130), the experiment list on 10,000 runs, and
 * how fast the browser host answers `datasets:list` while it imports a 50 MB CSV. One JSON object per line with --json.
 * `npm run bench -- m4 …` runs the M4 benchmark (bench/m4.ts), `npm run bench -- memory …` the memory benchmark
 * (bench/memory.ts).
 */
export async function runBench(argv: string[]): Promise<number> {
  if (argv[0] === 'memory') return runMemoryBench(argv.slice(1));
  // `npm run bench -- m4 …`: the M4 benchmark (bench/m4.ts)
  if (argv[0] === 'm4') return runM4(argv.slice(1));
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      backends: { type: 'string', default: 'wasm,cpu' },
      cells: { type: 'string', default: CELL_TYPES.join(',') },
      'skip-pipeline': { type: 'boolean', default: false },
      'skip-forecast': { type: 'boolean', default: false },
      'skip-melody': { type: 'boolean', default: false },
      'skip-store': { type: 'boolean', default: false },
      'skip-import': { type: 'boolean', default: false },
      engines: { type: 'string', default: ENGINE_NAMES.join(',') },
      threads: { type: 'string' },
      vocab: { type: 'string', default: '130' },
    },
  });
  const engines = values.engines.split(',').map((e) => e.trim()) as EngineName[];
  for (const e of engines)
    if (!(ENGINE_NAMES as readonly string[]).includes(e))
      throw new UsageError(`--engines: unknown engine ${e} (use ${ENGINE_NAMES.join(', ')}).`);
  const vocab = Number(values.vocab);
  if (!Number.isInteger(vocab) || vocab < 3 || vocab > 512)
    throw new UsageError(`--vocab must be a whole number from 3 to 512 (got "${values.vocab}").`);
  const requested = values.threads === undefined ? defaultKernelThreads() : Number(values.threads);
  if (!Number.isInteger(requested) || requested < 1)
    throw new UsageError(`--threads must be a whole number from 1 (got "${values.threads}").`);
  // the lab engine's kernels run on this many threads (the tfjs backends themselves stay single-threaded in Node)
  const threads = engines.includes('lab') ? await startKernelThreads(requested) : 1;
  const backends = values.backends.split(',').map((b) => b.trim()) as BackendName[];
  for (const b of backends)
    if (!['wasm', 'cpu'].includes(b))
      throw new UsageError(`--backends: ${b} is not available in Node (use wasm, cpu).`);
  const cells = values.cells.split(',').map((c) => c.trim());
  for (const c of cells)
    if (!(CELL_TYPES as readonly string[]).includes(c))
      throw new UsageError(`--cells: unknown cell ${c} (use ${CELL_TYPES.join(', ')}).`);

  const emit = (record: Record_) => {
    if (values.json) process.stdout.write(`${JSON.stringify(record)}\n`);
    else {
      const r = record as {
        config: string;
        cell?: string;
        engine?: string;
        backend?: string;
        throughput?: number;
        seconds?: number;
        note?: string;
        sample256_ms?: number;
      };
      const unit = r.config === 'music' ? 'sequences/s' : 'windows/s';
      const sampled = r.sample256_ms !== undefined ? `, ${r.sample256_ms} ms to sample 256 tokens` : '';
      const what =
        r.throughput !== undefined
          ? `${r.throughput.toFixed(0)} ${unit}${sampled}`
          : `${r.seconds?.toFixed(1)} s`;
      process.stdout.write(
        `${r.config.padEnd(22)} ${(r.cell ?? '').padEnd(5)} ${(r.engine ?? '').padEnd(5)} ${(r.backend ?? '').padEnd(5)} ${what}${r.note ? `  (${r.note})` : ''}\n`,
      );
    }
  };

  for (const backend of values['skip-forecast'] ? [] : backends) {
    for (const cell of cells) {
      for (const engine of engines) {
        // Stock layers on the cpu backend are 5-20x slower: fewer windows keep the run short while still timing whole epochs.
        const slow = backend === 'cpu' && engine === 'tfjs';
        const windows = slow ? 1024 : 4096;
        const record = await benchmarkForecastTraining({
          cell: cell as (typeof CELL_TYPES)[number],
          backend,
          engine,
          windows,
          epochs: slow ? 1 : 3,
        });
        emit({ ...record, threads: engine === 'lab' ? threads : 1 });
      }
    }
  }

  if (!values['skip-melody']) {
    for (const backend of backends) {
      for (const engine of engines) {
        // Melody: the reference configuration (vocabulary 130 unless --vocab), sequence 64, embedding 32, LSTM 128,
        // batch 32; fewer sequences for stock layers on the slow cpu backend.
        const slow = backend === 'cpu' && engine === 'tfjs';
        const record = await benchmarkMelody({
          backend,
          engine,
          vocab,
          cell: 'lstm',
          sequences: slow ? 128 : 512,
          epochs: slow ? 1 : 2,
        });
        emit({
          ...record,
          threads: engine === 'lab' ? threads : 1,
          note: `vocab ${record.vocab}, sequence ${record.sequence}, embedding ${record.embedding}, LSTM ${record.units}, batch ${record.batch}`,
        });
      }
    }
  }

  if (!values['skip-pipeline']) {
    const file = path.join(resourcesDir(), 'samples', 'seattle-weather-hourly-normals.csv');
    const started = performance.now();
    const table = parseCsv(new Uint8Array(fs.readFileSync(file)));
    const setup = planForecast(table);
    const { config, defaults } = setup;
    const { outcome: result } = await forecastJob({
      table,
      extract: setup.extract,
      seasonLength: setup.seasonLength,
      config,
      dataset: null,
    });
    const seconds = (performance.now() - started) / 1000;
    emit({
      config: 'csv-to-first-forecast',
      file: 'seattle-weather-hourly-normals.csv',
      cell: config.cell,
      backend: result.backend,
      engine: result.config.engine,
      seconds,
      epochs: result.history.epochsRun,
      mase: result.evaluation?.model.mase ?? null,
      note: `${result.history.epochsRun} epochs, ${defaults.target}, lookback ${config.lookback}, horizon ${config.horizon}`,
    });
  }

  if (!values['skip-store']) {
    // experiments:list with 10,000 saved runs, on a temporary database (src/backend/store/listBench.ts).
    const record = benchmarkExperimentList(10_000);
    if (values.json) process.stdout.write(`${JSON.stringify(record)}\n`);
    else {
      const ms = (v: number) => `${v.toFixed(1)} ms`;
      process.stdout.write(
        `${'store'.padEnd(22)} ${record.rows} experiments: first page ${ms(record.listMs)}, sorted by metric ${ms(record.sortedMs)}, ` +
          `filtered ${ms(record.filteredMs)}, facets ${ms(record.facetsMs)}, first full scan ${ms(record.firstScanMs)}\n`,
      );
    }
  }
  if (!values['skip-import']) {
    const record = await benchmarkHostImport(50);
    if (values.json) process.stdout.write(`${JSON.stringify(record)}\n`);
    else {
      process.stdout.write(
        `${'host import'.padEnd(22)} ${record.fileMb} MB CSV imported in ${record.importMs} ms; datasets:list answered ` +
          `${record.listCalls} times meanwhile, slowest ${record.listMaxMs} ms (goal 500), median ${record.listMedianMs} ms\n`,
      );
    }
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  runBench(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    },
  );
}
