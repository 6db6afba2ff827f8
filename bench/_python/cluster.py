"""scikit-learn baseline of `npm run bench -- cluster` (driven by bench/_baselines.ts, not run by hand).

Rebuilds the WORKLOADS.md 'kmeans' array (n=2e5, d=16, k=8) bit-exactly with the generator of tensor.py, prints its
checksum, then times each requested case ("<case> <threads>" per stdin line) with tensor.py's method, under
threadpool_limits(threads) for BLAS and OpenMP alike (scikit-learn's k-means loops are OpenMP):
    kmeans       KMeans(8, random_state=s).fit(X) for s in 0..4 (k-means++, n_init='auto' = 1, lloyd)
    kmeans_elkan the same with algorithm='elkan'
    kmeans_init  KMeans(8, init=X[:8], n_init=1).fit(X) (the same start as ours: the same iterations)
"""
import json
import sys

import numpy as np

from tensor import blas_kernel, checksum, measure, normal4, selftest, sym, uniform

N, D, K = 200_000, 16, 8


def kmeans_data():
    centers = sym(30, K * D).reshape(K, D)
    labels = np.floor(8 * uniform(31, N)).astype(np.int64)
    return centers[labels] + normal4(32, N * D).reshape(N, D)


def main(argv):
    selftest()
    from sklearn import __version__ as sklearn_version
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    X = kmeans_data()
    print(json.dumps({"numpy": f"{np.__version__}, scikit-learn {sklearn_version}", "checksums": {"kmeans": checksum(X)}}), flush=True)
    cases = {
        "kmeans": lambda: [KMeans(K, random_state=s).fit(X) for s in range(5)],
        "kmeans_elkan": lambda: [KMeans(K, random_state=s, algorithm="elkan").fit(X) for s in range(5)],
        "kmeans_init": lambda: KMeans(K, init=X[:K], n_init=1).fit(X),
    }
    for line in sys.stdin:
        name, threads = line.split()
        with threadpool_limits(limits=int(threads)):
            reply = {"name": name, "threads": int(threads), "median_s": measure(cases[name], max_reps=5), "kernel": blas_kernel()}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
