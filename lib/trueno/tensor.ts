/** The Tensor: an n-dimensional, contiguous, row-major view over one storage (a host TypedArray today). */
import { allocate, dtypeOf, type ArrayForDType, type DType, type TensorData } from './dtype';
import { releaseResult } from './result-memory';
import { describe, rangeError, typeError, TruenoError } from './errors';
import { formatValues } from './print';
import { expectDType, expectElement, expectFinite, expectShape, MAX_ELEMENTS } from './validate';
import { installTensorMethods } from './tensor-methods';

/** Nested arrays of numbers (bigints for int64), as returned by {@link Tensor.toArray}. */
export type NestedArray = number | bigint | NestedArray[];

/**
 * Where a tensor's elements live, and the one contract between the ops and a backend's memory (issue 7.7).
 *
 * An op is a submission: it validates its arguments, gets its result's storage (ops/operands.ts allocateOutput) and
 * hands the kernel to the active backend (backend/loader.ts kernels()), then returns the result tensor at once.
 * The elements are observed only through the storage: {@link TensorStorage.read} is the primary way, resolved when
 * the work that writes them has completed; {@link TensorStorage.host} is that read run to completion. On the CPU
 * backends (native, WASM, JS) a kernel completes inside the submission, so `host()` is the elements themselves and
 * `read()` resolves at once - the sync ops pay no promise. A device backend (GPU) adds a storage kind that keeps the
 * elements on the device between ops: its kernels enqueue, and its `read()` awaits the queue and copies to the host.
 */
export interface TensorStorage<D extends DType = DType> {
  /** 'host', or the name of the device holding the elements. */
  readonly device: string;
  /** The elements as a host TypedArray, the work writing them completed first (for a device storage: a host copy). */
  host(): ArrayForDType[D];
  /** The elements as a host TypedArray once the work writing them has completed. */
  read(): Promise<ArrayForDType[D]>;
}

/** The bytes of one ArrayBuffer a host tensor's elements occupy: [start, end). */
export interface MemorySpan {
  buffer: ArrayBufferLike;
  start: number;
  end: number;
}

/** The storage of a host tensor: the TypedArray itself. */
class HostStorage<D extends DType> implements TensorStorage<D> {
  readonly device = 'host';
  private cachedSpan?: MemorySpan;
  constructor(private readonly data: ArrayForDType[D]) {}
  host(): ArrayForDType[D] {
    return this.data;
  }
  /** Host memory is written by kernels that completed inside their op: ready now. */
  read(): Promise<ArrayForDType[D]> {
    return Promise.resolve(this.data);
  }
  /** Read once: a TypedArray's buffer and byteOffset cost ~100 ns per read, more than a small op. */
  span(): MemorySpan {
    const d = this.data;
    return (this.cachedSpan ??= { buffer: d.buffer, start: d.byteOffset, end: d.byteOffset + d.byteLength });
  }
}

/** Where a host tensor's elements lie (for overlap checks), or undefined for a tensor on a device. */
export function memorySpan(t: Tensor): MemorySpan | undefined {
  return t.storage instanceof HostStorage ? t.storage.span() : undefined;
}

/** The zero-element storage a disposed tensor keeps, per dtype (so its dtype and TypedArray type stay the same). */
const EMPTY: { readonly [D in DType]: ArrayForDType[D] } = {
  float32: new Float32Array(0), float64: new Float64Array(0), int32: new Int32Array(0), int64: new BigInt64Array(0),
  uint8: new Uint8Array(0), bool: new Uint8Array(0),
};

/** Node's `util.inspect.custom` symbol (a registered symbol: the same without importing node:util). */
const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/** Set only while {@link trustedTensor} runs the constructor: its caller already knows data and shape agree. */
let trusted = false;

/**
 * An n-dimensional array of float32, float64, int32, int64 (BigInt64Array), uint8 or bool (a Uint8Array of 0/1)
 * values stored contiguously in row-major order.
 * `data` is the live TypedArray (no copy): writing to it changes the tensor. Tensors made from a TypedArray share its
 * memory, so data read by other parts of the stack (Arrow columns, files) reaches the kernels without a copy.
 * A tensor whose memory is taken away (its ArrayBuffer transferred to a worker, detached or shrunk) can no longer be
 * used: every op then throws a TruenoError with code `ERR_TRUENO_DETACHED`.
 *
 * Every op is also a method forwarding to it (tensor-methods.ts): `a.add(b).mul(2)`, `x.sum({ axis: 0 })`,
 * `m.matmul(w.T)`, `x.greater(0)`, `m.slice([0, 10])`. Views share this tensor's memory: reshape, row, and a slice
 * whose elements are contiguous; every other op (transpose / T, gather, concat, stack, non-contiguous slices, cast,
 * arithmetic) makes a new tensor.
 */
