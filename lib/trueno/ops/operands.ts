/** Shared plumbing of the ops: operand conversion to the compute dtype and validation of `out` tensors. */
import { allocate, type DType, type FloatArray, type FloatDType, type NumericArray } from '../dtype';
import { describe, rangeError, typeError } from '../errors';
import { DTypeCode } from '../backend/kernels';
import { kernels } from '../backend/loader';
import { Tensor } from '../tensor';

/** The elements of `t` as a `dtype` array: its own data when the dtype matches, else a converted copy (cast kernel). */
export function dataAs(t: Tensor, dtype: DType): NumericArray {
  if (t.dtype === dtype) return t.data;
  const out = allocate(dtype, t.size);
  kernels().cast(t.data, out, DTypeCode[t.dtype], DTypeCode[dtype]);
  return out;
}

/** The elements of `t` as a float `dtype` array (see {@link dataAs}). */
export function floatData(t: Tensor, dtype: FloatDType): FloatArray {
  return dataAs(t, dtype) as FloatArray;
}

/** Validates an `out` tensor (dtype and shape) or allocates a new one. */
export function outputTensor<D extends DType>(out: unknown, shape: readonly number[], dtype: D, op: string): Tensor<D> {
  if (out === undefined) return new Tensor(allocate(dtype, shape.reduce((a, b) => a * b, 1)), shape);
  if (!(out instanceof Tensor)) throw typeError(`Expected a Tensor for ${op} options.out but received ${describe(out)}`);
  if (out.dtype !== dtype) throw typeError(`Expected a ${dtype} tensor for ${op} options.out but received ${out.dtype}`);
  if (!sameShape(out.shape, shape)) {
    throw rangeError(`Expected shape [${shape.join(', ')}] for ${op} options.out but received [${out.shape.join(', ')}]`);
  }
  return out as Tensor<D>;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
