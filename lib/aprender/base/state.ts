/**
 * The learned state of an estimator (every own property whose name ends in `_`, as scikit-learn's fitted attributes)
 * and its parameters, encoded as plain values: numbers, strings, booleans, null, arrays, plain objects, TypedArrays,
 * and tagged objects for Tensors and nested estimators. The encoding survives structured cloning (fitAsync's worker)
 * and is what model files store.
 */
import { Tensor } from '../../trueno/tensor';
import { describe, typeError } from '../errors';
import { estimatorClass } from './registry';
import type { Estimator } from './estimator';

/** An encoded value. */
export type Encoded =
  | null
  | boolean
  | number
  | string
  | Encoded[]
  | ArrayBufferView
  | { $tensor: { dtype: string; shape: number[]; data: ArrayBufferView } }
  | { $estimator: { name: string; params: Encoded; state: Encoded } }
  | { $undefined: true }
  | { [key: string]: Encoded };

/** Whether a value is an estimator instance (duck-typed so two module copies, e.g. a worker's, still agree). */
export function isEstimator(value: unknown): value is Estimator {
  return value !== null && typeof value === 'object' && typeof (value as Estimator).getParams === 'function'
    && typeof (value as Estimator).fit === 'function' && typeof (value as Estimator).learnedState === 'function';
}

/**
 * Encodes a value (copies nothing but the structure: TypedArrays are shared).
 * @param value - the value
 * @param where - its path, for the message
 * @returns the encoding
 * @throws TypeError for a function, a class instance other than Tensor/estimator, a bigint or a symbol
 */
export function encode(value: unknown, where = 'value'): Encoded {
  if (value === undefined) return { $undefined: true };
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof Tensor) return { $tensor: { dtype: value.dtype, shape: [...value.shape], data: value.data } };
  if (isEstimator(value)) {
    return { $estimator: { name: value.constructor.name, params: encode(value.getParams(false), `${where}.params`), state: encode(value.learnedState(), `${where}.state`) } };
  }
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map((v, i) => encode(v, `${where}[${i}]`));
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    const out: Record<string, Encoded> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encode(v, `${where}.${k}`);
    return out;
  }
  throw typeError(`Expected plain data (numbers, strings, arrays, objects, TypedArrays, Tensors, estimators) in ${where} but received ${describe(value)}`);
}

/**
 * Decodes what {@link encode} produced.
 * @param value - the encoding
 * @returns the value, with Tensors and estimators rebuilt
 */
export function decode(value: Encoded): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return localArray(value);
  if (Array.isArray(value)) return value.map(decode);
  if ('$undefined' in value) return undefined;
  if ('$tensor' in value) {
    const t = value.$tensor as { dtype: string; shape: number[]; data: ArrayBufferView };
    return Tensor.from(localArray(t.data) as Float64Array, t.shape, t.dtype as 'float64');
  }
  if ('$estimator' in value) {
    const e = value.$estimator as { name: string; params: Encoded; state: Encoded };
    const est = new (estimatorClass(e.name))(decode(e.params) as Record<string, unknown>);
    est.restoreState(decode(e.state) as Record<string, unknown>);
    return est;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = decode(v as Encoded);
  return out;
}

/**
 * A TypedArray of this realm. Arrays that arrive from a worker belong to the main realm of the process, which differs
 * from the realm of a vm context (a test runner's), where `instanceof Float64Array` would then be false.
 */
function localArray(value: ArrayBufferView): ArrayBufferView {
  const name = value.constructor.name;
  const Local = (globalThis as unknown as Record<string, new (a: ArrayBufferView) => ArrayBufferView>)[name];
  return Local === undefined || value instanceof Local ? value : new Local(value);
}

/** The TypedArray buffers inside an encoding (to transfer rather than copy). */
export function buffersOf(value: Encoded, into: Set<ArrayBuffer> = new Set()): ArrayBuffer[] {
  if (value !== null && typeof value === 'object') {
    if (ArrayBuffer.isView(value)) {
      if (value.buffer instanceof ArrayBuffer) into.add(value.buffer);
    } else for (const v of Object.values(value)) buffersOf(v as Encoded, into);
  }
  return [...into];
}
