import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src/core/model/backend';
import { parseMelodyCorpus } from '../../../../src/core/music';
import {
  BASE_CORPUS_FILES,
  BASE_MODEL_SETTINGS,
  evaluateOnHeldOut,
  ngramBaseline,
  splitCorpus,
  trainBaseMelodyModel,
} from '../../../../src/core/music/baseModel';
import type { BaseModelMetrics } from '../../../../src/core/music/baseModel';
import { loadMelodyModel } from '../../../../src/core/music/melodyModelFile';

const ROOT = path.resolve(__dirname, '../../../..');
const MODEL_DIR = path.join(ROOT, 'resources/models/base-melody');
const corpus = BASE_CORPUS_FILES.map((name) =>
  fs.readFileSync(path.join(ROOT, 'resources/melodies', name), 'utf8'),
).join('\n');
const songs = fs.readFileSync(path.join(ROOT, 'resources/melodies/melodies.txt'), 'utf8');
const metrics = JSON.parse(fs.readFileSync(path.join(MODEL_DIR, 'metrics.json'), 'utf8')) as BaseModelMetrics;

describe('the shipped base melody model', () => {
  it('splits the corpus by fixed seeds into disjoint training, validation and held-out tunes', () => {
    const split = splitCorpus(parseMelodyCorpus(corpus));
    expect(split.heldOut.map((t) => t.title)).toEqual(metrics.heldOutTunes);
    expect(split.validation.map((t) => t.title)).toEqual(metrics.validationTunes);
    expect(split.train).toHaveLength(metrics.trainTunes);
    expect(split.heldOut.length).toBeGreaterThanOrEqual(200);
    const lines = (tunes: typeof split.train) => new Set(tunes.map((t) => `${t.title}@${t.line}`));
    const train = lines(split.train);
    for (const tune of [...split.validation, ...split.heldOut])
      expect(train.has(`${tune.title}@${tune.line}`)).toBe(false);
    expect(split.train.length + split.validation.length + split.heldOut.length).toBe(
      parseMelodyCorpus(corpus).length,
    );
  });

  it('loads and reproduces its held-out accuracy and perplexity from metrics.json', async () => {
    await initBackend('wasm');
    const loaded = loadMelodyModel(new Uint8Array(fs.readFileSync(path.join(MODEL_DIR, 'model.bin'))));
    expect(loaded.info.spec).toEqual(BASE_MODEL_SETTINGS.spec);
    expect(loaded.info.stepsPerQuarter).toBe(4);
    expect(loaded.info.keyHandling).toBe('common-key');
    const before = tf.memory().numTensors;
    const evaluation = await evaluateOnHeldOut(loaded.model, corpus);
    expect(tf.memory().numTensors).toBe(before);
    loaded.model.dispose();
    expect(evaluation.tokens).toBe(metrics.heldOutSteps);
    expect(Math.abs(evaluation.accuracy - metrics.model.accuracy)).toBeLessThan(0.002);
    expect(evaluation.perplexity / metrics.model.perplexity).toBeCloseTo(1, 3);
  });

  it('reproduces the n-gram baseline exactly, and beats it on accuracy and perplexity', () => {
    const baseline = ngramBaseline(splitCorpus(parseMelodyCorpus(corpus)));
    expect(baseline.accuracy).toBeCloseTo(metrics.ngram.accuracy, 12);
    expect(baseline.perplexity).toBeCloseTo(metrics.ngram.perplexity, 9);
    expect(metrics.model.perplexity).toBeLessThan(metrics.ngram.perplexity);
    expect(metrics.model.accuracy).toBeGreaterThan(metrics.ngram.accuracy);
  });

  it.each(['common-key', 'key-prompt', 'any-key'] as const)(
    'is retrained by a pipeline that reports the same metrics (a tiny run on the songs, %s)',
    async (keyHandling) => {
      await tf.setBackend('cpu');
      const settings = {
        ...BASE_MODEL_SETTINGS,
        spec: { ...BASE_MODEL_SETTINGS.spec, units: 8, layers: 1, embeddingSize: 4 },
        heldOutFraction: 0.1,
        validationFraction: 0.1,
        keyHandling,
        epochs: 1,
      };
      const split = splitCorpus(parseMelodyCorpus(songs), settings);
      const run = await trainBaseMelodyModel(songs, { settings, backend: 'cpu' });
      expect(run.metrics).toMatchObject({
        heldOutTunes: split.heldOut.map((t) => t.title),
        epochsRun: 1,
        backend: 'cpu',
        trainTunes: split.train.length,
      });
      expect(run.metrics.model.accuracy).toBeGreaterThan(0);
      expect(run.metrics.ngram.order).toBe(3);
      expect(run.info).toMatchObject({ keyHandling, spec: { units: 8 } });
      run.model.dispose();
    },
  );
});
