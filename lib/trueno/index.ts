/**
 * trueno: the tensor core of sovereign-ai. Tensors over TypedArrays, and every op dispatched through one backend
 * registry (native SIMD addon, WASM fallback, plain-JS reference); {@link backendInfo} says which one runs.
 * @packageDocumentation
 */
export { Tensor, type NestedArray, type TensorStorage } from './tensor';
export type {
  ArrayForDType, DType, FloatDType, IntDType, TensorData, ArithmeticDTypeOf, FloatDTypeOf, PromotedDTypeOf,
  ScalarArithmeticDTypeOf, SumDTypeOf, ElementOf,
} from './dtype';
export { TruenoError } from './errors';
export { tidy, keep } from './scope';
export { backendInfo, ready, setBackend, setIsa, setThreads, type BackendInfo, type LoadAttempt } from './backend/loader';
export type { BackendName } from './backend/registry';
export { ISA_NAMES, type IsaName } from './backend/kernels';
export { add, sub, mul, div, scale, axpy, fill, cast, broadcastShape, type BinaryOptions } from './ops/elementwise';
export {
  abs, neg, exp, log, sqrt, square, relu, sigmoid, tanh, gelu, clip, mapAsync, type UnaryOptions, type UnaryFunction,
} from './ops/unary';
export {
  sum, mean, variance, std, min, max, argmin, argmax, norm, dot,
  type ReduceOptions, type VarianceOptions, type NormOptions, type Reduced,
} from './ops/reduce';
export {
  matmul, matmulAsync, matvec, matvecAsync, transpose, outer, softmax, logSoftmax, softmaxAsync,
  pairwiseSqDist, pairwiseSqDistAsync, type MatmulOptions, type SoftmaxOptions,
} from './ops/matrix';
export { bincount, type BincountOptions } from './ops/bincount';
export {
  equal, notEqual, less, lessEqual, greater, greaterEqual, where,
  type Comparison, type SelectDTypeOf, type ScalarSelectDTypeOf,
} from './ops/compare';
export { gather, slice, row, get, type GatherOptions, type SliceSpec } from './ops/indexing';
export { concat, stack, type JoinOptions } from './ops/join';
export { cumsum, argsort, type AxisOptions } from './ops/scan';
export {
  NeighborIndex, kneighbors, radiusNeighbors, type NeighborMetric, type NeighborAlgorithm, type NeighborIndexOptions,
  type NeighborSearchOptions, type RadiusSearchOptions, type KNeighborsResult, type RadiusNeighborsResult,
} from './ops/neighbors';
export { classMoments, gaussianLogLikelihood, type ClassMoments, type ClassMomentsOptions } from './ops/naive-bayes';
export {
  gram, gramAsync, cholesky, choleskySolve, qr, qrAsync, eigh, eighAsync, svd, svdAsync, lstsq, randomizedRangeFinder,
  type GramOptions, type GramResult, type QrResult, type EighResult, type SvdResult, type LstsqOptions, type LstsqResult,
  type RangeFinderOptions, type SvdOptions,
} from './ops/linalg';
