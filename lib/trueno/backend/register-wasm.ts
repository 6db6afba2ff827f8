/**
 * The WASM backend: the core compiled to wasm32 (prebuilds/wasm, built by scripts/build-wasm.js). The module has its
 * own linear memory, so each call copies its inputs into one reusable scratch region, runs the kernel and copies the
 * outputs back (one memcpy each way, no allocation once the region is big enough). Single-threaded; the `...Async`
 * forms settle a Promise on this thread.
 */
import { dtypeOf, type NumericArray } from '../dtype';
import { rangeError, TruenoError } from '../errors';
import { DTypeCode, INDEX_REDUCE_OPS, ISA_NAMES, KERNELS, ReduceOp, type IsaName, type SyncKernels } from './kernels';
import { NODE_FIELD_COUNT, STATUS_ERROR_CODES, StatusCode, TREE_PARAM_COUNT } from './ops.generated';
import { withAsyncOnThisThread } from './register-js';
import { aggregatesValues, checkColumnar } from './reference-columnar';
import { checkCsvNumeric } from './reference-csv';
import { checkJsonRows } from './reference-json-rows';
import { checkCsvFormat, csvFormatRowBound } from './reference-csv-format';
import { checkForestArgs } from './reference-forest';
import { checkIndexing } from './reference-tensor';
import { registerBackend } from './registry';
import { graphWasmKernels } from './wasm-graph';
import { graphAnalysisWasmKernels } from './wasm-graph-analysis';
import { graphStructureWasmKernels } from './wasm-graph-structure';

type WasmFn = (...args: number[]) => number;
interface CoreExports {
  memory: WebAssembly.Memory;
  malloc(bytes: number): number;
  free(ptr: number): void;
  _initialize?: () => void;
  [name: string]: unknown;
}

const STATUS_CODES: readonly string[] = STATUS_ERROR_CODES;
const ALIGN = 64;
const WASM_ADDRESSABLE = 2 ** 32;

type Mode = 'in' | 'out' | 'inout';
type ArgArray = NumericArray;

/** A wasm instance of the core with a grow-only scratch region for call arguments. */
export class WasmCore {
  private readonly core: CoreExports;
  /** What malloc returned (what free needs) and the ALIGN-aligned start used for arguments. */
  private allocation = 0;
  private scratch = 0;
  private capacity = 0;

  constructor(module: WebAssembly.Module) {
    this.core = new WebAssembly.Instance(module, {}).exports as unknown as CoreExports;
    this.core._initialize?.();
  }

  fn(name: string): WasmFn {
    const f = this.core[`trueno_${name}`];
    if (typeof f !== 'function') throw new Error(`the WASM module does not export trueno_${name}`);
    return f as WasmFn;
  }

  /** Whether the module exports trueno_<name> (an older build may lack a newer kernel). */
  has(name: string): boolean {
    return typeof this.core[`trueno_${name}`] === 'function';
  }

  /** Throws a TruenoError for a non-zero status. */
  check(status: number, kernel: string): void {
    if (status !== StatusCode.OK) {
      throw new TruenoError(`the WASM core rejected ${kernel} (status ${status})`, STATUS_CODES[status] ?? 'ERR_TRUENO_STATUS');
    }
  }

  /**
   * Lays `arrays` out in scratch memory (copying 'in' and 'inout' ones), plus `extraBytes` for results, calls
   * `run` with their addresses and the extra region's, then copies 'out' and 'inout' arrays back.
   */
  call<T>(arrays: Array<[ArgArray, Mode]>, extraBytes: number, run: (ptrs: number[], extra: number) => T): T {
    let total = extraBytes + ALIGN;
    for (const [a] of arrays) total += a.byteLength + ALIGN;
    // wasm32 addresses 4 GiB at most (and malloc takes a 32-bit size, which would wrap): refuse before copying.
    if (total + ALIGN >= WASM_ADDRESSABLE) {
      throw rangeError(`Expected operands of less than 4 GiB in all for the WASM backend but received ${total} bytes (the native backend has no such limit)`);
    }
    this.reserve(total);
    const ptrs: number[] = [];
    let at = this.scratch;
    for (const [a] of arrays) {
      ptrs.push(at);
      at += Math.ceil(a.byteLength / ALIGN) * ALIGN;
    }
    const extra = at;
    const heap = new Uint8Array(this.core.memory.buffer);
    // an empty array has nothing to copy (and a detached one, which reads as empty, no buffer to view)
    arrays.forEach(([a, mode], i) => {
      if (mode !== 'out' && a.byteLength > 0) heap.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), ptrs[i]);
    });
    const result = run(ptrs, extra);
    const after = new Uint8Array(this.core.memory.buffer);
    arrays.forEach(([a, mode], i) => {
      if (mode !== 'in' && a.byteLength > 0) new Uint8Array(a.buffer, a.byteOffset, a.byteLength).set(after.subarray(ptrs[i], ptrs[i] + a.byteLength));
    });
    return result;
  }

  view(): DataView {
    return new DataView(this.core.memory.buffer);
  }

  private reserve(bytes: number): void {
    if (bytes <= this.capacity) return;
    if (this.allocation) this.core.free(this.allocation);
    const size = Math.max(bytes, this.capacity * 2);
    const ptr = this.core.malloc(size + ALIGN);
    this.allocation = ptr;
    if (!ptr) {
      this.scratch = 0;
      this.capacity = 0;
      throw new TruenoError(`the WASM core could not allocate ${size} bytes`, 'ERR_TRUENO_ENOMEM');
    }
    this.scratch = Math.ceil(ptr / ALIGN) * ALIGN;
    this.capacity = size;
  }
}

