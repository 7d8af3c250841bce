/**
 * Forecast accuracy of the single-series pipeline with its defaults (what `rnn-lab forecast FILE.csv` runs):
 *
 *   npm run bench:forecast -- [--m4 DIR] [--series N] [--owa N] [--skip-owa] [--skip-series] [--json] [--threads N]
 *   npm run bench -- forecast-accuracy [the same options]
 *
 * 1. Real public series: the samples (vega-datasets), U.S. employment sectors, and series cut from the M4 Weekly and
 *    Hourly training parts (rows after the first `--owa`, so none is also in part 2; never their test parts). Each is
 *    a CSV table through planForecast + forecastJob with the proposed settings; per series it prints the MASE of the
 *    lab, seasonal naive, ETS, Theta and AutoARIMA on the run's last test windows (the competitors table), then the
 *    share of series where the lab beats seasonal naive and the best classical method, and the interval coverage.
 * 2. M4 one series at a time: the first `--owa` Weekly and Hourly series, the whole training part as the CSV, the
 *    forecast past its end scored against the M4 test part with sMAPE, MASE and OWA against Naive2 as in M4.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { startKernelThreads } from '../src/backend/engine/kernelThreads';
import { resourcesDir } from '../src/backend/paths';
import { parseCsv, type Table } from '../src/core/data';
import { forecastJob, planForecast, type ForecastChoice } from '../src/core/jobs/forecastJob';
import type { SeriesScore } from '../src/core/model/classical/m4';
import { naive2, owa, scoreSeries } from '../src/core/model/classical/m4';
import { parseM4, type M4Row } from '../src/core/data/m4';

/** The rows of an M4 file (id, then values). */
function readM4(file: string): M4Row[] {
  return parseM4(fs.readFileSync(file, 'utf8'), path.basename(file));
}

interface SeriesCase {
  name: string;
  table: Table;
  choice: ForecastChoice;
}

interface SeriesRow {
  name: string;
  rows: number;
  seasonLength: number;
  windows: number;
  lab: number | null;
  /** The networks alone when the lab's forecast combines them with the classical methods. */
  networks: number | null;
  seasonalNaive: number | null;
  ets: number | null;
  theta: number | null;
  arima: number | null;
  naive2: number | null;
  coverage80: number | null;
  coverage95: number | null;
  seconds: number;
  transforms: string;
}

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

/** A two-column CSV (ISO time, value) as the lab parses it. */
function csvTable(values: readonly number[], stepMs: number, start = Date.UTC(2000, 0, 3)): Table {
  const lines = ['time,value', ...values.map((v, i) => `${new Date(start + i * stepMs).toISOString()},${v}`)];
  return parseCsv(new TextEncoder().encode(lines.join('\n')));
}

function sample(file: string): Table {
  return parseCsv(new Uint8Array(fs.readFileSync(path.join(resourcesDir(), 'samples', file))));
}

/** The real series of part 1. */
function seriesCases(m4Dir: string, perFrequency: number, skip: number): SeriesCase[] {
  const cases: SeriesCase[] = [
    { name: 'co2-concentration CO2', table: sample('co2-concentration.csv'), choice: {} },
    { name: 'global-temp temp', table: sample('global-temp.csv'), choice: {} },
    {
      name: 'seattle-weather temp_max',
      table: sample('seattle-weather.csv'),
      choice: { target: 'temp_max' },
    },
    { name: 'seattle-weather wind', table: sample('seattle-weather.csv'), choice: { target: 'wind' } },
    {
      name: 'seattle-hourly temperature',
      table: sample('seattle-weather-hourly-normals.csv'),
      choice: { target: 'temperature' },
    },
  ];
  const employment = sample('us-employment.csv');
  for (const target of [
    'nonfarm',
    'goods_producing',
    'construction',
    'manufacturing',
    'retail_trade',
    'information',
    'financial_activities',
    'education_and_health_services',
    'leisure_and_hospitality',
    'government',
  ])
    cases.push({ name: `us-employment ${target}`, table: employment, choice: { target } });
  for (const [frequency, step] of [
    ['Weekly', WEEK],
    ['Hourly', HOUR],
  ] as const) {
    const rows = readM4(path.join(m4Dir, `${frequency}-train.csv`)).slice(skip, skip + perFrequency);
    for (const row of rows)
      cases.push({ name: `M4 ${row.id} (train part)`, table: csvTable(row.values, step), choice: {} });
  }
  return cases;
}

