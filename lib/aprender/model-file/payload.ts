/**
 * The payload of a model file: an estimator's encoding (lib/aprender/base/state.ts) as a JSON skeleton plus a table
 * of binary arrays. Every TypedArray (a Tensor's data included) leaves the JSON and is stored as little-endian bytes
 * with its dtype and shape, 8-byte aligned, so a loader views it in place instead of parsing numbers. Numbers JSON
 * cannot hold (NaN, ±Infinity, -0) are tagged, so a round trip is bit-exact.
 *
 * Layout (docs/model-file-format.md, "Payload"): u32 skeleton length, u32 array count, the skeleton (UTF-8 JSON),
 * zero padding to 8, the array table (per array: u8 dtype, u8 ndim, u16 0, u32 0, u64 byte offset into the data,
 * ndim x u64 dims), zero padding to 8, the data.
 */
import { ModelFileError, typeError } from '../errors';
import type { Encoded } from '../base/state';
import { utf8Decoder, utf8Encoder } from './text';

/** Array dtypes by code; the code is what the file stores. */
const DTYPES = [
  ['float64', Float64Array], ['float32', Float32Array], ['int32', Int32Array], ['uint32', Uint32Array],
  ['int16', Int16Array], ['uint16', Uint16Array], ['int8', Int8Array], ['uint8', Uint8Array],
  ['bigint64', BigInt64Array], ['biguint64', BigUint64Array], ['uint8clamped', Uint8ClampedArray],
] as const;
type ArrayCtor = (typeof DTYPES)[number][1];
type AnyArray = InstanceType<ArrayCtor>;

/** The most dimensions an array may state. */
const MAX_NDIM = 8;
/** How deep the skeleton may nest (a hostile file could nest deep enough to overflow the stack). */
const MAX_DEPTH = 200;
/** Keys of the skeleton's own tags; a plain object holding one of them is wrapped in `$o` on the way out. */
const TAGS = ['$a', '$n', '$o'];
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function corrupt(message: string): ModelFileError {
  return new ModelFileError(`Expected ${message} in the model payload`, 'ERR_APRENDER_MODEL_CORRUPT');
}

function dtypeCode(a: ArrayBufferView): number {
  const i = DTYPES.findIndex(([, C]) => a instanceof C || a.constructor.name === C.name);
  if (i < 0) throw typeError(`Expected TypedArrays in the learned state but received a ${a.constructor.name}`);
  return i;
}

function pad8(n: number): number {
  return (n + 7) & ~7;
}

/**
 * Serializes an encoding.
 * @param value - what state.encode produced for an estimator
 * @returns the payload bytes (uncompressed)
 * @throws TypeError for a DataView or another non-TypedArray view
 */
export function writePayload(value: Encoded): Uint8Array {
  if (!LITTLE_ENDIAN) throw new ModelFileError('Expected a little-endian host to write model files (their arrays are little-endian)', 'ERR_APRENDER_MODEL_FORMAT');
  const arrays: AnyArray[] = [];
  const index = new Map<ArrayBufferView, number>();
  const shapes = new Map<ArrayBufferView, number[]>();
  const skeleton = JSON.stringify(toSkeleton(value, arrays, index, shapes));
  const text = utf8Encoder.encode(skeleton);
  const shapeOf = (a: AnyArray) => shapes.get(a) ?? [a.length];
  const table = arrays.reduce((n, a) => n + 16 + 8 * shapeOf(a).length, 0);
  const tableAt = pad8(8 + text.length);
  const dataAt = pad8(tableAt + table);
  const offsets: number[] = [];
  let size = 0;
  for (const a of arrays) {
    offsets.push(size);
    size = pad8(size + a.byteLength);
  }
  const out = new Uint8Array(dataAt + size);
  const v = new DataView(out.buffer);
  v.setUint32(0, text.length, true);
  v.setUint32(4, arrays.length, true);
  out.set(text, 8);
  let at = tableAt;
  arrays.forEach((a, i) => {
    const shape = shapeOf(a);
    v.setUint8(at, dtypeCode(a));
    v.setUint8(at + 1, shape.length);
    v.setBigUint64(at + 8, BigInt(offsets[i]), true);
    shape.forEach((d, k) => v.setBigUint64(at + 16 + 8 * k, BigInt(d), true));
    at += 16 + 8 * shape.length;
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), dataAt + offsets[i]);
  });
  return out;
}

/**
 * The skeleton of an encoding: arrays replaced by `{ $a: index }`. A Tensor's data gets the Tensor's shape in the
 * table (other arrays are 1-D); the `$tensor` tag keeps its shape too, for state.decode (whose Tensor.from checks it
 * against the data's length).
 */
