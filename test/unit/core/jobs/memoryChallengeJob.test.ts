import { beforeAll, describe, expect, it } from 'vitest';
import { ExperimentInput, type ExperimentInputOf } from '../../../../src/core/api';
import { memoryChallengeJob } from '../../../../src/core/jobs/memoryChallengeJob';
import { initBackend } from '../../../../src/core/model/backend';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('the memory challenge job', () => {
  it('hands over every finished run as an experiment to save, with its network', async () => {
    const runs: ExperimentInputOf<'memory'>[] = [];
    const result = await memoryChallengeJob(
      {
        task: 'copy',
        lags: [3],
        cells: ['rnn', 'lstm'],
        seed: 1,
        backend: 'cpu',
        settings: { epochs: 1, trainSize: 64, validationSize: 32, testSize: 32, units: 8 },
      },
      { onRun: (_record, experiment) => runs.push(experiment) },
    );
    expect(result.runs).toBe(2);
    expect(runs.map((r) => r.config.cell)).toEqual(['rnn', 'lstm']);
    for (const run of runs) {
      const parsed = ExperimentInput.parse(run);
      expect(parsed).toMatchObject({ kind: 'memory', config: { lag: 3, task: 'copy', units: 8 } });
      expect(run.weights).toBeInstanceOf(Uint8Array);
    }
  });
});
