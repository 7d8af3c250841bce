import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RANGE, MusicError } from '../../../../src/core/music';
import { buildMelodyModel, oneHotTokens } from '../../../../src/core/music/melodyModel';
import {
  cloneMelodyModel,
  loadMelodyModel,
  packMelodyModel,
  readMelodyModelFile,
} from '../../../../src/core/music/melodyModelFile';
import { modelLabel } from '../../../../src/core/model/cells';
import { packWeightsFile } from '../../../../src/core/model/weightsFile';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const spec = { cell: 'gru' as const, units: 8, layers: 2, embeddingSize: 4, vocabSize: 39, attention: 0 };
const info = { spec, range: DEFAULT_RANGE, stepsPerQuarter: 4, leadIn: 16, description: 'test model' };
const outputs = (model: tf.LayersModel) =>
  tf.tidy(() => Array.from((model.predict(oneHotTokens([[0, 14, 1, 20]], 39)) as tf.Tensor).dataSync()));

describe('melody model files', () => {
  it('round-trip a model: same description, same outputs', async () => {
    const model = buildMelodyModel(spec, 9);
    const bytes = await packMelodyModel(model, info);
    const loaded = loadMelodyModel(bytes);
    expect(loaded.info).toEqual({ ...info, spec: { ...spec }, keyHandling: 'any-key' });
    const keyed = loadMelodyModel(await packMelodyModel(model, { ...info, keyHandling: 'common-key' }));
    expect(keyed.info.keyHandling).toBe('common-key');
    keyed.model.dispose();
    expect(loaded.vocab.size).toBe(39);
    expect(outputs(loaded.model)).toEqual(outputs(model));
    expect(readMelodyModelFile(bytes).model.weightSpecs.map((w) => w.name)).toContain(
      'gru_2/recurrent_kernel',
    );
    const copy = cloneMelodyModel(loaded.model, spec);
    expect(outputs(copy)).toEqual(outputs(model));
    [model, loaded.model, copy].forEach((m) => m.dispose());
    expect(modelLabel(spec)).toBe('GRU 2×8');
  });

  it('refuse bytes that are not a melody model with a MusicError', async () => {
    const bad = (bytes: Uint8Array) => {
      try {
        loadMelodyModel(bytes);
      } catch (error) {
        return error;
      }
      return null;
    };
    expect(bad(new TextEncoder().encode('MThd not a model'))).toMatchObject({ code: 'bad-model' });
    expect(
      bad(packWeightsFile({ kind: 'forecast', model: { weightData: new ArrayBuffer(4) } })),
    ).toBeInstanceOf(MusicError);
    const model = buildMelodyModel(spec, 1);
    const bytes = await packMelodyModel(model, info);
    model.dispose();
    expect(bad(bytes.slice(0, bytes.length - 8))).toMatchObject({
      code: 'bad-model',
      message: /weights do not fit/,
    });
  });
});
