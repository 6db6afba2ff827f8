/**
 * Every sample's neighbours within a radius (itself included), as compressed rows, for DBSCAN. Euclidean distances
 * come from the core's pairwise kernel in blocks of rows (bounded memory); pairs whose squared distance lies within
 * rounding of the radius are decided on the directly summed squares, as scikit-learn's trees decide them, so points at
 * exactly eps apart count as neighbours on every backend. Other metrics are computed directly.
 */
import { pairwiseSqDist } from '../../trueno/ops/matrix';
import { Tensor } from '../../trueno/tensor';

/** Neighbour lists: those of sample i are indices[offsets[i] .. offsets[i + 1]), increasing. */
export interface Neighborhoods {
  offsets: Int32Array;
  indices: Int32Array;
}

/** A distance between rows a and b of X, for the directly computed metrics. */
export type Metric = 'euclidean' | 'manhattan' | 'chebyshev' | 'minkowski' | 'cosine' | 'precomputed';

/** Rows of the pairwise block: 256 x n distances stay under 20 MB for n = 10k. */
const BLOCK_ROWS = 256;

function squaredEuclidean(x: Float64Array | Float32Array, d: number, a: number, b: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = x[a * d + j] - x[b * d + j];
    s += t * t;
  }
  return s;
}

function directDistance(x: Float64Array | Float32Array, d: number, a: number, b: number, metric: Metric, p: number): number {
  let s = 0, na = 0, nb = 0;
  for (let j = 0; j < d; j++) {
    const u = x[a * d + j], v = x[b * d + j];
    const t = Math.abs(u - v);
    switch (metric) {
      case 'manhattan': s += t; break;
      case 'chebyshev': s = Math.max(s, t); break;
      case 'minkowski': s += t ** p; break;
      default: s += u * v, na += u * u, nb += v * v;
    }
  }
  if (metric === 'minkowski') return s ** (1 / p);
  if (metric === 'cosine') return na === 0 || nb === 0 ? 1 : 1 - s / (Math.sqrt(na) * Math.sqrt(nb));
  return s;
}

/**
 * The radius neighbourhoods of every row.
 * @param X - n x d samples (n x n distances for 'precomputed')
 * @param eps - the radius (inclusive)
 * @param metric - the distance
 * @param p - the Minkowski power
 * @returns compressed neighbour lists
 */
export function radiusNeighborhoods(X: Tensor, eps: number, metric: Metric, p: number): Neighborhoods {
  const [n, d] = X.shape;
  const x = X.data as Float64Array | Float32Array;
  const offsets = new Int32Array(n + 1);
  let indices = new Int32Array(Math.max(16, n));
  let count = 0;
  const push = (j: number) => {
    if (count === indices.length) {
      const grown = new Int32Array(indices.length * 2);
      grown.set(indices);
      indices = grown;
    }
    indices[count++] = j;
  };
  const minkowskiAsEuclidean = metric === 'minkowski' && p === 2;
  if (metric === 'euclidean' || minkowskiAsEuclidean) {
    const eps2 = eps * eps;
    const all = X.dtype === 'float64' ? X : Tensor.from(Float64Array.from(x), [n, d]);
    const data = all.data as Float64Array;
    for (let r0 = 0; r0 < n; r0 += BLOCK_ROWS) {
      const r1 = Math.min(n, r0 + BLOCK_ROWS);
      const dist = pairwiseSqDist(Tensor.from(data.subarray(r0 * d, r1 * d), [r1 - r0, d]), all).data as Float64Array;
      for (let i = r0; i < r1; i++) {
        const row = (i - r0) * n;
        for (let j = 0; j < n; j++) {
          const v = dist[row + j];
          // rounding of the expansion is ~1e-12 relative; near the radius the direct sum decides
          if (v <= eps2 * (1 - 1e-9)) push(j);
          else if (v <= eps2 * (1 + 1e-9) && squaredEuclidean(data, d, i, j) <= eps2) push(j);
        }
        offsets[i + 1] = count;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = metric === 'precomputed' ? x[i * n + j] : directDistance(x, d, i, j, metric, p);
        if (v <= eps) push(j);
      }
      offsets[i + 1] = count;
    }
  }
  return { offsets, indices: indices.slice(0, count) };
}
