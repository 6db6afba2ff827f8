/**
 * Every sample's neighbours within a radius (itself included), as compressed rows, for DBSCAN. The metrics of the
 * core's neighbour search (euclidean, manhattan, chebyshev, minkowski) go through trueno's radiusNeighbors on a KD-tree
 * index, which sums distances directly as scikit-learn's trees do (DBSCAN's 'auto' search), so points exactly eps apart
 * are neighbours as in scikit-learn; cosine and precomputed distances, which that search does not take, are read
 * directly.
 */
import { NeighborIndex, radiusNeighbors } from '../../trueno/ops/neighbors';
import type { Tensor } from '../../trueno/tensor';

/** Neighbour lists: those of sample i are indices[offsets[i] .. offsets[i + 1]). */
export interface Neighborhoods {
  offsets: Int32Array;
  indices: Int32Array;
}

/** The distances DBSCAN takes. */
export type Metric = 'euclidean' | 'manhattan' | 'chebyshev' | 'minkowski' | 'cosine' | 'precomputed';

function cosineDistance(x: Float64Array | Float32Array, d: number, a: number, b: number): number {
  let s = 0, na = 0, nb = 0;
  for (let j = 0; j < d; j++) {
    const u = x[a * d + j], v = x[b * d + j];
    s += u * v, na += u * u, nb += v * v;
  }
  return na === 0 || nb === 0 ? 1 : 1 - s / (Math.sqrt(na) * Math.sqrt(nb));
}

/**
 * The radius neighbourhoods of every row.
 * @param X - n x d samples (n x n distances for 'precomputed')
 * @param eps - the radius (inclusive)
 * @param metric - the distance
 * @param p - the Minkowski power (>= 1)
 * @returns compressed neighbour lists
 */
export function radiusNeighborhoods(X: Tensor, eps: number, metric: Metric, p: number): Neighborhoods {
  const [n, d] = X.shape;
  if (metric !== 'cosine' && metric !== 'precomputed') {
    const found = radiusNeighbors(new NeighborIndex(X, { algorithm: 'kd_tree' }), X, eps, metric === 'minkowski' ? { metric, p } : { metric });
    return { offsets: Int32Array.from(found.offsets.data as BigInt64Array, Number), indices: found.indices.data as Int32Array };
  }
  const x = X.data as Float64Array | Float32Array;
  const offsets = new Int32Array(n + 1);
  const indices: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = metric === 'precomputed' ? x[i * n + j] : cosineDistance(x, d, i, j);
      if (v <= eps) indices.push(j);
    }
    offsets[i + 1] = indices.length;
  }
  return { offsets, indices: Int32Array.from(indices) };
}
