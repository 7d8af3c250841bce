/**
 * M4 benchmark for tuning and measuring (the user-facing command is `rnn-lab benchmark m4`, which runs the same job):
 *
 *   npm run bench -- m4 --frequency weekly|hourly --train FILE [--test FILE] [--series N] [--series-from A --series-to B]
 *     [--seed S] [--local] [--validation] [--json] [--config JSON] [--threads N] [--quiet]
 *
 * --validation scores on the last H values of each training part (the network then trains on the rest) and never
 * reads the test file: tune with it. --config takes settings (JSON) over the frequency's tuned recipe. Prints one
 * line per series and the aggregate (one JSON object per line with --json).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { startKernelThreads } from '../src/backend/engine/kernelThreads';
import { UsageError } from '../src/backend/cli/errors';
import { m4Series, parseM4, seriesRange } from '../src/core/data/m4';
import { globalJob } from '../src/core/jobs/globalJob';
import { initBackend } from '../src/core/model/backend';
import type { GlobalForecastConfigInput } from '../src/core/model/global';

/** Horizon and seasonal period (MASE and Naive2) per frequency, as in M4. */
const FREQUENCIES = {
  weekly: { horizon: 13, season: 1 },
  hourly: { horizon: 48, season: 24 },
} as const;

export async function runM4(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      frequency: { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
      series: { type: 'string' },
      'series-from': { type: 'string' },
      'series-to': { type: 'string' },
      seed: { type: 'string' },
      local: { type: 'boolean', default: false },
      validation: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      config: { type: 'string' },
      threads: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const frequency = values.frequency;
  if (frequency !== 'weekly' && frequency !== 'hourly')
    throw new UsageError('--frequency must be weekly or hourly');
  if (!values.train) throw new UsageError('--train FILE is required');
  if (!values.validation && !values.test) throw new UsageError('--test FILE is required (or --validation)');
  const { horizon, season } = FREQUENCIES[frequency];

  const train = parseM4(fs.readFileSync(values.train, 'utf8'), values.train);
  const range = seriesRange(train.length, {
    count: values.series !== undefined ? Number(values.series) : undefined,
    from: values['series-from'] !== undefined ? Number(values['series-from']) : undefined,
    to: values['series-to'] !== undefined ? Number(values['series-to']) : undefined,
  });
  // validation: the last H training values play the test part
  const test = values.validation
    ? train.map((r) => ({ id: r.id, values: r.values.slice(r.values.length - horizon) }))
    : parseM4(fs.readFileSync(values.test!, 'utf8'), values.test!);
  const fitted = values.validation
    ? train.map((r) => ({ id: r.id, values: r.values.slice(0, r.values.length - horizon) }))
    : train;
  const series = m4Series(fitted, test, range, horizon);

  const threads = await startKernelThreads(values.threads ? Number(values.threads) : undefined);
  await initBackend('wasm');
  const settings: GlobalForecastConfigInput = {
    ...(values.config ? (JSON.parse(values.config) as GlobalForecastConfigInput) : {}),
    ...(values.seed !== undefined ? { seed: Number(values.seed) } : {}),
  };
  const log = (line: string) => {
    if (!values.quiet) process.stderr.write(`${line}\n`);
  };
  log(
    `m4 ${frequency} ${values.validation ? 'validation' : 'test'} ${series.length} series, ${values.local ? 'local' : 'global'}, threads ${threads}`,
  );
  const tensorsBefore = tf.memory().numTensors;
  const job = await globalJob(
    {
      series,
      horizon,
      seasonLength: season,
      mode: values.local ? 'local' : 'global',
      settings,
      source: {
        kind: 'm4',
        target: null,
        key: null,
        files: [path.basename(values.train)],
        from: range.from,
        to: range.to,
      },
      dataset: null,
    },
    {
      onEpoch: (e) =>
        log(
          `member ${e.member + 1} epoch ${e.epoch + 1} loss ${e.loss.toFixed(4)} ${e.elapsedSeconds.toFixed(1)} s`,
        ),
    },
  );
  const m = job.metrics;
  const summary = {
    frequency,
    part: values.validation ? 'validation' : 'test',
    mode: job.config.mode,
    owa: m.owa,
    smape: m.smape,
    mase: m.mase,
    naive2: m.naive2,
    series: m.series,
    seconds: m.seconds,
    competitors: m.competitors,
    threads,
    leakedTensors: tf.memory().numTensors - tensorsBefore,
    residentMB: process.memoryUsage().rss / 2 ** 20,
    config: job.config.settings,
  };
  if (values.json) {
    for (const s of job.series)
      process.stdout.write(
        `${JSON.stringify({ id: s.id, smape: s.smape, mase: s.mase, naive2Smape: s.naive2Smape, naive2Mase: s.naive2Mase })}\n`,
      );
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    for (const s of job.series)
      process.stdout.write(
        `${s.id.padEnd(6)} sMAPE ${s.smape.toFixed(3).padStart(8)} MASE ${(s.mase ?? NaN).toFixed(3).padStart(7)}   Naive2 ${s.naive2Smape.toFixed(3).padStart(8)} ${(s.naive2Mase ?? NaN).toFixed(3).padStart(7)}\n`,
      );
    process.stdout.write(
      `${frequency} ${summary.part} ${summary.mode}: ${m.series} series  sMAPE ${m.smape.toFixed(3)}  MASE ${m.mase.toFixed(3)}  ` +
        `OWA ${m.owa.toFixed(3)}  (Naive2 sMAPE ${m.naive2.smape.toFixed(3)}, MASE ${m.naive2.mase.toFixed(3)})  ${m.seconds.toFixed(1)} s, ` +
        `${summary.residentMB.toFixed(0)} MB resident, ${summary.leakedTensors} tensors left\n`,
    );
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  runM4(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`m4: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    },
  );
}