export class Tensor<D extends DType = DType> {
  /** Dimensions, outermost first; `[]` is a scalar (0-d) tensor holding one value. */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: D;
  /** Number of elements (the product of the shape). */
  readonly size: number;
  /** Where the elements live (see {@link TensorStorage}); `data` is its host view. */
  readonly storage: TensorStorage<D>;

  /**
   * Wraps `data` without copying, with the same checks as {@link Tensor.from} on a TypedArray.
   * @param data - a Float32Array, Float64Array, Int32Array, BigInt64Array or Uint8Array (shared, not copied)
   * @param shape - dimensions whose product is data.length
   * @param dtype - needed only for bool (a Uint8Array of 0/1); otherwise the TypedArray's own dtype
   * @throws TypeError for an unsupported array or shape; RangeError when the shape's element count is not data.length
   * @example new Tensor(new Float32Array(6), [2, 3])
   */
  constructor(data: ArrayForDType[D], shape: readonly number[], dtype?: D) {
    if (trusted) {
      this.dtype = dtype ?? (dtypeOf(data) as D);
      this.shape = Object.freeze(shape.slice());
      let size = 1;
      for (const d of shape) size *= d;
      this.size = size;
    } else {
      const own = dtypeOf(data);
      if (!own) throw typeError(`Expected ${TYPED_ARRAYS} for data but received ${describe(data)}`);
      if (dtype !== undefined && expectDType(dtype, 'dtype') !== own && !(own === 'uint8' && dtype === 'bool')) {
        throw typeError(`Expected dtype '${own}' (that of the TypedArray) for dtype but received '${dtype}'`);
      }
      if (dtype === 'bool' && (data as Uint8Array).some((v) => v > 1)) {
        throw rangeError('Expected only 0 and 1 in the Uint8Array for data (dtype bool) but received other bytes');
      }
      const checked = expectShape(shape, 'shape');
      if (checked.size !== data.length) {
        throw rangeError(`Expected a shape with ${data.length} elements for shape but received [${checked.shape.join(', ')}] (${checked.size})`);
      }
      this.dtype = (dtype ?? own) as D;
      this.shape = Object.freeze(checked.shape);
      this.size = checked.size;
    }
    this.storage = new HostStorage(data);
  }

  /**
   * The elements, row-major (a view: shares memory with whatever it was made from); the storage's read run to
   * completion (see {@link Tensor.read}).
   */
  get data(): ArrayForDType[D] {
    return this.storage.host();
  }

