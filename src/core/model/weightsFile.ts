/**
 * One binary blob for a trained model as stored in SQLite: the JSON description (spec, scaler, ...) and
 * the float32 weights side by side. Layout: "RNNL" | u32 format version | u32 JSON byte length | JSON | weights.
 */

const MAGIC = [0x52, 0x4e, 0x4e, 0x4c]; // "RNNL"
const FORMAT = 1;

/** Anything that carries its weights as `model.weightData`. */
export interface WithWeights {
  model: { weightData: ArrayBuffer };
}

/** Packs an object whose `model.weightData` is an ArrayBuffer into one byte array. */
export function packWeightsFile<T extends WithWeights>(saved: T): Uint8Array {
  const { weightData } = saved.model;
  const meta = { ...saved, model: { ...saved.model, weightData: undefined } };
  const json = new TextEncoder().encode(JSON.stringify(meta));
  const out = new Uint8Array(12 + json.length + weightData.byteLength);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, FORMAT, true);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(new Uint8Array(weightData), 12 + json.length);
  return out;
}

/** Reverses packWeightsFile; throws when the bytes are not a packed model. The result is not validated. */
export function unpackWeightsFile(bytes: Uint8Array): unknown {
  if (bytes.length < 12 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error('not an RNN Lab model file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint32(4, true);
  if (format !== FORMAT) throw new Error(`model file format ${format} is not supported`);
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) throw new Error('the model file is truncated');
  const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as {
    model: Record<string, unknown>;
  };
  const weightData = bytes.slice(12 + length).buffer;
  return { ...meta, model: { ...meta.model, weightData } };
}
