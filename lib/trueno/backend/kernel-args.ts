/**
 * The native addon's argument reading (native/addon/call.cc, Args) for the backends that call a kernel without it:
 * the WASM backend, which copies each array into the module's memory by its length and hands the C raw pointers (a
 * Float32Array where the C writes float64 overruns its slot and corrupts the module's heap), and the js reference.
 * The same values are accepted and refused as by the addon, with its errors: a TypeError with code ERR_TRUENO_TYPE
 * for a wrong type, a RangeError with code ERR_TRUENO_RANGE for a wrong value or inconsistent lengths.
 */
import { describe, rangeError, typeError } from '../errors';

/** The typed arrays a kernel takes (the addon's AnyArray). */
export type KernelArray = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

const ANY = [Float32Array, Float64Array, Int32Array, BigInt64Array, Uint8Array] as const;

/**
 * Checks that `v` is a typed array of one of `types`.
 * @param v - the argument
 * @param name - its name in messages
 * @param types - the accepted constructors (default: any kernel dtype)
 * @returns v, typed
 * @throws TypeError (ERR_TRUENO_TYPE) for anything else, a plain array and a DataView included
 */
export function kernelArray<T extends KernelArray = KernelArray>(v: unknown, name: string,
  types: ReadonlyArray<abstract new (...a: never[]) => T> = ANY as never): T {
  if (!types.some((t) => v instanceof t)) {
    throw typeError(`Expected a ${types.map((t) => t.name).join(' or ')} for ${name} but received ${describe(v)}`);
  }
  return v as T;
}

/** Checks an Int32Array argument; see {@link kernelArray}. */
export const int32Array = (v: unknown, name: string): Int32Array => kernelArray(v, name, [Int32Array]);

/** Checks a Float64Array argument; see {@link kernelArray}. */
export const float64Array = (v: unknown, name: string): Float64Array => kernelArray(v, name, [Float64Array]);

/**
 * Checks a number argument (any number, NaN included: the kernel decides what it accepts).
 * @throws TypeError (ERR_TRUENO_TYPE) for a non-number, a BigInt included
 */
export function kernelNumber(v: unknown, name: string): number {
  if (typeof v !== 'number') throw typeError(`Expected a number for ${name} but received ${describe(v)}`);
  return v;
}

/**
 * Checks a size argument: an integer in [0, 2^53).
 * @throws TypeError for a non-number, RangeError (ERR_TRUENO_RANGE) for anything else
 */
export function kernelSize(v: unknown, name: string): number {
  if (!Number.isSafeInteger(kernelNumber(v, name)) || (v as number) < 0) {
    throw rangeError(`Expected a non-negative integer for ${name} but received ${describe(v)}`);
  }
  return v as number;
}

/**
 * Checks a 32-bit integer argument.
 * @throws TypeError for a non-number, RangeError (ERR_TRUENO_RANGE) for anything else
 */
export function kernelInt(v: unknown, name: string): number {
  if (!Number.isInteger(kernelNumber(v, name)) || (v as number) < -(2 ** 31) || (v as number) > 2 ** 31 - 1) {
    throw rangeError(`Expected a 32-bit integer for ${name} but received ${describe(v)}`);
  }
  return v as number;
}

/**
 * Checks a kernel's arguments' types as the addon reads them (before their lengths and values), one kind letter per
 * argument in order: n a size, k a 32-bit integer, x any number, i an Int32Array, u a Uint8Array, f a Float64Array,
 * F a Float32Array or Float64Array (rows of either type), o an optional float64 array (absent when empty, then of
 * either float type, as the addon's FloatArray reads it).
 * @param kernel - the kernel's name, for messages
 * @param args - the arguments by name, in the kernel's order
 * @param kinds - one letter per argument
 * @throws TypeError (ERR_TRUENO_TYPE) for a wrong type, RangeError (ERR_TRUENO_RANGE) for a size or integer out of range
 * @example checkArgTypes('graphWcc', { n, offsets, neighbours, labels, sizes }, 'niiii')
 */
export function checkArgTypes(kernel: string, args: Record<string, unknown>, kinds: string): void {
  if (kinds.length !== Object.keys(args).length) throw new Error(`checkArgTypes(${kernel}): ${kinds.length} kinds for ${Object.keys(args).length} arguments`);
  Object.entries(args).forEach(([param, value], i) => {
    const name = `${kernel} argument ${param}`;
    const kind = kinds[i];
    if (kind === 'i') int32Array(value, name);
    else if (kind === 'u') kernelArray(value, name, [Uint8Array]);
    else if (kind === 'f') float64Array(value, name);
    else if (kind === 'F') kernelArray<Float64Array | Float32Array>(value, name, [Float64Array, Float32Array]);
    else if (kind === 'o') {
      if (kernelArray<Float64Array | Float32Array>(value, name, [Float64Array, Float32Array]).length > 0) float64Array(value, name);
    }
    else if (kind === 'n') kernelSize(value, name);
    else if (kind === 'k') kernelInt(value, name);
    else kernelNumber(value, name);
  });
}

/**
 * Checks that two arrays have one dtype (a Uint8Array is uint8 and bool alike).
 * @throws TypeError (ERR_TRUENO_TYPE) when they differ
 */
export function sameDtype(a: KernelArray, b: KernelArray, names: string): void {
  if (a.constructor !== b.constructor) {
    throw typeError(`Expected the same dtype for ${names} but received ${a.constructor.name} and ${b.constructor.name}`);
  }
}

/**
 * Checks the arrays' lengths against each other, as the addon's Require.
 * @param ok - whether they are consistent
 * @param what - the layout expected, for the message
 * @throws RangeError (ERR_TRUENO_RANGE) when not
 */
export function requireLengths(ok: boolean, what: string): void {
  if (!ok) throw rangeError(`Expected consistent array lengths (${what}) but received other lengths`);
}

/**
 * Whether factors multiply to a count of `elementBytes`-byte elements whose byte count fits 64 bits, multiplied in
 * order as the C does (mul_size): a zero factor after an overflowing product does not rescue it.
 */
export function layoutFits(factors: readonly number[], elementBytes: number): boolean {
  let n = 1n;
  for (const f of [...factors, elementBytes]) {
    n *= BigInt(f);
    if (n >= 2n ** 64n) return false;
  }
  return true;
}

/**
 * Wraps kernels so that a detached typed array argument reads as an empty one, as the addon reads it (its length is
 * 0): the js reference's iteration and fill methods would throw an uncoded TypeError on it instead.
 * @param kernels - the kernels to wrap
 * @returns the same kernels, each passing a fresh empty array of its kind for every argument of 0 bytes
 */
export function detachedAsEmpty<K extends Record<string, (...args: never[]) => unknown>>(kernels: K): K {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(kernels)) {
    wrapped[name] = (...args: unknown[]) => (fn as (...a: unknown[]) => unknown)(...args.map((a) =>
      ArrayBuffer.isView(a) && !(a instanceof DataView) && a.byteLength === 0 ? new (a.constructor as new (n: number) => unknown)(0) : a));
  }
  return wrapped as K;
}
