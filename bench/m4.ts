/**
 * M4 benchmark of the global recurrent forecaster (or of one network per series with --local):
 *
 *   npx tsx bench/m4.ts --frequency weekly|hourly --train FILE --test FILE [--series N] [--series-from A --series-to B]
 *     [--seed S] [--local] [--validation] [--json] [--config JSON] [--threads N]
 *
 * Reads the M4 row layout (id, then values, empty after the series ends), trains, forecasts every selected series and
 * prints per-series and aggregate sMAPE, MASE and OWA against Naive2, and the seconds taken. --validation scores on
 * the last H values of each training part (the network then trains on the rest) and never reads the test file: tune
 * with it. --config takes settings (JSON) over the frequency's tuned recipe.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { startKernelThreads } from '../src/backend/engine/kernelThreads';
import { initBackend } from '../src/core/model/backend';
import type { GlobalForecastConfigInput, GlobalPresetName } from '../src/core/model/global';
import {
  globalPreset,
  localPreset,
  parseGlobalForecastConfig,
  trainGlobalForecaster,
} from '../src/core/model/global';
import type { SeriesScore } from '../src/core/model/classical/m4';
import { naive2, owa, scoreSeries } from '../src/core/model/classical/m4';

/** Horizon and seasonal period (MASE and Naive2) per frequency, as in M4. */
const FREQUENCIES: Readonly<Record<GlobalPresetName, { horizon: number; period: number }>> = {
  weekly: { horizon: 13, period: 1 },
  hourly: { horizon: 48, period: 24 },
};

interface M4Row {
  id: string;
  values: number[];
}

