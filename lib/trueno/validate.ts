/** Argument checks shared by every public function: they throw "Expected X for Y but received Z". */
import { validators } from '../common/validate';
import { argumentError, describe, rangeError, typeError } from './errors';
import type { DType } from './dtype';
import { allocate, DTYPES } from './dtype';

/** Largest element count a tensor may have (the TypedArray limit of 32-bit engines; keeps sizes exact). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** The shared checks (see lib/common/validate), throwing with the tensor core's codes. */
export const { expectInteger, expectFinite, expectNumber, expectBoolean, expectOptions } = validators(argumentError);

export function expectDType(value: unknown, name: string): DType {
  if (typeof value !== 'string' || !DTYPES.includes(value as DType)) {
    throw typeError(`Expected 'float32', 'float64' or 'int32' for ${name} but received ${describe(value)}`);
  }
  return value as DType;
}

/** Checks a shape (array of non-negative integers) and returns a copy with its element count. */
export function expectShape(value: unknown, name: string): { shape: number[]; size: number } {
  if (!Array.isArray(value)) throw typeError(`Expected an array of integers for ${name} but received ${describe(value)}`);
  let size = 1;
  const shape = value.map((dim, i) => {
    const d = expectInteger(dim, `${name}[${i}]`, 0, MAX_ELEMENTS);
    size *= d;
    return d;
  });
  if (size > MAX_ELEMENTS) {
    throw rangeError(`Expected at most ${MAX_ELEMENTS} elements for ${name} but received [${shape.join(', ')}] (${size})`);
  }
  return { shape, size };
}

/** Normalizes a possibly negative axis for a tensor of `ndim` dimensions. */
export function expectAxis(value: unknown, ndim: number, name = 'axis'): number {
  if (typeof value !== 'number') throw typeError(`Expected an integer for ${name} but received ${describe(value)}`);
  if (!Number.isInteger(value) || value < -ndim || value >= ndim) {
    throw rangeError(`Expected an axis in [${-ndim}, ${ndim - 1}] for ${name} but received ${describe(value)}`);
  }
  return value < 0 ? value + ndim : value;
}

/** One-element arrays per integer dtype: storing a value and reading it back tells whether the dtype holds it. */
const probes = new Map<DType, { [i: number]: number }>();

/**
 * Checks one element for a tensor of `dtype`: any number for a float dtype (NaN and ±Infinity included); for an
 * integer dtype, an integer the dtype holds exactly (never a silently wrapped or truncated value).
 */
export function expectElement(value: unknown, dtype: DType, name: string): number {
  if (typeof value !== 'number') throw typeError(`Expected a number for ${name} but received ${describe(value)}`);
  if (dtype === 'float32' || dtype === 'float64') return value;
  let probe = probes.get(dtype);
  if (!probe) probes.set(dtype, (probe = allocate(dtype, 1)));
  probe[0] = value;
  if (probe[0] !== value) {
    throw rangeError(`Expected an integer in the range of ${dtype} for ${name} (dtype ${dtype}) but received ${describe(value)}`);
  }
  return value;
}
