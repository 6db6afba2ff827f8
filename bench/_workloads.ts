/**
 * The deterministic synthetic workloads of ../shared/bench/WORKLOADS.md. Element i of every array is a pure function
 * of (seed, i), so bench/_python/*.py rebuilds the very same arrays with numpy and the baseline runs on identical bits.
 * Every step is one IEEE f64 op done left to right, as the spec requires, so the results match Python bit for bit.
 */
import { createHash } from 'node:crypto';

const TWO_POW_24 = 16777216;

/** The lowbias32 integer hash (Chris Wellons), on uint32. */
export function lowbias32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The per-seed key mixed into every element's hash. */
export function key(seed: number): number {
  return lowbias32((seed ^ 0x9e3779b9) >>> 0);
}

/** The raw 32 random bits of element i of stream `seed`. */
export function bits(seed: number, i: number): number {
  return lowbias32((lowbias32(i) ^ key(seed)) >>> 0);
}

/**
 * n uniforms in [0, 1) with 24 random bits each (exact in f32 and f64).
 * @param seed - the stream
 * @param n - how many
 * @returns a Float64Array of length n
 */
export function uniform(seed: number, n: number): Float64Array {
  const k = key(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (lowbias32((lowbias32(i) ^ k) >>> 0) >>> 8) / TWO_POW_24;
  return out;
}

/**
 * n values `scale * (2u - 1)` in [-scale, scale), written straight into the requested array type; the f32 cast is
 * exact because 2u - 1 keeps 24 significant bits and scale is a power of two in every workload.
 * @param seed - the stream
 * @param n - how many
 * @param Out - Float32Array or Float64Array
 * @param scale - a multiplier applied after 2u - 1 (default 1)
 * @returns the array
 */
export function sym<T extends Float32Array | Float64Array>(
  seed: number,
  n: number,
  Out: { new (n: number): T },
  scale = 1,
): T {
  const k = key(seed);
  const out = new Out(n);
  for (let i = 0; i < n; i++) out[i] = scale * (2 * ((lowbias32((lowbias32(i) ^ k) >>> 0) >>> 8) / TWO_POW_24) - 1);
  return out;
}

/**
 * n approximately normal values (Irwin-Hall of 4 uniforms, mean 0, variance 1), in f64.
 * @param seed - the stream
 * @param n - how many
 * @returns a Float64Array of length n
 */
export function normal4(seed: number, n: number): Float64Array {
  const u = uniform(seed, 4 * n);
  const out = new Float64Array(n);
  const root3 = Math.sqrt(3);
  for (let i = 0; i < n; i++) out[i] = (u[4 * i] + u[4 * i + 1] + u[4 * i + 2] + u[4 * i + 3] - 2) * root3;
  return out;
}

/**
 * Checks the test vectors of WORKLOADS.md, so a drifted generator fails loudly instead of benchmarking other data.
 * @throws Error naming the first vector that differs
 */
export function checkTestVectors(): void {
  const expect = (what: string, got: number, want: number) => {
    if (got !== want) throw new Error(`WORKLOADS.md test vector ${what}: expected ${want} but received ${got}`);
  };
  [0x8e374fe0, 0xbc254f27, 0xf7208efc, 0xb508b95a].forEach((want, i) => expect(`bits(1, ${i})`, bits(1, i), want));
  const u = uniform(1, 2);
  expect('uniform(1, 0)', u[0], 0.5555314421653748);
  expect('uniform(1, 1)', u[1], 0.7349442839622498);
  expect('normal4(7, 0)', normal4(7, 1)[0], 0.4834406752560187);
}

/**
 * The first 16 hex digits of the SHA-256 of an array's bytes (little-endian), printed the same way by the Python
 * baseline to prove both sides hold the same bits.
 */
export function checksum(a: Float32Array | Float64Array | Int32Array): string {
  return createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex').slice(0, 16);
}

/** Square matrix side of the gemm workload. */
export const GEMM_N = 1024;
/** Length of the streaming (dot, add, sum) workload. */
export const STREAM_N = 10_000_000;
/** Rows and columns of the softmax workload. */
export const SOFTMAX_N = 1000;
/** The kNN workload: queries, training rows and dimensions. */
export const KNN = { queries: 2000, train: 20000, d: 32 } as const;

/** The tensor datasets of WORKLOADS.md, as flat row-major arrays. */
export interface TensorWorkloads {
  /** A = sym(1), B = sym(2), 1024 x 1024. */
  A: Float32Array;
  B: Float32Array;
  /** The same A and B in f64 (for dgemm). */
  A64: Float64Array;
  B64: Float64Array;
  /** a = sym(3), b = sym(4), 10M. */
  a: Float32Array;
  b: Float32Array;
  /** S = 4 * sym(5), 1000 x 1000. */
  S: Float32Array;
}

/** Builds the tensor datasets (about 0.3 s). */
export function tensorWorkloads(): TensorWorkloads {
  const n2 = GEMM_N * GEMM_N;
  return {
    A: sym(1, n2, Float32Array),
    B: sym(2, n2, Float32Array),
    A64: sym(1, n2, Float64Array),
    B64: sym(2, n2, Float64Array),
    a: sym(3, STREAM_N, Float32Array),
    b: sym(4, STREAM_N, Float32Array),
    S: sym(5, SOFTMAX_N * SOFTMAX_N, Float32Array, 4),
  };
}

/**
 * A workload's row count at a scale (--scale 0.1 for quick checks), at least 1: truncated as rows() in
 * bench/_python/workloads.py, so both sides build the same prefix of the same formula.
 * @param n - the full-size row count
 * @param scale - the factor
 * @returns the scaled row count
 */
export function rows(n: number, scale: number): number {
  return Math.max(1, Math.trunc(n * scale));
}

/** A data set split into training rows and held-out rows, with int32 class labels. */
export interface LabelledSplit {
  train: Float64Array;
  trainLabels: Int32Array;
  test: Float64Array;
  testLabels: Int32Array;
}

/**
 * The kNN workload (n = 22000, d = 32, 4 classes): the first 20000 rows are the training set, the last 2000 the
 * queries. X_ij = C[lab_i, j] + normal4(50)[i*d + j], one f64 add, as the spec states.
 * @param scale - row-count factor (default 1)
 * @returns queries (2000 x 32) and train (20000 x 32), f64 row-major, and their labels
 */
export function knnWorkload(scale = 1): { queries: Float64Array; train: Float64Array; queryLabels: Int32Array; trainLabels: Int32Array } {
  const { d } = KNN;
  const nTrain = rows(KNN.train, scale);
  const n = nTrain + rows(KNN.queries, scale);
  const centers = normal4(51, 4 * d).map((v) => 0.5 * v);
  const label = Int32Array.from(uniform(52, n), (u) => Math.floor(4 * u));
  const noise = normal4(50, n * d);
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = label[i] * d;
    for (let j = 0; j < d; j++) X[i * d + j] = centers[c + j] + noise[i * d + j];
  }
  return {
    train: X.subarray(0, nTrain * d), queries: X.subarray(nTrain * d),
    trainLabels: label.subarray(0, nTrain), queryLabels: label.subarray(nTrain),
  };
}

