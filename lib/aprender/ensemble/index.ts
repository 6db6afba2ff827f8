/** Ensembles of trees (scikit-learn's sklearn.ensemble). */
export { RandomForestClassifier, ExtraTreesClassifier, type ForestClassifierParams } from './forest-classifier';
export { RandomForestRegressor, ExtraTreesRegressor, type ForestRegressorParams } from './forest-regressor';
export type { ForestParams, OobMetric } from './forest';
