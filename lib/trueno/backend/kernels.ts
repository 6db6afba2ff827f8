/**
 * The kernel set every backend implements, one signature per kernel name. Arguments are already validated by the
 * ops layer: contiguous TypedArrays of matching dtype and length. Op codes, kernel names and which ops take integer
 * dtypes come from native/core/include/trueno_ops.def through the generated ops.generated.ts.
 */
import type { FloatArray, NumericArray } from '../dtype';
import { AggCode, ASYNC_KERNELS, CmpCode, ISA_NAMES, KERNELS } from './ops.generated';

export {
  ASYNC_KERNELS, BinaryOp, DTypeCode, INDEX_REDUCE_OPS, INT_BINARY_OPS, INT_REDUCE_OPS, ISA_NAMES, KERNELS, ReduceOp,
  UnaryOp,
  type BinaryOpName, type ReduceOpName, type UnaryOpName,
} from './ops.generated';

/** Instruction-set level a backend runs its kernels at. */
export type IsaName = (typeof ISA_NAMES)[number];

/** The synchronous kernels, by name. */
export interface SyncKernels {
  /** Float dtypes for every op; int32/int64/uint8 for the INT_BINARY_OPS (wrapping). */
  binary(op: number, a: NumericArray, b: NumericArray, out: NumericArray): void;
  /** s must be exactly representable in a's dtype when that is an integer dtype. */
  binaryScalar(op: number, a: NumericArray, s: number, out: NumericArray, reverse: number): void;
  binaryRows(op: number, a: NumericArray, row: NumericArray, out: NumericArray, rows: number, cols: number): void;
  axpy(alpha: number, x: FloatArray, y: FloatArray): void;
  /** Any dtype; value must be exactly representable in it (bool: 0 or 1). */
  fill(out: NumericArray, value: number): void;
  copy(x: NumericArray, out: NumericArray): void;
  /**
   * Any dtype to any dtype; from/to are DTypeCode values (explicit: a Uint8Array holds uint8 or bool). Float ->
   * integer truncates and saturates (NaN -> 0), integer -> narrower integer wraps, -> bool is x != 0.
   */
  cast(x: NumericArray, out: NumericArray, from: number, to: number): void;
  unary(op: number, x: FloatArray, out: FloatArray): void;
  clip(x: FloatArray, out: FloatArray, lo: number, hi: number): void;
  /** Value reductions return the value; argmin/argmax return the index. */
  reduce(op: number, x: FloatArray, ddof: number): number;
  /**
   * out is Int32Array for argmin/argmax; else x's type for float input, and for integer/bool input (INT_REDUCE_OPS
   * only) BigInt64Array for sum and x's type for min/max.
   */
  reduceAxis(op: number, x: NumericArray, outer: number, len: number, inner: number, ddof: number, out: NumericArray): void;
  dot(a: FloatArray, b: FloatArray): number;
  gemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number, a: FloatArray, lda: number,
    b: FloatArray, ldb: number, beta: number, c: FloatArray, ldc: number): void;
  matvec(trans: number, rows: number, cols: number, a: FloatArray, x: FloatArray, y: FloatArray): void;
  transpose(rows: number, cols: number, x: FloatArray, out: FloatArray): void;
  outer(a: FloatArray, b: FloatArray, out: FloatArray): void;
  softmaxRows(rows: number, cols: number, x: FloatArray, out: FloatArray, log: number): void;
  pdist2(n: number, m: number, d: number, x: FloatArray, y: FloatArray, out: FloatArray): void;
  /**
   * out[v] = count of x[i] == v (out BigInt64Array), or the sum of weights[i] over them (weighted 1, out Float64Array);
   * x holds integers in [0, out.length); weights is ignored (may be empty) when weighted is 0.
   */
  bincount(x: Int32Array | BigInt64Array | Uint8Array, weights: Float64Array, out: BigInt64Array | Float64Array, weighted: number): void;
  /**
   * k nearest rows of x (n x d) to each row of q (nq x d) by metric (NeighborMetric codes; p for minkowski): idx and
   * dist (nq x k) ascending by (distance, index); euclidean by scikit-learn's expansion. trueno_knn_brute in trueno.h.
   */
  knnBrute(metric: number, p: number, nq: number, n: number, d: number, q: Float64Array, x: Float64Array, k: number,
    idx: Int32Array, dist: Float64Array): void;
  /** counts[i] = rows of x within radius (<=) of row i of q. */
  radiusCount(metric: number, p: number, nq: number, n: number, d: number, q: Float64Array, x: Float64Array,
    radius: number, counts: BigInt64Array): void;
  /** The neighbours of query i in idx/dist[offsets[i], offsets[i + 1]), by index, or by (distance, index) when sort is 1. */
  radiusFill(metric: number, p: number, nq: number, n: number, d: number, q: Float64Array, x: Float64Array,
    radius: number, offsets: BigInt64Array, sort: number, idx: Int32Array, dist: Float64Array): void;
  /** Builds the KD-tree array of x (length kdtreeLength(n, d, leafSize)); layout in trueno.h. */
  kdtreeBuild(n: number, d: number, x: Float64Array, leafSize: number, tree: Float64Array): void;
  /** knnBrute over a KD-tree of x (euclidean summed directly). */
  kdtreeKnn(metric: number, p: number, nq: number, n: number, d: number, q: Float64Array, x: Float64Array,
    leafSize: number, tree: Float64Array, k: number, idx: Int32Array, dist: Float64Array): void;
  /** radiusCount over a KD-tree of x. */
  kdtreeRadiusCount(metric: number, p: number, nq: number, n: number, d: number, q: Float64Array, x: Float64Array,
    leafSize: number, tree: Float64Array, radius: number, counts: BigInt64Array): void;
  /** radiusFill over a KD-tree of x. */
  kdtreeRadiusFill(metric: number, p: number, nq: number, n: number, d: number, q: Float64Array, x: Float64Array,
    leafSize: number, tree: Float64Array, radius: number, offsets: BigInt64Array, sort: number, idx: Int32Array,
    dist: Float64Array): void;
  /**
   * Per class j < c of labels y: out[j (1 + 2d) ..] = weight sum, d weighted means, d weighted biased variances
   * (w ignored, may be empty, when weighted is 0).
   */
  classMoments(n: number, d: number, c: number, x: Float64Array, y: Int32Array, w: Float64Array, weighted: number,
    out: Float64Array): void;
  /** GaussianNB joint log-likelihood: out (n x c) from x (n x d), theta and var (c x d), logPrior (c). */
  gaussianNbJll(n: number, d: number, c: number, x: Float64Array, theta: Float64Array, variance: Float64Array,
    logPrior: Float64Array, out: Float64Array): void;
  /**
   * One Lloyd iteration of k-means (x n x d, centers k x d, same float dtype): labels (nearest center), per-cluster
   * weighted sums (k x d) and weight totals (k); returns the weighted inertia. weights (n) is read when weighted is 1.
   */
  kmeansLloyd(n: number, d: number, k: number, x: FloatArray, weights: Float64Array, weighted: number, centers: FloatArray,
    labels: Int32Array, sums: Float64Array, counts: Float64Array): number;
  /**
   * One Elkan iteration: as kmeansLloyd, with Euclidean bounds upper (n) and lower (n x k) and labels carried between
   * calls; init 1 builds them, else shifts (k, how far each center moved) loosen them first.
   */
  kmeansElkan(n: number, d: number, k: number, x: FloatArray, weights: Float64Array, weighted: number, centers: FloatArray,
    shifts: Float64Array, init: number, labels: Int32Array, upper: Float64Array, lower: Float64Array, sums: Float64Array,
    counts: Float64Array): number;
  /**
   * One greedy k-means++ step: pots[c] = sum_i w_i min(closest_i, ||x_i - x_candidates[c]||^2); returns the position of
   * the smallest (first on ties) and lowers closest to that candidate's squared distances.
   */
  kmeansPpStep(n: number, d: number, x: FloatArray, weights: Float64Array, weighted: number, candidates: Int32Array,
    closest: Float64Array, pots: Float64Array): number;
  /** Agglomerative clustering into out ((n - 1) x 4, scipy's linkage matrix); metric and method codes of trueno.h. */
  linkage(n: number, d: number, x: FloatArray, metric: number, method: number, out: Float64Array): void;
  /**
   * Elastic-net coordinate descent (trueno_enet_cd): xt is X transposed (p rows of n), state = [w (p), gap, tol * y.y,
   * sweeps], w read as the start and written back.
   */
  enetCd(n: number, p: number, xt: Float64Array, y: Float64Array, alpha: number, beta: number, maxIter: number,
    tol: number, positive: number, random: number, seed: number, screening: number, state: Float64Array): void;
  /** Logistic loss and gradient (trueno_logistic_grad): out = [sum of weighted losses, gradient (coef's size)]; sw may be empty. */
  logisticGrad(n: number, p: number, k: number, x: Float64Array, y: Float64Array, sw: Float64Array, coef: Float64Array,
    fitIntercept: number, out: Float64Array): void;
  /** Hessian of the logistic loss at coef times s (trueno_logistic_hessp), into out (coef's size). */
  logisticHessp(n: number, p: number, k: number, x: Float64Array, sw: Float64Array, coef: Float64Array,
    fitIntercept: number, s: Float64Array, out: Float64Array): void;
  /** One SAG/SAGA epoch over the samples `order` (trueno_saga_epoch); params and state laid out as trueno.h says. */
  sagaEpoch(n: number, p: number, k: number, x: Float64Array, y: Float64Array, sw: Float64Array, order: Int32Array,
    params: Float64Array, state: Float64Array): void;
  /** One plain-SGD epoch over the samples `order` (trueno_sgd_epoch); params and state laid out as trueno.h says. */
  sgdEpoch(n: number, p: number, x: Float64Array, y: Float64Array, sw: Float64Array, order: Int32Array,
    params: Float64Array, state: Float64Array): void;
  /** Linear SVM dual coordinate descent (trueno_svm_dual_cd): state = [w (p), w_b, sweeps]. */
  svmDualCd(n: number, p: number, x: Float64Array, y: Float64Array, c: Float64Array, bias: number, l1Loss: number,
    maxIter: number, tol: number, seed: number, state: Float64Array): void;
  /*
   * The linear algebra kernels with several results write them one after another into one float64 `out` (the op
   * layer hands out views of the pieces); a convergence report is out[0] (0 = converged).
   */
  /**
   * out = [gram (d x d) = Zx^T Zx, xty (d x t) = Zx^T Zy, the d + t column sums of [Zx | Zy]] for Zx = X - xShift,
   * Zy = Y - yShift (row-wise), X n x d with rows ldx apart in x, Y n x t with rows ldy apart in y (x and y of one
   * dtype); an empty shift subtracts nothing.
   */
  gram(n: number, d: number, x: FloatArray, ldx: number, xShift: Float64Array, t: number, y: FloatArray, ldy: number,
    yShift: Float64Array, out: Float64Array): void;
  /** l (n x n) = the lower Cholesky factor of a (lower triangle read); returns 0, or k + 1 when minor k + 1 is not PD. */
  cholesky(n: number, a: Float64Array, l: Float64Array): number;
  /** x (n x nrhs) = (l l^T)^-1 b; l has a nonzero finite diagonal; x may be b. */
  choleskySolve(n: number, nrhs: number, l: Float64Array, b: Float64Array, x: Float64Array): void;
  /** Thin QR of a (m x n): out = [q (m x k), r (k x n)], k = min(m, n), LAPACK's signs. */
  qr(m: number, n: number, a: Float64Array, out: Float64Array): void;
  /** a (n x n, lower triangle read, finite) = v diag(w) v^T, w ascending: out = [info, w (n), v (n x n)]. */
  eigh(n: number, a: Float64Array, out: Float64Array): void;
  /** a (m x n, finite) = u diag(s) vt, thin, s descending, svd_flip signs: out = [info, u (m x k), s (k), vt (k x n)]. */
  svd(m: number, n: number, a: Float64Array, out: Float64Array): void;
  /**
   * Sum over the flat trees of trueno.h (trees = roots.length, nodes = feature.length): out (n x k) +=
   * treeWeights[t] * values[leaf_t(x_i)] for each row of x (n x d), trees added in order.
   */
  forestPredict(n: number, d: number, x: FloatArray, roots: Int32Array, feature: Int32Array, threshold: Float64Array,
    children: Int32Array, flags: Uint8Array, catBits: Int32Array, k: number, values: Float64Array,
    treeWeights: Float64Array, out: Float64Array): void;
  /**
   * Packs the flat trees once (trueno_forest_pack): after the layout check, tree t breadth-first from slot
   * packedRoots[t], 16 bytes a slot in packed (threshold, then feature and left as int32), origin[slot] its node
   * (-1 for a pad); returns the slots used (each tree its nodes plus one; packed holds 2 x origin.length doubles).
   */
  forestPack(d: number, roots: Int32Array, feature: Int32Array, threshold: Float64Array, children: Int32Array,
    flags: Uint8Array, catBits: Int32Array, packed: Float64Array, origin: Int32Array, packedRoots: Int32Array): number;
  /**
   * forestPredict over trees packed by forestPack (nodes = flags.length): the same sums in the same order, each
   * visited slot checked instead of the whole layout.
   */
  forestPredictPacked(n: number, d: number, x: FloatArray, packedRoots: Int32Array, packed: Float64Array,
    origin: Int32Array, flags: Uint8Array, catBits: Int32Array, k: number, values: Float64Array,
    treeWeights: Float64Array, out: Float64Array): void;
  /** The leaf each row of x reaches in each flat tree: out (n x trees) = node index within the tree. */
  forestApply(n: number, d: number, x: FloatArray, roots: Int32Array, feature: Int32Array, threshold: Float64Array,
    children: Int32Array, flags: Uint8Array, catBits: Int32Array, out: Int32Array): void;
  /**
   * Grows seeds.length CART trees (trueno_tree_grow): xt (d x n) is X transposed, y n class codes (gini, entropy) or
   * n x k targets, weights (trees x n) per-tree sample weights, params the TRUENO_TREE_* settings; tree t's node
   * records (capacity x 7) and values (capacity x k) go to its slots of nodes / values, its node count to nodeCount[t].
   */
  treeGrow(n: number, d: number, k: number, xt: Float32Array, y: Float64Array, weights: Float64Array,
    seeds: Float64Array, params: Float64Array, capacity: number, nodes: Float64Array, values: Float64Array,
    nodeCount: Int32Array): void;
  /**
   * Bins of the histogram booster: binned (d x n) = feature f's bin of x[i, f] (n x d): the count of its sorted
   * thresholds[offsets[f] .. offsets[f + 1]) below the value, or for a categorical feature the index of the equal
   * threshold; NaN and unknown categories -> missingBin.
   */
  histBin(n: number, d: number, x: Float64Array, thresholds: Float64Array, offsets: Int32Array, categorical: Uint8Array,
    missingBin: number, binned: Uint8Array): void;
  /**
   * One tree of the histogram booster (trueno.h trueno_hgb_grow): leaf-wise on the binned d x n data with the n
   * gradients and hessians (one hessian when params says constant); writes the flat tree (capacity = feature.length,
   * thresholds as bins, a categorical node i's bitset at catBits[8 i ..]), adds each sample's leaf value to raw and
   * returns the node count.
   */
  hgbGrow(n: number, d: number, binned: Uint8Array, gradients: Float64Array, hessians: Float64Array, nBins: Int32Array,
    hasMissing: Uint8Array, categorical: Uint8Array, params: Float64Array, feature: Int32Array, threshold: Float64Array,
    children: Int32Array, flags: Uint8Array, catBits: Int32Array, values: Float64Array, raw: Float64Array): number;
  /**
   * Bin thresholds of the histogram booster's numerical features (trueno.h trueno_hist_thresholds): from the rows
   * rowIdx (all n when empty) of x (n x d), NaN and zero weights left out, midpoints of distinct values or weighted
   * averaged-inverted-cdf percentiles; feature f's go to thresholds[f (maxBins - 1) ..], their count to counts[f].
   */
  histThresholds(n: number, d: number, x: Float64Array, rowIdx: Int32Array, weights: Float64Array, skip: Uint8Array,
    maxBins: number, thresholds: Float64Array, counts: Int32Array): void;
  /*
   * The indexing and comparison kernels behind the Tensor API (trueno.h "indexing"): any dtype; an outer x len x inner
   * layout names an axis of length len with `outer` elements before it and `inner` after (row-major).
   */
  /**
   * out[i] = a[i] op b[i] as 0/1 (CompareOp codes), with b[0] for every i when b has length 1; a and b of one dtype.
   * IEEE comparisons (numpy's): NaN is unequal to everything, itself included, and -0 equals +0.
   */
  compare(op: number, a: NumericArray, b: NumericArray, out: Uint8Array): void;
  /** out[i] = cond[i] ? a[i] : b[i]; a, b and out of one dtype, all of cond's length. */
  where(cond: Uint8Array, a: NumericArray, b: NumericArray, out: NumericArray): void;
  /** Take along an axis: out (outer x idx.length x inner) [o, j, i] = x[o, idx[j], i]; every idx in [0, len). */
  gather(x: NumericArray, outer: number, len: number, inner: number, idx: Int32Array, out: NumericArray): void;
  /**
   * Places blocks: out[o * stride + offset + j] = x[o * block + j] for o < outer, j < block (x of outer * block
   * elements, out of outer * stride, offset + block <= stride): one operand of a concatenation.
   */
  copyBlocks(x: NumericArray, outer: number, block: number, out: NumericArray, stride: number, offset: number): void;
  /**
   * Cumulative sum along the axis: float x into its own dtype, added in order in that dtype (numpy's cumsum); integer
   * and bool x into a BigInt64Array (wrapping).
   */
  cumsum(x: NumericArray, outer: number, len: number, inner: number, out: NumericArray): void;
  /** Stable ascending argsort along the axis (NaN last, -0 equal to +0: numpy's kind='stable') into out (x's size). */
  argsort(x: NumericArray, outer: number, len: number, inner: number, out: Int32Array): void;
  /*
   * The columnar kernels of trueno-db (trueno.h "columnar"): an optional array is absent when its length is 0; NaN
   * equals NaN and is greater than every number, -0 equals +0; op codes in ColumnarCmp / ColumnarAgg.
   */
  /**
   * mask[i] = x[i] op value (ColumnarCmp; or mask[i] &= that when `and` is 1), 0 where valid[i] is 0. Integer columns
   * compare exactly.
   */
  filterCompare(n: number, x: ColumnValues, op: number, value: number, valid: Uint8Array, and: number, mask: Uint8Array): void;
  /**
   * One pass of grouped aggregation: group g = groups[i] - base (groups empty: group 0); a row counts when mask, valid
   * and `pred[i] predOp predValue` pass (each empty: passes). count[g] += rows counted; acc[g] = sum / min / max / m2
   * (ColumnarAgg, m2 around mean[g]) of x over them (acc or x empty: count only; BigInt64Array for sums of integer
   * x, and optionally for exact min / max of integer x).
   */
  groupAggregate(n: number, groups: Int32Array, base: number, nGroups: number, x: ColumnValues, valid: Uint8Array,
    mask: Uint8Array, pred: ColumnValues, predOp: number, predValue: number, op: number, mean: Float64Array,
    count: Float64Array, acc: Float64Array | BigInt64Array): void;
  /**
   * Groups n rows by m float64 keys (column-major): groups[i] in order of first occurrence, firstRow[g] the first row
   * of group g; returns the group count.
   */
  hashGroup(n: number, m: number, keys: Float64Array, groups: Int32Array, firstRow: Int32Array): number;
  /**
   * Equi-join on m float64 keys: the (build, probe) row pairs ordered by probe row then build row, the first
   * `capacity` of them into outBuild / outProbe; returns the total pair count. Rows whose valid is 0 never match.
   */
  hashJoin(nb: number, m: number, buildKeys: Float64Array, buildValid: Uint8Array, np: number, probeKeys: Float64Array,
    probeValid: Uint8Array, capacity: number, outBuild: Int32Array, outProbe: Int32Array): number;
  /**
   * The first k rows of ORDER BY x [DESC] NULLS FIRST|LAST (ties by row) into out; returns min(k, n).
   */
  topK(n: number, x: Float64Array, valid: Uint8Array, k: number, descending: number, nullsFirst: number, out: Int32Array): number;
  /** Stable argsort of n rows by m float64 keys (column-major; key j descending when descending[j] is 1) into out. */
  sortIndices(n: number, m: number, keys: Float64Array, descending: Uint8Array, out: Int32Array): void;
  /**
   * One side of a CSR from m edges from[e] -> to[e] (each also reversed when symmetric is 1), sorted by node, then
   * neighbour, then entry order; weights (m, or empty for none) copied to weightsOut per entry. trueno_graph_csr.
   */
  graphCsr(n: number, from: Int32Array, to: Int32Array, weights: Float64Array, symmetric: number, offsets: Int32Array,
    neighbours: Int32Array, edgeIds: Int32Array, weightsOut: Float64Array): void;
  /** BFS over CSR 1 (and CSR 2 unless its arrays are empty); returns how many nodes `order` received. trueno_graph_bfs. */
  graphBfs(n: number, offsets1: Int32Array, neighbours1: Int32Array, offsets2: Int32Array, neighbours2: Int32Array,
    sources: Int32Array, maxDepth: number, distances: Int32Array, parents: Int32Array, order: Int32Array): number;
  /** Dijkstra over weighted CSR 1 (and 2 unless empty); target -1 for all nodes. trueno_graph_dijkstra. */
  graphDijkstra(n: number, offsets1: Int32Array, neighbours1: Int32Array, weights1: Float64Array, offsets2: Int32Array,
    neighbours2: Int32Array, weights2: Float64Array, source: number, target: number, distances: Float64Array, parents: Int32Array): void;
  /** PageRank over the in-CSR; returns the iterations run (negated when tol was not reached). trueno_graph_pagerank. */
  graphPagerank(n: number, inOffsets: Int32Array, inSources: Int32Array, inWeights: Float64Array, damping: number,
    personalization: Float64Array, tol: number, maxIter: number, rank: Float64Array): number;
  /** Weakly connected components; returns the count (labels by smallest node). trueno_graph_wcc. */
  graphWcc(n: number, offsets: Int32Array, neighbours: Int32Array, labels: Int32Array, sizes: Int32Array): number;
  /** Strongly connected components of the out-CSR; returns the count. trueno_graph_scc. */
  graphScc(n: number, offsets: Int32Array, neighbours: Int32Array, labels: Int32Array, sizes: Int32Array): number;
  /** Iterative DFS over CSR 1 (and 2 unless empty); returns how many nodes `order` received. trueno_graph_dfs. */
  graphDfs(n: number, offsets1: Int32Array, neighbours1: Int32Array, offsets2: Int32Array, neighbours2: Int32Array, source: number,
    order: Int32Array, parents: Int32Array, discovery: Int32Array, finish: Int32Array): number;
  /** Unscaled Brandes betweenness from the given sources (weights empty: hops). trueno_graph_betweenness. */
  graphBetweenness(n: number, offsets: Int32Array, neighbours: Int32Array, weights: Float64Array, sources: Int32Array, out: Float64Array): void;
  /** Triangles and simple degrees of the undirected graph under CSR 1 (and 2 unless empty); returns the total. trueno_graph_triangles. */
  graphTriangles(n: number, offsets1: Int32Array, neighbours1: Int32Array, offsets2: Int32Array, neighbours2: Int32Array,
    triangles: Int32Array, degrees: Int32Array): number;
  /**
   * Louvain communities of a symmetric adjacency (weights: one per entry, or empty for 1): `trials` seeded trials of
   * local moving, aggregation and refinement, the best kept; labels by first appearance; maxLevels -1 for no limit.
   * Returns the modularity. trueno_graph_louvain.
   */
  graphLouvain(n: number, offsets: Int32Array, neighbours: Int32Array, weights: Float64Array, resolution: number, seed: number,
    maxLevels: number, trials: number, labels: Int32Array): number;
  /** Kruskal's minimum spanning forest of m edges (weights m, or empty for 1); returns how many ids edgeIds (m) received. trueno_graph_mst. */
  graphMst(n: number, from: Int32Array, to: Int32Array, weights: Float64Array, edgeIds: Int32Array): number;
  /**
   * Kahn's topological order (smallest ready node first) into order; returns how many nodes it placed: fewer than n
   * means a cycle, written after them (then -1s). trueno_graph_toposort.
   */
  graphToposort(n: number, outOffsets: Int32Array, outTargets: Int32Array, inOffsets: Int32Array, inSources: Int32Array,
    order: Int32Array): number;
  /**
   * Plain numeric CSV text into typed columns (trueno.h: trueno_csv_numeric): column c (types[c], a dtype code of
   * float64, float32, int64 or int32) packed from byte c * capacity * 8 of out; result = [rows, bytes used], or [-1, 0]
   * when the text is not plain numeric CSV (the caller parses it another way).
   */
  csvNumeric(bytes: Uint8Array, delimiter: number, final: number, types: Int32Array, capacity: number, out: Uint8Array,
    result: Float64Array): void;
  /**
   * The rows of a JSON array of arrays of numbers into out, row-major (trueno.h: trueno_json_rows): bytes start at the
   * array's '['; each value the double JSON.parse gives; the first out.length values are written. result = [rows,
   * width, bytes used, values], or [-1, row, column, byte] when the text is anything else or a row past maxRows (the
   * caller parses it another way).
   */
  jsonRows(bytes: Uint8Array, maxRows: number, out: Float64Array, result: Float64Array): void;
  /**
   * Numeric columns as CSV rows (trueno.h: trueno_csv_format): column c (types[c], a dtype code of float64, float32,
   * int64 or int32) packed from byte c * rows * 8 of columns; each field the text String(value) gives, or nullText
   * where valid (empty, or columns x rows bytes, column-major) holds 0; fields joined by delimiter, rows ended by LF.
   * out holds at least rows x csvFormatRowBound(...) bytes; result = [bytes written].
   */
  csvFormat(columns: Uint8Array, types: Int32Array, rows: number, valid: Uint8Array, delimiter: number, nullText: Uint8Array,
    out: Uint8Array, result: Float64Array): void;
}