  /**
   * The elements once every op writing them has completed: the primary way to read a result, which a device backend
   * (GPU) resolves when its queued work is done. On the CPU backends it resolves at once with {@link Tensor.data}.
   * @returns a Promise of the live TypedArray (a view, as `data`; a host copy for a tensor on a device)
   * @throws (as a rejection) TruenoError `ERR_TRUENO_DETACHED` for a disposed tensor or one whose memory was taken
   * @example const values = await matmul(a, b).read();
   */
  async read(): Promise<ArrayForDType[D]> {
    return (expectTensor(this, 'read') as Tensor<D>).storage.read();
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * Makes a tensor from a TypedArray (zero-copy), a nested array of numbers, or a flat array with a shape.
   *
   * @param values - a Float32Array / Float64Array / Int32Array / BigInt64Array / Uint8Array (shared, not copied), or
   *   (nested) arrays of numbers (bigints allowed for int64)
   * @param shape - the shape; defaults to the TypedArray's length (1-d) or the nesting of the arrays
   * @param dtype - for arrays of numbers: the element type (default 'float64', as numpy; integer dtypes need values
   *   they hold exactly); a TypedArray keeps its own, except that a Uint8Array may be given dtype 'bool' (its bytes
   *   must then be 0 or 1)
   * @returns the tensor
   * @throws TypeError for values that are not numbers or a supported TypedArray; RangeError for ragged nesting, a
   *   shape whose element count differs from the data's, or (integer dtypes) a value the dtype cannot hold exactly
   * @example
   * const m = Tensor.from([[1, 2], [3, 4]]);          // float64, shape [2, 2]
   * const v = Tensor.from(new Float32Array(6), [2, 3]); // shares the Float32Array
   */
  static from<D extends DType = DType>(values: TensorData | NestedArray, shape?: readonly number[], dtype?: D): Tensor<D> {
    if (ArrayBuffer.isView(values)) {
      let own = dtypeOf(values);
      if (!own) throw typeError(`Expected ${TYPED_ARRAYS} or array of numbers for values but received ${describe(values)}`);
      if (own === 'uint8' && dtype === 'bool') {
        if ((values as Uint8Array).some((v) => v > 1)) throw rangeError('Expected only 0 and 1 in the Uint8Array for values (dtype bool) but received other bytes');
        own = 'bool';
      }
      if (dtype !== undefined && expectDType(dtype, 'dtype') !== own) {
        throw typeError(`Expected dtype '${own}' (that of the TypedArray) for dtype but received '${dtype}'`);
      }
      const checked = shape === undefined ? { shape: [values.length], size: values.length } : expectShape(shape, 'shape');
      if (checked.size !== values.length) {
        throw rangeError(`Expected a shape with ${values.length} elements for shape but received [${checked.shape.join(', ')}] (${checked.size})`);
      }
      return new Tensor(values as ArrayForDType[D], checked.shape, own as D);
    }
    const type = (dtype === undefined ? 'float64' : expectDType(dtype, 'dtype')) as D;
    if (typeof values === 'number' || typeof values === 'bigint') {
      const data = allocate(type, 1);
      store(data, 0, expectElement(values, type, 'values'), type);
      const checked = shape === undefined ? { shape: [], size: 1 } : expectShape(shape, 'shape');
      if (checked.size !== 1) throw rangeError(`Expected a shape with 1 element for shape but received [${checked.shape.join(', ')}]`);
      return new Tensor(data, checked.shape, type);
    }
    if (!Array.isArray(values)) {
      throw typeError(`Expected ${TYPED_ARRAYS} or array of numbers for values but received ${describe(values)}`);
    }
    const inferred = inferShape(values);
    const flat = allocate(type, inferred.size);
    flatten(values, inferred.shape, 0, flat, { next: 0, dtype: type });
    if (shape === undefined) return new Tensor(flat, inferred.shape, type);
    const checked = expectShape(shape, 'shape');
    if (checked.size !== inferred.size) {
      throw rangeError(`Expected a shape with ${inferred.size} elements for shape but received [${checked.shape.join(', ')}] (${checked.size})`);
    }
    return new Tensor(flat, checked.shape, type);
  }

  /**
   * A tensor of zeros.
   * @param shape - dimensions
   * @param dtype - element type (default 'float64')
   * @returns a new tensor
   * @throws TypeError / RangeError for a bad shape or dtype
   * @example Tensor.zeros([2, 3], 'float32')
   */
  static zeros<D extends DType = 'float64'>(shape: readonly number[], dtype?: D): Tensor<D> {
    const checked = expectShape(shape, 'shape');
    const type = (dtype === undefined ? 'float64' : expectDType(dtype, 'dtype')) as D;
    return new Tensor(allocate(type, checked.size), checked.shape, type);
  }

  /**
   * A tensor of ones.
   * @param shape - dimensions
   * @param dtype - element type (default 'float64')
   * @returns a new tensor
   * @throws TypeError / RangeError for a bad shape or dtype
   * @example Tensor.ones([3])
   */
  static ones<D extends DType = 'float64'>(shape: readonly number[], dtype?: D): Tensor<D> {
    return Tensor.full(shape, 1, dtype);
  }

  /**
   * A tensor with every element equal to `value`.
   * @param shape - dimensions
   * @param value - the fill value (NaN and ±Infinity allowed for float dtypes; a value the integer dtype holds exactly,
   *   a bigint for int64 values beyond 2^53)
   * @param dtype - element type (default 'float64')
   * @returns a new tensor
   * @throws TypeError / RangeError for a bad shape, dtype or value
   * @example Tensor.full([2, 2], 0.5, 'float32')
   */
  static full<D extends DType = 'float64'>(shape: readonly number[], value: number | bigint, dtype?: D): Tensor<D> {
    const t = Tensor.zeros(shape, dtype);
    const v = expectElement(value, t.dtype, 'value');
    if (t.data instanceof BigInt64Array) t.data.fill(BigInt(v));
    else (t.data as Float64Array).fill(Number(v));
    return t;
  }

  /**
   * Evenly spaced values in [start, stop), like numpy.arange; `arange(n)` gives 0..n-1.
   * @param start - first value (or the stop when it is the only argument)
   * @param stop - end, excluded
   * @param step - spacing, non-zero (default 1)
   * @param dtype - element type (default 'float64')
   * @returns a 1-d tensor
   * @throws TypeError for non-numbers; RangeError for a zero or non-finite step or too many elements
   * @example Tensor.arange(0, 1, 0.25) // [0, 0.25, 0.5, 0.75]
   */
  static arange<D extends DType = 'float64'>(start: number, stop?: number, step = 1, dtype?: D): Tensor<D> {
    let from = expectFinite(start, 'start');
    let to: number;
    if (stop === undefined) {
      to = from;
      from = 0;
    } else {
      to = expectFinite(stop, 'stop');
    }
    expectFinite(step, 'step');
    if (step === 0) throw rangeError('Expected a non-zero number for step but received 0');
    const count = Math.max(0, Math.ceil((to - from) / step));
    if (count > MAX_ELEMENTS) throw rangeError(`Expected at most ${MAX_ELEMENTS} elements for arange but received ${count}`);
    const t = Tensor.zeros([count], dtype);
    if (count > 0) {
      // Integer dtypes: every value is start + i * step, so checking the step and both ends covers them all.
      expectElement(from, t.dtype, 'start');
      expectElement(step, t.dtype, 'step');
      expectElement(from + (count - 1) * step, t.dtype, 'the last value of arange');
    }
    for (let i = 0; i < count; i++) store(t.data, i, from + i * step, t.dtype);
    return t;
  }

  /**
   * The elements as nested arrays of numbers (a copy); a 0-d tensor gives a number. int64 elements are bigints
   * (always, so the element type never depends on the values), bool elements 0 or 1.
   * @returns nested arrays following the shape
   * @throws TruenoError (`ERR_TRUENO_DETACHED`) when the tensor's memory was transferred, detached or shrunk
   * @example Tensor.from([[1, 2]]).toArray() // [[1, 2]]
   */
  toArray(): NestedArray {
    expectTensor(this, 'toArray');
    if (this.shape.length === 0) return this.data[0];
    const build = (dim: number, offset: number, stride: number): NestedArray[] => {
      const n = this.shape[dim];
      const inner = stride / (n || 1);
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = dim === this.shape.length - 1 ? this.data[offset + i] : build(dim + 1, offset + i * inner, inner);
      }
      return out;
    };
    const total = this.shape.reduce((a, b) => a * b, 1);
    return build(0, 0, total);
  }

