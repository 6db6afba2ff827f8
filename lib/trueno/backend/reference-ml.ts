/**
 * The plain-JS reference of the ml kernels (part of the js backend): neighbours by sorting every distance, a KD-tree
 * build of the core's layout (so a tree from any backend serves any other), and naive Bayes moments and
 * log-likelihoods by direct loops. Neighbours order by (distance, index), as the core's do.
 */
import { kdtreeNodes } from './kdtree-layout';
import type { SyncKernels } from './kernels';

const EUCLIDEAN = 0;
const MANHATTAN = 1;
const CHEBYSHEV = 2;

type MlKernels = Pick<SyncKernels, 'knnBrute' | 'radiusCount' | 'radiusFill' | 'kdtreeBuild' | 'kdtreeKnn'
  | 'kdtreeRadiusCount' | 'kdtreeRadiusFill' | 'classMoments' | 'gaussianNbJll'>;

/** The reduced distance (squared for euclidean, sum |.|^p for minkowski) between row i of q and row j of x. */
function rdist(metric: number, p: number, q: Float64Array, i: number, x: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let f = 0; f < d; f++) {
    const g = Math.abs(q[i * d + f] - x[j * d + f]);
    if (metric === EUCLIDEAN) s += g * g;
    else if (metric === MANHATTAN) s += g;
    else if (metric === CHEBYSHEV) s = Math.max(s, g);
    else s += g ** p;
  }
  return s;
}

/** scikit-learn's brute-force euclidean: max(0, ||q||^2 - 2 q.x + ||x||^2). */
function expandedSquare(q: Float64Array, i: number, x: Float64Array, j: number, d: number): number {
  let qq = 0;
  let xx = 0;
  let qx = 0;
  for (let f = 0; f < d; f++) {
    qq += q[i * d + f] ** 2;
    xx += x[j * d + f] ** 2;
    qx += q[i * d + f] * x[j * d + f];
  }
  const v = qq + -2 * qx + xx;
  return v < 0 ? 0 : v;
}

function toDist(metric: number, p: number, r: number): number {
  if (metric === EUCLIDEAN) return Math.sqrt(r);
  if (metric > CHEBYSHEV) return r ** (1 / p);
  return r;
}

function toRdist(metric: number, p: number, r: number): number {
  if (metric === EUCLIDEAN) return r * r;
  if (metric > CHEBYSHEV) return r ** p;
  return r;
}

type Distances = (i: number, j: number) => number;

/** Reduced distances of a search: the expansion for the brute-force euclidean, direct sums otherwise. */
function distances(metric: number, p: number, d: number, q: Float64Array, x: Float64Array, expand: boolean): Distances {
  return expand && metric === EUCLIDEAN
    ? (i, j) => expandedSquare(q, i, x, j, d)
    : (i, j) => rdist(metric, p, q, i, x, j, d);
}

/** Rows [0, n) ordered by (reduced distance to query i, index); NaN distances count as Infinity. */
function ranked(dist: Distances, i: number, n: number): Array<[number, number]> {
  const all: Array<[number, number]> = [];
  for (let j = 0; j < n; j++) {
    const r = dist(i, j);
    all.push([r === r ? r : Infinity, j]);
  }
  return all.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

function knn(dist: Distances, metric: number, p: number, nq: number, n: number, k: number, idx: Int32Array, out: Float64Array): void {
  for (let i = 0; i < nq; i++) {
    ranked(dist, i, n).slice(0, k).forEach(([r, j], t) => {
      idx[i * k + t] = j;
      out[i * k + t] = toDist(metric, p, r);
    });
  }
}

function within(dist: Distances, i: number, n: number, rrad: number): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (let j = 0; j < n; j++) {
    const r = dist(i, j);
    if (r <= rrad) found.push([r, j]);
  }
  return found;
}

function radiusCount(dist: Distances, metric: number, p: number, nq: number, n: number, radius: number, counts: BigInt64Array): void {
  const rrad = toRdist(metric, p, radius);
  for (let i = 0; i < nq; i++) counts[i] = BigInt(within(dist, i, n, rrad).length);
}

function radiusFill(dist: Distances, metric: number, p: number, nq: number, n: number, radius: number, offsets: BigInt64Array,
  sort: number, idx: Int32Array, out: Float64Array): void {
  const rrad = toRdist(metric, p, radius);
  for (let i = 0; i < nq; i++) {
    const found = within(dist, i, n, rrad);
    if (sort) found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const start = Number(offsets[i]);
    const end = Number(offsets[i + 1]);
    for (let t = start; t < end; t++) {
      const hit = found[t - start];
      idx[t] = hit ? hit[1] : -1;
      out[t] = hit ? toDist(metric, p, hit[0]) : NaN;
    }
  }
}

