import { afterEach, describe, expect, it } from 'vitest';
import { isExperimentOf, parseArgs } from '../../../../src/core/api';
import { experimentFacts } from '../../../../src/core/experiments/facts';
import { experimentModelLabel } from '../../../../src/core/experiments/compare/labels';
import { globalInput } from '../../fixtures/experiments';
import { tempLab } from '../helpers';

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});

function setup() {
  const t = tempLab({ seedSamples: false });
  cleanups.push(t.cleanup);
  return t.lab;
}

describe('a global experiment in the store', () => {
  it('is saved as one experiment, listed by its OWA, read back typed, exported and imported', async () => {
    const source = setup();
    const saved = await source.handlers['experiments:save'](parseArgs('experiments:save', globalInput()));
    expect(saved.kind).toBe('global');
    const listed = await source.handlers['experiments:list'](
      parseArgs('experiments:list', { kind: 'global' }),
    );
    expect(listed.items.map((e) => e.id)).toEqual([saved.id]);
    const facts = experimentFacts(listed.items[0]);
    expect(facts.headline).toMatchObject({ name: 'OWA', value: 0.8 });
    expect(experimentModelLabel(listed.items[0])).toBe('LSTM 1×32 · 2 series');

    const full = await source.handlers['experiments:get']({ id: saved.id });
    if (!isExperimentOf(full, 'global')) throw new Error('kind changed');
    expect(full.predictions.series.map((s) => s.id)).toEqual(['a', 'b']);
    expect(full.metrics.local?.owa).toBe(1.02);

    const exported = await source.handlers['experiments:export']({ ids: [saved.id] });
    const target = setup();
    const report = await target.handlers['experiments:import']({ bytes: exported.bytes });
    expect(report.imported.map((e) => e.kind)).toEqual(['global']);
    const copy = await target.handlers['experiments:get']({ id: report.imported[0].id });
    expect(copy.predictions).toEqual(full.predictions);
    expect(copy.metrics).toEqual(full.metrics);
    expect(copy.config).toEqual(full.config);
  });
});
