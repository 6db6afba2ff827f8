"""scikit-learn baseline of `npm run bench -- ml-neighbors` (driven by bench/_baselines.ts, not run by hand).

Rebuilds the WORKLOADS.md 'knn' and 'tab' data sets bit-exactly, prints their checksums, then times one case per
stdin line "<case> <threads>" (fit + predict, as bench/ml-neighbors.ts) with the method of bench/_stats.ts, under
threadpool_limits(threads) for BLAS and OpenMP alike.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from tensor import KNN_TRAIN, checksum, knn, measure, normal4, selftest, uniform  # noqa: E402


def tab():
    n, d = 60000, 20
    X = normal4(40, n * d)
    e = normal4(41, n)
    Xm = X.reshape(n, d)
    s = Xm[:, 0] * Xm[:, 1]
    s = s + Xm[:, 2]
    s = s - 0.5 * (Xm[:, 3] * Xm[:, 3])
    s = s + 0.5 * Xm[:, 4]
    s = s + 0.3 * e
    return X, (s > 0).astype(np.float64)


def main(argv):
    selftest()
    import sklearn
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsClassifier
    from threadpoolctl import threadpool_limits

    queries, train = knn()
    labels = np.floor(4.0 * uniform(52, len(queries) + len(train))[:KNN_TRAIN])
    X, y = tab()
    sums = {"knnQueries": checksum(queries), "knnTrain": checksum(train), "knnLabels": checksum(labels),
            "tabX": checksum(X), "tabY": checksum(y)}
    print(json.dumps({"numpy": sklearn.__version__, "checksums": sums}), flush=True)
    Xt = X.reshape(-1, 20)
    cases = {
        "knn": lambda: KNeighborsClassifier().fit(train, labels).predict(queries),
        "tab": lambda: GaussianNB().fit(Xt[:50000], y[:50000]).predict(Xt[50000:]),
    }
    for line in sys.stdin:
        name, threads = line.split()
        with threadpool_limits(limits=int(threads)):
            reply = {"name": name, "threads": int(threads), "median_s": measure(cases[name], budget_s=2.0), "kernel": ""}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
