export { KMeans, type KMeansParams } from './k-means';
