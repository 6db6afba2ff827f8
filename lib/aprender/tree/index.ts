/** Decision trees (scikit-learn's sklearn.tree): CART classifiers and regressors on trueno's tree kernels. */
export { DecisionTreeClassifier, type DecisionTreeClassifierParams } from './decision-tree-classifier';
export { DecisionTreeRegressor, type DecisionTreeRegressorParams } from './decision-tree-regressor';
export type { DecisionTreeParams } from './tree-core';
export type { TreeGrowParams, CriterionName } from './grow';
export type { ForestClassWeight } from './params';
export type { DecisionPath, TreeView } from './structure';
export type { ExportTextOptions } from './export-text';
export type { FlatTrees } from './flat-trees';
export type { PruningPath } from './prune';
