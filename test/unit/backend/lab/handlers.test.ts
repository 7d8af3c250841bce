import { forecastInput, forecastMetrics } from '../../fixtures/experiments';
import fs from 'node:fs';
import path from 'node:path';
import toneMidi from '@tonejs/midi';
import { afterEach, describe, expect, it } from 'vitest';

const { Midi } = toneMidi;
import { dispatch } from '../../../../src/backend/lab/dispatch';
import { resourcesDir } from '../../../../src/backend/paths';
import { tempLab } from '../helpers';

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});
function setup(seedSamples = false) {
  const t = tempLab({ seedSamples });
  cleanups.push(t.cleanup);
  return t;
}
const csv = (text: string) => new TextEncoder().encode(text);

describe('handlers', () => {
  it('seed the bundled samples on first start, once', async () => {
    const { lab, dbPath } = setup(true);
    const listed = await dispatch(lab.handlers, 'datasets:list', {});
    expect(listed.ok).toBe(true);
    const names = (listed.ok ? (listed.value as { name: string; sample: boolean }[]) : [])
      .map((d) => d.name)
      .sort();
    expect(names).toEqual([
      'co2-concentration.csv',
      'global-temp.csv',
      'seattle-weather-hourly-normals.csv',
      'seattle-weather.csv',
      'us-employment-by-sector.csv',
      'us-employment.csv',
    ]);
    // A sample the user deleted does not come back at the next start.
    const co2 = lab.handlers['datasets:list']({}) as { id: number; name: string }[];
    lab.handlers['datasets:delete']({
      id: co2.find((d) => d.name === 'co2-concentration.csv')!.id,
      experiments: 'keep',
    });
    lab.close();
    const { createLab } = await import('../../../../src/backend/lab/createLab');
    const again = createLab({ dbPath, resourcesDir: resourcesDir(), transport: 'http', version: 't' });
    expect((again.handlers['datasets:list']({}) as unknown[]).length).toBe(5);
    again.close();
  });

  it('import a CSV, list it, and detect the same file imported twice by its content', async () => {
    const { lab } = setup();
    const bytes = csv('date,value\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n');
    const first = await lab.handlers['datasets:import']({ name: 'a.csv', bytes });
    expect(first.existing).toBe(false);
    expect(first.dataset).toMatchObject({ name: 'a.csv', kind: 'csv', size: bytes.length, sample: false });
    expect(first.dataset.hash).toMatch(/^[0-9a-f]{64}$/);
    const second = await lab.handlers['datasets:import']({ name: 'copy of a.csv', bytes: bytes.slice() });
    expect(second).toEqual({ dataset: first.dataset, existing: true });
    const list = await lab.handlers['datasets:list']({});
    expect(list.map((d) => d.name)).toEqual(['a.csv']);
    const full = await lab.handlers['datasets:get']({ id: first.dataset.id });
    expect(new TextDecoder().decode(full.bytes)).toBe(
      'date,value\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n',
    );
  });

  it('recognise MIDI by its header and store its tracks, tempo and meter', async () => {
    const { lab } = setup();
    const csvBytes = fs.readFileSync(path.join(resourcesDir(), 'samples', 'global-temp.csv'));
    const asCsv = await lab.handlers['datasets:import']({ name: 'x.dat', bytes: new Uint8Array(csvBytes) });
    expect(asCsv.dataset.kind).toBe('csv');

    const midi = new Midi();
    midi.header.setTempo(100);
    const track = midi.addTrack();
    [60, 62, 64, 65, 67].forEach((p, i) => track.addNote({ midi: p, time: i * 0.6, duration: 0.5 }));
    const { dataset } = await lab.handlers['datasets:import']({ name: 'seed.bin', bytes: midi.toArray() });
    expect(dataset.kind).toBe('midi');
    expect(dataset.summary).toMatchObject({ bpm: 100, timeSignature: [4, 4], notes: 5, trackIndex: 0 });

    const broken = await dispatch(lab.handlers, 'datasets:import', {
      name: 'broken.mid',
      bytes: midi.toArray().slice(0, 30),
    });
    expect(broken).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(!broken.ok && broken.error.message).toMatch(/^broken\.mid: /);
  });

  it('rename and delete, keeping or deleting experiments', async () => {
    const { lab } = setup();
    const { dataset } = await lab.handlers['datasets:import']({
      name: 'a.csv',
      bytes: csv('t,v\n1,2\n2,3\n'),
    });
    const renamed = await lab.handlers['datasets:rename']({ id: dataset.id, name: 'Sales' });
    expect(renamed.name).toBe('Sales');
    const save = (name: string) =>
      dispatch(lab.handlers, 'experiments:save', forecastInput({ name, datasetId: dataset.id }));
    expect((await save('run 1')).ok).toBe(true);
    expect((await lab.handlers['datasets:list']({}))[0].experimentCount).toBe(1);
    const kept = await lab.handlers['datasets:delete']({ id: dataset.id, experiments: 'keep' });
    expect(kept.deletedExperiments).toBe(0);
    const experiments = await lab.handlers['experiments:list']({ limit: 10, offset: 0 });
    expect(experiments.items).toHaveLength(1);
    expect(experiments.items[0]).toMatchObject({ name: 'run 1', datasetId: null, datasetName: null });

    const { dataset: d2 } = await lab.handlers['datasets:import']({
      name: 'b.csv',
      bytes: csv('t,v\n1,5\n2,6\n'),
    });
    await dispatch(
      lab.handlers,
      'experiments:save',
      forecastInput({ name: 'run 2', datasetId: d2.id, status: 'stopped' }),
    );
    const deleted = await lab.handlers['datasets:delete']({ id: d2.id, experiments: 'delete' });
    expect(deleted.deletedExperiments).toBe(1);
    expect((await lab.handlers['experiments:list']({ limit: 10, offset: 0 })).total).toBe(1);
    // the files of both deleted datasets went with them
    expect(lab.db.prepare('SELECT COUNT(*) FROM dataset_files').pluck().get()).toBe(0);
    expect(() => lab.handlers['datasets:get']({ id: d2.id })).toThrow(/does not exist/);
  });

  it('turn user mistakes into clear errors through dispatch', async () => {
    const { lab } = setup();
    const missing = await dispatch(lab.handlers, 'datasets:rename', { id: 999, name: 'x' });
    expect(missing).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Dataset 999 does not exist (it may have been deleted).' },
    });
    const empty = await dispatch(lab.handlers, 'datasets:import', {
      name: 'empty.csv',
      bytes: new Uint8Array(),
    });
    expect(empty).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(!empty.ok && empty.error.message).toMatch(/empty\.csv is empty/);
    const invalid = await dispatch(lab.handlers, 'experiments:save', { kind: 'forecast' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('save an experiment with weights and read it back whole; the list never carries weights', async () => {
    const { lab } = setup();
    const weights = new Uint8Array([1, 2, 3, 4]);
    const saved = await dispatch(
      lab.handlers,
      'experiments:save',
      forecastInput({
        name: 'lstm',
        metrics: forecastMetrics(0.5),
        history: { loss: [1, 0.5] },
        weights,
        durationMs: 1234,
        tags: ['a', 'b'],
        notes: 'n',
      }),
    );
    expect(saved.ok).toBe(true);
    const id = saved.ok ? (saved.value as { id: number }).id : 0;
    const got = await lab.handlers['experiments:get']({ id });
    expect(Array.from(got.weights!)).toEqual([1, 2, 3, 4]);
    expect(got).toMatchObject({
      metrics: { headline: { name: 'MASE', value: 0.5 }, scores: { model: { mase: 0.5 } } },
      history: { loss: [1, 0.5] },
      tags: ['a', 'b'],
      hasWeights: true,
    });
    const listed = (await lab.handlers['experiments:list']({ limit: 5, offset: 0 })).items[0] as Record<
      string,
      unknown
    >;
    expect(listed).not.toHaveProperty('weights');
    expect(listed).not.toHaveProperty('predictions');
    const updated = await lab.handlers['experiments:update']({ id, name: 'renamed', tags: ['x', 'x'] });
    expect(updated).toMatchObject({ name: 'renamed', tags: ['x'] });
    expect((await lab.handlers['experiments:list']({ text: 'renam', limit: 5, offset: 0 })).total).toBe(1);
    expect((await lab.handlers['experiments:list']({ text: '%', limit: 5, offset: 0 })).total).toBe(0);
    expect(await lab.handlers['experiments:delete']({ id })).toEqual({ deleted: true });
  });

  it('refuse a wide table at import with the shape it expects, and save nothing', async () => {
    const { lab } = setup();
    const wide = csv(
      'year,Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec\n2019,1,2,3,4,5,6,7,8,9,10,11,12\n2020,2,3,4,5,6,7,8,9,10,11,12,13\n',
    );
    const result = await dispatch(lab.handlers, 'datasets:import', { name: 'wide.csv', bytes: wide });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(!result.ok && result.error.message).toMatch(/^wide\.csv: This table is wide/);
    expect(await lab.handlers['datasets:list']({})).toHaveLength(0);
  });

  it('store the parsed summary of a CSV', async () => {
    const { lab } = setup();
    const { dataset } = await lab.handlers['datasets:import']({
      name: 'm.csv',
      bytes: csv('month;sales\n2020-01;1,5\n2020-02;2,5\n2020-03;NA\n2020-04;4\n'),
    });
    const summary = dataset.summary as {
      rows: number;
      delimiter: string;
      decimalComma: boolean;
      time: { frequency: { frequency: string } };
      columns: { name: string; missing: number }[];
    };
    expect(summary.rows).toBe(4);
    expect(summary.delimiter).toBe(';');
    expect(summary.decimalComma).toBe(true);
    expect(summary.time.frequency.frequency).toBe('monthly');
    expect(summary.columns.find((c) => c.name === 'sales')?.missing).toBe(1);
  });

  it('report the database and the bundled data in app:info', async () => {
    const { lab, dbPath } = setup();
    const info = await lab.handlers['app:info']({});
    expect(info.dbPath).toBe(dbPath);
    expect(info.samples.map((s) => s.file)).toContain('co2-concentration.csv');
    expect(info.samples.find((s) => s.file === 'co2-concentration.csv')?.licence).toMatch(/CC-BY-4.0/);
  });
});
