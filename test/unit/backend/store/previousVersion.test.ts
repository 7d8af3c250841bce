import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isExperimentOf } from '../../../../src/core/api';
import { PAYLOAD_VERSION } from '../../../../src/core/experiments';
import { savedForecastFromExperiment } from '../../../../src/core/model/forecastExperiment';
import { savedMelodyFromExperiment } from '../../../../src/core/music/melodyExperiment';
import { openDatabase } from '../../../../src/backend/store/db';
import { getDataset } from '../../../../src/backend/store/datasets';
import { getExperiment, listExperiments } from '../../../../src/backend/store/experiments';
import { importExperiments } from '../../../../src/backend/store/exportFile';
import { migrations } from '../../../../src/backend/store/migrations';

const fixtures = path.resolve(__dirname, '../../../fixtures/previous-version');
interface Dump {
  userVersion: number;
  datasets: { id: number; name: string; kind: string; hash: string; summary: string; created_at: string }[];
  experiments: (Record<string, unknown> & { id: number; kind: string; weights: string | null })[];
}
const dump = JSON.parse(fs.readFileSync(path.join(fixtures, 'schema3-rows.json'), 'utf8')) as Dump;

const dirs: string[] = [];
function tempDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-prev-'));
  dirs.push(dir);
  return path.join(dir, 'lab.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A database of schema 3 holding the previous release's rows, plus a diverged forecast as it wrote them. */
function previousDatabase(): string {
  const file = tempDb();
  const old = openDatabase(file, { migrations: migrations.slice(0, dump.userVersion) });
  for (const d of dump.datasets)
    old
      .prepare(
        'INSERT INTO datasets (id, name, kind, bytes, size, hash, summary, created_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)',
      )
      .run(d.id, d.name, d.kind, Buffer.from([0]), d.hash, d.summary, d.created_at);
  const insert = old.prepare(
    `INSERT INTO experiments (id, uid, parent_uid, kind, status, dataset_id, created_at, duration_ms, backend, name, tags,
       notes, config, metrics, inspection, history, predictions, weights)
     VALUES (@id, @uid, @parent_uid, @kind, @status, @dataset_id, @created_at, @duration_ms, @backend, @name, @tags,
       @notes, @config, @metrics, @inspection, @history, @predictions, @weights)`,
  );
  for (const e of dump.experiments)
    insert.run({ ...e, weights: e.weights === null ? null : Buffer.from(e.weights, 'base64') });
  const forecast = dump.experiments.find((e) => e.kind === 'forecast')!;
  // What the previous release stored for a run that diverged before any usable weights: no metrics.
  insert.run({ ...forecast, id: 99, uid: 'diverged', status: 'diverged', metrics: '{}', weights: null });
  old.close();
  return file;
}

describe('a database written by the previous release', () => {
  it('is upgraded in place to the current payload version, every run readable with its numbers unchanged', () => {
    const db = openDatabase(previousDatabase());
    const versions = db.prepare('SELECT DISTINCT payload_version AS v FROM experiments').pluck().all();
    expect(versions).toEqual([PAYLOAD_VERSION]);

    const old = (id: number) => {
      const e = dump.experiments.find((x) => x.id === id)!;
      return { metrics: JSON.parse(e.metrics as string), history: JSON.parse(e.history as string) };
    };
    const forecastRow = dump.experiments.find((e) => e.kind === 'forecast')!;
    const forecast = getExperiment(db, forecastRow.id);
    if (!isExperimentOf(forecast, 'forecast')) throw new Error('not a forecast');
    const before = old(forecastRow.id);
    expect(forecast.metrics.scores?.model).toEqual(before.metrics.model);
    expect(forecast.metrics.scores?.verdict).toBe(before.metrics.verdict);
    expect(forecast.metrics.headline).toMatchObject({
      name: 'MASE',
      value: before.metrics.mase,
      lowerIsBetter: true,
    });
    expect(forecast.history.loss).toEqual(before.history.loss);
    expect(forecast.hasWeights).toBe(true);
    const saved = savedForecastFromExperiment(forecast);
    expect(saved.evaluation?.model.mase).toBe(before.metrics.mase);
    expect(saved.future?.mean.length).toBe(forecast.config.horizon);
    expect(saved.extract.target).toBe('CO2');

    const melodyRow = dump.experiments.find((e) => e.kind === 'melody')!;
    const melody = getExperiment(db, melodyRow.id);
    if (!isExperimentOf(melody, 'melody')) throw new Error('not a melody');
    expect(melody.metrics.headline).toMatchObject({ name: 'LL/step', lowerIsBetter: false });
    expect(melody.metrics.meanLogLikelihood).toBe(old(melodyRow.id).metrics.meanLogLikelihood);
    const savedMelody = savedMelodyFromExperiment(melody);
    expect(savedMelody.generation.variations).toHaveLength(2);
    expect(savedMelody.mode).toBe('base');

    const memoryRow = dump.experiments.find((e) => e.kind === 'memory')!;
    const memory = getExperiment(db, memoryRow.id);
    if (!isExperimentOf(memory, 'memory')) throw new Error('not a memory run');
    expect(memory.metrics.accuracy).toBe(old(memoryRow.id).metrics.accuracy);
    expect(memory.inspection.latest?.trace.layers[0].cell).toBe('lstm');
    expect(memory.config).toMatchObject({ task: 'copy', lag: 5, cell: 'lstm' });

    const diverged = getExperiment(db, 99);
    expect(diverged.metrics.headline).toBeNull();
    expect(isExperimentOf(diverged, 'forecast') && diverged.metrics.scores).toBeNull();

    // The generated headline column sorts the upgraded rows: best first, the run without a metric last.
    const sorted = listExperiments(db, { sort: 'metric', order: 'asc', limit: 10, offset: 0 });
    expect(sorted.items.at(-1)?.id).toBe(99);
    const cells = db.prepare('SELECT cell FROM experiments ORDER BY id').pluck().all();
    expect(cells).toEqual(['lstm', 'lstm', 'lstm', 'lstm']);
    // every dataset's file came along (migration 5 moved it to dataset_files) and its runs still point to it
    for (const d of dump.datasets) expect(Array.from(getDataset(db, d.id).bytes)).toEqual([0]);
    expect(forecast.datasetId).toBe(forecastRow.dataset_id);
    db.close();
  });
});

describe('an export file written by the previous release', () => {
  it('imports with its payloads upgraded', () => {
    const db = openDatabase(tempDb());
    const report = importExperiments(
      db,
      new Uint8Array(fs.readFileSync(path.join(fixtures, 'export-v1.rnnlab'))),
    );
    expect(report.imported.map((e) => e.kind)).toEqual(['forecast', 'melody', 'memory']);
    expect(report.datasets.added).toBe(2);
    const forecast = getExperiment(db, report.imported[0].id);
    expect(isExperimentOf(forecast, 'forecast') && forecast.metrics.scores?.model.count).toBeGreaterThan(0);
    expect(report.imported.every((e) => e.metrics.headline !== null)).toBe(true);
    db.close();
  });
});
