"""numpy baseline of `npm run bench -- tensor` (driven by bench/_baselines.ts, not run by hand).

Rebuilds the WORKLOADS.md arrays bit-exactly with vectorized uint32 numpy and prints their checksums (so the JS side
can prove both hold the same bits), then serves timing requests: for each stdin line "<case> <threads>" it times that
case with the method of bench/_stats.ts (warm up, repeat until ~1 s or the rep cap, median) and prints a JSON line.
Served one case at a time so each baseline is measured right after our own figure, under the same machine load.

    python tensor.py --selftest
    python tensor.py case [case ...]      (then requests on stdin)
The BLAS thread pool is started with OPENBLAS_NUM_THREADS (set by the caller) and narrowed per request.
"""
import json
import sys

import numpy as np

from workloads import blas_kernel, checksum, knn, measure, selftest, sym, uniform

GEMM_N = 1024
STREAM_N = 10_000_000
SOFTMAX_N = 1000


def softmax_rows(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    e /= e.sum(axis=1, keepdims=True)
    return e


STREAM_CASES = {"dot", "add", "add_out", "sum", "exp", "exp_out", "add_1k"}


def datasets(wanted):
    """The arrays the wanted cases use (named as in bench/_workloads.ts), built once: timed and checksummed alike."""
    n2 = GEMM_N * GEMM_N
    d = {}
    if wanted & {"sgemm", "sgemm_out"}:
        d["A"], d["B"] = sym(1, n2, np.float32), sym(2, n2, np.float32)
    if wanted & {"dgemm", "dgemm_out"}:
        d["A64"], d["B64"] = sym(1, n2), sym(2, n2)
    if wanted & STREAM_CASES:
        d["a"], d["b"] = sym(3, STREAM_N, np.float32), sym(4, STREAM_N, np.float32)
    if "softmax" in wanted:
        d["S"] = sym(5, SOFTMAX_N * SOFTMAX_N, np.float32, 4.0)
    if "pairwise" in wanted:
        d["knnQueries"], d["knnTrain"], _, _ = knn()
    if "bincount" in wanted:
        d["labels"] = np.floor(1000.0 * uniform(6, STREAM_N)).astype(np.int32)
    return d


def cases(wanted, d):
    """Yields (name, callable, measure options) for the wanted cases."""
    square = (GEMM_N, GEMM_N)
    # Each op twice: allocating its result (what users write, the headline) and into a preallocated out.
    if wanted & {"sgemm", "sgemm_out"}:
        A, B = d["A"].reshape(square), d["B"].reshape(square)
        C = np.empty_like(A)
        yield "sgemm", lambda: np.matmul(A, B), {}
        yield "sgemm_out", lambda: np.matmul(A, B, out=C), {}
    if wanted & {"dgemm", "dgemm_out"}:
        A64, B64 = d["A64"].reshape(square), d["B64"].reshape(square)
        C64 = np.empty_like(A64)
        yield "dgemm", lambda: np.matmul(A64, B64), {}
        yield "dgemm_out", lambda: np.matmul(A64, B64, out=C64), {}
    if wanted & STREAM_CASES:
        a, b = d["a"], d["b"]
        c = np.empty_like(a)
        if "dot" in wanted:
            yield "dot", lambda: np.dot(a, b), {}
        yield "add", lambda: np.add(a, b), {}
        yield "add_out", lambda: np.add(a, b, out=c), {}
        if "sum" in wanted:
            yield "sum", lambda: a.sum(), {}
        yield "exp", lambda: np.exp(a), {}
        yield "exp_out", lambda: np.exp(a, out=c), {}
        if "add_1k" in wanted:
            x, y, z = a[:1000].copy(), b[:1000].copy(), c[:1000].copy()
            yield "add_1k", lambda: np.add(x, y, out=z), {"batch": 10000}
    if "softmax" in wanted:
        S = d["S"].reshape(SOFTMAX_N, SOFTMAX_N)
        yield "softmax", lambda: softmax_rows(S), {}
    if "bincount" in wanted:
        labels = d["labels"]
        yield "bincount", lambda: np.bincount(labels), {}
    if "pairwise" in wanted:
        Q, T = d["knnQueries"], d["knnTrain"]

        def pairwise():
            # ||q||^2 - 2 q.t + ||t||^2 clamped at 0, as scikit-learn's euclidean_distances and pairwiseSqDist do;
            # the result is a fresh array each call, as ours is.
            D = Q @ T.T
            D *= -2.0
            D += np.einsum("ij,ij->i", Q, Q)[:, None]
            D += np.einsum("ij,ij->i", T, T)[None, :]
            return np.maximum(D, 0.0, out=D)

        yield "pairwise", pairwise, {}


def main(argv):
    selftest()
    if argv[:1] == ["--selftest"]:
        print("selftest ok")
        return
    from threadpoolctl import threadpool_limits

    wanted = set(argv)
    d = datasets(wanted)
    sums = {name: checksum(x) for name, x in d.items()}
    print(json.dumps({"label": f"numpy {np.__version__}", "checksums": sums}), flush=True)
    prepared = {name: (fn, opts) for name, fn, opts in cases(wanted, d)}
    for line in sys.stdin:
        name, threads = line.split()
        fn, opts = prepared[name]
        with threadpool_limits(limits=int(threads), user_api="blas"):
            reply = {"name": name, "threads": int(threads), "median_s": measure(fn, **opts), "kernel": blas_kernel()}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