  /**
   * The same data seen with another shape (no copy); one dimension may be -1 (inferred).
   * @param shape - the new dimensions, with the same element count
   * @returns a tensor sharing this tensor's data
   * @throws RangeError when the element counts differ
   * @example Tensor.arange(6).reshape([2, -1]).shape // [2, 3]
   */
  reshape(shape: readonly number[]): Tensor<D> {
    if (!Array.isArray(shape)) throw typeError(`Expected an array of integers for shape but received ${describe(shape)}`);
    const wildcard = shape.indexOf(-1);
    let resolved = shape.slice();
    if (wildcard >= 0) {
      const known = shape.reduce((p, d, i) => (i === wildcard ? p : p * d), 1);
      if (known === 0 || this.size % known !== 0) {
        throw rangeError(`Expected a shape compatible with ${this.size} elements for shape but received [${shape.join(', ')}]`);
      }
      resolved[wildcard] = this.size / known;
    }
    const checked = expectShape(resolved, 'shape');
    resolved = checked.shape;
    if (checked.size !== this.size) {
      throw rangeError(`Expected a shape with ${this.size} elements for shape but received [${shape.join(', ')}]`);
    }
    expectTensor(this, 'reshape');
    return trustedTensor(this.data, resolved, this.dtype);
  }

  /**
   * Ends this tensor's life now instead of at the next garbage collection: when its memory is an op result of 64 KiB
   * or more, the next result of the same byte size reuses it (no new allocation, no collector work), which makes
   * allocating ops in a loop as fast as their `out` forms. The tensor can no longer be used afterwards: ops on it
   * throw a TruenoError with code `ERR_TRUENO_DETACHED`, and so do ops on every tensor sharing its memory (reshape
   * views, contiguous slices) once the memory is reused; a kept `data` array has zero elements. Memory the caller
   * provided (`Tensor.from` on a TypedArray) is never reused, only this tensor is retired. Disposing twice is allowed.
   * See `tidy()` for a scope that disposes every result it does not return.
   * @example
   * for (const batch of batches) {
   *   const y = matmul(batch, w);
   *   consume(y);
   *   y.dispose(); // the next matmul reuses y's memory
   * }
   */
  dispose(): void {
    if (this.storage instanceof HostStorage) releaseResult(this.storage.host().buffer);
    (this as { storage: TensorStorage<D> }).storage = new HostStorage(EMPTY[this.dtype] as ArrayForDType[D]);
  }

