/** Argument checks shared by every public function: they throw "Expected X for Y but received Z". */
import { validators } from '../common/validate';
import { argumentError, describe, rangeError, typeError } from './errors';
import type { DType } from './dtype';
import { DTYPES } from './dtype';

/** Largest element count a tensor may have (the TypedArray limit of 32-bit engines; keeps sizes exact). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** The shared checks (see lib/common/validate), throwing with the tensor core's codes. */
export const { expectInteger, expectFinite, expectNumber, expectBoolean, expectOptions, expectOneOf } = validators(argumentError);

/** Checks a dtype name. */
export function expectDType(value: unknown, name: string): DType {
  return expectOneOf(value, DTYPES, name);
}

/** The range of values an element of each integer dtype holds (int64 from numbers: the safe integers). */
const INTEGER_RANGES: Partial<Record<DType, readonly [number, number, string]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1, 'a 32-bit integer'],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'a safe integer (a bigint for larger int64 values)'],
  uint8: [0, 255, 'an integer in [0, 255]'],
  bool: [0, 1, '0 or 1'],
};

/**
 * Checks that a number (or, for int64, a bigint within int64) fits an element of `dtype` exactly; float dtypes take
 * any number, NaN and ±Infinity included.
 */
export function expectElement(value: unknown, dtype: DType, name: string): number | bigint {
  if (dtype === 'int64' && typeof value === 'bigint') {
    if (BigInt.asIntN(64, value) !== value) throw rangeError(`Expected a 64-bit integer for ${name} (dtype int64) but received ${value}n`);
    return value;
  }
  if (typeof value !== 'number') throw typeError(`Expected a number for ${name} but received ${describe(value)}`);
  const range = INTEGER_RANGES[dtype];
  if (range && !(Number.isInteger(value) && value >= range[0] && value <= range[1])) {
    throw rangeError(`Expected ${range[2]} for ${name} (dtype ${dtype}) but received ${describe(value)}`);
  }
  return value;
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
