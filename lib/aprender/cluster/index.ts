export { KMeans, type KMeansParams } from './k-means';
export { DBSCAN, type DBSCANParams } from './dbscan';
export { AgglomerativeClustering, type AgglomerativeClusteringParams } from './agglomerative';
export { MiniBatchKMeans, type MiniBatchKMeansParams } from './mini-batch-k-means';
