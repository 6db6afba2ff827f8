/** Elementwise functions of one tensor: abs, neg, exp, log, sqrt, square, relu, sigmoid, tanh, gelu, clip. */
import { floatOf, type DType, type FloatArray, type FloatDTypeOf } from '../dtype';
import { rangeError } from '../errors';
import { UnaryOp, type UnaryOpName } from '../backend/kernels';
import { kernels } from '../backend/loader';
import { expectTensor, type Tensor } from '../tensor';
import { expectNumber, expectOptions } from '../validate';
import { floatData, outputTensor, readableInput } from './operands';
import { registerTensorOps } from '../tensor-methods';

/** The signature of the elementwise float functions: integer and bool input computes in float64. */
export type UnaryFunction = <D extends DType>(x: Tensor<D>, options?: UnaryOptions) => Tensor<FloatDTypeOf<D>>;

/** Options of the unary ops. */
export interface UnaryOptions {
  /** A preallocated result with x's shape and float dtype; may be x itself (in place) or overlap it (x is then read first). */
  out?: Tensor;
}

function prepare(name: string, x: Tensor, options: UnaryOptions | undefined) {
  const opts = expectOptions<UnaryOptions>(options, `${name} options`, { out: true });
  expectTensor(x, `${name} argument x`);
  const dtype = floatOf(x.dtype);
  const out = outputTensor(opts.out, x.shape, dtype, name);
  return { input: readableInput(floatData(x, dtype), x, opts.out as Tensor | undefined, true), out };
}

function unary(name: UnaryOpName, x: Tensor, options?: UnaryOptions): Tensor {
  const { input, out } = prepare(name, x, options);
  kernels().unary(UnaryOp[name], input, out.data);
  return out;
}

/** Async form of a unary op: large inputs run off the event loop on the native backend. */
async function unaryAsync(name: UnaryOpName, x: Tensor, options?: UnaryOptions): Promise<Tensor> {
  const { input, out } = prepare(name, x, options);
  await kernels().unaryAsync(UnaryOp[name], input, out.data);
  return out;
}

/**
 * |x| elementwise. int32 input computes in float64 (as every float op here).
 * @param x - a tensor
 * @param options - `out`: preallocated result
 * @returns a new tensor (or `options.out`)
 * @throws TypeError for a non-tensor or mismatched out
 * @example abs(Tensor.from([-1, 2])) // [1, 2]
 */
export const abs: UnaryFunction = (x, options) => unary('abs', x, options) as never;
/**
 * -x elementwise.
 * @param x - a tensor
 * @param options - `out`: preallocated result
 * @returns a new tensor
 * @throws TypeError for a non-tensor
 * @example neg(Tensor.from([1])) // [-1]
 */
export const neg: UnaryFunction = (x, options) => unary('neg', x, options) as never;
/**
 * e^x elementwise (overflow gives Infinity).
 * @param x - a tensor
 * @param options - `out`: preallocated result
 * @returns a new tensor
 * @throws TypeError for a non-tensor
 * @example exp(Tensor.from([0])) // [1]
 */
export const exp: UnaryFunction = (x, options) => unary('exp', x, options) as never;
/**
 * Natural logarithm elementwise (log 0 = -Infinity, log of a negative = NaN).
 * @param x - a tensor
 * @param options - `out`: preallocated result
 * @returns a new tensor
 * @throws TypeError for a non-tensor
 * @example log(Tensor.from([1])) // [0]
 */
export const log: UnaryFunction = (x, options) => unary('log', x, options) as never;
/**
 * Square root elementwise (negative gives NaN).
 * @param x - a tensor
 * @param options - `out`: preallocated result
 * @returns a new tensor
 * @throws TypeError for a non-tensor
 * @example sqrt(Tensor.from([4])) // [2]
 */
export const sqrt: UnaryFunction = (x, options) => unary('sqrt', x, options) as never;
/**
 * x*x elementwise.
 * @param x - a tensor
 * @param options - `out`: preallocated result
 * @returns a new tensor
 * @throws TypeError for a non-tensor
 * @example square(Tensor.from([3])) // [9]
 */
