import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs, type Args, type Experiment } from '../../../../src/core/api';
import { dispatch } from '../../../../src/backend/lab/dispatch';
import { tempLab } from '../helpers';

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});
function setup(seedSamples = false) {
  const t = tempLab({ seedSamples });
  cleanups.push(t.cleanup);
  return t.lab;
}

const csv = (text: string) => new TextEncoder().encode(text);

/** A run with every kind of content an export must carry exactly: awkward floats, nesting, unicode, bytes. */
function richRun(
  datasetId: number | null,
  name: string,
  parentUid: string | null = null,
): Args<'experiments:save'> {
  const weights = Uint8Array.from({ length: 4099 }, (_, i) => (i * 7919 + 13) % 256);
  return {
    kind: 'forecast',
    name,
    datasetId,
    config: {
      cell: 'gru',
      layers: 2,
      units: 48,
      lookback: 36,
      horizon: 12,
      learningRate: 0.0003,
      split: { train: 0.7, val: 0.15, test: 0.15 },
      clipNorm: null,
      target: 'CO₂ ppm',
      seasonLength: 12,
    },
    metrics: {
      headline: { name: 'MASE', value: 0.6123456789012345, lowerIsBetter: true, hint: 'ünï' },
      scores: {
        model: {
          mae: 1 / 3,
          rmse: 2 ** -40,
          mape: null,
          smape: 199.99999999999997,
          mase: 0.6123456789012345,
          count: 1200,
        },
        baselines: {
          naive: { mae: Math.PI * 1e-7, rmse: 1, mape: 1e-300, smape: 0, mase: null, count: 1200 },
          seasonalNaive: { mae: 2, rmse: 3, mape: 4, smape: 5, mase: 1, count: 1200 },
          drift: { mae: 2, rmse: 3, mape: 4, smape: 5, mase: 1.5, count: 1200 },
        },
        verdict: 'GRU is 23% better than seasonal naive on MASE (0.612 vs 0.795).',
        maseScale: 0.1 + 0.2,
        intervalCoverage: [0.8, 0.95],
      },
    },
    history: {
      loss: [1.5, 0.75, 0.1 + 0.2],
      valLoss: [2, 1e-300],
      bestEpoch: 1,
      epochsRun: 3,
      gradients: {
        before: [12.5, 3.25],
        after: [1, 1],
        clipped: [true, true],
        clipNorm: 1,
        epoch: [0, 1],
        variables: [{ name: 'gru_1/kernel', layer: 'gru_1', shape: [1, 144] }],
        perEpoch: [[12.5], [3.25]],
        perEpochLayer: [[12.5], [3.25]],
        layers: ['gru_1'],
      },
    },
    predictions: {
      message: 'ünïcödé ✓',
      test: {
        origins: [100, 101],
        time: null,
        actual: [
          [1, 2],
          [3, 4],
        ],
        predicted: [
          [1.0000000000000002, 2],
          [3, -0],
        ],
      },
      observed: { time: [1e12, 1.0000000001e12], index: [0, 1], values: [-5e-324, 1.7976931348623157e308] },
    },
    weights,
    status: 'stopped',
    backend: 'wasm',
    durationMs: 12345.678,
    tags: ['sweep', 'ünï'],
    notes: 'Line one\nline "two", with, commas',
    parentUid,
  };
}

/** Every field of an experiment except those that are local to a database (id, datasetId). */
function portable(
  e: Experiment,
): Omit<Experiment, 'id' | 'datasetId' | 'weights'> & { weights: number[] | null } {
  const { id: _id, datasetId: _datasetId, weights, ...rest } = e;
  return { ...rest, weights: weights ? Array.from(weights) : null };
}