async function runSeries(c: SeriesCase): Promise<SeriesRow> {
  const started = performance.now();
  const setup = planForecast(c.table, c.choice);
  const { outcome } = await forecastJob({
    table: c.table,
    extract: setup.extract,
    seasonLength: setup.seasonLength,
    config: setup.config,
    dataset: null,
  });
  const comp = outcome.evaluation?.competitors ?? null;
  const t = outcome.recipe?.transforms;
  return {
    name: c.name,
    rows: outcome.data.rows,
    seasonLength: setup.seasonLength,
    windows: comp?.origins.length ?? 0,
    lab: comp?.model.mase ?? null,
    networks: comp ? (comp.ensembleAlone ?? comp.model).mase : null,
    seasonalNaive: comp?.baselines.seasonalNaive.mase ?? null,
    ets: comp?.classical.ets.metrics.mase ?? null,
    theta: comp?.classical.theta.metrics.mase ?? null,
    arima: comp?.classical.arima.metrics.mase ?? null,
    naive2: comp?.classical.naive2.metrics.mase ?? null,
    coverage80: outcome.evaluation?.intervalCoverage[0] ?? null,
    coverage95: outcome.evaluation?.intervalCoverage[1] ?? null,
    seconds: (performance.now() - started) / 1000,
    transforms: t
      ? `${t.boxCox === null ? 'none' : t.boxCox === 0 ? 'log' : `bc${t.boxCox.toFixed(2)}`}/${t.deseasonalise}`
      : 'direct',
  };
}

const fmt = (v: number | null, d = 3) => (v === null ? '—' : v.toFixed(d)).padStart(7);

