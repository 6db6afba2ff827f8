/** Shared plumbing of the ops: operand conversion to the compute dtype and validation of `out` tensors. */
import { allocate, type FloatArray, type FloatDType } from '../dtype';
import { describe, rangeError, typeError } from '../errors';
import { kernels } from '../backend/loader';
import { Tensor } from '../tensor';

/** The elements of `t` as a `dtype` array: its own data when the dtype matches, else a converted copy. */
export function floatData(t: Tensor, dtype: FloatDType): FloatArray {
  if (t.dtype === dtype) return t.data as FloatArray;
  const out = allocate(dtype, t.size);
  if (t.dtype === 'int32') out.set(t.data);
  else kernels().cast(t.data as FloatArray, out);
  return out;
}

/** Validates an `out` tensor (dtype and shape) or allocates a new one. */
export function outputTensor(out: unknown, shape: readonly number[], dtype: FloatDType, op: string): Tensor<FloatDType> {
  if (out === undefined) return new Tensor(allocate(dtype, shape.reduce((a, b) => a * b, 1)), shape);
  if (!(out instanceof Tensor)) throw typeError(`Expected a Tensor for ${op} options.out but received ${describe(out)}`);
  if (out.dtype !== dtype) throw typeError(`Expected a ${dtype} tensor for ${op} options.out but received ${out.dtype}`);
  if (!sameShape(out.shape, shape)) {
    throw rangeError(`Expected shape [${shape.join(', ')}] for ${op} options.out but received [${out.shape.join(', ')}]`);
  }
  return out as Tensor<FloatDType>;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