/** A column the columnar kernels read (float64, float32, int32 or int64). */
export type ColumnValues = Float64Array | Float32Array | Int32Array | BigInt64Array;

/** Comparison op codes of filterCompare / groupAggregate's predicate and of compare (TRUENO_CMP_* in trueno_ops.def). */
export const ColumnarCmp = { eq: CmpCode.EQ, ne: CmpCode.NE, lt: CmpCode.LT, le: CmpCode.LE, gt: CmpCode.GT, ge: CmpCode.GE } as const;
/** The comparison op codes of the compare kernel (the same TRUENO_CMP_* codes). */
export const CompareOp = ColumnarCmp;
/** Aggregate op codes of groupAggregate (TRUENO_AGG_* in trueno_ops.def). */
export const ColumnarAgg = { sum: AggCode.SUM, min: AggCode.MIN, max: AggCode.MAX, m2: AggCode.M2 } as const;

export type AsyncKernelName = (typeof ASYNC_KERNELS)[number];
export type AsyncKernels = {
  [K in AsyncKernelName as `${K}Async`]: (...args: Parameters<SyncKernels[K]>) => Promise<ReturnType<SyncKernels[K]>>;
};

export type Kernels = SyncKernels & AsyncKernels;
export type KernelName = keyof Kernels;

/** Every kernel name, the `...Async` forms included. */
export const KERNEL_NAMES: readonly KernelName[] = [
  ...KERNELS.map((k) => k.name), ...ASYNC_KERNELS.map((name) => `${name}Async` as const),
];

/** Runtime controls a backend offers (ISA level and threads). */
export interface BackendControls {
  /** The ISA level kernels run at now. */
  isa(): IsaName;
  /** The best level this machine supports for this backend. */
  detectedIsa(): IsaName;
  /** Forces a level at or below the detected one. */
  setIsa(isa: IsaName): void;
  threads(): number;
  setThreads(n: number): void;
  version: string;
}
