/** Decomposition: PCA and TruncatedSVD. */
export { PCA, type PCAParams, type PcaSolver } from './pca';
export { TruncatedSVD, type TruncatedSVDParams } from './truncated-svd';
