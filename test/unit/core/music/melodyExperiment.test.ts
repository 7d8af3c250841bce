import { describe, expect, it } from 'vitest';
import type { ExperimentInputOf, ExperimentOf } from '../../../../src/core/api';
import { createVocabulary } from '../../../../src/core/music';
import type { Melody } from '../../../../src/core/music';
import {
  melodyExperimentInput,
  melodyRunName,
  samplingLabel,
  savedMelodyFromExperiment,
} from '../../../../src/core/music/melodyExperiment';
import type { MelodyOutcome } from '../../../../src/core/music/melodyExperiment';
import { variationStats } from '../../../../src/core/music/melodyGenerate';
import {
  DEFAULT_SEED_AFFINITY,
  MelodyTrainingSettingsSchema,
} from '../../../../src/core/music/melodySettings';
import { melodyInput, storedExperiment } from '../../fixtures/experiments';

const seed: Melody = {
  stepsPerQuarter: 4,
  bpm: 96,
  timeSignature: [3, 4],
  totalSteps: 8,
  notes: [
    { pitch: 67, start: 0, duration: 4 },
    { pitch: 71, start: 4, duration: 4 },
  ],
};
const vocab = createVocabulary();
const key = { tonic: 7, mode: 'major' as const };
const tokens = [1, 0, 16, 1, 0, 0, 0, 0, 0, 0, 0, 0, 18, 1, 1, 1];

function outcome(mode: MelodyOutcome['mode']): MelodyOutcome {
  return {
    mode,
    model: {
      label: 'LSTM 2×128',
      spec: { cell: 'lstm', units: 128, layers: 2, embeddingSize: 32, vocabSize: 39, attention: 0 },
      description: 'base',
    },
    importSettings: { track: 0, polyphony: 'highest', stepsPerQuarter: 4 },
    seed,
    generation: {
      settings: {
        bars: 1,
        temperature: 1,
        topK: 0,
        topP: 1,
        stayInKey: false,
        seedAffinity: DEFAULT_SEED_AFFINITY,
        variations: 1,
        seed: 3,
      },
      steps: 16,
      seedSteps: 8,
      seedKey: key,
      seedKeyName: 'G major',
      variations: [
        {
          index: 0,
          tokens,
          notes: [
            { pitch: 62, start: 10, duration: 2 },
            { pitch: 64, start: 20, duration: 4 },
          ],
          heldSeedSteps: 1,
          stats: variationStats(seed, tokens, vocab, key, -12),
        },
      ],
      durationMs: 5,
    },
    training:
      mode === 'base'
        ? null
        : {
            status: 'stopped',
            message: 'Stopped after epoch 2, as requested',
            settings: MelodyTrainingSettingsSchema.parse({ mode, epochs: 10 }),
            history: { loss: [2, 1.5], valLoss: [] },
            bestEpoch: null,
            epochsRun: 2,
            earlyStopped: false,
            gradients: null,
            durationMs: 1000,
          },
    weights: mode === 'base' ? null : new Uint8Array([1, 2, 3]),
    backend: 'wasm',
    durationMs: 1200,
  };
}

/** What the store gives back for an input: JSON columns round-tripped, ids and dates added. */
function stored(input: ExperimentInputOf<'melody'>, id: number): ExperimentOf<'melody'> {
  const json = JSON.parse(JSON.stringify({ ...input, weights: null })) as ExperimentInputOf<'melody'>;
  return storedExperiment({ ...json, weights: input.weights }, { id, datasetName: 'waltz.mid' });
}

describe('melody run names', () => {
  it('tell apart generations that differ only in their sampling settings', () => {
    const base = outcome('base');
    const at = (settings: Partial<MelodyOutcome['generation']['settings']>) =>
      melodyRunName(
        {
          ...base,
          generation: { ...base.generation, settings: { ...base.generation.settings, ...settings } },
        },
        'waltz.mid',
      );
    const names = [
      at({}),
      at({ temperature: 1.5 }),
      at({ topK: 8 }),
      at({ seed: 4 }),
      at({ stayInKey: true }),
      at({ seedAffinity: 0 }),
    ];
    expect(new Set(names).size).toBe(names.length);
    expect(at({ temperature: 1.5 })).toBe(
      'Base model LSTM 2×128 · waltz.mid · 1 × 1 bars · temperature 1.5 · top-p 1 · seed 3',
    );
    expect(at({ seedAffinity: 0 })).toBe(
      'Base model LSTM 2×128 · waltz.mid · 1 × 1 bars · temperature 1 · top-p 1 · seed affinity 0 · seed 3',
    );
    const defaults = { temperature: 1, topK: 0, topP: 0.95, stayInKey: false, seed: 1 };
    expect(samplingLabel({ ...defaults, seedAffinity: DEFAULT_SEED_AFFINITY })).toBe(
      'temperature 1 · seed 1',
    );
  });
});

describe('melody experiments', () => {
  it('store a base-model generation and read it back unchanged', () => {
    const input = melodyExperimentInput(outcome('base'), { id: 4, name: 'waltz.mid' });
    expect(input).toMatchObject({
      kind: 'melody',
      datasetId: 4,
      status: 'finished',
      weights: null,
      name: 'Base model LSTM 2×128 · waltz.mid · 1 × 1 bars · temperature 1 · top-p 1 · seed 3',
    });
    expect(input.metrics).toMatchObject({ seedKey: 'G major', variations: 1, meanLogLikelihood: -12 / 16 });
    const saved = savedMelodyFromExperiment(stored(input, 9));
    expect(saved).toMatchObject({
      experimentId: 9,
      mode: 'base',
      training: null,
      weightsId: null,
      datasetId: 4,
    });
    expect(saved.seed).toEqual(seed);
    expect(saved.generation).toEqual(outcome('base').generation);
  });

  it('read runs saved before seed affinity as sampled without it (0), whatever today’s default', () => {
    // melodyInput's generation settings predate seed affinity: no seedAffinity field at all.
    const old = storedExperiment(melodyInput());
    expect(old.config.generate.seedAffinity).toBe(0);
    expect(savedMelodyFromExperiment(old).generation.settings.seedAffinity).toBe(0);
    expect(DEFAULT_SEED_AFFINITY).not.toBe(0);
  });

  it('keep the training log, its status and the weights of a trained model', () => {
    const input = melodyExperimentInput(outcome('finetune'), { id: 4, name: 'waltz.mid' });
    expect(input.status).toBe('stopped');
    expect(input.weights).toEqual(new Uint8Array([1, 2, 3]));
    const saved = savedMelodyFromExperiment(stored(input, 10));
    expect(saved.weightsId).toBe(10);
    expect(saved.training).toMatchObject({
      status: 'stopped',
      epochsRun: 2,
      history: { loss: [2, 1.5], valLoss: [] },
    });
  });
});