const dtypeCode = (a: ArgArray) => DTypeCode[dtypeOf(a)!];
const INDEX_OPS = new Set<number>(INDEX_REDUCE_OPS.map((name) => ReduceOp[name]));

/**
 * Elementwise kernels run in slices of this many elements, so that copying into and out of WASM memory stays in the
 * CPU cache: a 10M-element add then moves each byte through main memory once, as the native kernel does, instead
 * of three times.
 */
const SLICE = 16384;

/** Calls fn(start, end) over [0, n) in SLICE-sized pieces (once for n == 0, so argument errors still surface). */
function sliced(n: number, fn: (start: number, end: number) => void): void {
  if (n === 0) fn(0, 0);
  for (let s = 0; s < n; s += SLICE) fn(s, Math.min(n, s + SLICE));
}

/** The kernels the module exports (by their trueno_ops.def names); the others fall back to the next backend. */
function kernelsOf(w: WasmCore): Partial<SyncKernels> {
  const present = KERNELS.filter((k) => w.has(k.cName));
  const fns: Record<string, WasmFn> = Object.fromEntries(present.map((k) => [k.name, w.fn(k.cName)]));
  const { binary, binaryScalar, binaryRows, axpy, fill, copy, cast, unary, clip } = fns;
  const { reduce, reduceAxis, dot, gemm, matvec, transpose, outer, softmaxRows, pdist2, bincount } = fns;
  const { knnBrute, radiusCount, radiusFill, kdtreeBuild, kdtreeKnn, kdtreeRadiusCount, kdtreeRadiusFill } = fns;
  const { classMoments, gaussianNbJll } = fns;
  const { kmeansLloyd, kmeansElkan, kmeansPpStep, linkage } = fns;
  const { enetCd, logisticGrad, logisticHessp, sagaEpoch, sgdEpoch, svmDualCd } = fns;
  const { gram, cholesky, choleskySolve, qr, eigh, svd } = fns;
  const { forestPredict, forestApply, forestPack, forestPredictPacked } = fns;
  const { treeGrow } = fns;
  const { histBin, hgbGrow, histThresholds } = fns;
  const { filterCompare, groupAggregate, hashGroup, hashJoin, topK, sortIndices } = fns;
  const { compare, where, gather, copyBlocks, cumsum, argsort } = fns;
  const { csvNumeric, csvFormat, jsonRows } = fns;
  const all: SyncKernels = {
    binary: (op, a, b, out) => sliced(a.length, (s, e) =>
      w.call([[a.subarray(s, e), 'in'], [b.subarray(s, e), 'in'], [out.subarray(s, e), 'out']], 0, ([pa, pb, po]) =>
        w.check(binary(dtypeCode(a), op, pa, pb, po, e - s), 'binary'))),
    binaryScalar: (op, a, s0, out, reverse) => sliced(a.length, (s, e) =>
      w.call([[a.subarray(s, e), 'in'], [out.subarray(s, e), 'out']], 0, ([pa, po]) =>
        w.check(binaryScalar(dtypeCode(a), op, pa, s0, po, e - s, reverse), 'binaryScalar'))),
    binaryRows: (op, a, row, out, rows, cols) => sliced(rows, (r0, r1) =>
      w.call([[a.subarray(r0 * cols, r1 * cols), 'in'], [row, 'in'], [out.subarray(r0 * cols, r1 * cols), 'out']], 0, ([pa, pr, po]) =>
        w.check(binaryRows(dtypeCode(a), op, pa, pr, po, r1 - r0, cols), 'binaryRows'))),
    axpy: (alpha, x, y) => sliced(x.length, (s, e) =>
      w.call([[x.subarray(s, e), 'in'], [y.subarray(s, e), 'inout']], 0, ([px, py]) =>
        w.check(axpy(dtypeCode(x), e - s, alpha, px, py), 'axpy'))),
    fill: (out, value) => w.call([[out, 'out']], 0, ([po]) => w.check(fill(dtypeCode(out), po, out.length, value), 'fill')),
    copy: (x, out) => w.call([[x, 'in'], [out, 'out']], 0, ([px, po]) => w.check(copy(dtypeCode(x), px, po, x.length), 'copy')),
    cast: (x, out, from, to) => sliced(x.length, (s, e) =>
      w.call([[x.subarray(s, e), 'in'], [out.subarray(s, e), 'out']], 0, ([px, po]) =>
        w.check(cast(from, to, px, po, e - s), 'cast'))),
    unary: (op, x, out) => sliced(x.length, (s, e) =>
      w.call([[x.subarray(s, e), 'in'], [out.subarray(s, e), 'out']], 0, ([px, po]) =>
        w.check(unary(dtypeCode(x), op, px, po, e - s), 'unary'))),
    clip: (x, out, lo, hi) => sliced(x.length, (s, e) =>
      w.call([[x.subarray(s, e), 'in'], [out.subarray(s, e), 'out']], 0, ([px, po]) =>
        w.check(clip(dtypeCode(x), px, po, e - s, lo, hi), 'clip'))),
    reduce: (op, x, ddof) =>
      w.call([[x, 'in']], 16, ([px], extra) => {
        w.check(reduce(dtypeCode(x), op, px, x.length, ddof, extra, extra + 8), 'reduce');
        const view = w.view();
        return INDEX_OPS.has(op) ? Number(view.getBigInt64(extra + 8, true)) : view.getFloat64(extra, true);
      }),
    reduceAxis: (op, x, outer, len, inner, ddof, out) =>
      w.call([[x, 'in'], [out, 'out']], 0, ([px, po]) =>
        w.check(reduceAxis(dtypeCode(x), op, px, outer, len, inner, ddof, po), 'reduceAxis')),
    dot: (a, b) =>
      w.call([[a, 'in'], [b, 'in']], 8, ([pa, pb], extra) => {
        w.check(dot(dtypeCode(a), pa, pb, a.length, extra), 'dot');
        return w.view().getFloat64(extra, true);
      }),
    gemm: (ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) =>
      w.call([[a, 'in'], [b, 'in'], [c, beta === 0 ? 'out' : 'inout']], 0, ([pa, pb, pc]) =>
        w.check(gemm(dtypeCode(a), ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc), 'gemm')),
    matvec: (trans, rows, cols, a, x, y) =>
      w.call([[a, 'in'], [x, 'in'], [y, 'out']], 0, ([pa, px, py]) =>
        w.check(matvec(dtypeCode(a), trans, rows, cols, pa, px, py), 'matvec')),
    transpose: (rows, cols, x, out) =>
      w.call([[x, 'in'], [out, 'out']], 0, ([px, po]) => w.check(transpose(dtypeCode(x), rows, cols, px, po), 'transpose')),
    outer: (a, b, out) =>
      w.call([[a, 'in'], [b, 'in'], [out, 'out']], 0, ([pa, pb, po]) =>
        w.check(outer(dtypeCode(a), a.length, b.length, pa, pb, po), 'outer')),
    softmaxRows: (rows, cols, x, out, log) =>
      w.call([[x, 'in'], [out, 'out']], 0, ([px, po]) => w.check(softmaxRows(dtypeCode(x), rows, cols, px, po, log), 'softmaxRows')),
    // x and y as one array must stay one pointer: the core then knows the diagonal is exactly 0.
    pdist2: (n, m, d, x, y, out) =>
      x === y
        ? w.call([[x, 'in'], [out, 'out']], 0, ([px, po]) => w.check(pdist2(dtypeCode(x), n, m, d, px, px, po), 'pdist2'))
        : w.call([[x, 'in'], [y, 'in'], [out, 'out']], 0, ([px, py, po]) =>
          w.check(pdist2(dtypeCode(x), n, m, d, px, py, po), 'pdist2')),
    bincount: (x, weights, out, weighted) =>
      w.call([[x, 'in'], [weights, 'in'], [out, 'out']], 0, ([px, pw, po]) =>
        w.check(bincount(dtypeCode(x), px, x.length, weighted ? pw : 0, out.length, po), 'bincount')),
    knnBrute: (metric, p, nq, n, d, q, x, k, idx, dist) =>
      w.call([[q, 'in'], [x, 'in'], [idx, 'out'], [dist, 'out']], 0, ([pq, px, pi, pd]) =>
        w.check(knnBrute(metric, p, nq, n, d, pq, px, k, pi, pd), 'knnBrute')),
    radiusCount: (metric, p, nq, n, d, q, x, radius, counts) =>
      w.call([[q, 'in'], [x, 'in'], [counts, 'out']], 0, ([pq, px, pc]) =>
        w.check(radiusCount(metric, p, nq, n, d, pq, px, radius, pc), 'radiusCount')),
    radiusFill: (metric, p, nq, n, d, q, x, radius, offsets, sort, idx, dist) =>
      w.call([[q, 'in'], [x, 'in'], [offsets, 'in'], [idx, 'out'], [dist, 'out']], 0, ([pq, px, po, pi, pd]) =>
        w.check(radiusFill(metric, p, nq, n, d, pq, px, radius, po, idx.length, sort, pi, pd), 'radiusFill')),
    kdtreeBuild: (n, d, x, leafSize, tree) =>
      w.call([[x, 'in'], [tree, 'out']], 0, ([px, pt]) =>
        w.check(kdtreeBuild(n, d, px, leafSize, pt, tree.length), 'kdtreeBuild')),
    kdtreeKnn: (metric, p, nq, n, d, q, x, leafSize, tree, k, idx, dist) =>
      w.call([[q, 'in'], [x, 'in'], [tree, 'in'], [idx, 'out'], [dist, 'out']], 0, ([pq, px, pt, pi, pd]) =>
        w.check(kdtreeKnn(metric, p, nq, n, d, pq, px, leafSize, pt, tree.length, k, pi, pd), 'kdtreeKnn')),
    kdtreeRadiusCount: (metric, p, nq, n, d, q, x, leafSize, tree, radius, counts) =>
      w.call([[q, 'in'], [x, 'in'], [tree, 'in'], [counts, 'out']], 0, ([pq, px, pt, pc]) =>
        w.check(kdtreeRadiusCount(metric, p, nq, n, d, pq, px, leafSize, pt, tree.length, radius, pc), 'kdtreeRadiusCount')),
    kdtreeRadiusFill: (metric, p, nq, n, d, q, x, leafSize, tree, radius, offsets, sort, idx, dist) =>
      w.call([[q, 'in'], [x, 'in'], [tree, 'in'], [offsets, 'in'], [idx, 'out'], [dist, 'out']], 0, ([pq, px, pt, po, pi, pd]) =>
        w.check(kdtreeRadiusFill(metric, p, nq, n, d, pq, px, leafSize, pt, tree.length, radius, po, idx.length, sort, pi, pd),
          'kdtreeRadiusFill')),
    classMoments: (n, d, c, x, y, wt, weighted, out) =>
      w.call([[x, 'in'], [y, 'in'], [wt, 'in'], [out, 'out']], 0, ([px, py, pw, po]) =>
        w.check(classMoments(n, d, c, px, py, weighted ? pw : 0, po), 'classMoments')),
    gaussianNbJll: (n, d, c, x, theta, variance, logPrior, out) =>
      w.call([[x, 'in'], [theta, 'in'], [variance, 'in'], [logPrior, 'in'], [out, 'out']], 0, ([px, pt, pv, pl, po]) =>
        w.check(gaussianNbJll(n, d, c, px, pt, pv, pl, po), 'gaussianNbJll')),
    kmeansLloyd: (n, d, k, x, weights, weighted, centers, labels, sums, counts) =>
      w.call([[x, 'in'], [weights, 'in'], [centers, 'in'], [labels, 'out'], [sums, 'out'], [counts, 'out']], 8,
        ([px, pw, pc, pl, ps, pn], extra) => {
          w.check(kmeansLloyd(dtypeCode(x), n, d, k, px, weighted ? pw : 0, pc, pl, ps, pn, extra), 'kmeansLloyd');
          return w.view().getFloat64(extra, true);
        }),
    kmeansElkan: (n, d, k, x, weights, weighted, centers, shifts, init, labels, upper, lower, sums, counts) =>
      w.call([[x, 'in'], [weights, 'in'], [centers, 'in'], [shifts, 'in'], [labels, 'inout'], [upper, 'inout'],
        [lower, 'inout'], [sums, 'out'], [counts, 'out']], 8, ([px, pw, pc, psh, pl, pu, plo, ps, pn], extra) => {
        w.check(kmeansElkan(dtypeCode(x), n, d, k, px, weighted ? pw : 0, pc, psh, init, pl, pu, plo, ps, pn, extra),
          'kmeansElkan');
        return w.view().getFloat64(extra, true);
      }),
    kmeansPpStep: (n, d, x, weights, weighted, candidates, closest, pots) =>
      w.call([[x, 'in'], [weights, 'in'], [candidates, 'in'], [closest, 'inout'], [pots, 'out']], 8,
        ([px, pw, pc, pcl, pp], extra) => {
          w.check(kmeansPpStep(dtypeCode(x), n, d, px, weighted ? pw : 0, pc, candidates.length, pcl, pp, extra),
            'kmeansPpStep');
          return Number(w.view().getBigInt64(extra, true));
        }),
    linkage: (n, d, x, metric, method, out) =>
      w.call([[x, 'in'], [out, 'out']], 0, ([px, po]) =>
        w.check(linkage(dtypeCode(x), n, d, px, metric, method, po), 'linkage')),
    enetCd: (n, p, xt, y, alpha, beta, maxIter, tol, positive, random, seed, screening, state) =>
      w.call([[xt, 'in'], [y, 'in'], [state, 'inout']], 0, ([px, py, ps]) =>
        w.check(enetCd(n, p, px, py, alpha, beta, maxIter, tol, positive, random, seed, screening, ps), 'enetCd')),
    logisticGrad: (n, p, k, x, y, sw, coef, fitIntercept, out) =>
      w.call([[x, 'in'], [y, 'in'], [sw, 'in'], [coef, 'in'], [out, 'out']], 0, ([px, py, pw, pc, po]) =>
        w.check(logisticGrad(n, p, k, px, py, sw.length ? pw : 0, pc, fitIntercept, po), 'logisticGrad')),
    logisticHessp: (n, p, k, x, sw, coef, fitIntercept, s, out) =>
      w.call([[x, 'in'], [sw, 'in'], [coef, 'in'], [s, 'in'], [out, 'out']], 0, ([px, pw, pc, ps, po]) =>
        w.check(logisticHessp(n, p, k, px, sw.length ? pw : 0, pc, fitIntercept, ps, po), 'logisticHessp')),
    sagaEpoch: (n, p, k, x, y, sw, order, params, state) =>
      w.call([[x, 'in'], [y, 'in'], [sw, 'in'], [order, 'in'], [params, 'in'], [state, 'inout']], 0, ([px, py, pw, po, pp, ps]) =>
        w.check(sagaEpoch(n, p, k, px, py, sw.length ? pw : 0, po, order.length, pp, ps), 'sagaEpoch')),
    sgdEpoch: (n, p, x, y, sw, order, params, state) =>
      w.call([[x, 'in'], [y, 'in'], [sw, 'in'], [order, 'in'], [params, 'in'], [state, 'inout']], 0, ([px, py, pw, po, pp, ps]) =>
        w.check(sgdEpoch(n, p, px, py, sw.length ? pw : 0, po, order.length, pp, ps), 'sgdEpoch')),
    svmDualCd: (n, p, x, y, c, bias, l1Loss, maxIter, tol, seed, state) =>
      w.call([[x, 'in'], [y, 'in'], [c, 'in'], [state, 'out']], 0, ([px, py, pc, ps]) =>
        w.check(svmDualCd(n, p, px, py, pc, bias, l1Loss, maxIter, tol, seed, ps), 'svmDualCd')),
    gram: (n, d, x, ldx, xShift, t, y, ldy, yShift, out) =>
      w.call([[x, 'in'], [xShift, 'in'], [y, 'in'], [yShift, 'in'], [out, 'out']], 0, ([px, pxs, py, pys, po]) =>
        w.check(gram(dtypeCode(x), n, d, px, ldx, xShift.length ? pxs : 0, t, py, ldy, yShift.length ? pys : 0, po,
          po + 8 * d * d, po + 8 * d * (d + t)), 'gram')),
    cholesky: (n, a, l) =>
      w.call([[a, 'in'], [l, 'out']], 8, ([pa, pl], extra) => {
        w.check(cholesky(n, pa, pl, extra), 'cholesky');
        return Number(w.view().getBigInt64(extra, true));
      }),
    choleskySolve: (n, nrhs, l, b, x) =>
      w.call([[l, 'in'], [b, 'in'], [x, 'out']], 0, ([pl, pb, px]) => w.check(choleskySolve(n, nrhs, pl, pb, px), 'choleskySolve')),
    qr: (m, n, a, out) =>
      w.call([[a, 'in'], [out, 'out']], 0, ([pa, po]) => w.check(qr(m, n, pa, po, po + 8 * m * Math.min(m, n)), 'qr')),
    eigh: (n, a, out) =>
      w.call([[a, 'in'], [out, 'out']], 8, ([pa, po], extra) => {
        w.check(eigh(n, pa, po + 8, po + 8 * (1 + n), extra), 'eigh');
        w.view().setFloat64(po, Number(w.view().getBigInt64(extra, true)), true);
      }),
    svd: (m, n, a, out) => {
      const k = Math.min(m, n);
      w.call([[a, 'in'], [out, 'out']], 8, ([pa, po], extra) => {
        const pu = po + 8;
        w.check(svd(m, n, pa, pu, pu + 8 * m * k, pu + 8 * (m * k + k), extra), 'svd');
        w.view().setFloat64(po, Number(w.view().getBigInt64(extra, true)), true);
      });
    },
    forestPredict: (n, d, x, roots, feature, threshold, children, flags, catBits, k, values, treeWeights, out) => {
      checkForestArgs.forestPredict(n, d, x, roots, feature, threshold, children, flags, catBits, k, values, treeWeights, out);
      w.call([[x, 'in'], [roots, 'in'], [feature, 'in'], [threshold, 'in'], [children, 'in'], [flags, 'in'],
        [catBits, 'in'], [values, 'in'], [treeWeights, 'in'], [out, 'inout']], 0, ([px, pr, pf, pt, pc, pl, pb, pv, pw, po]) =>
        w.check(forestPredict(dtypeCode(x), n, d, px, roots.length, pr, feature.length, pf, pt, pc, pl, catBits.length, pb,
          k, pv, pw, po), 'forestPredict'));
    },
    forestApply: (n, d, x, roots, feature, threshold, children, flags, catBits, out) => {
      checkForestArgs.forestApply(n, d, x, roots, feature, threshold, children, flags, catBits, out);
      w.call([[x, 'in'], [roots, 'in'], [feature, 'in'], [threshold, 'in'], [children, 'in'], [flags, 'in'],
        [catBits, 'in'], [out, 'out']], 0, ([px, pr, pf, pt, pc, pl, pb, po]) =>
        w.check(forestApply(dtypeCode(x), n, d, px, roots.length, pr, feature.length, pf, pt, pc, pl, catBits.length, pb,
          po), 'forestApply'));
    },
    forestPack: (d, roots, feature, threshold, children, flags, catBits, packed, origin, packedRoots) => {
      checkForestArgs.forestPack(d, roots, feature, threshold, children, flags, catBits, packed, origin, packedRoots);
      const nodes = feature.length;
      return w.call([[roots, 'in'], [feature, 'in'], [threshold, 'in'], [children, 'in'], [flags, 'in'], [catBits, 'in'],
        [packed, 'out'], [origin, 'out'], [packedRoots, 'out']], 8, ([pr, pf, pt, pc, pl, pb, pp, po, pq], extra) => {
        w.check(forestPack(d, roots.length, pr, nodes, pf, pt, pc, pl, catBits.length, pb, origin.length, pp, po, pq, extra), 'forestPack');
        return Number(w.view().getBigInt64(extra, true));
      });
    },
    forestPredictPacked: (n, d, x, packedRoots, packed, origin, flags, catBits, k, values, treeWeights, out) => {
      checkForestArgs.forestPredictPacked(n, d, x, packedRoots, packed, origin, flags, catBits, k, values, treeWeights, out);
      w.call([[x, 'in'], [packedRoots, 'in'], [packed, 'in'], [origin, 'in'], [flags, 'in'], [catBits, 'in'], [values, 'in'],
        [treeWeights, 'in'], [out, 'inout']], 0, ([px, pr, pp, po, pl, pb, pv, pw, pout]) =>
        w.check(forestPredictPacked(dtypeCode(x), n, d, px, packedRoots.length, pr, origin.length, pp, po, flags.length, pl,
          catBits.length, pb, k, pv, pw, pout), 'forestPredictPacked'));
    },
    treeGrow: (n, d, k, xt, y, weights, seeds, params, capacity, nodes, values, nodeCount) => {
      // The core reads these lengths from the sizes: a short array would be read past its end in WASM memory.
      const trees = seeds.length, slots = trees * capacity;
      if (xt.length !== n * d || (y.length !== n && y.length !== n * k) || weights.length !== trees * n ||
        nodes.length !== slots * NODE_FIELD_COUNT || values.length !== slots * k || nodeCount.length !== trees ||
        params.length !== TREE_PARAM_COUNT) {
        throw rangeError(`Expected xt: d x n, y: n or n x k, weights: trees x n, nodes: trees x capacity x ${NODE_FIELD_COUNT}, ` +
          `values: trees x capacity x k, nodeCount: trees, ${TREE_PARAM_COUNT} params for treeGrow but received lengths ${xt.length}, ${y.length}, ` +
          `${weights.length}, ${nodes.length}, ${values.length}, ${nodeCount.length}, ${params.length}`);
      }
      return w.call([[xt, 'in'], [y, 'in'], [weights, 'in'], [seeds, 'in'], [params, 'in'], [nodes, 'inout'], [values, 'inout'],
        [nodeCount, 'out']], 0, ([px, py, pw, ps, pp, pn, pv, pc]) =>
        w.check(treeGrow(n, d, k, px, py, trees, pw, ps, pp, capacity, pn, pv, pc), 'treeGrow'));
    },
    histBin: (n, d, x, thresholds, offsets, categorical, missingBin, binned) =>
      w.call([[x, 'in'], [thresholds, 'in'], [offsets, 'in'], [categorical, 'in'], [binned, 'out']], 0,
        ([px, pt, po, pc, pb]) => w.check(histBin(n, d, px, pt, po, pc, missingBin, pb), 'histBin')),
    hgbGrow: (n, d, binned, gradients, hessians, nBins, hasMissing, categorical, params, feature, threshold, children,
      flags, catBits, values, raw) =>
      w.call([[binned, 'in'], [gradients, 'in'], [hessians, 'in'], [nBins, 'in'], [hasMissing, 'in'],
        [categorical, 'in'], [params, 'in'], [feature, 'out'], [threshold, 'out'], [children, 'out'], [flags, 'out'],
        [catBits, 'out'], [values, 'out'], [raw, 'inout']], 8, ([pb, pg, ph, pn, pm, pc, pp, pf, pt, pch, pfl, pcb, pv,
        pr], extra) => {
        w.check(hgbGrow(n, d, pb, pg, ph, pn, pm, pc, pp, feature.length, pf, pt, pch, pfl, pcb, pv, pr, extra), 'hgbGrow');
        return Number(w.view().getBigInt64(extra, true));
      }),
    histThresholds: (n, d, x, rowIdx, weights, skip, maxBins, thresholds, counts) =>
      w.call([[x, 'in'], [rowIdx, 'in'], [weights, 'in'], [skip, 'in'], [thresholds, 'out'], [counts, 'out']], 0,
        ([px, pi, pw, ps, pt, pc]) => w.check(histThresholds(n, d, px, rowIdx.length ? rowIdx.length : n, rowIdx.length ? pi : 0,
          weights.length ? pw : 0, ps, maxBins, pt, pc), 'histThresholds')),
    // The columnar kernels read lengths from the sizes, so their arguments are checked first (as the addon does);
    // an absent optional array (length 0) goes in as a NULL pointer.
    filterCompare: (n, x, op, value, valid, and, mask) => {
      checkColumnar.filterCompare(n, x, op, value, valid, and, mask);
      w.call([[x, 'in'], [valid, 'in'], [mask, and ? 'inout' : 'out']], 0, ([px, pv, pm]) =>
        w.check(filterCompare(n, dtypeCode(x), px, op, value, valid.length ? pv : 0, and ? 1 : 0, pm), 'filterCompare'));
    },
    groupAggregate: (n, groups, base, nGroups, x, valid, mask, pred, predOp, predValue, op, mean, count, acc) => {
      checkColumnar.groupAggregate(n, groups, base, nGroups, x, valid, mask, pred, predOp, predValue, op, mean, count, acc);
      const values = aggregatesValues(n, x, acc);
      w.call([[groups, 'in'], [x, 'in'], [valid, 'in'], [mask, 'in'], [pred, 'in'], [mean, 'in'], [count, 'inout'],
        [acc, values ? 'out' : 'in']], 0, ([pg, px, pv, pm, pp, pmean, pc, pa]) =>
        // base is an int64_t: a BigInt across the WASM boundary
        w.check(groupAggregate(n, groups.length ? pg : 0, BigInt(base) as unknown as number, nGroups, dtypeCode(x), values ? px : 0, valid.length ? pv : 0,
          mask.length ? pm : 0, dtypeCode(pred), pred.length ? pp : 0, predOp, predValue, op, mean.length ? pmean : 0, pc,
          dtypeCode(acc), values ? pa : 0), 'groupAggregate'));
    },
    hashGroup: (n, m, keys, groups, firstRow) => {
      checkColumnar.hashGroup(n, m, keys, groups, firstRow);
      return w.call([[keys, 'in'], [groups, 'out'], [firstRow, 'out']], 8, ([pk, pg, pf], extra) => {
        w.check(hashGroup(n, m, pk, pg, pf, extra), 'hashGroup');
        return Number(w.view().getBigInt64(extra, true));
      });
    },
    hashJoin: (nb, m, buildKeys, buildValid, np, probeKeys, probeValid, capacity, outBuild, outProbe) => {
      checkColumnar.hashJoin(nb, m, buildKeys, buildValid, np, probeKeys, probeValid, capacity, outBuild, outProbe);
      return w.call([[buildKeys, 'in'], [buildValid, 'in'], [probeKeys, 'in'], [probeValid, 'in'],
        [outBuild.subarray(0, capacity), 'out'], [outProbe.subarray(0, capacity), 'out']], 8, ([pbk, pbv, ppk, ppv, pob, pop], extra) => {
        w.check(hashJoin(nb, m, pbk, buildValid.length ? pbv : 0, np, ppk, probeValid.length ? ppv : 0, capacity, pob, pop, extra),
          'hashJoin');
        return Number(w.view().getBigInt64(extra, true));
      });
    },
    topK: (n, x, valid, k, descending, nullsFirst, out) => {
      checkColumnar.topK(n, x, valid, k, descending, nullsFirst, out);
      return w.call([[x, 'in'], [valid, 'in'], [out.subarray(0, Math.min(k, n)), 'out']], 8, ([px, pv, po], extra) => {
        w.check(topK(n, px, valid.length ? pv : 0, Math.min(k, n), descending ? 1 : 0, nullsFirst ? 1 : 0, po, extra), 'topK');
        return Number(w.view().getBigInt64(extra, true));
      });
    },
    sortIndices: (n, m, keys, descending, out) => {
      checkColumnar.sortIndices(n, m, keys, descending, out);
      w.call([[keys, 'in'], [descending, 'in'], [out, 'out']], 0, ([pk, pd, po]) =>
        w.check(sortIndices(n, m, pk, pd, po), 'sortIndices'));
    },
    ...graphWasmKernels(w, fns),
    ...graphAnalysisWasmKernels(w, fns),
    ...graphStructureWasmKernels(w, fns),
    compare: (op, a, b, out) => (checkIndexing.compare(op, a, b, out), sliced(a.length, (s, e) => {
      const bs = b.length === 1 ? b : b.subarray(s, e);
      w.call([[a.subarray(s, e), 'in'], [bs, 'in'], [out.subarray(s, e), 'out']], 0, ([pa, pb, po]) =>
        w.check(compare(dtypeCode(a), op, pa, pb, bs.length, po, e - s), 'compare'));
    })),
    where: (cond, a, b, out) => (checkIndexing.where(cond, a, b, out), sliced(cond.length, (s, e) =>
      w.call([[cond.subarray(s, e), 'in'], [a.subarray(s, e), 'in'], [b.subarray(s, e), 'in'], [out.subarray(s, e), 'out']], 0,
        ([pc, pa, pb, po]) => w.check(where(dtypeCode(a), pc, pa, pb, po, e - s), 'where')))),
    gather: (x, outer, len, inner, idx, out) => (checkIndexing.gather(x, outer, len, inner, idx, out),
      w.call([[x, 'in'], [idx, 'in'], [out, 'out']], 0, ([px, pi, po]) =>
        w.check(gather(dtypeCode(x), px, outer, len, inner, pi, idx.length, po), 'gather'))),
    copyBlocks: (x, outer, block, out, stride, offset) => {
      checkIndexing.copyBlocks(x, outer, block, out, stride, offset);
      // Only the span the blocks cover travels (in and back, keeping what lies between them): all of it for one block.
      const span = outer === 0 ? out.subarray(0, 0) : out.subarray(offset, (outer - 1) * stride + offset + block);
      w.call([[x, 'in'], [span, outer === 1 ? 'out' : 'inout']], 0, ([px, po]) =>
        w.check(copyBlocks(dtypeCode(x), px, outer, block, po, stride, 0), 'copyBlocks'));
    },
    cumsum: (x, outer, len, inner, out) => (checkIndexing.cumsum(x, outer, len, inner, out),
      w.call([[x, 'in'], [out, 'out']], 0, ([px, po]) => w.check(cumsum(dtypeCode(x), px, outer, len, inner, po), 'cumsum'))),
    argsort: (x, outer, len, inner, out) => (checkIndexing.argsort(x, outer, len, inner, out),
      w.call([[x, 'in'], [out, 'out']], 0, ([px, po]) => w.check(argsort(dtypeCode(x), px, outer, len, inner, po), 'argsort'))),
    csvNumeric: (bytes, delimiter, final, types, capacity, out, result) => {
      checkCsvNumeric(bytes, delimiter, final, types, capacity, out, result);
      w.call([[bytes, 'in'], [types, 'in'], [out, 'out'], [result, 'out']], 0, ([pb, pt, po, pr]) =>
        w.check(csvNumeric(pb, bytes.length, delimiter, final, pt, types.length, capacity, po, pr), 'csvNumeric'));
    },
    jsonRows: (bytes, maxRows, out, result) => {
      checkJsonRows(bytes, maxRows, out, result);
      w.call([[bytes, 'in'], [out, 'out'], [result, 'out']], 0, ([pb, po, pr]) =>
        w.check(jsonRows(pb, bytes.length, maxRows, po, out.length, pr), 'jsonRows'));
    },
    csvFormat: (columns, types, rows, valid, delimiter, nullText, out, result) => {
      checkCsvFormat(columns, types, rows, valid, delimiter, nullText, out, result);
      // only the bound's bytes go in and out: out may be larger than one call needs
      const region = out.subarray(0, rows * csvFormatRowBound(types, valid.length > 0, nullText.length));
      w.call([[columns, 'in'], [types, 'in'], [valid, 'in'], [nullText, 'in'], [region, 'out'], [result, 'out']], 0,
        ([pc, pt, pv, pn, po, pr]) => w.check(csvFormat(pc, pt, types.length, rows, valid.length > 0 ? pv : 0, delimiter, pn,
          nullText.length, po, region.length, pr), 'csvFormat'));
    },
  };
  return Object.fromEntries(present.map((k) => [k.name, all[k.name]])) as Partial<SyncKernels>;
}

/** Instantiates a compiled core module and registers it as the 'wasm' backend. */
export function registerWasmBackend(module: WebAssembly.Module, build: 'simd128' | 'scalar'): void {
  const w = new WasmCore(module);
  const isaDetected = w.fn('isa_detected') as () => number;
  const isaActive = w.fn('isa_active') as () => number;
  const setIsa = w.fn('set_isa');
  registerBackend('wasm', withAsyncOnThisThread(kernelsOf(w)), {
    isa: () => ISA_NAMES[isaActive()],
    detectedIsa: () => ISA_NAMES[isaDetected()],
    setIsa: (isa: IsaName) => w.check(setIsa(ISA_NAMES.indexOf(isa)), `setIsa('${isa}')`),
    threads: () => 1,
    setThreads(n: number) {
      if (n !== 1) throw new RangeError(`Expected 1 for threads (the WASM build is single-threaded) but received ${n}`);
    },
    version: `wasm-${build}`,
  });
}
