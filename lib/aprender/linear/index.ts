/** Linear models. */
export { LogisticRegression, type LogisticRegressionParams } from './logistic-regression';
export { ElasticNet, Lasso, type ElasticNetParams, type LassoParams } from './elastic-net';
export { SGDClassifier, type SGDClassifierParams } from './sgd-classifier';
export { SGDRegressor, type SGDRegressorParams } from './sgd-regressor';
export type { SgdParams } from './sgd';
export { LinearSVC, type LinearSVCParams } from './linear-svc';
export type { ClassWeight } from './linear-model';
export { LinearRegression, type LinearRegressionParams } from './least-squares';
export { Ridge, type RidgeParams, type RidgeSolver } from './ridge';
