import { describe, expect, it } from 'vitest';
import {
  contract,
  decodeWire,
  encodeWire,
  isMethod,
  LabError,
  methods,
  parseArgs,
} from '../../../../src/core/api';

describe('contract', () => {
  it('names every method domain:verb', () => {
    expect(methods.length).toBeGreaterThanOrEqual(11);
    for (const m of methods) expect(m).toMatch(/^[a-z]+:[a-z][a-zA-Z]*$/);
    expect(isMethod('datasets:list')).toBe(true);
    expect(isMethod('toString')).toBe(false);
    expect(isMethod('datasets:drop')).toBe(false);
  });

  it('applies defaults and rejects bad arguments with a readable message', () => {
    expect(parseArgs('experiments:list', {})).toEqual({ limit: 200, offset: 0 });
    expect(parseArgs('datasets:delete', { id: 3 })).toEqual({ id: 3, experiments: 'keep' });
    expect(() => parseArgs('datasets:rename', { id: 1, name: '   ' })).toThrow(
      /A dataset name cannot be empty/,
    );
    try {
      parseArgs('datasets:get', { id: 'x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LabError);
      expect((error as LabError).code).toBe('INVALID_ARGUMENT');
      expect((error as LabError).message).toMatch(/^Invalid argument for datasets:get: id:/);
    }
    expect(() => parseArgs('datasets:import', { name: 'a.csv', bytes: 'not bytes' })).toThrow(/binary data/);
  });

  it('validates results too', () => {
    const bad = contract['datasets:delete'].result.safeParse({ deletedExperiments: 'two' });
    expect(bad.success).toBe(false);
  });
});

describe('wire encoding', () => {
  it('round-trips binary values inside JSON', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 128, 7]);
    const decoded = decodeWire(encodeWire({ a: 1, nested: { bytes }, list: [bytes.subarray(2)] })) as {
      a: number;
      nested: { bytes: Uint8Array };
      list: Uint8Array[];
    };
    expect(decoded.a).toBe(1);
    expect(Array.from(decoded.nested.bytes)).toEqual(Array.from(bytes));
    expect(Array.from(decoded.list[0])).toEqual([2, 250, 255, 128, 7]);
  });

  it('matches Node base64 for every length remainder', () => {
    for (let n = 0; n < 20; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256);
      const text = encodeWire(bytes);
      expect(JSON.parse(text)).toEqual({ $bytes: Buffer.from(bytes).toString('base64') });
      expect(Array.from(decodeWire(text) as Uint8Array)).toEqual(Array.from(bytes));
    }
  });
});