function toSkeleton(value: Encoded, arrays: AnyArray[], index: Map<ArrayBufferView, number>, shapes: Map<ArrayBufferView, number[]>): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { $n: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) {
    dtypeCode(value);
    let i = index.get(value);
    if (i === undefined) {
      i = arrays.push(value as AnyArray) - 1;
      index.set(value, i);
    }
    return { $a: i };
  }
  if (Array.isArray(value)) return value.map((v) => toSkeleton(v, arrays, index, shapes));
  const tensor = (value as { $tensor?: { shape: number[]; data: ArrayBufferView } }).$tensor;
  if (tensor !== undefined && ArrayBuffer.isView(tensor.data) && tensor.shape.length > 0 && tensor.shape.length <= MAX_NDIM) shapes.set(tensor.data, tensor.shape);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toSkeleton(v as Encoded, arrays, index, shapes);
  return Object.keys(out).some((k) => TAGS.includes(k)) ? { $o: out } : out;
}

/**
 * Parses a payload, checking every length and offset against the bytes it has.
 * @param bytes - the payload (owned by the caller: arrays are views into it, so it must not be a user's buffer)
 * @returns the encoding, for state.decode
 * @throws ModelFileError (CORRUPT) for any structure a writer does not produce
 */
export function readPayload(bytes: Uint8Array): Encoded {
  if (bytes.byteOffset % 8 !== 0) throw corrupt('an 8-byte aligned buffer');
  if (bytes.length < 8) throw corrupt(`at least 8 bytes but it has ${bytes.length}`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const textLength = v.getUint32(0, true);
  const count = v.getUint32(4, true);
  if (8 + textLength > bytes.length) throw corrupt(`a skeleton of ${textLength} bytes within ${bytes.length}`);
  let skeleton: unknown;
  try {
    skeleton = JSON.parse(utf8Decoder.decode(bytes.subarray(8, 8 + textLength)));
  } catch (e) {
    throw corrupt(`a UTF-8 JSON skeleton (${(e as Error).message})`);
  }
  let at = pad8(8 + textLength);
  if (count > (bytes.length - at) / 16) throw corrupt(`an array table of ${count} entries within ${bytes.length} bytes`);
  const entries: { code: number; offset: number; length: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 16 > bytes.length) throw corrupt(`array ${i}'s table entry within the payload`);
    const code = v.getUint8(at);
    const ndim = v.getUint8(at + 1);
    if (code >= DTYPES.length) throw corrupt(`a known dtype code for array ${i} but it is ${code}`);
    if (ndim < 1 || ndim > MAX_NDIM || at + 16 + 8 * ndim > bytes.length) throw corrupt(`1 to ${MAX_NDIM} dimensions for array ${i} within the payload but it states ${ndim}`);
    const offset = v.getBigUint64(at + 8, true);
    let length = 1n;
    for (let k = 0; k < ndim; k++) length *= v.getBigUint64(at + 16 + 8 * k, true);
    if (offset > BigInt(bytes.length) || length > BigInt(bytes.length)) throw corrupt(`array ${i} within the payload's ${bytes.length} bytes`);
    entries.push({ code, offset: Number(offset), length: Number(length) });
    at += 16 + 8 * ndim;
  }
  const dataAt = pad8(at);
  let end = 0;
  const arrays = entries.map(({ code, offset, length }, i) => {
    const C = DTYPES[code][1];
    const start = dataAt + offset;
    if (offset % 8 !== 0 || offset < end || start + length * C.BYTES_PER_ELEMENT > bytes.length) {
      throw corrupt(`array ${i} at an aligned offset after the previous one and within the payload (offset ${offset}, ${length} x ${C.BYTES_PER_ELEMENT} bytes)`);
    }
    end = offset + length * C.BYTES_PER_ELEMENT;
    return new C(bytes.buffer as ArrayBuffer, bytes.byteOffset + start, length);
  });
  if (pad8(dataAt + end) !== bytes.length && dataAt + end !== bytes.length) throw corrupt(`no bytes after the last array (${bytes.length - dataAt - end} found)`);
  return fromSkeleton(skeleton, arrays, 0);
}

function fromSkeleton(value: unknown, arrays: AnyArray[], depth: number): Encoded {
  if (depth > MAX_DEPTH) throw corrupt(`a skeleton nested at most ${MAX_DEPTH} deep`);
  if (value === null || typeof value !== 'object') return value as Encoded;
  if (Array.isArray(value)) return value.map((v) => fromSkeleton(v, arrays, depth + 1));
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === '$a') {
    const i = obj.$a;
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= arrays.length) throw corrupt(`an array index below ${arrays.length} but found ${JSON.stringify(i)}`);
    return arrays[i];
  }
  if (keys.length === 1 && keys[0] === '$n') {
    const n = ({ NaN, Infinity, '-Infinity': -Infinity, '-0': -0 } as Record<string, number>)[String(obj.$n)];
    if (n === undefined || typeof obj.$n !== 'string') throw corrupt(`NaN, Infinity, -Infinity or -0 in a number tag but found ${JSON.stringify(obj.$n)}`);
    return n;
  }
  const inner = keys.length === 1 && keys[0] === '$o' && obj.$o !== null && typeof obj.$o === 'object' && !Array.isArray(obj.$o) ? obj.$o as Record<string, unknown> : obj;
  const out: Record<string, Encoded> = {};
  for (const [k, v] of Object.entries(inner)) {
    if (k === '__proto__') throw corrupt('no __proto__ key');
    out[k] = fromSkeleton(v, arrays, depth + 1);
  }
  return out;
}
