/** Nearest neighbours (sklearn.neighbors). @packageDocumentation */
export { KNeighborsClassifier, type KNeighborsClassifierParams } from './k-neighbors-classifier';
export { KNeighborsRegressor, type KNeighborsRegressorParams } from './k-neighbors-regressor';
export { NearestNeighbors, type NearestNeighborsParams } from './nearest-neighbors';
export type {
  KNeighbors, NeighborsAlgorithm, NeighborsCommonParams, NeighborsMetricName, NeighborsState, NeighborWeights, RadiusNeighbors,
} from './base';