  /** A copy with its own memory. @returns the copy @example const b = a.clone(); */
  clone(): Tensor<D> {
    return trustedTensor(expectTensor(this, 'clone').data.slice() as ArrayForDType[D], this.shape, this.dtype);
  }

  /**
   * The dtype, shape and values, the values as numpy prints an array (aligned columns, nested brackets per dimension,
   * `...` past 1000 elements). `console.log(tensor)` in Node prints the same text (see the `util.inspect.custom` method).
   * @returns e.g. `'Tensor(float64, [2, 2])\n[[1. 2.]\n [3. 4.]]'`; for a tensor whose memory was taken away, the
   *   header and `<detached>`
   * @example String(Tensor.from([1, 2.5])) // 'Tensor(float64, [2])\n[1.  2.5]'
   */
  toString(): string {
    const header = `Tensor(${this.dtype}, [${this.shape.join(', ')}])`;
    if (!isUsableTensor(this)) return `${header}\n<detached>`;
    return `${header}\n${formatValues(this.data, this.shape, this.dtype)}`;
  }

  /**
   * What Node's `util.inspect` (and so `console.log`) shows: the same text as {@link Tensor.toString}. Keyed by
   * `Symbol.for('nodejs.util.inspect.custom')`, so no `node:util` import is needed and browsers are unaffected.
   * @returns the text
   */
  [INSPECT](): string {
    return this.toString();
  }
}

function inferShape(values: NestedArray[]): { shape: number[]; size: number } {
  const shape: number[] = [];
  let level: NestedArray = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return expectShape(shape, 'shape of values');
}

const TYPED_ARRAYS = 'a Float32Array, Float64Array, Int32Array, BigInt64Array, Uint8Array';

/** Stores one value into data[i]: a bigint into int64 data, a number elsewhere (integer dtypes wrap as a store does). */
function store(data: TensorData, i: number, v: number | bigint, dtype: DType): void {
  if (data instanceof BigInt64Array) data[i] = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  else data[i] = dtype === 'bool' ? (v ? 1 : 0) : Number(v);
}

function flatten(values: NestedArray[], shape: number[], dim: number, out: TensorData, cursor: { next: number; dtype: DType }): void {
  if (values.length !== shape[dim]) {
    throw rangeError(`Expected ${shape[dim]} entries at depth ${dim} (the array is ragged) for values but received ${values.length}`);
  }
  const last = dim === shape.length - 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (last) {
      if (Array.isArray(v)) throw rangeError(`Expected a number at depth ${dim} (the array is ragged) for values but received an array`);
      store(out, cursor.next++, expectElement(v, cursor.dtype, `values at depth ${dim}`), cursor.dtype);
    } else {
      if (!Array.isArray(v)) throw rangeError(`Expected an array at depth ${dim + 1} (the array is ragged) for values but received ${describe(v)}`);
      flatten(v, shape, dim + 1, out, cursor);
    }
  }
}

/**
 * A tensor over `data` without the constructor's checks, for code that made `data` for exactly this shape (the ops'
 * results); not exported from the package.
 */
export function trustedTensor<D extends DType>(data: ArrayForDType[D], shape: readonly number[], dtype?: D): Tensor<D> {
  trusted = true;
  try {
    return new Tensor(data, shape, dtype);
  } finally {
    trusted = false;
  }
}

/**
 * Whether `value` is a Tensor whose memory is still there: the hot path of {@link expectTensor}, for callers that build
 * the argument's name only when it fails (a template string per call is garbage on a sub-microsecond op).
 */
export function isUsableTensor(value: unknown): value is Tensor {
  return value instanceof Tensor && (value.storage.device !== 'host' || value.data.length === value.size);
}

/**
 * Throws unless `value` is a Tensor whose memory is still there (not transferred, detached or shrunk); returns it.
 * Every op checks its tensors here, so no backend ever sees a detached buffer.
 */
export function expectTensor(value: unknown, name: string): Tensor {
  if (isUsableTensor(value)) return value;
  if (!(value instanceof Tensor)) throw typeError(`Expected a Tensor for ${name} but received ${describe(value)}`);
  if (value.storage.device === 'host' && value.data.length !== value.size) {
    throw new TruenoError(
      `Expected a tensor with its ${value.size} elements for ${name} but received one that was disposed or whose ArrayBuffer was transferred, detached or resized (${value.data.length} elements left)`,
      'ERR_TRUENO_DETACHED',
    );
  }
  return value;
}

installTensorMethods(Tensor);