export const square: UnaryFunction = (x, options) => unary('square', x, options) as never;
/**
 * max(x, 0) elementwise, as numpy's maximum(x, 0): NaN stays NaN and -0 gives +0.
 * @param x - a tensor
 * @param options - `out`: preallocated result
 * @returns a new tensor
 * @throws TypeError for a non-tensor
 * @example relu(Tensor.from([-1, 2])) // [0, 2]
 */
export const relu: UnaryFunction = (x, options) => unary('relu', x, options) as never;
/**
 * 1 / (1 + e^-x) elementwise in the tensor's precision: exactly 0 once e^-x overflows it (x < -88.72 in float32,
 * x < -709.78 in float64) and exactly 1 for large x.
 * @param x - a tensor
 * @param options - `out`: preallocated result
 * @returns a new tensor
 * @throws TypeError for a non-tensor
 * @example sigmoid(Tensor.from([0])) // [0.5]
 */
export const sigmoid: UnaryFunction = (x, options) => unary('sigmoid', x, options) as never;
/**
 * Hyperbolic tangent elementwise.
 * @param x - a tensor
 * @param options - `out`: preallocated result
 * @returns a new tensor
 * @throws TypeError for a non-tensor
 * @example tanh(Tensor.from([0])) // [0]
 */
export const tanh: UnaryFunction = (x, options) => unary('tanh', x, options) as never;
/**
 * GELU, exact form 0.5 x (1 + erf(x / sqrt 2)) (PyTorch's default), elementwise.
 * @param x - a tensor
 * @param options - `out`: preallocated result
 * @returns a new tensor
 * @throws TypeError for a non-tensor
 * @example gelu(Tensor.from([0])) // [0]
 */
export const gelu: UnaryFunction = (x, options) => unary('gelu', x, options) as never;

/**
 * Applies a unary op off the event loop (native backend, on a copy of x made at the call, as matmulAsync; other
 * backends settle on this thread).
 * @param name - 'abs', 'neg', 'exp', 'log', 'sqrt', 'square', 'relu', 'sigmoid', 'tanh' or 'gelu'
 * @param x - a tensor
 * @param options - `out`: preallocated result
 * @returns a Promise of the result
 * @throws RangeError (synchronously) for an unknown op name, TypeError (synchronously) for an unknown option; (as a rejection) TypeError for a non-tensor,
 *   TruenoError ERR_TRUENO_DETACHED for a detached tensor or an `out` that lost its memory before completion
 * @example const y = await mapAsync('exp', x);
 */
export function mapAsync<D extends DType>(name: UnaryOpName, x: Tensor<D>, options?: UnaryOptions): Promise<Tensor<FloatDTypeOf<D>>> {
  expectOptions<UnaryOptions>(options, 'mapAsync options', { out: true });
  if (!Object.prototype.hasOwnProperty.call(UnaryOp, name)) {
    throw rangeError(`Expected one of ${Object.keys(UnaryOp).join(', ')} for mapAsync argument name but received ${String(name)}`);
  }
  return unaryAsync(name, x, options) as Promise<Tensor<FloatDTypeOf<D>>>;
}

/**
 * Limits every element to [lo, hi] (NaN stays NaN).
 * @param x - a tensor
 * @param lo - lower bound (may be -Infinity)
 * @param hi - upper bound (may be Infinity), at least lo
 * @param options - `out`: preallocated result
 * @returns a new tensor
 * @throws TypeError for a non-tensor or non-number bound; RangeError when lo > hi or a bound is NaN
 * @example clip(Tensor.from([-2, 0.5, 9]), 0, 1) // [0, 0.5, 1]
 */
export function clip<D extends DType>(x: Tensor<D>, lo: number, hi: number, options?: UnaryOptions): Tensor<FloatDTypeOf<D>> {
  expectOptions<UnaryOptions>(options, 'clip options', { out: true });
  expectNumber(lo, 'clip argument lo');
  expectNumber(hi, 'clip argument hi');
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
    throw rangeError(`Expected lo <= hi (not NaN) for clip bounds but received ${lo} and ${hi}`);
  }
  const { input, out } = prepare('clip', x, options);
  kernels().clip(input as FloatArray, out.data, lo, hi);
  return out as Tensor<FloatDTypeOf<D>>;
}

// the Tensor methods of the same names forward here (tensor-methods.ts cannot import this module: it imports Tensor)
registerTensorOps({ abs, neg, exp, log, sqrt, square, relu, sigmoid, tanh, gelu, clip });
