/** Ensembles of trees (scikit-learn's sklearn.ensemble). */
export { RandomForestClassifier, ExtraTreesClassifier, type ForestClassifier, type ForestClassifierParams } from './forest-classifier';
export { RandomForestRegressor, ExtraTreesRegressor, type ForestRegressor, type ForestRegressorParams } from './forest-regressor';
export type { ForestParams, OobMetric } from './forest';