/** The core's recursive median build: split on the widest feature, lower half (by value, then row) to the left. */
function kdtreeBuild(n: number, d: number, x: Float64Array, leafSize: number, tree: Float64Array): void {
  const nodes = kdtreeNodes(n, leafSize);
  const perm = Array.from({ length: n }, (_, i) => i);
  tree.fill(0, n);
  for (let node = 0; node < nodes; node++) tree[n + 3 * node + 2] = 1;
  const boundsAt = n + 3 * nodes;
  const build = (node: number, start: number, end: number): void => {
    const lower = boundsAt + node * 2 * d;
    for (let f = 0; f < d; f++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let t = start; t < end; t++) {
        lo = Math.min(lo, x[perm[t] * d + f]);
        hi = Math.max(hi, x[perm[t] * d + f]);
      }
      tree[lower + f] = lo;
      tree[lower + d + f] = hi;
    }
    const leaf = 2 * node + 1 >= nodes || end - start < 2 || d === 0;
    tree.set([start, end, leaf ? 1 : 0], n + 3 * node);
    if (leaf) return;
    let dim = 0;
    for (let f = 1; f < d; f++) {
      if (tree[lower + d + f] - tree[lower + f] > tree[lower + d + dim] - tree[lower + dim]) dim = f;
    }
    const part = perm.slice(start, end).sort((a, b) => x[a * d + dim] - x[b * d + dim] || a - b);
    for (let t = start; t < end; t++) perm[t] = part[t - start];
    const half = Math.floor((end - start) / 2);
    build(2 * node + 1, start, start + half);
    build(2 * node + 2, start + half, end);
  };
  build(0, 0, n);
  tree.set(perm, 0);
}

/** The ml kernels of the js backend. A tree's answers are the direct brute force's, so the reference ignores it. */
export const mlReference: MlKernels = {
  knnBrute: (metric, p, nq, n, d, q, x, k, idx, dist) => knn(distances(metric, p, d, q, x, true), metric, p, nq, n, k, idx, dist),
  radiusCount: (metric, p, nq, n, d, q, x, radius, counts) =>
    radiusCount(distances(metric, p, d, q, x, true), metric, p, nq, n, radius, counts),
  radiusFill: (metric, p, nq, n, d, q, x, radius, offsets, sort, idx, dist) =>
    radiusFill(distances(metric, p, d, q, x, true), metric, p, nq, n, radius, offsets, sort, idx, dist),
  kdtreeBuild,
  kdtreeKnn: (metric, p, nq, n, d, q, x, _leaf, _tree, k, idx, dist) =>
    knn(distances(metric, p, d, q, x, false), metric, p, nq, n, k, idx, dist),
  kdtreeRadiusCount: (metric, p, nq, n, d, q, x, _leaf, _tree, radius, counts) =>
    radiusCount(distances(metric, p, d, q, x, false), metric, p, nq, n, radius, counts),
  kdtreeRadiusFill: (metric, p, nq, n, d, q, x, _leaf, _tree, radius, offsets, sort, idx, dist) =>
    radiusFill(distances(metric, p, d, q, x, false), metric, p, nq, n, radius, offsets, sort, idx, dist),
  classMoments(n, d, c, x, y, w, weighted, out) {
    out.fill(0);
    const stride = 1 + 2 * d;
    for (let i = 0; i < n; i++) {
      const wi = weighted ? w[i] : 1;
      out[y[i] * stride] += wi;
      for (let f = 0; f < d; f++) out[y[i] * stride + 1 + f] += wi * x[i * d + f];
    }
    for (let j = 0; j < c; j++) {
      const total = out[j * stride];
      for (let f = 0; f < d; f++) out[j * stride + 1 + f] = total === 0 ? 0 : out[j * stride + 1 + f] / total;
    }
    for (let i = 0; i < n; i++) {
      const wi = weighted ? w[i] : 1;
      for (let f = 0; f < d; f++) out[y[i] * stride + 1 + d + f] += wi * (x[i * d + f] - out[y[i] * stride + 1 + f]) ** 2;
    }
    for (let j = 0; j < c; j++) {
      const total = out[j * stride];
      for (let f = 0; f < d; f++) out[j * stride + 1 + d + f] = total === 0 ? 0 : out[j * stride + 1 + d + f] / total;
    }
  },
  gaussianNbJll(n, d, c, x, theta, variance, logPrior, out) {
    for (let j = 0; j < c; j++) {
      let norm = 0;
      for (let f = 0; f < d; f++) norm += Math.log(2 * Math.PI * variance[j * d + f]);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let f = 0; f < d; f++) s += (x[i * d + f] - theta[j * d + f]) ** 2 / variance[j * d + f];
        out[i * c + j] = logPrior[j] + (-0.5 * norm - 0.5 * s);
      }
    }
  },
};
