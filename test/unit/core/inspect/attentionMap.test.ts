import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attentionMap } from '../../../../src/core/inspect/attentionMap';
import { createVocabulary, HOLD, REST } from '../../../../src/core/music';
import { buildMelodyModel } from '../../../../src/core/music/melodyModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const vocab = createVocabulary();

describe('attention map', () => {
  // Lead-in of 4 rests, a seed of 8 steps, a continuation of 8 steps with 4 notes.
  const tokens = [
    REST,
    REST,
    REST,
    REST,
    14,
    HOLD,
    16,
    HOLD,
    18,
    HOLD,
    19,
    REST,
    21,
    HOLD,
    19,
    18,
    REST,
    16,
    HOLD,
    HOLD,
  ];
  const origin = 4;
  const first = 12;

  it('gives, for each generated note, the weights of the 2..window+1 steps before it', () => {
    const model = buildMelodyModel({ cell: 'lstm', units: 8, layers: 1, attention: 5 }, 2);
    const before = tf.memory().numTensors;
    const map = attentionMap(model, tokens, tokens, first, origin, vocab);
    expect(tf.memory().numTensors).toBe(before);
    if (!map) throw new Error('expected a map');
    expect(map.window).toBe(5);
    expect(map.back).toEqual([2, 3, 4, 5, 6]);
    expect(map.notes).toEqual([
      { step: 8, label: 'G4' },
      { step: 10, label: 'F4' },
      { step: 11, label: 'E4' },
      { step: 13, label: 'D4' },
    ]);
    expect(map.stepLabels).toHaveLength(tokens.length - origin);
    expect(map.stepLabels.slice(0, 3)).toEqual(['C4', 'HOLD', 'D4']);
    // Each note's prediction step has a full window behind it: its weights are a distribution over the 5 steps.
    for (const row of map.weights) {
      expect(row).toHaveLength(5);
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      for (const w of row) expect(w).toBeGreaterThanOrEqual(0);
    }
    expect(map.sentence).toMatch(/^On average the 4 generated notes looked most at \d+ steps back/);
    model.dispose();
  });

  it('is null for a model without attention', () => {
    const model = buildMelodyModel({ cell: 'lstm', units: 8, layers: 1 }, 2);
    expect(attentionMap(model, tokens, tokens, first, origin, vocab)).toBeNull();
    model.dispose();
  });
});
