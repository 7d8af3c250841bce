import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs, type Args, type ExperimentSummary } from '../../../../src/core/api';
import { dispatch } from '../../../../src/backend/lab/dispatch';
import { listQuery } from '../../../../src/backend/store/experiments';
import { forecastInput, forecastMetrics, melodyInput, memoryInput } from '../../fixtures/experiments';
import { memoryHeadline } from '../../../../src/core/experiments';
import { tempLab } from '../helpers';

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});

const csv = (text: string) => new TextEncoder().encode(text);

/** A lab with two datasets and six runs that differ in every listed column. */
async function labWithRuns() {
  const t = tempLab({ seedSamples: false });
  cleanups.push(t.cleanup);
  const { lab } = t;
  const sales = (
    await lab.handlers['datasets:import']({ name: 'sales.csv', bytes: csv('t,v\n1,2\n2,3\n3,4\n') })
  ).dataset;
  const air = (await lab.handlers['datasets:import']({ name: 'Air.csv', bytes: csv('t,v\n1,5\n2,6\n3,7\n') }))
    .dataset;
  const runs: Args<'experiments:save'>[] = [
    forecastInput({
      name: 'lstm small',
      datasetId: sales.id,
      config: { cell: 'lstm', layers: 1, units: 16, lookback: 24, horizon: 12, epochs: 50 },
      metrics: forecastMetrics(0.8, 2),
      status: 'finished',
      backend: 'wasm',
      durationMs: 3000,
      tags: ['baseline'],
    }),
    forecastInput({
      name: 'GRU big',
      datasetId: sales.id,
      config: { cell: 'gru', layers: 2, units: 64, lookback: 48, horizon: 12, epochs: 100 },
      metrics: forecastMetrics(0.6, 1.5),
      status: 'finished',
      backend: 'wasm',
      durationMs: 9000,
      tags: ['sweep', 'best'],
      notes: 'promising',
    }),
    forecastInput({
      name: 'rnn stopped',
      datasetId: air.id,
      config: { cell: 'rnn', layers: 1, units: 32, lookback: 12, horizon: 6, epochs: 500 },
      metrics: forecastMetrics(1.4),
      status: 'stopped',
      backend: 'cpu',
      durationMs: 1200,
      tags: ['sweep'],
    }),
    forecastInput({
      name: 'diverged run',
      datasetId: air.id,
      config: { cell: 'lstm', layers: 3, units: 8, lookback: 6, horizon: 3, epochs: 20 },
      metrics: { headline: null, scores: null },
      status: 'diverged',
      backend: 'wasm',
      durationMs: 500,
    }),
    melodyInput({
      name: 'folk melody',
      status: 'finished',
      backend: 'wasm',
      durationMs: 20000,
      tags: ['music'],
    }),
    memoryInput({
      name: 'copy task 50%_done',
      config: { cell: 'gru' },
      metrics: { headline: memoryHeadline(0.9, 0.125), accuracy: 0.9, chance: 0.125 },
      status: 'failed',
      backend: 'cpu',
      durationMs: 100,
    }),
  ];
  const saved: ExperimentSummary[] = [];
  for (const r of runs) saved.push(await lab.handlers['experiments:save'](parseArgs('experiments:save', r)));
  const list = async (args: Args<'experiments:list'> = {}) =>
    lab.handlers['experiments:list'](parseArgs('experiments:list', args));
  const names = async (args: Args<'experiments:list'> = {}) => (await list(args)).items.map((e) => e.name);
  return { ...t, sales, air, saved, list, names };
}

