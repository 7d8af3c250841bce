import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, jsonDepth, MAX_WIRE_DEPTH, WireFormatError } from '../../../../src/core/api';

describe('decodeWire', () => {
  it('round-trips bytes and plain values', () => {
    const value = { a: [1, 'x', null], bytes: new Uint8Array([0, 255, 7]) };
    expect(decodeWire(encodeWire(value))).toEqual(value);
  });

  it('measures depth without recursion', () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth({ a: [1] })).toBe(2);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonDepth(deep)).toBe(MAX_WIRE_DEPTH + 1);
  });

  it('refuses text that is not JSON, too deep, or carries bad base64', () => {
    expect(() => decodeWire('{"a":')).toThrow(new WireFormatError('not valid JSON'));
    const deep = '['.repeat(MAX_WIRE_DEPTH + 1) + ']'.repeat(MAX_WIRE_DEPTH + 1);
    expect(() => decodeWire(deep)).toThrow(`nested more than ${MAX_WIRE_DEPTH} levels deep`);
    const fine = '['.repeat(MAX_WIRE_DEPTH) + ']'.repeat(MAX_WIRE_DEPTH);
    expect(jsonDepth(decodeWire(fine))).toBe(MAX_WIRE_DEPTH);
    expect(() => decodeWire('{"$bytes":"!!!"}')).toThrow(WireFormatError);
  });
});

describe('base64', () => {
  it('agrees with Node for any bytes, both ways', async () => {
    const { default: fc } = await import('fast-check');
    const { base64ToBytes, bytesToBase64 } = await import('../../../../src/core/api');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = bytesToBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(base64ToBytes(text)).toEqual(bytes);
        expect(base64ToBytes(text.replace(/=+$/, ''))).toEqual(bytes);
      }),
    );
    expect(() => base64ToBytes('ab\u00e9c')).toThrow('invalid base64 character');
  });
});
