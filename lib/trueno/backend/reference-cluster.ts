/**
 * The plain-JS reference of the clustering kernels (native/core/ml): exact float64 distances, direct nearest-center
 * search, and the same tree algorithms as the core (Prim's MST for single linkage, the nearest-neighbour chain for the
 * others) so that every backend builds the same tree.
 */
import type { FloatArray } from '../dtype';
import type { SyncKernels } from './kernels';
import { LinkageCode, LinkageMetricCode } from './ops.generated';

/** Metric and method codes of trueno_linkage by name (TRUENO_LINKAGE_METRIC_* / TRUENO_LINKAGE_* in trueno_ops.def). */
export const LinkageMetric = {
  euclidean: LinkageMetricCode.EUCLIDEAN, manhattan: LinkageMetricCode.MANHATTAN, cosine: LinkageMetricCode.COSINE,
  precomputed: LinkageMetricCode.PRECOMPUTED,
} as const;
export const LinkageMethod = {
  single: LinkageCode.SINGLE, complete: LinkageCode.COMPLETE, average: LinkageCode.AVERAGE, ward: LinkageCode.WARD,
} as const;

function sqdist(a: FloatArray, ia: number, b: FloatArray, ib: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = a[ia + j] - b[ib + j];
    s += t * t;
  }
  return s;
}

/** Labels, sums, counts and inertia of the nearest-center assignment (labels given, or found when null). */
function assign(n: number, d: number, k: number, x: FloatArray, weights: Float64Array, weighted: number,
  centers: FloatArray, labels: Int32Array, sums: Float64Array, counts: Float64Array, dists?: Float64Array): number {
  sums.fill(0);
  counts.fill(0);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDist = Infinity;
    for (let c = 0; c < k; c++) {
      const dist = sqdist(x, i * d, centers, c * d, d);
      if (dists) dists[i * k + c] = Math.sqrt(dist);
      if (dist < bestDist) bestDist = dist, best = c;
    }
    const w = weighted ? weights[i] : 1;
    labels[i] = best;
    for (let j = 0; j < d; j++) sums[best * d + j] += w * x[i * d + j];
    counts[best] += w;
    inertia += w * sqdist(x, i * d, centers, best * d, d);
  }
  return inertia;
}

function distance(x: FloatArray, d: number, metric: number, a: number, b: number): number {
  if (metric === LinkageMetric.precomputed) return a < b ? x[a * d + b] : x[b * d + a];
  let s = 0, na = 0, nb = 0;
  for (let j = 0; j < d; j++) {
    const u = x[a * d + j], v = x[b * d + j];
    if (metric === LinkageMetric.euclidean) s += (u - v) * (u - v);
    else if (metric === LinkageMetric.manhattan) s += Math.abs(u - v);
    else s += u * v, na += u * u, nb += v * v;
  }
  if (metric === LinkageMetric.euclidean) return Math.sqrt(s);
  if (metric === LinkageMetric.manhattan) return s;
  return na === 0 || nb === 0 ? 1 : 1 - s / (Math.sqrt(na) * Math.sqrt(nb));
}

/** Prim's minimum spanning tree, distances on the fly (edges in the order they join the tree). */
function singleLinkage(n: number, dist: (a: number, b: number) => number, z: Float64Array): void {
  const best = new Float64Array(n).fill(Infinity);
  const inTree = new Uint8Array(n);
  let current = 0;
  for (let e = 0; e + 1 < n; e++) {
    inTree[current] = 1;
    let nextDist = Infinity;
    let next = -1;
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      const dj = dist(current, j);
      if (dj < best[j]) best[j] = dj;
      if (best[j] < nextDist || next === -1) nextDist = best[j], next = j;
    }
    z.set([current, next, nextDist, 0], e * 4);
    current = next;
  }
}

function mergedDistance(method: number, dxi: number, dyi: number, dxy: number, nx: number, ny: number, ni: number): number {
  if (method === LinkageMethod.complete) return Math.max(dxi, dyi);
  if (method === LinkageMethod.average) return (nx * dxi + ny * dyi) / (nx + ny);
  const t = 1 / (nx + ny + ni);
  return Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy);
}