describe('experiments:list', () => {
  it('lists newest first with a total, and pages', async () => {
    const { list, names } = await labWithRuns();
    expect(await names()).toEqual([
      'copy task 50%_done',
      'folk melody',
      'diverged run',
      'rnn stopped',
      'GRU big',
      'lstm small',
    ]);
    const page = await list({ limit: 2, offset: 2 });
    expect(page.total).toBe(6);
    expect(page.items.map((e) => e.name)).toEqual(['diverged run', 'rnn stopped']);
    expect((await list({ limit: 5, offset: 10 })).items).toEqual([]);
  });

  it('filters by kind, dataset, status, cell and tag, alone and together', async () => {
    const { names, list, sales, air } = await labWithRuns();
    expect(await names({ kind: 'melody' })).toEqual(['folk melody']);
    expect(await names({ datasetId: air.id })).toEqual(['diverged run', 'rnn stopped']);
    expect(await names({ status: 'stopped' })).toEqual(['rnn stopped']);
    expect(await names({ cell: 'lstm' })).toEqual(['folk melody', 'diverged run', 'lstm small']);
    expect(await names({ tag: 'sweep' })).toEqual(['rnn stopped', 'GRU big']);
    expect(await names({ tag: 'swee' })).toEqual([]);
    expect(await names({ kind: 'forecast', cell: 'lstm', datasetId: sales.id })).toEqual(['lstm small']);
    expect((await list({ tag: 'sweep', status: 'finished' })).total).toBe(1);
  });

  it('searches free text in names, notes, tags and dataset names, with LIKE characters taken literally', async () => {
    const { names, saved } = await labWithRuns();
    expect(await names({ text: 'GRU' })).toEqual(['GRU big']);
    expect(await names({ text: 'PROMISING' })).toEqual(['GRU big']);
    expect(await names({ text: 'music' })).toEqual(['folk melody']);
    expect(await names({ text: 'air.csv' })).toEqual(['diverged run', 'rnn stopped']);
    expect(await names({ text: '50%_' })).toEqual(['copy task 50%_done']);
    expect(await names({ text: '%' })).toEqual(['copy task 50%_done']);
    expect(await names({ text: `#${saved[1].id}` })).toEqual(['GRU big']);
    expect(await names({ text: saved[2].uid.slice(0, 10) })).toEqual(['rnn stopped']);
  });

  it('sorts by every column both ways, runs without a value last', async () => {
    const { names } = await labWithRuns();
    expect(await names({ sort: 'name' })).toEqual([
      'copy task 50%_done',
      'diverged run',
      'folk melody',
      'GRU big',
      'lstm small',
      'rnn stopped',
    ]);
    expect(await names({ sort: 'name', order: 'desc' })).toEqual([
      'rnn stopped',
      'lstm small',
      'GRU big',
      'folk melody',
      'diverged run',
      'copy task 50%_done',
    ]);
    // The headline metric, best first: lower MASE, higher accuracy (0.9) and log-likelihood (-0.5) signed so;
    // runs without one last either way.
    expect(await names({ sort: 'metric' })).toEqual([
      'copy task 50%_done',
      'folk melody',
      'GRU big',
      'lstm small',
      'rnn stopped',
      'diverged run',
    ]);
    expect(await names({ sort: 'metric', order: 'desc' })).toEqual([
      'rnn stopped',
      'lstm small',
      'GRU big',
      'folk melody',
      'copy task 50%_done',
      'diverged run',
    ]);
    // Settings are read from each run's config: the memory challenge has 32 units too, the melody none at the top.
    expect(await names({ sort: 'units' })).toEqual([
      'diverged run',
      'lstm small',
      'rnn stopped',
      'copy task 50%_done',
      'GRU big',
      'folk melody',
    ]);
    // Ties (and runs without the value) keep creation order in the direction of the sort.
    expect(await names({ sort: 'lookback', order: 'desc' })).toEqual([
      'GRU big',
      'lstm small',
      'rnn stopped',
      'diverged run',
      'copy task 50%_done',
      'folk melody',
    ]);
    expect(await names({ sort: 'layers', order: 'desc' })).toEqual([
      'diverged run',
      'GRU big',
      'rnn stopped',
      'lstm small',
      'copy task 50%_done',
      'folk melody',
    ]);
    expect(await names({ sort: 'horizon' })).toEqual([
      'diverged run',
      'rnn stopped',
      'lstm small',
      'GRU big',
      'folk melody',
      'copy task 50%_done',
    ]);
    expect(await names({ sort: 'epochs', order: 'desc' })).toEqual([
      'rnn stopped',
      'GRU big',
      'lstm small',
      'diverged run',
      'copy task 50%_done',
      'folk melody',
    ]);
    expect(await names({ sort: 'cell' })).toEqual([
      'GRU big',
      'copy task 50%_done',
      'lstm small',
      'diverged run',
      'folk melody',
      'rnn stopped',
    ]);
    expect(await names({ sort: 'dataset' })).toEqual([
      'rnn stopped',
      'diverged run',
      'lstm small',
      'GRU big',
      'folk melody',
      'copy task 50%_done',
    ]);
    expect(await names({ sort: 'duration', order: 'desc' })).toEqual([
      'folk melody',
      'GRU big',
      'lstm small',
      'rnn stopped',
      'diverged run',
      'copy task 50%_done',
    ]);
    expect(await names({ sort: 'status' })).toEqual([
      'diverged run',
      'copy task 50%_done',
      'lstm small',
      'GRU big',
      'folk melody',
      'rnn stopped',
    ]);
    expect(await names({ sort: 'kind' })).toEqual([
      'lstm small',
      'GRU big',
      'rnn stopped',
      'diverged run',
      'folk melody',
      'copy task 50%_done',
    ]);
    expect(await names({ sort: 'created', order: 'asc' })).toEqual([
      'lstm small',
      'GRU big',
      'rnn stopped',
      'diverged run',
      'folk melody',
      'copy task 50%_done',
    ]);
    // Sorting and filtering combine, and the total counts the filtered rows.
    expect(await names({ sort: 'metric', kind: 'forecast', limit: 2 })).toEqual(['GRU big', 'lstm small']);
  });

  it('sorts the common columns through an index, never the whole table', async () => {
    const { lab } = await labWithRuns();
    const plan = (args: Args<'experiments:list'>) => {
      const { idsSql, params } = listQuery(parseArgs('experiments:list', args));
      return (lab.db.prepare(`EXPLAIN QUERY PLAN ${idsSql}`).all(...params, 100, 0) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    };
    expect(plan({})).toMatch(/^SCAN e USING (COVERING )?INDEX experiments_created$/);
    expect(plan({ sort: 'metric' })).toMatch(/^SCAN e USING (COVERING )?INDEX experiments_headline_asc$/);
    expect(plan({ sort: 'metric', order: 'desc' })).toMatch(
      /^SCAN e USING (COVERING )?INDEX experiments_headline_desc$/,
    );
    for (const sort of ['name', 'status', 'duration', 'kind'] as const) {
      expect(plan({ sort })).not.toMatch(/TEMP B-TREE/);
      expect(plan({ sort, order: 'desc' })).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('rejects unknown sort columns and filters through the contract', async () => {
    const { lab } = await labWithRuns();
    const bad = await dispatch(lab.handlers, 'experiments:list', { sort: 'weights' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(!bad.ok && bad.error.message).toMatch(/^Invalid argument for experiments:list: sort:/);
  });

  it('never carries history, predictions or weights in the list', async () => {
    const { lab, list } = await labWithRuns();
    await lab.handlers['experiments:save'](
      parseArgs(
        'experiments:save',
        forecastInput({ name: 'heavy', history: { loss: [1] }, weights: new Uint8Array(100) }),
      ),
    );
    const item = (await list({ limit: 1 })).items[0];
    expect(item.name).toBe('heavy');
    expect(item.hasWeights).toBe(true);
    expect(Object.keys(item).sort()).toEqual([
      'backend',
      'config',
      'createdAt',
      'datasetId',
      'datasetName',
      'durationMs',
      'hasWeights',
      'id',
      'kind',
      'metrics',
      'name',
      'notes',
      'parentUid',
      'payloadVersion',
      'status',
      'tags',
      'uid',
    ]);
  });
});

describe('experiments: facets, uids, several at once', () => {
  it('counts the values in use for the filter menus', async () => {
    const { lab, sales, air } = await labWithRuns();
    const facets = await lab.handlers['experiments:facets']({});
    expect(facets.total).toBe(6);
    expect(facets.kinds).toEqual([
      { value: 'forecast', count: 4 },
      { value: 'melody', count: 1 },
      { value: 'memory', count: 1 },
    ]);
    expect(facets.cells).toEqual([
      { value: 'gru', count: 2 },
      { value: 'lstm', count: 3 },
      { value: 'rnn', count: 1 },
    ]);
    expect(facets.statuses.map((s) => s.value)).toEqual(['diverged', 'failed', 'finished', 'stopped']);
    expect(facets.tags).toEqual([
      { value: 'sweep', count: 2 },
      { value: 'baseline', count: 1 },
      { value: 'best', count: 1 },
      { value: 'music', count: 1 },
    ]);
    expect(facets.datasets).toEqual([
      { id: air.id, name: 'Air.csv', count: 2 },
      { id: sales.id, name: 'sales.csv', count: 2 },
    ]);
  });

  it('gives every run its own uid and keeps the run it derives from', async () => {
    const { lab, saved } = await labWithRuns();
    const uids = saved.map((e) => e.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) expect(uid).toMatch(/^[0-9a-f]{32}$/);
    const rerun = await lab.handlers['experiments:save'](
      parseArgs('experiments:save', forecastInput({ name: 'again', parentUid: saved[0].uid })),
    );
    expect(rerun.parentUid).toBe(saved[0].uid);
    expect(saved[0].parentUid).toBeNull();
    // Renaming keeps the uid.
    expect((await lab.handlers['experiments:update']({ id: saved[0].id, name: 'renamed' })).uid).toBe(
      saved[0].uid,
    );
  });

  it('reads several runs without weights, in the order asked', async () => {
    const { lab, saved } = await labWithRuns();
    const heavy = await lab.handlers['experiments:save'](
      parseArgs(
        'experiments:save',
        forecastInput({
          name: 'heavy',
          history: { loss: [3, 2] },
          predictions: { test: { origins: [1], time: null, actual: [[1]], predicted: [[2]] } },
          weights: new Uint8Array([9, 9]),
        }),
      ),
    );
    const many = await lab.handlers['experiments:getMany']({ ids: [heavy.id, saved[1].id] });
    expect(many.map((e) => e.name)).toEqual(['heavy', 'GRU big']);
    expect(many[0]).toMatchObject({
      history: { loss: [3, 2] },
      predictions: { test: { origins: [1] } },
      weights: null,
      hasWeights: true,
    });
    const missing = await dispatch(lab.handlers, 'experiments:getMany', { ids: [saved[0].id, 999] });
    expect(missing).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Experiment 999 does not exist (it may have been deleted).' },
    });
  });

  it('deletes several runs at once and says how many existed', async () => {
    const { lab, saved, list } = await labWithRuns();
    expect(await lab.handlers['experiments:deleteMany']({ ids: [saved[0].id, saved[2].id, 999] })).toEqual({
      deleted: 2,
    });
    expect((await list()).total).toBe(4);
    expect((await lab.handlers['datasets:list']({})).map((d) => d.experimentCount)).toEqual([1, 1]);
  });
});
