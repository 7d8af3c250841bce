import fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { inspectMelodyModel } from '../../../../src/core/inspect';
import { readMelodyModelFile } from '../../../../src/core/music/melodyModelFile';
import { createVocabulary, pitchToToken, HOLD } from '../../../../src/core/music/vocabulary';
import type { Melody } from '../../../../src/core/music/types';

describe('inspection of a melody model', () => {
  it('traces the base model over a seed and its continuation and measures its memory of the next token', async () => {
    await tf.setBackend('cpu');
    const bytes = new Uint8Array(fs.readFileSync('resources/models/base-melody/model.bin'));
    const info = readMelodyModelFile(bytes);
    const vocab = createVocabulary(info.range);
    const seed: Melody = {
      stepsPerQuarter: 4,
      bpm: 120,
      timeSignature: [4, 4],
      totalSteps: 16,
      notes: [
        { pitch: 60, start: 0, duration: 4 },
        { pitch: 64, start: 4, duration: 4 },
        { pitch: 67, start: 8, duration: 8 },
      ],
    };
    const continuation = [65, 64, 62, 60].flatMap((p) => [pitchToToken(vocab, p), HOLD, HOLD, HOLD]);
    // Building a tf.layers model keeps a few tensors of its own (also after dispose): measure the inspection
    // against a second run, so only what the inspection itself leaks would show.
    await inspectMelodyModel(bytes, seed, continuation, { maxWindows: 2 });
    const before = tf.memory().numTensors;
    const inspection = await inspectMelodyModel(bytes, seed, continuation, { maxWindows: 6 });
    const kept = tf.memory().numTensors - before;
    expect(kept).toBeLessThanOrEqual(8);

    const total = info.leadIn + 16 + continuation.length;
    expect(inspection.window.values).toHaveLength(Math.min(192, total));
    expect(inspection.window.marks).toEqual([info.leadIn + 16 - Math.max(0, total - 192)]);
    expect(inspection.window.values[inspection.window.marks[0]]).toBe(65);
    expect(inspection.trace.layers.length).toBe(info.spec.layers);
    expect(inspection.memory.saliency.objective).toBe('nextToken');
    expect(inspection.memory.ablation?.metric).toBe('nll');
    expect(inspection.memory.saliency.lags).toHaveLength(Math.min(64, total - 1));
  });
});
