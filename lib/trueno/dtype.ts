/** Element types a {@link Tensor} can hold, named as in numpy and Arrow. */
export type DType = 'float32' | 'float64' | 'int32';

/** The floating-point dtypes the compute kernels run on. */
export type FloatDType = 'float32' | 'float64';

/** The TypedArray behind each dtype. */
export interface ArrayForDType {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
}

/** Any TypedArray a Tensor can wrap. */
export type TensorData = Float32Array | Float64Array | Int32Array;

/** The floating-point TypedArrays the kernels accept. */
export type FloatArray = Float32Array | Float64Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];

const CONSTRUCTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const;

/** Allocates a zeroed TypedArray of `dtype` with `length` elements. */
export function allocate<D extends DType>(dtype: D, length: number): ArrayForDType[D] {
  return new CONSTRUCTORS[dtype](length) as ArrayForDType[D];
}

/** The dtype of a TypedArray, or undefined for arrays a Tensor cannot wrap. */
export function dtypeOf(data: unknown): DType | undefined {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  return undefined;
}

/** The dtype arithmetic on two dtypes computes in: float32 only when both are float32 (int32 promotes to float64). */
export function promote(a: DType, b: DType): FloatDType {
  return a === 'float32' && b === 'float32' ? 'float32' : 'float64';
}

/** The float dtype an op on `dtype` computes in: int32 promotes to float64, as numpy does for true division. */
export function floatOf(dtype: DType): FloatDType {
  return dtype === 'int32' ? 'float64' : dtype;
}
