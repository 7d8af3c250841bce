/**
 * JSON encoding for the HTTP transport: binary values (Uint8Array, ArrayBuffer) travel as
 * `{"$bytes": "<base64>"}` and come back as Uint8Array. IPC uses structured clone and needs none of this.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_CODES = new TextEncoder().encode(B64);
const B64_INDEX = new Int16Array(256).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;
const PAD = 0x3d; // '='

/**
 * Encodes bytes as standard base64 (with padding). Writes ASCII codes into one buffer and decodes it once: linear
 * and without string concatenation, so 50 MB take well under a second instead of most of a minute.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(4 * Math.ceil(n / 3));
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = B64_CODES[(v >> 18) & 63];
    out[o++] = B64_CODES[(v >> 12) & 63];
    out[o++] = B64_CODES[(v >> 6) & 63];
    out[o++] = B64_CODES[v & 63];
  }
  if (i < n) {
    const v = (bytes[i] << 16) | (i + 1 < n ? bytes[i + 1] << 8 : 0);
    out[o++] = B64_CODES[(v >> 18) & 63];
    out[o++] = B64_CODES[(v >> 12) & 63];
    out[o++] = i + 1 < n ? B64_CODES[(v >> 6) & 63] : PAD;
    out[o++] = PAD;
  }
  return new TextDecoder().decode(out);
}

/** Decodes standard base64 (padding optional); throws on characters outside the alphabet. */
export function base64ToBytes(text: string): Uint8Array {
  const codes = new TextEncoder().encode(text);
  let length = codes.length;
  while (length > 0 && codes[length - 1] === PAD) length--;
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let o = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < length; i++) {
    const v = B64_INDEX[codes[i]];
    if (v < 0) throw new Error(`invalid base64 character at ${i}`);
    buffer = ((buffer << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** JSON.stringify with binary values encoded. */
export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) return { $bytes: bytesToBase64(v) };
    if (v instanceof ArrayBuffer) return { $bytes: bytesToBase64(new Uint8Array(v)) };
    if (ArrayBuffer.isView(v))
      return { $bytes: bytesToBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
    return v;
  });
}

/** Deepest nesting of arrays and objects a message may have (the contract's deepest payload needs about 8). */
export const MAX_WIRE_DEPTH = 64;

/** Thrown by {@link decodeWire} for text that is not JSON or nests deeper than {@link MAX_WIRE_DEPTH}. */
export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

/** Nesting depth of a parsed JSON value (1 for a flat object or array), walked without recursion. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) continue;
    if (depth > deepest) deepest = depth;
    if (depth > MAX_WIRE_DEPTH) return depth;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/**
 * JSON.parse that restores `{"$bytes": ...}` as Uint8Array. Throws {@link WireFormatError} for text that is not
 * JSON (or nests so deep the parser gives up) and for values nested deeper than {@link MAX_WIRE_DEPTH}.
 */
export function decodeWire(text: string): unknown {
  let value: unknown;
  try {
    value = parseWire(text);
  } catch (error) {
    if (error instanceof WireFormatError) throw error;
    throw new WireFormatError(error instanceof RangeError ? 'nested too deeply' : 'not valid JSON');
  }
  if (jsonDepth(value) > MAX_WIRE_DEPTH)
    throw new WireFormatError(`nested more than ${MAX_WIRE_DEPTH} levels deep`);
  return value;
}

function parseWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const bytes = (v as { $bytes?: unknown }).$bytes;
      if (keys.length === 1 && typeof bytes === 'string') {
        try {
          return base64ToBytes(bytes);
        } catch (error) {
          throw new WireFormatError(`binary value: ${(error as Error).message}`);
        }
      }
    }
    return v;
  });
}
