import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src/core/model/backend';
import { parseMelodyCorpus } from '../../../../src/core/music';
import {
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
const corpus = fs.readFileSync(path.join(ROOT, 'resources/melodies/melodies.txt'), 'utf8');
const metrics = JSON.parse(fs.readFileSync(path.join(MODEL_DIR, 'metrics.json'), 'utf8')) as BaseModelMetrics;

describe('the shipped base melody model', () => {
  it('splits the corpus by fixed seeds into disjoint training, validation and held-out tunes', () => {
    const split = splitCorpus(parseMelodyCorpus(corpus));
    expect(split.heldOut.map((t) => t.title)).toEqual(metrics.heldOutTunes);
    expect(split.validation.map((t) => t.title)).toEqual(metrics.validationTunes);
    expect(split.train).toHaveLength(metrics.trainTunes);
    expect(split.heldOut).toHaveLength(5);
    const titles = [...split.train, ...split.validation, ...split.heldOut].map((t) => t.title);
    expect(new Set(titles).size).toBe(48);
  });

  it('loads and reproduces its held-out accuracy and perplexity from metrics.json', async () => {
    await initBackend('wasm');
    const loaded = loadMelodyModel(new Uint8Array(fs.readFileSync(path.join(MODEL_DIR, 'model.bin'))));
    expect(loaded.info.spec).toEqual(BASE_MODEL_SETTINGS.spec);
    expect(loaded.info.stepsPerQuarter).toBe(4);
    const before = tf.memory().numTensors;
    const evaluation = await evaluateOnHeldOut(loaded.model, corpus);
    expect(tf.memory().numTensors).toBe(before);
    loaded.model.dispose();
    expect(evaluation.tokens).toBe(metrics.heldOutSteps);
    expect(Math.abs(evaluation.accuracy - metrics.model.accuracy)).toBeLessThan(0.002);
    expect(evaluation.perplexity / metrics.model.perplexity).toBeCloseTo(1, 3);
  });

  it('reproduces the n-gram baseline exactly, and beats it', () => {
    const baseline = ngramBaseline(splitCorpus(parseMelodyCorpus(corpus)));
    expect(baseline.accuracy).toBeCloseTo(metrics.ngram.accuracy, 12);
    expect(baseline.perplexity).toBeCloseTo(metrics.ngram.perplexity, 9);
    expect(metrics.model.perplexity).toBeLessThan(metrics.ngram.perplexity);
  });

  it('is retrained by a pipeline that reports the same metrics (a tiny run)', async () => {
    await tf.setBackend('cpu');
    const settings = {
      ...BASE_MODEL_SETTINGS,
      spec: { ...BASE_MODEL_SETTINGS.spec, units: 8, layers: 1, embeddingSize: 4 },
      transpositions: [0],
      epochs: 1,
    };
    const run = await trainBaseMelodyModel(corpus, { settings, backend: 'cpu' });
    expect(run.metrics).toMatchObject({
      heldOutTunes: metrics.heldOutTunes,
      epochsRun: 1,
      backend: 'cpu',
      trainTunes: metrics.trainTunes,
    });
    expect(run.metrics.model.accuracy).toBeGreaterThan(0);
    expect(run.metrics.ngram.order).toBe(3);
    expect(run.info.spec.units).toBe(8);
    run.model.dispose();
  });
});
