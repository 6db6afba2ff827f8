"""numpy baseline of `npm run bench -- tensor-indexing` (driven by bench/_baselines.ts, not run by hand).

Rebuilds the arrays of bench/tensor-indexing.ts bit-exactly, prints their checksums, then serves timing requests
("<case> <threads>" per stdin line) with the method of bench/_stats.ts. None of these numpy calls uses BLAS threads;
the thread count is accepted for symmetry with the other baselines.

    python tensor_indexing.py --selftest
    python tensor_indexing.py case [case ...]      (then requests on stdin)
"""
import json
import sys

import numpy as np

from workloads import checksum, measure, selftest, sym, uniform

STREAM_N = 10_000_000
GEMM_N = 1024
GATHERED = 512
ARGSORT_N = 1_000_000


def datasets():
    """a, b (10M f32), A (1024 x 1024 f32) and the gathered indices, named as in bench/tensor-indexing.ts."""
    return {
        "a": sym(3, STREAM_N, np.float32),
        "b": sym(4, STREAM_N, np.float32),
        "A": sym(1, GEMM_N * GEMM_N, np.float32),
        "idx": np.floor(GEMM_N * uniform(7, GATHERED)).astype(np.int32),
    }


def cases(d):
    """(name, callable) of every case; each allocates its result, as ours."""
    a, b, idx = d["a"], d["b"], d["idx"]
    A = d["A"].reshape(GEMM_N, GEMM_N)
    mask = a > 0
    head = a[:ARGSORT_N].copy()
    return {
        "greater": lambda: np.greater(a, b),
        "greater_scalar": lambda: np.greater(a, 0),
        "where": lambda: np.where(mask, a, b),
        "gather_rows": lambda: np.take(A, idx, axis=0),
        "gather_cols": lambda: np.take(A, idx, axis=1),
        "cumsum": lambda: np.cumsum(a),
        "cumsum_axis0": lambda: np.cumsum(A, axis=0),
        "argsort": lambda: np.argsort(head, kind="stable"),
        "concat": lambda: np.concatenate([a, b]),
        "concat_axis1": lambda: np.concatenate([A, A], axis=1),
        "stack_axis1": lambda: np.stack([a, b], axis=1),
        # numpy's A[:, ::2] is a view; the copy is what a contiguous result costs, as ours (a copy) is
        "slice_step": lambda: A[:, ::2].copy(),
    }


def main(argv):
    selftest()
    if argv[:1] == ["--selftest"]:
        print("selftest ok")
        return
    d = datasets()
    sums = {name: checksum(x) for name, x in d.items()}
    print(json.dumps({"label": f"numpy {np.__version__}", "checksums": sums}), flush=True)
    prepared = cases(d)
    for line in sys.stdin:
        name, threads = line.split()
        reply = {"name": name, "threads": int(threads), "median_s": measure(prepared[name])}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
