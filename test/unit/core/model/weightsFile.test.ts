import { describe, expect, it } from 'vitest';
import { packWeightsFile, unpackWeightsFile } from '../../../../src/core/model/weightsFile';

describe('weights file', () => {
  it('round-trips the description and the float32 weights', () => {
    const weights = Float32Array.from([1.5, -2.25, 3e-8, 42]);
    const saved = {
      format: 'x',
      config: { cell: 'lstm' },
      model: { spec: { units: 4 }, weightData: weights.buffer },
    };
    const packed = packWeightsFile(saved);
    expect(packed.length).toBe(12 + JSON.stringify({ ...saved, model: { spec: { units: 4 } } }).length + 16);
    const back = unpackWeightsFile(packed.slice()) as typeof saved;
    expect(back.config).toEqual({ cell: 'lstm' });
    expect(back.model.spec).toEqual({ units: 4 });
    expect(Array.from(new Float32Array(back.model.weightData))).toEqual(Array.from(weights));
  });

  it('refuses bytes that are not a model file', () => {
    expect(() => unpackWeightsFile(new TextEncoder().encode('date,value\n1,2\n'))).toThrow(
      'not an RNN Lab model file',
    );
    const packed = packWeightsFile({ model: { weightData: new ArrayBuffer(8) } });
    expect(() => unpackWeightsFile(packed.subarray(0, 14))).toThrow('truncated');
  });
});
