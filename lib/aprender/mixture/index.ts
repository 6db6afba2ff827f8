export { GaussianMixture, type GaussianMixtureParams, type ArrayInit } from './gaussian-mixture';
