/** Elementwise arithmetic with numpy broadcasting: add, sub, mul, div, scale, axpy, fill, cast. */
import {
  arithmeticDType, floatOf, isFloat, promote, type ArithmeticDTypeOf, type DType, type FloatArray, type FloatDTypeOf,
  type NumericArray, type PromotedDTypeOf, type ScalarArithmeticDTypeOf,
} from '../dtype';
import { describe, rangeError, typeError } from '../errors';
import { BinaryOp, DTypeCode, INT_BINARY_OPS, type BinaryOpName } from '../backend/kernels';
import { kernels } from '../backend/loader';
import { expectTensor, isUsableTensor, trustedTensor, type Tensor } from '../tensor';
import { expectDType, expectElement, expectNumber, expectOptions } from '../validate';
import { allocateOutput, dataAs, floatData, formatShape, outputTensor, readableInput, sameShape } from './operands';
import { registerTensorOps } from '../tensor-methods';

/** Options of the binary ops. */
export interface BinaryOptions {
  /**
   * A preallocated result (dtype and broadcast shape must match); saves the allocation in hot loops. It may be an
   * input itself (in place) or overlap one: the result is always as if the inputs were read first.
   */
  out?: Tensor;
}

/** The broadcast shape of two shapes (numpy rules), or undefined when they are incompatible. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | undefined {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Materializes `data` (shape `from`) broadcast to shape `to` (a strided copy; the general, rarely hot case). */
export function broadcastTo(data: NumericArray, from: readonly number[], to: readonly number[], dtype: DType): NumericArray {
  const size = to.reduce((p, d) => p * d, 1);
  const out = allocateOutput(dtype, size);
  const offset = to.length - from.length;
  const strides = new Array<number>(to.length).fill(0);
  let s = 1;
  for (let i = from.length - 1; i >= 0; i--) {
    strides[i + offset] = from[i] === 1 ? 0 : s;
    s *= from[i];
  }
  const index = new Array<number>(to.length).fill(0);
  let src = 0;
  for (let i = 0; i < size; i++) {
    out[i] = data[src];
    for (let d = to.length - 1; d >= 0; d--) {
      index[d]++;
      src += strides[d];
      if (index[d] < to[d]) break;
      src -= strides[d] * index[d];
      index[d] = 0;
    }
  }
  return out;
}

/** Whether `suffix` (leading 1s ignored) equals the trailing dimensions of `shape`. */
function isTrailing(suffix: readonly number[], shape: readonly number[]): boolean {
  let start = 0;
  while (start < suffix.length && suffix[start] === 1) start++;
  const core = suffix.slice(start);
  if (core.length > shape.length) return false;
  return sameShape(core, shape.slice(shape.length - core.length));
}

/**
 * The dtype of tensor (op) number: numpy 2's weak scalars: an integer tensor stays integer (bool becomes int32) for a
 * safe-integer scalar and an op with integer kernels (the scalar wraps to the dtype); otherwise the float dtype.
 */
function scalarOpDType(opName: BinaryOpName, dtype: DType, s: number): DType {
  if (isFloat(dtype) || !INT_BINARY_OPS.includes(opName) || !Number.isSafeInteger(s)) return floatOf(dtype);
  return dtype === 'bool' ? 'int32' : dtype;
}

const NO_OPTIONS: BinaryOptions = Object.freeze({});

function binary(opName: BinaryOpName, a: Tensor | number, b: Tensor | number, options?: BinaryOptions): Tensor {
  const op = BinaryOp[opName];
  // Argument names are built only when a check fails: these ops run in well under a microsecond on small tensors.
  const opts = options === undefined ? NO_OPTIONS : expectOptions<BinaryOptions>(options, `${opName} options`, { out: true });
  const aIsNumber = typeof a === 'number';
  const bIsNumber = typeof b === 'number';
  if (!aIsNumber && !isUsableTensor(a)) expectTensor(a, `${opName} argument a`);
  if (!bIsNumber && !isUsableTensor(b)) expectTensor(b, `${opName} argument b`);
  const k = kernels();
  if (aIsNumber && bIsNumber) {
    throw typeError(`Expected at least one Tensor for ${opName} arguments but received ${describe(a)} and ${describe(b)}`);
  }
  if (aIsNumber || bIsNumber) {
    const t = (aIsNumber ? b : a) as Tensor;
    const s = (aIsNumber ? a : b) as number;
    const dtype = scalarOpDType(opName, t.dtype, s);
    const out = outputTensor(opts.out, t.shape, dtype, opName);
    k.binaryScalar(op, readableInput(dataAs(t, dtype), t, opts.out as Tensor | undefined, true), s, out.data, aIsNumber ? 1 : 0);
    return out;
  }
  const ta = a as Tensor;
  const tb = b as Tensor;
  const dtype = INT_BINARY_OPS.includes(opName) ? arithmeticDType(ta.dtype, tb.dtype) : promote(ta.dtype, tb.dtype);
  const shape = sameShape(ta.shape, tb.shape) ? ta.shape : broadcastShape(ta.shape, tb.shape);
  if (!shape) {
    throw rangeError(`Expected shapes that broadcast together for ${opName} but received ${formatShape(ta.shape)} and ${formatShape(tb.shape)}`);
  }
  const out = outputTensor(opts.out, shape, dtype, opName);
  const da = readableInput(dataAs(ta, dtype), ta, opts.out as Tensor | undefined, true);
  const db = readableInput(dataAs(tb, dtype), tb, opts.out as Tensor | undefined, tb.size === out.size);
  if (ta.size === out.size && tb.size === out.size) {
    k.binary(op, da, db, out.data);
  } else if (tb.size === 1 && ta.size === out.size) {
    k.binaryScalar(op, da, Number(db[0]), out.data, 0);
  } else if (ta.size === 1 && tb.size === out.size) {
    k.binaryScalar(op, db, Number(da[0]), out.data, 1);
  } else if (ta.size === out.size && isTrailing(tb.shape, shape)) {
    k.binaryRows(op, da, db, out.data, out.size / (tb.size || 1), tb.size);
  } else {
    const fa = ta.size === out.size ? da : broadcastTo(da, ta.shape, shape, dtype);
    const fb = tb.size === out.size ? db : broadcastTo(db, tb.shape, shape, dtype);
    k.binary(op, fa, fb, out.data);
  }
  return out;
}