export async function runForecastAccuracy(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      m4: { type: 'string', default: path.resolve('..', 'shared', 'data', 'm4') },
      series: { type: 'string', default: '8' },
      owa: { type: 'string', default: '20' },
      'skip-owa': { type: 'boolean', default: false },
      'skip-series': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      threads: { type: 'string' },
    },
  });
  const m4Dir = path.resolve(values.m4);
  if (!fs.existsSync(path.join(m4Dir, 'Weekly-train.csv')))
    throw new Error(`--m4 ${m4Dir} does not hold the M4 files (Weekly-train.csv, ...)`);
  const perFrequency = Number(values.series);
  const owaCount = Number(values.owa);
  const threads = await startKernelThreads(values.threads ? Number(values.threads) : undefined);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const emit = (record: object) => {
    if (values.json) out(JSON.stringify(record));
  };
  const tensorsBefore = tf.memory().numTensors;
  out(
    `forecast-accuracy: pipeline defaults, kernel threads ${threads}, load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );

  if (!values['skip-series']) {
    const rows: SeriesRow[] = [];
    if (!values.json)
      out(
        `${'series'.padEnd(40)} ${'rows'.padStart(6)} ${'m'.padStart(4)} ${'win'.padStart(3)} ${'lab'.padStart(7)} ${'nets'.padStart(7)} ${'snaive'.padStart(7)} ${'ETS'.padStart(7)} ${'Theta'.padStart(7)} ${'ARIMA'.padStart(7)} ${'cov80'.padStart(7)} ${'cov95'.padStart(7)} ${'s'.padStart(6)}  transforms`,
      );
    for (const c of seriesCases(m4Dir, perFrequency, owaCount)) {
      const r = await runSeries(c);
      rows.push(r);
      emit({ part: 'series', ...r });
      if (!values.json)
        out(
          `${r.name.slice(0, 40).padEnd(40)} ${String(r.rows).padStart(6)} ${String(r.seasonLength).padStart(4)} ${String(r.windows).padStart(3)} ${fmt(r.lab)} ${fmt(r.networks)} ${fmt(r.seasonalNaive)} ${fmt(r.ets)} ${fmt(r.theta)} ${fmt(r.arima)} ${fmt(r.coverage80, 2)} ${fmt(r.coverage95, 2)} ${r.seconds.toFixed(1).padStart(6)}  ${r.transforms}`,
        );
    }
    const scored = rows.filter((r) => r.lab !== null);
    const best = (r: SeriesRow) => Math.min(...[r.ets, r.theta, r.arima].map((v) => v ?? Infinity));
    const beatsNaive = scored.filter((r) => r.seasonalNaive !== null && r.lab! < r.seasonalNaive).length;
    const beatsBest = scored.filter((r) => r.lab! < best(r)).length;
    const netsBeatNaive = scored.filter(
      (r) => r.seasonalNaive !== null && r.networks !== null && r.networks < r.seasonalNaive,
    ).length;
    const netsBeatBest = scored.filter((r) => r.networks !== null && r.networks < best(r)).length;
    const mean = (f: (r: SeriesRow) => number | null) => {
      const v = scored.map(f).filter((x): x is number => x !== null && Number.isFinite(x));
      return v.reduce((s, x) => s + x, 0) / Math.max(1, v.length);
    };
    const summary = {
      part: 'series-summary',
      series: scored.length,
      meanMase: {
        lab: mean((r) => r.lab),
        networks: mean((r) => r.networks),
        seasonalNaive: mean((r) => r.seasonalNaive),
        ets: mean((r) => r.ets),
        theta: mean((r) => r.theta),
        arima: mean((r) => r.arima),
        naive2: mean((r) => r.naive2),
      },
      labBeatsSeasonalNaive: beatsNaive / Math.max(1, scored.length),
      labBeatsBestClassical: beatsBest / Math.max(1, scored.length),
      networksBeatSeasonalNaive: netsBeatNaive / Math.max(1, scored.length),
      networksBeatBestClassical: netsBeatBest / Math.max(1, scored.length),
      coverage80: mean((r) => r.coverage80),
      coverage95: mean((r) => r.coverage95),
      seconds: rows.reduce((s, r) => s + r.seconds, 0),
    };
    emit(summary);
    if (!values.json) {
      const m = summary.meanMase;
      out(
        `\n${scored.length} series, mean MASE: lab ${m.lab.toFixed(3)} (networks alone ${m.networks.toFixed(3)}), seasonal naive ${m.seasonalNaive.toFixed(3)}, ETS ${m.ets.toFixed(3)}, ` +
          `Theta ${m.theta.toFixed(3)}, AutoARIMA ${m.arima.toFixed(3)}, Naive2 ${m.naive2.toFixed(3)}`,
      );
      out(
        `lab beats seasonal naive on ${beatsNaive}/${scored.length} (${Math.round(summary.labBeatsSeasonalNaive * 100)}%, goal ≥ 90%), ` +
          `the best of ETS/Theta/AutoARIMA on ${beatsBest}/${scored.length} (${Math.round(summary.labBeatsBestClassical * 100)}%, goal ≥ 50%)`,
      );
      out(
        `the networks alone beat seasonal naive on ${netsBeatNaive}/${scored.length}, the best classical method on ${netsBeatBest}/${scored.length}`,
      );
      out(
        `interval coverage on the test parts, mean over series: 80%: ${(summary.coverage80 * 100).toFixed(1)}% (goal 78-85%), ` +
          `95%: ${(summary.coverage95 * 100).toFixed(1)}% (goal 93-97%); ${summary.seconds.toFixed(0)} s`,
      );
    }
  }

  if (!values['skip-owa']) {
    for (const [frequency, step, H, m] of [
      ['Weekly', WEEK, 13, 1],
      ['Hourly', HOUR, 48, 24],
    ] as const) {
      const train = readM4(path.join(m4Dir, `${frequency}-train.csv`)).slice(0, owaCount);
      const test = readM4(path.join(m4Dir, `${frequency}-test.csv`)).slice(0, owaCount);
      const model: SeriesScore[] = [];
      const reference: SeriesScore[] = [];
      const started = performance.now();
      const cover = [0, 0];
      let points = 0;
      for (let i = 0; i < train.length; i++) {
        if (train[i].id !== test[i].id)
          throw new Error(`row ${i + 1}: train ${train[i].id}, test ${test[i].id}`);
        const table = csvTable(train[i].values, step);
        const setup = planForecast(table, { config: { horizon: H } });
        const { outcome } = await forecastJob({
          table,
          extract: setup.extract,
          seasonLength: setup.seasonLength,
          config: setup.config,
          dataset: null,
        });
        const actual = test[i].values.slice(0, H);
        const future = outcome.future;
        if (!future) throw new Error(`${train[i].id}: no forecast (${outcome.message})`);
        model.push(scoreSeries(train[i].values, actual, future.mean, m));
        reference.push(scoreSeries(train[i].values, actual, naive2(train[i].values, H, m), m));
        future.intervals.forEach((iv, l) =>
          actual.forEach((v, h) => {
            if (v >= iv.lower[h] && v <= iv.upper[h]) cover[l]++;
          }),
        );
        points += actual.length;
        emit({ part: 'm4', id: train[i].id, smape: model[i].smape, mase: model[i].mase });
      }
      const total = owa(model, reference);
      const seconds = (performance.now() - started) / 1000;
      emit({
        part: 'm4-summary',
        frequency,
        ...total,
        coverage80: cover[0] / points,
        coverage95: cover[1] / points,
        seconds,
      });
      if (!values.json)
        out(
          `M4 ${frequency}, ${total.series} series one at a time (pipeline defaults, horizon ${H}): sMAPE ${total.smape.toFixed(3)}, MASE ${total.mase.toFixed(3)}, ` +
            `OWA ${total.owa.toFixed(3)} (goal ≤ 0.95; Naive2 sMAPE ${total.naive2Smape.toFixed(3)}, MASE ${total.naive2Mase.toFixed(3)}); ` +
            `M4 test coverage 80%: ${((cover[0] / points) * 100).toFixed(1)}%, 95%: ${((cover[1] / points) * 100).toFixed(1)}%; ${seconds.toFixed(0)} s`,
        );
    }
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  out(`tensors left: ${leaked}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  runForecastAccuracy(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`forecast-accuracy: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