/** A data matrix with its shape. */
export interface Matrix {
  X: Float64Array;
  n: number;
  d: number;
}

/** sum_j X[i, j] * w[j] per row, accumulated j = 0..d-1 in order from 0.0 (one multiply and one add per step). */
function linearSum({ X, n, d }: Matrix, w: Float64Array): Float64Array {
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < d; j++) acc = acc + X[i * d + j] * w[j];
    s[i] = acc;
  }
  return s;
}

/**
 * reg (n = 1e6, d = 50, f64): X = sym(10), y = X.w (in order) + 0.1 * sym(12, n), w = sym(11, d).
 * @param scale - row-count factor
 * @returns X (n x d) and y
 */
export function regWorkload(scale = 1): Matrix & { y: Float64Array } {
  const n = rows(1_000_000, scale), d = 50;
  const m = { X: sym(10, n * d, Float64Array), n, d };
  const noise = sym(12, m.n, Float64Array);
  return { ...m, y: linearSum(m, sym(11, m.d, Float64Array)).map((s, i) => s + 0.1 * noise[i]) };
}

/**
 * logit (n = 1e5, d = 50): X = sym(20), y = 1 if X.w + 0.5 * sym(22, n) > 0 else 0, w = sym(21, d).
 * @param scale - row-count factor
 * @returns X (n x d) and the int32 labels
 */
export function logitWorkload(scale = 1): Matrix & { y: Int32Array } {
  const n = rows(100_000, scale), d = 50;
  const m = { X: sym(20, n * d, Float64Array), n, d };
  const noise = sym(22, n, Float64Array);
  const s = linearSum(m, sym(21, d, Float64Array));
  return { ...m, y: Int32Array.from(s, (v, i) => (v + 0.5 * noise[i] > 0 ? 1 : 0)) };
}

