/**
 * aprender: scikit-learn-grade machine learning on the trueno core. Every estimator follows one contract (see
 * {@link Estimator}): options in the constructor, `fit` returns `this`, learned state ends in `_`, and
 * {@link checkEstimator} verifies it.
 * @packageDocumentation
 */
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import '../trueno/tensor-ops';
export { Estimator, DEFAULT_TAGS, type EstimatorTags, type FitOptions, type FitProgress } from './base/estimator';
export { Classifier, Regressor, Transformer, Clusterer, type ScoreOptions } from './base/kinds';
export type { FitAsyncOptions } from './base/fit-async';
export type { CategoricalRows, Matrix, MatrixLike, MatrixOptions, TargetLike } from './base/input';
export type { Column, Columns } from './base/columns';
export type { CheckData } from './base/check-data';
export type { Metric as ClusterMetric } from './cluster/radius-neighborhoods';
export type { CovarianceType } from './mixture/gaussian-parameters';
export type { InitArray } from './cluster/init';
export { checkEstimator, estimatorChecks, expectSameOutput, EstimatorCheckError, type CheckOptions, type CheckOutput, type EstimatorCheck } from './base/check';
export { registerEstimators, estimatorClass, registeredEstimators, type EstimatorClass } from './base/registry';
export * as params from './base/params';
export type { Bounds, ParamSpec, ParamTable } from './base/params';
export { AprenderError, NotFittedError, ParamError, FeatureMismatchError, FitAbortedError, NumericError, ModelFileError, type ModelFileErrorCode } from './errors';
export * as metrics from './metrics/index';
export * from './preprocessing/index';
export * from './neighbors/index';
export * from './naive-bayes/index';
export * from './pipeline/index';
export * from './cluster/index';
export * from './mixture/index';
export * from './model-selection/index';
export * from './linear/index';
export * from './decomposition/index';
export * from './onnx/index';
export * from './tree/index';
export * from './ensemble/index';
export * from './ensemble/gradient-boosting-classifier';
export * from './ensemble/gradient-boosting-regressor';
export { HistGradientBoostingClassifier, type HistGradientBoostingClassifierParams } from './ensemble/hist-gradient-boosting-classifier';
export { HistGradientBoostingRegressor, type HistGradientBoostingRegressorParams } from './ensemble/hist-gradient-boosting-regressor';
export type { HistGradientBoostingParams } from './ensemble/hist-gradient-boosting';
export type { CategoricalFeatures } from './ensemble/hgb/inputs';
export type { FlatTrees } from './tree/flat-trees';
export * from './model-file/index';

import { sealBuiltInEstimators } from './base/registry';
// Last: every module above has registered its classes; fitAsync's workers can rebuild exactly these.
sealBuiltInEstimators();