/**
 * Elementwise a + b with numpy broadcasting; either side may be a number.
 * @param a - a Tensor or number
 * @param b - a Tensor or number
 * @param options - `out`: a preallocated result tensor
 * @returns a new tensor (or `options.out`); float32 only when both sides are float32, else float64
 * @throws TypeError for non-tensor arguments or a mismatched `out` dtype; RangeError for shapes that do not broadcast
 * @example add(Tensor.from([[1, 2], [3, 4]]), Tensor.from([10, 20])) // [[11, 22], [13, 24]]
 */
export function add<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>, options?: BinaryOptions): Tensor<ArithmeticDTypeOf<A, B>>;
export function add<A extends DType>(a: Tensor<A>, b: number, options?: BinaryOptions): Tensor<ScalarArithmeticDTypeOf<A>>;
export function add<B extends DType>(a: number, b: Tensor<B>, options?: BinaryOptions): Tensor<ScalarArithmeticDTypeOf<B>>;
export function add(a: Tensor | number, b: Tensor | number, options?: BinaryOptions): Tensor;
export function add(a: Tensor | number, b: Tensor | number, options?: BinaryOptions): Tensor {
  return binary('add', a, b, options);
}

/**
 * Elementwise a - b with numpy broadcasting; either side may be a number.
 * @param a - a Tensor or number
 * @param b - a Tensor or number
 * @param options - `out`: a preallocated result tensor
 * @returns a new tensor (or `options.out`)
 * @throws TypeError / RangeError as {@link add}
 * @example sub(1, Tensor.from([0.25, 0.5])) // [0.75, 0.5]
 */
export function sub<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>, options?: BinaryOptions): Tensor<ArithmeticDTypeOf<A, B>>;
export function sub<A extends DType>(a: Tensor<A>, b: number, options?: BinaryOptions): Tensor<ScalarArithmeticDTypeOf<A>>;
export function sub<B extends DType>(a: number, b: Tensor<B>, options?: BinaryOptions): Tensor<ScalarArithmeticDTypeOf<B>>;
export function sub(a: Tensor | number, b: Tensor | number, options?: BinaryOptions): Tensor;
export function sub(a: Tensor | number, b: Tensor | number, options?: BinaryOptions): Tensor {
  return binary('sub', a, b, options);
}

/**
 * Elementwise a * b with numpy broadcasting; either side may be a number.
 * @param a - a Tensor or number
 * @param b - a Tensor or number
 * @param options - `out`: a preallocated result tensor
 * @returns a new tensor (or `options.out`)
 * @throws TypeError / RangeError as {@link add}
 * @example mul(Tensor.from([1, 2]), 3) // [3, 6]
 */
export function mul<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>, options?: BinaryOptions): Tensor<ArithmeticDTypeOf<A, B>>;
export function mul<A extends DType>(a: Tensor<A>, b: number, options?: BinaryOptions): Tensor<ScalarArithmeticDTypeOf<A>>;
export function mul<B extends DType>(a: number, b: Tensor<B>, options?: BinaryOptions): Tensor<ScalarArithmeticDTypeOf<B>>;
export function mul(a: Tensor | number, b: Tensor | number, options?: BinaryOptions): Tensor;
export function mul(a: Tensor | number, b: Tensor | number, options?: BinaryOptions): Tensor {
  return binary('mul', a, b, options);
}