/** Clusters of the kmeans workload. */
export const KMEANS_K = 8;

/**
 * kmeans (n = 2e5, d = 16, k = 8): X_ij = C[lab_i, j] + normal4(32)[i*d + j], C = sym(30, 8*16),
 * lab = floor(8 * uniform(31)).
 * @param scale - row-count factor
 * @returns X (n x d)
 */
export function kmeansWorkload(scale = 1): Matrix {
  const n = rows(200_000, scale), d = 16;
  const centers = sym(30, KMEANS_K * d, Float64Array);
  const label = uniform(31, n);
  const noise = normal4(32, n * d);
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(KMEANS_K * label[i]) * d;
    for (let j = 0; j < d; j++) X[i * d + j] = centers[c + j] + noise[i * d + j];
  }
  return { X, n, d };
}

/**
 * tab (n = 60000, the first 50000 train, d = 20): X = normal4(40), e = normal4(41, n),
 * s = ((((X0*X1) + X2) - 0.5*(X3*X3)) + 0.5*X4) + 0.3*e, y = 1 if s > 0 else 0.
 * @param scale - row-count factor
 * @returns the train / test split (test = the rows after the training rows)
 */
export function tabWorkload(scale = 1): LabelledSplit {
  const n = rows(60_000, scale), nTrain = rows(50_000, scale), d = 20;
  const X = normal4(40, n * d);
  const e = normal4(41, n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = (j: number) => X[i * d + j];
    let s = x(0) * x(1);
    s = s + x(2);
    s = s - 0.5 * (x(3) * x(3));
    s = s + 0.5 * x(4);
    s = s + 0.3 * e[i];
    y[i] = s > 0 ? 1 : 0;
  }
  return { train: X.subarray(0, nTrain * d), trainLabels: y.subarray(0, nTrain), test: X.subarray(nTrain * d), testLabels: y.subarray(nTrain) };
}

/**
 * pca (n = 1e5, d = 100, rank 10 plus noise): X = sum_k Z[:, k] outer W[k, :] (k in order, from 0.0)
 * + 0.1 * normal4(62, n*d), with Z = normal4(60, n*10) and W = sym(61, 10*100).
 * @param scale - row-count factor
 * @returns X (n x d)
 */
export function pcaWorkload(scale = 1): Matrix {
  const n = rows(100_000, scale), d = 100, r = 10;
  const Z = normal4(60, n * r);
  const W = sym(61, r * d, Float64Array);
  const X = normal4(62, n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      let x = 0;
      for (let k = 0; k < r; k++) x = x + Z[i * r + k] * W[k * d + j];
      X[i * d + j] = x + 0.1 * X[i * d + j];
    }
  }
  return { X, n, d };
}

/** The ML data sets of a bench run (each built only when a case needs it). */
export interface MlWorkloads {
  reg?: Matrix & { y: Float64Array };
  logit?: Matrix & { y: Int32Array };
  kmeans?: Matrix;
  knn?: ReturnType<typeof knnWorkload>;
  pca?: Matrix;
  tab?: LabelledSplit;
}

/** WORKLOADS.md's graph: nodes, and the directed edge list after dropping self-loops and repeated pairs. */
export interface GraphWorkload {
  n: number;
  src: Int32Array;
  dst: Int32Array;
}

/**
 * WORKLOADS.md's graph (n = 100000, m0 = 1000000 candidate edges): src_e = floor(n uniform(70)_e), dst_e = floor(n
 * uniform(71)_e); self-loops dropped, then repeated (src, dst) pairs, keeping the first; edge order kept. Directed.
 * @param scale - fraction of n and m0 (quick checks only)
 * @returns the edge list
 */
export function graphWorkload(scale = 1): GraphWorkload {
  const n = Math.round(100_000 * scale), m0 = Math.round(1_000_000 * scale);
  const us = uniform(70, m0), ud = uniform(71, m0);
  const seen = new Set<number>();
  const src: number[] = [], dst: number[] = [];
  for (let e = 0; e < m0; e++) {
    const s = Math.floor(n * us[e]), d = Math.floor(n * ud[e]);
    if (s === d) continue;
    const k = s * n + d;
    if (seen.has(k)) continue;
    seen.add(k);
    src.push(s);
    dst.push(d);
  }
  return { n, src: Int32Array.from(src), dst: Int32Array.from(dst) };
}
