import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExperimentInput } from '../../../../src/core/api';
import { melodyJob, scratchTrainingData, trainMelodyJob } from '../../../../src/core/jobs/melodyJob';
import { initBackend } from '../../../../src/core/model/backend';
import { BASE_MODEL_SETTINGS, splitCorpus } from '../../../../src/core/music/baseModel';
import { parseMelodyCorpus } from '../../../../src/core/music/corpus';
import { buildMelodyModel } from '../../../../src/core/music/melodyModel';
import type { LoadedMelodyModel } from '../../../../src/core/music/melodyModelFile';
import { DEFAULT_RANGE, DEFAULT_STEPS_PER_QUARTER, type Melody } from '../../../../src/core/music/types';
import { createVocabulary } from '../../../../src/core/music/vocabulary';

const corpusText = fs.readFileSync(
  path.resolve(__dirname, '../../../../resources/melodies/melodies.txt'),
  'utf8',
);

const seed: Melody = {
  stepsPerQuarter: 4,
  bpm: 120,
  timeSignature: [4, 4],
  totalSteps: 32,
  notes: [
    { pitch: 60, start: 0, duration: 4 },
    { pitch: 62, start: 4, duration: 4 },
    { pitch: 64, start: 8, duration: 4 },
    { pitch: 65, start: 12, duration: 4 },
    { pitch: 67, start: 16, duration: 8 },
    { pitch: 64, start: 24, duration: 8 },
  ],
};

function smallBase(): LoadedMelodyModel {
  const vocab = createVocabulary(DEFAULT_RANGE);
  const spec = {
    cell: 'lstm' as const,
    units: 8,
    layers: 1,
    embeddingSize: 4,
    vocabSize: vocab.size,
    attention: 0,
  };
  return {
    model: buildMelodyModel(spec, 1),
    vocab,
    info: {
      spec,
      range: DEFAULT_RANGE,
      stepsPerQuarter: DEFAULT_STEPS_PER_QUARTER,
      leadIn: 16,
      keyHandling: 'common-key',
      description: 'a small test model',
    },
  };
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('the melody job', () => {
  it('trains from scratch on the training tunes and the seed, stops early on the validation tunes, never on the held-out ones', () => {
    const base = smallBase();
    const split = splitCorpus(parseMelodyCorpus(corpusText), BASE_MODEL_SETTINGS);
    expect(split.heldOut.length).toBeGreaterThan(0);
    const data = scratchTrainingData(seed, base, corpusText, 7);
    // Rewrite every held-out tune as one C and rests: the training data must not change at all.
    let changed = corpusText;
    for (const tune of split.heldOut) {
      const start = changed.indexOf(`title:  ${tune.title}`);
      const notesAt = changed.indexOf('notes:', start);
      const end = changed.indexOf('\ntitle:', notesAt);
      const [beats, unit] = tune.melody.timeSignature;
      const bar = new Array<string>(beats).fill(`R${{ 2: 'h', 4: 'q', 8: 'e' }[unit] ?? 'q'}`).join(' ');
      changed = `${changed.slice(0, notesAt)}notes:  C4${{ 2: 'h', 4: 'q', 8: 'e' }[unit] ?? 'q'} ${bar.split(' ').slice(1).join(' ')} | ${bar} |\n${end < 0 ? '' : changed.slice(end)}`;
    }
    expect(changed).not.toBe(corpusText);
    const again = scratchTrainingData(seed, base, changed, 7);
    expect(again.train).toEqual(data.train);
    expect(again.validation).toEqual(data.validation);
    expect(data.trainTunes).toBe(split.train.length);
    base.model.dispose();
  });

  it('fine-tunes a copy of the base model, leaving the base model as it was', async () => {
    const base = smallBase();
    const before = base.model.getWeights().map((w) => w.dataSync().slice());
    const result = await trainMelodyJob({
      seed,
      settings: { mode: 'finetune', epochs: 1, batchSize: 8, backend: 'cpu' },
      base,
      corpusText,
    });
    expect(result.log.epochsRun).toBe(1);
    expect(result.weights).toBeInstanceOf(Uint8Array);
    expect(result.description.description).toMatch(/fine-tuned on the seed/);
    base.model.getWeights().forEach((w, i) => expect(w.dataSync()).toEqual(before[i]));
    result.model?.model.dispose();
    base.model.dispose();
  });

  it('continues the seed with the base model and describes the run for saving', async () => {
    const base = smallBase();
    const { outcome, experiment } = await melodyJob({
      seed,
      importSettings: { track: 0, polyphony: 'highest', stepsPerQuarter: 4 },
      mode: 'base',
      generate: { bars: 1, variations: 2 },
      base,
      corpusText: '',
      backend: 'cpu',
      dataset: { id: 5, name: 'seed.mid' },
    });
    expect(outcome.generation.variations).toHaveLength(2);
    const parsed = ExperimentInput.parse(experiment);
    expect(parsed).toMatchObject({ kind: 'melody', datasetId: 5, status: 'finished', weights: null });
    base.model.dispose();
  });
});