/** scipy's nn_chain over a full symmetric matrix. */
function nnChain(n: number, dist: (a: number, b: number) => number, method: number, z: Float64Array): void {
  const D = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) D[a * n + b] = D[b * n + a] = dist(a, b);
  const size = new Float64Array(n).fill(1);
  const chain: number[] = [];
  for (let k = 0; k + 1 < n; k++) {
    if (chain.length === 0) chain.push(size.findIndex((s) => s > 0));
    let x: number, y = 0, current: number;
    for (;;) {
      x = chain[chain.length - 1];
      if (chain.length > 1) y = chain[chain.length - 2], current = D[x * n + y];
      else current = Infinity;
      for (let i = 0; i < n; i++) {
        if (size[i] === 0 || i === x) continue;
        if (D[x * n + i] < current) current = D[x * n + i], y = i;
      }
      if (chain.length > 1 && y === chain[chain.length - 2]) break;
      chain.push(y);
    }
    chain.length -= 2;
    if (x > y) [x, y] = [y, x];
    const nx = size[x], ny = size[y];
    z.set([x, y, current, nx + ny], k * 4);
    size[x] = 0;
    size[y] = nx + ny;
    for (let i = 0; i < n; i++) {
      if (size[i] === 0 || i === y) continue;
      D[i * n + y] = D[y * n + i] = mergedDistance(method, D[i * n + x], D[i * n + y], current, nx, ny, size[i]);
    }
  }
}

/** Stable sort of the merges by distance (NaN last), then union-find cluster ids and sizes. */
function sortAndLabel(n: number, z: Float64Array, sortPair: boolean): void {
  const rows = Array.from({ length: n - 1 }, (_, i) => Array.from(z.subarray(i * 4, i * 4 + 4)));
  rows.sort((a, b) => (Number.isNaN(a[2]) ? (Number.isNaN(b[2]) ? 0 : 1) : Number.isNaN(b[2]) ? -1 : a[2] - b[2]));
  const parent = Array.from({ length: 2 * n - 1 }, (_, i) => i);
  const size = new Array<number>(2 * n - 1).fill(1);
  const find = (v: number) => {
    let root = v;
    while (parent[root] !== root) root = parent[root];
    while (parent[v] !== root) [v, parent[v]] = [parent[v], root];
    return root;
  };
  rows.forEach((r, i) => {
    let a = find(r[0]), b = find(r[1]);
    if (sortPair && a > b) [a, b] = [b, a];
    parent[a] = parent[b] = n + i;
    size[n + i] = size[a] + size[b];
    z.set([a, b, r[2], size[n + i]], i * 4);
  });
}

/** The clustering kernels of the js backend. */
export const clusterReference: Pick<SyncKernels, 'kmeansLloyd' | 'kmeansElkan' | 'kmeansPpStep' | 'linkage'> = {
  kmeansLloyd(n, d, k, x, weights, weighted, centers, labels, sums, counts) {
    return assign(n, d, k, x, weights, weighted, centers, labels, sums, counts);
  },
  // Exact bounds are valid bounds: the reference assigns directly and leaves upper and lower tight.
  kmeansElkan(n, d, k, x, weights, weighted, centers, _shifts, _init, labels, upper, lower, sums, counts) {
    const inertia = assign(n, d, k, x, weights, weighted, centers, labels, sums, counts, lower);
    for (let i = 0; i < n; i++) upper[i] = lower[i * k + labels[i]];
    return inertia;
  },
  kmeansPpStep(n, d, x, weights, weighted, candidates, closest, pots) {
    const t = candidates.length;
    const dists = new Float64Array(n * t);
    for (let c = 0; c < t; c++) {
      let pot = 0;
      for (let i = 0; i < n; i++) {
        const dist = sqdist(x, i * d, x, candidates[c] * d, d);
        dists[c * n + i] = dist;
        pot += (weighted ? weights[i] : 1) * Math.min(dist, closest[i]);
      }
      pots[c] = pot;
    }
    let best = 0;
    for (let c = 1; c < t; c++) if (pots[c] < pots[best]) best = c;
    for (let i = 0; i < n; i++) closest[i] = Math.min(closest[i], dists[best * n + i]);
    return best;
  },
  linkage(n, d, x, metric, method, out) {
    const dist = (a: number, b: number) => distance(x, d, metric, a, b);
    if (method === LinkageMethod.single) singleLinkage(n, dist, out);
    else nnChain(n, dist, method, out);
    sortAndLabel(n, out, method !== LinkageMethod.single);
  },
};
