/**
 * Initial centers given as an array (KMeans, MiniBatchKMeans and GaussianMixture's meansInit): number[][] or a 2-D
 * Tensor, checked against the number of clusters and features at fit.
 */
import { isUsableTensor, type Tensor } from '../../trueno/tensor';
import { rangeError } from '../errors';
import type { Centers, Samples } from './k-means-core';
import { like } from './k-means-core';

/** Starting centers: rows of numbers or a 2-D Tensor. */
export type InitArray = readonly (readonly number[])[] | Tensor;

/**
 * Whether a parameter value is an init array (its shape and values are checked at fit).
 * @param v - the value
 * @returns true for a 2-D Tensor or an array of number arrays
 */
export function isInitArray(v: unknown): v is InitArray {
  if (isUsableTensor(v)) return v.ndim === 2;
  return Array.isArray(v) && v.length > 0 && v.every((r) => Array.isArray(r) && r.every((x) => typeof x === 'number'));
}

/**
 * The init array as k x d float64 values.
 * @param init - the array
 * @param k - the clusters expected
 * @param d - the features expected
 * @param owner - the estimator's name, for messages
 * @returns the values, row-major
 * @throws RangeError (ERR_APRENDER_RANGE) for another shape or a non-finite value
 */
export function checkInitShape(init: InitArray, k: number, d: number, owner: string): Float64Array {
  const shape = isUsableTensor(init) ? init.shape : [init.length, init[0].length];
  const values = isUsableTensor(init) ? Float64Array.from(init.data as ArrayLike<number>) : Float64Array.from(init.flat());
  if (shape[0] !== k || shape[1] !== d || values.length !== k * d) {
    throw rangeError(`Expected init of shape [${k}, ${d}] (nClusters x nFeatures) for ${owner} but received shape [${shape.join(', ')}]`);
  }
  if (values.some((v) => !Number.isFinite(v))) throw rangeError(`Expected finite values in the init array of ${owner} but it contains ${values.find((v) => !Number.isFinite(v))}`);
  return values;
}

/**
 * The init values in the samples' dtype.
 * @param values - k x d float64
 * @param s - the samples
 * @returns a copy in the samples' dtype
 */
export function centersFrom(values: Float64Array, s: Samples): Centers {
  const out = like(s, values.length);
  out.set(values);
  return out;
}
