import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatasetInfo } from '../../../../src/core/api';
import { MANY_SERIES } from '../../../../src/core/experiments/global';

// the worker call is captured instead of run: these tests read what the store asks the job to compute
const calls: { compareLocal: boolean; classical: string }[] = [];
const cancel = vi.fn();
vi.mock('../../../../src/renderer/workers/computeClient', () => ({
  callbacks: (cb: unknown) => cb,
  startJob: (run: (api: unknown, id: string) => Promise<unknown>) => {
    const api = {
      forecastAllSeries: (_id: string, input: { compareLocal: boolean; classical: string }) => {
        calls.push(input);
        return new Promise(() => {});
      },
    };
    return { id: 'job-1', promise: run(api, 'job-1'), cancel };
  },
}));
vi.mock('../../../../src/renderer/api/client', () => ({
  lab: {},
  getExperimentOf: vi.fn(),
  failureMessage: (_e: unknown, what: string) => what,
}));
vi.mock('../../../../src/renderer/state/store', () => ({
  useLab: { getState: () => ({ toast: vi.fn() }) },
}));

const { useGlobal } = await import('../../../../src/renderer/features/global/globalStore');

const dataset = { id: 1, hash: 'h', name: 'long.csv' } as DatasetInfo;

describe('the global store', () => {
  beforeEach(() => {
    calls.length = 0;
    useGlobal.setState({ run: null, result: null });
    useGlobal.getState().setSettings({ compareLocal: true });
  });

  it('runs every competitor and the one-network-per-series comparison up to MANY_SERIES series', () => {
    void useGlobal.getState().start({ dataset, target: 'y', seasonLength: 12, seriesCount: MANY_SERIES });
    expect(calls).toEqual([expect.objectContaining({ compareLocal: true, classical: 'all' })]);
  });

  it('skips ETS, ARIMA and the comparison above MANY_SERIES series, as the panel says, even when ticked before', () => {
    void useGlobal.getState().start({ dataset, target: 'y', seasonLength: 12, seriesCount: MANY_SERIES + 1 });
    expect(calls).toEqual([expect.objectContaining({ compareLocal: false, classical: 'fast' })]);
  });
});
