/** Element types a {@link Tensor} can hold, named as in numpy and Arrow. */
export type DType = 'float32' | 'float64' | 'int32' | 'int64' | 'uint8' | 'bool';

/** The floating-point dtypes. */
export type FloatDType = 'float32' | 'float64';
/** The integer and boolean dtypes. */
export type IntDType = 'int32' | 'int64' | 'uint8' | 'bool';

/** The TypedArray behind each dtype (bool is one byte per element holding 0 or 1). */
export interface ArrayForDType {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
  bool: Uint8Array;
}

/** Any TypedArray a Tensor can wrap. */
export type TensorData = ArrayForDType[DType];

/** The floating-point TypedArrays. */
export type FloatArray = Float32Array | Float64Array;
/** Any TypedArray the kernels take. */
export type NumericArray = TensorData;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'int64', 'uint8', 'bool'];

const CONSTRUCTORS = {
  float32: Float32Array, float64: Float64Array, int32: Int32Array, int64: BigInt64Array, uint8: Uint8Array, bool: Uint8Array,
} as const;

/** Allocates a zeroed TypedArray of `dtype` with `length` elements. */
export function allocate<D extends DType>(dtype: D, length: number): ArrayForDType[D] {
  return new CONSTRUCTORS[dtype](length) as ArrayForDType[D];
}

/** Bytes one element of `dtype` takes. */
export function bytesPerElement(dtype: DType): number {
  return CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
}

/** A `dtype` view of `length` elements over existing memory, starting `byteOffset` bytes into `buffer`. */
export function viewOf<D extends DType>(dtype: D, buffer: ArrayBufferLike, byteOffset: number, length: number): ArrayForDType[D] {
  const View = CONSTRUCTORS[dtype] as unknown as new (b: ArrayBufferLike, offset: number, n: number) => ArrayForDType[D];
  return new View(buffer, byteOffset, length);
}

/**
 * The dtype of a TypedArray, or undefined for arrays a Tensor cannot wrap. A Uint8Array is uint8: a bool tensor is
 * made with an explicit dtype 'bool' (Tensor.from(data, shape, 'bool')).
 */
export function dtypeOf(data: unknown): DType | undefined {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Uint8Array) return 'uint8';
  return undefined;
}

/** Whether a dtype is float32 or float64. */
export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float64';
}

/**
 * The dtype arithmetic on two dtypes computes in, numpy's table restricted to these dtypes: the wider integer of two
 * integers (uint8 + int32 -> int32), bool joins the other operand (bool + bool -> int32: arithmetic on booleans
 * counts), float32 stays float32 only with uint8/bool/float32 (int32/int64 + float32 -> float64, as numpy).
 */
export function arithmeticDType(a: DType, b: DType): DType {
  if (a === b) return a === 'bool' ? 'int32' : a;
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  if (isFloat(a) || isFloat(b)) {
    const other = isFloat(a) ? b : a;
    if (a === 'float64' || b === 'float64') return 'float64';
    return other === 'uint8' || other === 'float32' ? 'float32' : 'float64';
  }
  const rank: Record<string, number> = { uint8: 0, int32: 1, int64: 2 };
  return rank[a] > rank[b] ? a : b;
}

/** The float dtype an op on `dtype` computes in when it has no integer kernel: float32 stays, the rest float64. */
export function floatOf(dtype: DType): FloatDType {
  return dtype === 'float32' ? 'float32' : 'float64';
}

/** The float dtype a float-only op on two dtypes computes in (numpy's true division: int / int -> float64). */
export function promote(a: DType, b: DType): FloatDType {
  return arithmeticDType(a, b) === 'float32' ? 'float32' : 'float64';
}

/*
 * The same rules at the type level, so a result's dtype is known to TypeScript: `matmul(Tensor<'float32'>,
 * Tensor<'float32'>)` is a `Tensor<'float32'>`. Each is distributive: a tensor of a union dtype (Tensor<DType>) gives
 * the union of the possible results.
 */

/** {@link arithmeticDType} as a table of types. */
interface ArithmeticTable {
  float32: { float32: 'float32'; float64: 'float64'; int32: 'float64'; int64: 'float64'; uint8: 'float32'; bool: 'float32' };
  float64: { float32: 'float64'; float64: 'float64'; int32: 'float64'; int64: 'float64'; uint8: 'float64'; bool: 'float64' };
  int32: { float32: 'float64'; float64: 'float64'; int32: 'int32'; int64: 'int64'; uint8: 'int32'; bool: 'int32' };
  int64: { float32: 'float64'; float64: 'float64'; int32: 'int64'; int64: 'int64'; uint8: 'int64'; bool: 'int64' };
  uint8: { float32: 'float32'; float64: 'float64'; int32: 'int32'; int64: 'int64'; uint8: 'uint8'; bool: 'uint8' };
  bool: { float32: 'float32'; float64: 'float64'; int32: 'int32'; int64: 'int64'; uint8: 'uint8'; bool: 'int32' };
}

/** The dtype add / sub / mul of a `A` and a `B` tensor give ({@link arithmeticDType}). */
export type ArithmeticDTypeOf<A extends DType, B extends DType> = A extends DType ? (B extends DType ? ArithmeticTable[A][B] : never) : never;

/** The float dtype a float op on `D` computes in ({@link floatOf}): float32 stays, the rest float64. */
export type FloatDTypeOf<D extends DType> = D extends 'float32' ? 'float32' : 'float64';

/** The float dtype a float op on an `A` and a `B` tensor gives ({@link promote}): div, matmul, dot. */
export type PromotedDTypeOf<A extends DType, B extends DType> = FloatDTypeOf<ArithmeticDTypeOf<A, B>>;

/**
 * The dtype of `tensor op number` for add / sub / mul (numpy 2's weak scalars): a float tensor keeps its dtype; an
 * integer tensor keeps it (bool becomes int32) for a safe-integer number and becomes float64 otherwise, which only
 * the value tells, so the type is the union.
 */
export type ScalarArithmeticDTypeOf<D extends DType> = D extends FloatDType ? D : (D extends 'bool' ? 'int32' : D) | 'float64';

/** The dtype of a sum or cumulative sum of `D` elements: floats keep theirs, integers and bool accumulate in int64. */
export type SumDTypeOf<D extends DType> = D extends FloatDType ? D : 'int64';

/** The JS value of one `D` element: a bigint for int64, a number otherwise (0 or 1 for bool). */
export type ElementOf<D extends DType> = D extends 'int64' ? bigint : number;
