/** Linear models. */
export { LinearRegression, type LinearRegressionParams } from './least-squares';
export { Ridge, type RidgeParams, type RidgeSolver } from './ridge';