/** Parses an M4 file: a header row, then per row a quoted id and values, empty cells after the series ends. */
export function readM4(file: string): M4Row[] {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const rows: M4Row[] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, '').trim());
    const values = cells
      .slice(1)
      .filter((c) => c !== '' && c !== 'NA')
      .map(Number);
    if (values.some((v) => !Number.isFinite(v)))
      throw new Error(`${file}: a value of ${cells[0]} is not a number`);
    rows.push({ id: cells[0], values });
  }
  return rows;
}

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
      'member-curve': { type: 'string' },
    },
  });
  const frequency = values.frequency as GlobalPresetName;
  if (!(frequency in FREQUENCIES)) throw new Error('--frequency must be weekly or hourly');
  if (!values.train) throw new Error('--train FILE is required');
  if (!values.validation && !values.test) throw new Error('--test FILE is required (or --validation)');
  const { horizon: H, period: m } = FREQUENCIES[frequency];

  const trainRows = readM4(values.train);
  const testRows = values.validation ? null : readM4(values.test!);
  let from = 0;
  let to = trainRows.length;
  if (values.series !== undefined) to = Math.min(to, Number(values.series));
  if (values['series-from'] !== undefined) from = Number(values['series-from']) - 1;
  if (values['series-to'] !== undefined) to = Math.min(trainRows.length, Number(values['series-to']));
  if (!(from >= 0 && to > from)) throw new Error('the series selection is empty');

  const fitted: number[][] = [];
  const actual: number[][] = [];
  const ids: string[] = [];
  for (let i = from; i < to; i++) {
    const row = trainRows[i];
    ids.push(row.id);
    if (values.validation) {
      fitted.push(row.values.slice(0, row.values.length - H));
      actual.push(row.values.slice(row.values.length - H));
    } else {
      const test = testRows![i];
      if (test.id !== row.id) throw new Error(`row ${i + 1}: train ${row.id} but test ${test.id}`);
      fitted.push(row.values);
      actual.push(test.values.slice(0, H));
    }
  }

  const overrides = values.config ? (JSON.parse(values.config) as GlobalForecastConfigInput) : {};
  const settings = {
    ...(values.local ? localPreset(frequency) : globalPreset(frequency)),
    ...overrides,
    ...(values.seed !== undefined ? { seed: Number(values.seed) } : {}),
  };
  const config = parseGlobalForecastConfig(settings);
  const threads = await startKernelThreads(values.threads ? Number(values.threads) : undefined);
  await initBackend('wasm');
  const log = (line: string) => {
    if (!values.quiet) process.stderr.write(`${line}\n`);
  };
  log(
    `m4 ${frequency} ${values.validation ? 'validation' : 'test'} ${ids.length} series, ${values.local ? 'local' : 'global'}, threads ${threads}`,
  );
  log(JSON.stringify(config));

  const tensorsBefore = tf.memory().numTensors;
  const started = performance.now();
  const forecasts: number[][] = [];
  const onEpoch = (e: { member: number; epoch: number; loss: number; elapsedSeconds: number }) => {
    if (!values.local)
      log(
        `member ${e.member + 1} epoch ${e.epoch + 1} loss ${e.loss.toFixed(4)} ${e.elapsedSeconds.toFixed(1)} s`,
      );
  };
  if (values.local) {
    for (let i = 0; i < fitted.length; i++) {
      const forecaster = await trainGlobalForecaster([fitted[i]], config, { onEpoch });
      forecasts.push(...(await forecaster.forecastAll()));
      forecaster.dispose();
      log(`${ids[i]} done ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } else {
    const forecaster = await trainGlobalForecaster(fitted, config, { onEpoch });
    forecasts.push(...(await forecaster.forecastAll()));
    if (values['member-curve']) {
      // the same run scored with the median of its first k members, for each k asked
      for (const k of values['member-curve'].split(',').map(Number)) {
        const f = await forecaster.forecastAll(undefined, { members: k });
        const curve = owa(
          fitted.map((s, i) => scoreSeries(s, actual[i], f[i], m)),
          fitted.map((s, i) => scoreSeries(s, actual[i], naive2(s, H, m), m)),
        );
        const secs = forecaster.members.slice(0, k).reduce((p, q) => p + q.seconds, 0);
        process.stdout.write(`${JSON.stringify({ members: k, ...curve, trainSeconds: secs })}\n`);
      }
    }
    forecaster.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  const leaked = tf.memory().numTensors - tensorsBefore;

  const model: SeriesScore[] = fitted.map((f, i) => scoreSeries(f, actual[i], forecasts[i], m));
  const reference: SeriesScore[] = fitted.map((f, i) => scoreSeries(f, actual[i], naive2(f, H, m), m));
  const scores = ids.map((id, i) => ({
    id,
    smape: model[i].smape,
    mase: model[i].mase,
    naive2Smape: reference[i].smape,
    naive2Mase: reference[i].mase,
  }));
  const total = owa(model, reference);
  const summary = {
    frequency,
    part: values.validation ? 'validation' : 'test',
    mode: values.local ? 'local' : 'global',
    ...total,
    seconds,
    threads,
    leakedTensors: leaked,
    heapMB: process.memoryUsage().rss / 2 ** 20,
    config,
  };
  if (values.json) {
    for (const s of scores) process.stdout.write(`${JSON.stringify(s)}\n`);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    for (const s of scores)
      process.stdout.write(
        `${s.id.padEnd(6)} sMAPE ${s.smape.toFixed(3).padStart(8)} MASE ${s.mase.toFixed(3).padStart(7)}   Naive2 ${s.naive2Smape.toFixed(3).padStart(8)} ${s.naive2Mase.toFixed(3).padStart(7)}\n`,
      );
    process.stdout.write(
      `${frequency} ${summary.part} ${summary.mode}: ${total.series} series  sMAPE ${total.smape.toFixed(3)}  MASE ${total.mase.toFixed(3)}  ` +
        `OWA ${total.owa.toFixed(3)}  (Naive2 sMAPE ${total.naive2Smape.toFixed(3)}, MASE ${total.naive2Mase.toFixed(3)})  ${seconds.toFixed(1)} s, ` +
        `${summary.heapMB.toFixed(0)} MB resident, ${leaked} tensors left\n`,
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
      process.exitCode = 1;
    },
  );
}