describe('experiments export and import', () => {
  it('round-trips experiments and their dataset into a fresh database, field by field', async () => {
    const source = setup();
    const dataset = (
      await source.handlers['datasets:import']({
        name: 'co2 sample.csv',
        bytes: csv('date,co2\n2020-01,410.1\n2020-02,411.3\n2020-03,412.0\n'),
      })
    ).dataset;
    const a = await source.handlers['experiments:save'](
      parseArgs('experiments:save', richRun(dataset.id, 'GRU 2×48 · CO₂')),
    );
    const b = await source.handlers['experiments:save'](
      parseArgs('experiments:save', richRun(null, 'no dataset', a.uid)),
    );
    await source.handlers['experiments:update']({ id: a.id, notes: 'edited after the run' });
    const exported = await source.handlers['experiments:export']({ ids: [a.id, b.id] });
    expect(exported).toMatchObject({ experiments: 2, datasets: 1 });
    expect(exported.fileName).toMatch(/^rnn-lab-2-experiments-\d{8}-\d{4}\.rnnlab$/);
    expect([exported.bytes[0], exported.bytes[1]]).toEqual([0x1f, 0x8b]);

    const target = setup();
    const report = await target.handlers['experiments:import']({ bytes: exported.bytes });
    expect(report.duplicates).toEqual([]);
    expect(report.datasets).toEqual({ added: 1, existing: 0 });
    expect(report.imported.map((e) => e.name)).toEqual(['GRU 2×48 · CO₂', 'no dataset']);

    const originals = [
      await source.handlers['experiments:get']({ id: a.id }),
      await source.handlers['experiments:get']({ id: b.id }),
    ];
    const copies = await Promise.all(
      report.imported.map((e) => target.handlers['experiments:get']({ id: e.id })),
    );
    for (let i = 0; i < 2; i++) {
      const original = portable(originals[i]);
      const copy = portable(copies[i]);
      for (const key of Object.keys(original) as (keyof typeof original)[])
        expect(copy[key], key).toEqual(original[key]);
      expect(Object.keys(copy).sort()).toEqual(Object.keys(original).sort());
    }
    expect(copies[1].parentUid).toBe(copies[0].uid);
    expect(copies[1].datasetId).toBeNull();

    const [copied] = await target.handlers['datasets:list']({});
    const sourceDataset = await source.handlers['datasets:get']({ id: dataset.id });
    const targetDataset = await target.handlers['datasets:get']({ id: copied.id });
    expect(copies[0].datasetId).toBe(copied.id);
    const { id: _s, experimentCount: _sc, bytes: sb, ...sourceFields } = sourceDataset;
    const { id: _t, experimentCount: _tc, bytes: tb, ...targetFields } = targetDataset;
    expect(targetFields).toEqual(sourceFields);
    expect(Buffer.from(tb).equals(Buffer.from(sb))).toBe(true);
  });

  it('detects experiments already present and stores each dataset once', async () => {
    const source = setup();
    const dataset = (
      await source.handlers['datasets:import']({ name: 'a.csv', bytes: csv('t,v\n1,2\n2,3\n3,4\n') })
    ).dataset;
    const a = await source.handlers['experiments:save'](
      parseArgs('experiments:save', richRun(dataset.id, 'first')),
    );
    const file = (await source.handlers['experiments:export']({ ids: [a.id] })).bytes;

    // Into the same database: the run is recognised by its uid.
    const again = await source.handlers['experiments:import']({ bytes: file });
    expect(again.imported).toEqual([]);
    expect(again.duplicates).toEqual([{ uid: a.uid, name: 'first', existingId: a.id }]);
    expect((await source.handlers['experiments:list'](parseArgs('experiments:list', {}))).total).toBe(1);

    // Into another database that has the same bytes under another name: the dataset is reused.
    const target = setup();
    const local = (
      await target.handlers['datasets:import']({
        name: 'renamed here.csv',
        bytes: csv('t,v\n1,2\n2,3\n3,4\n'),
      })
    ).dataset;
    const first = await target.handlers['experiments:import']({ bytes: file });
    expect(first.datasets).toEqual({ added: 0, existing: 1 });
    expect(first.imported[0]).toMatchObject({
      datasetId: local.id,
      datasetName: 'renamed here.csv',
      uid: a.uid,
    });
    const second = await target.handlers['experiments:import']({ bytes: file });
    expect(second.imported).toEqual([]);
    expect(second.duplicates).toHaveLength(1);
    expect(await target.handlers['datasets:list']({})).toHaveLength(1);
  });

  it('reuses a sample dataset the target database already has', async () => {
    const source = setup(true);
    const co2 = (await source.handlers['datasets:list']({})).find((d) => d.name === 'co2-concentration.csv')!;
    const a = await source.handlers['experiments:save'](
      parseArgs('experiments:save', richRun(co2.id, 'on the sample')),
    );
    const file = (await source.handlers['experiments:export']({ ids: [a.id] })).bytes;
    const target = setup(true);
    const report = await target.handlers['experiments:import']({ bytes: file });
    expect(report.datasets).toEqual({ added: 0, existing: 1 });
    expect(report.imported[0].datasetName).toBe('co2-concentration.csv');
    expect(await target.handlers['datasets:list']({})).toHaveLength(6);
  });

  it('refuses files that are not exports, damaged or from a newer version, and changes nothing', async () => {
    const source = setup();
    const dataset = (
      await source.handlers['datasets:import']({ name: 'a.csv', bytes: csv('t,v\n1,2\n2,3\n3,4\n') })
    ).dataset;
    const a = await source.handlers['experiments:save'](
      parseArgs('experiments:save', richRun(dataset.id, 'run')),
    );
    const good = (await source.handlers['experiments:export']({ ids: [a.id] })).bytes;
    const json = JSON.parse(gunzipSync(good).toString('utf8')) as {
      version: number;
      datasets: { bytes: { $bytes: string } }[];
      experiments: { status: string }[];
    };

    const target = setup();
    const attempt = async (bytes: Uint8Array) => {
      const result = await dispatch(target.handlers, 'experiments:import', { bytes });
      expect(result.ok).toBe(false);
      return result.ok ? '' : `${result.error.code}: ${result.error.message}`;
    };
    expect(await attempt(csv('date,value\n2020-01-01,1\n'))).toMatch(
      /^BAD_INPUT: This file is not an RNN Lab experiments export \(\.rnnlab\)/,
    );
    expect(await attempt(gzipSync(Buffer.from('{"format":"something else"}')))).toMatch(
      /not an RNN Lab experiments export/,
    );
    expect(await attempt(good.subarray(0, Math.floor(good.length / 2)))).toMatch(
      /^BAD_INPUT: The export file is damaged or cut short/,
    );
    expect(await attempt(gzipSync(Buffer.from(JSON.stringify({ ...json, version: 9 }))))).toMatch(
      /written by a newer RNN Lab \(file version 9; this one reads up to 2\)/,
    );
    const tampered = structuredClone(json);
    tampered.datasets[0].bytes.$bytes = Buffer.from('t,v\n1,2\n').toString('base64');
    expect(await attempt(gzipSync(Buffer.from(JSON.stringify(tampered))))).toMatch(
      /the bytes of dataset a\.csv do not match their hash/,
    );
    const badStatus = structuredClone(json);
    badStatus.experiments[0].status = 'exploded';
    expect(await attempt(gzipSync(Buffer.from(JSON.stringify(badStatus))))).toMatch(
      /^BAD_INPUT: The export file is damaged: experiments\.0\.status:/,
    );
    expect(await target.handlers['datasets:list']({})).toEqual([]);
    expect((await target.handlers['experiments:list'](parseArgs('experiments:list', {}))).total).toBe(0);
    // Plain (uncompressed) JSON is accepted too.
    expect(
      (await target.handlers['experiments:import']({ bytes: Buffer.from(JSON.stringify(json)) })).imported,
    ).toHaveLength(1);
  });

  it('says which experiment to export is missing', async () => {
    const lab = setup();
    const result = await dispatch(lab.handlers, 'experiments:export', { ids: [42] });
    expect(result).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Experiment 42 does not exist (it may have been deleted).' },
    });
    const none = await dispatch(lab.handlers, 'experiments:export', { ids: [] });
    expect(!none.ok && none.error.message).toMatch(/Choose at least one experiment to export/);
  });

  describe('an export file under attack', () => {
    /** An export of one run on a dataset, as the JSON object the file holds, and a way to write it back. */
    async function exported() {
      const source = setup();
      const dataset = (
        await source.handlers['datasets:import']({ name: 'a.csv', bytes: csv('t,v\n1,2\n2,3\n3,4\n') })
      ).dataset;
      const run = await source.handlers['experiments:save'](
        parseArgs('experiments:save', richRun(dataset.id, 'run')),
      );
      const { bytes } = await source.handlers['experiments:export']({ ids: [run.id] });
      return JSON.parse(gunzipSync(bytes).toString('utf8')) as {
        datasets: { name: string; summary: Record<string, unknown> }[];
        experiments: { name: string; status: string; datasetHash: string | null }[];
      };
    }
    const pack = (file: unknown) => new Uint8Array(gzipSync(Buffer.from(JSON.stringify(file))));
    const importing = async (bytes: Uint8Array) => {
      const target = setup();
      const envelope = await dispatch(target.handlers, 'experiments:import', { bytes });
      return { envelope, target };
    };

    it('refuses a decompression bomb after the cap, not after 2 GiB', async () => {
      const { readExportFile } = await import('../../../../src/backend/store/exportFile');
      const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
      expect(bomb.length).toBeLessThan(64 * 1024);
      expect(() => readExportFile(new Uint8Array(bomb), 1024 * 1024)).toThrow(
        'The export file expands to more than 1 MiB, more than an RNN Lab export holds; it was not imported.',
      );
    });

    it('says an uncompressed export over the cap is too large, not that it is no export', async () => {
      const { readExportFile } = await import('../../../../src/backend/store/exportFile');
      const plain = Buffer.from(`{"format":"rnn-lab.experiments","notes":"${'x'.repeat(2 * 1024 * 1024)}"}`);
      expect(() => readExportFile(new Uint8Array(plain), 1024 * 1024)).toThrow(
        'The export file expands to more than 1 MiB, more than an RNN Lab export holds; it was not imported. Export fewer experiments per file.',
      );
    });

    it('refuses a run whose dataset is missing instead of dropping the link, and imports nothing', async () => {
      const file = await exported();
      file.datasets = [];
      const { envelope, target } = await importing(pack(file));
      expect(envelope).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(!envelope.ok && envelope.error.message).toMatch(
        /experiment "run" belongs to a dataset that is neither in the file nor in this database\. Nothing was imported/,
      );
      expect((await target.handlers['experiments:list'](parseArgs('experiments:list', {}))).total).toBe(0);
    });

    it.each([
      [
        'a 10,000-character name',
        (f: Awaited<ReturnType<typeof exported>>) => (f.experiments[0].name = 'x'.repeat(10_000)),
      ],
      ['an odd status', (f: Awaited<ReturnType<typeof exported>>) => (f.experiments[0].status = 'pwned')],
      [
        'a 10,000-character dataset name',
        (f: Awaited<ReturnType<typeof exported>>) => (f.datasets[0].name = 'd'.repeat(10_000)),
      ],
      [
        'a malformed dataset hash',
        (f: Awaited<ReturnType<typeof exported>>) => (f.experiments[0].datasetHash = '../../x'),
      ],
    ])('refuses %s and stores nothing', async (_what, spoil) => {
      const file = await exported();
      spoil(file);
      const { envelope, target } = await importing(pack(file));
      expect(envelope).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(!envelope.ok && envelope.error.message).toMatch(/^The export file is damaged: /);
      expect(!envelope.ok && envelope.error.message).toMatch(
        /\. Nothing was imported; export the experiments again from the lab they came from\.$/,
      );
      expect(await target.handlers['datasets:list']({})).toEqual([]);
    });

    it('reads the dataset summary again instead of storing the one in the file', async () => {
      const file = await exported();
      file.datasets[0].summary = { rows: 999_999, columns: [{ name: '<img src=x onerror=alert(1)>' }] };
      const { envelope, target } = await importing(pack(file));
      expect(envelope.ok).toBe(true);
      const [stored] = await target.handlers['datasets:list']({});
      expect(stored.summary).toMatchObject({ rows: 3, columns: [{ name: 't' }, { name: 'v' }] });
    });
  });
});
