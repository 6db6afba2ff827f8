/** Linear models. */
export { LogisticRegression, type LogisticRegressionParams } from './logistic-regression';
export { ElasticNet, Lasso, type ElasticNetParams, type LassoParams } from './elastic-net';