/**
 * Elementwise a / b (IEEE: x/0 is ±Infinity, 0/0 NaN) with numpy broadcasting; either side may be a number.
 * @param a - a Tensor or number
 * @param b - a Tensor or number
 * @param options - `out`: a preallocated result tensor
 * @returns a new tensor (or `options.out`)
 * @throws TypeError / RangeError as {@link add}
 * @example div(Tensor.from([1, 2]), 4) // [0.25, 0.5]
 */
export function div<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>, options?: BinaryOptions): Tensor<PromotedDTypeOf<A, B>>;
export function div<A extends DType>(a: Tensor<A>, b: number, options?: BinaryOptions): Tensor<FloatDTypeOf<A>>;
export function div<B extends DType>(a: number, b: Tensor<B>, options?: BinaryOptions): Tensor<FloatDTypeOf<B>>;
export function div(a: Tensor | number, b: Tensor | number, options?: BinaryOptions): Tensor;
export function div(a: Tensor | number, b: Tensor | number, options?: BinaryOptions): Tensor {
  return binary('div', a, b, options);
}

/**
 * x * alpha (BLAS scal).
 * @param x - a tensor
 * @param alpha - the factor
 * @param options - `out`: a preallocated result (may be `x` itself for in-place scaling)
 * @returns a new tensor (or `options.out`)
 * @throws TypeError for a non-tensor, a non-number alpha or an unknown option
 * @example scale(Tensor.from([1, 2]), 0.5) // [0.5, 1]
 */
export function scale<D extends DType>(x: Tensor<D>, alpha: number, options?: BinaryOptions): Tensor<ScalarArithmeticDTypeOf<D>> {
  expectOptions<BinaryOptions>(options, 'scale options', { out: true });
  expectTensor(x, 'scale argument x');
  expectNumber(alpha, 'scale argument alpha');
  return binary('mul', x, alpha, options) as Tensor<ScalarArithmeticDTypeOf<D>>;
}

/**
 * y += alpha * x, in place on y (BLAS axpy).
 * @param alpha - the factor
 * @param x - a tensor with y's shape
 * @param y - a float32 or float64 tensor, updated in place
 * @returns y
 * @throws TypeError for non-tensors, an int32 y or a dtype mismatch; RangeError for different shapes
 * @example axpy(2, Tensor.from([1, 1]), y) // y = y + 2
 */
export function axpy<D extends DType>(alpha: number, x: Tensor, y: Tensor<D>): Tensor<D> {
  expectNumber(alpha, 'axpy argument alpha');
  expectTensor(x, 'axpy argument x');
  expectTensor(y, 'axpy argument y');
  if (!isFloat(y.dtype)) throw typeError(`Expected a float32 or float64 tensor for axpy argument y but received ${y.dtype}`);
  if (!sameShape(x.shape, y.shape)) {
    throw rangeError(`Expected x with y's shape ${formatShape(y.shape)} for axpy but received ${formatShape(x.shape)}`);
  }
  kernels().axpy(alpha, readableInput(floatData(x, y.dtype), x, y, true), y.data as FloatArray);
  return y;
}

/**
 * Sets every element of x to value, in place.
 * @param x - a tensor (integer and bool tensors need a value their dtype holds exactly)
 * @param value - the value (NaN and ±Infinity allowed for float dtypes; a bigint for int64 values beyond 2^53)
 * @returns x
 * @throws TypeError for a non-tensor or non-number; RangeError for a value the integer dtype cannot hold
 * @example fill(Tensor.zeros([3]), 7)
 */
export function fill<D extends DType>(x: Tensor<D>, value: number | bigint): Tensor<D> {
  expectTensor(x, 'fill argument x');
  const v = expectElement(value, x.dtype, 'fill value');
  if (typeof v === 'bigint') (x.data as BigInt64Array).fill(v);
  else kernels().fill(x.data, v);
  return x;
}

/**
 * Converts to another dtype: float64 -> float32 rounds to nearest; float -> integer truncates toward zero and
 * saturates at the dtype's range (NaN -> 0); integer -> narrower integer wraps (numpy's astype); anything -> bool is
 * x != 0 (NaN is true); int64 -> float32 rounds through float64.
 * @param x - a tensor
 * @param dtype - 'float32', 'float64', 'int32', 'int64', 'uint8' or 'bool'
 * @returns a new tensor (a copy even when the dtype is unchanged)
 * @throws TypeError for a bad tensor or dtype
 * @example cast(Tensor.from([1.5, -2.5]), 'int32') // [1, -2]
 */
export function cast<D extends DType>(x: Tensor, dtype: D): Tensor<D> {
  expectTensor(x, 'cast argument x');
  expectDType(dtype, 'cast argument dtype');
  const out = allocateOutput(dtype, x.size);
  if (x.dtype === dtype) kernels().copy(x.data, out);
  else kernels().cast(x.data, out, DTypeCode[x.dtype], DTypeCode[dtype]);
  return trustedTensor(out, x.shape, dtype);
}

// the Tensor methods of the same names forward here (tensor-methods.ts cannot import this module: it imports Tensor)
registerTensorOps({ add, sub, mul, div, cast });
