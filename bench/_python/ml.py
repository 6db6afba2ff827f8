"""scikit-learn baseline of `npm run bench -- ml` (driven by bench/_baselines.ts, not run by hand).

Rebuilds the WORKLOADS.md data sets bit-exactly (workloads.py), prints their checksums so the JS side can prove both
hold the same bits, then serves timing requests: for each stdin line "<case> <threads>" it times that case with the
method of bench/_stats.ts and prints a JSON line with the median and the quality of the fitted model (R², accuracy,
inertia...), so a fast wrong answer on either side is visible. Threads (BLAS and OpenMP) are narrowed per request.

    python ml.py [--scale S] case [case ...]      (then requests on stdin)
    python ml.py [--scale S] --memory LinearRegression|StandardScaler   (peak RSS of that fit on the reg data)
"""
import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler

import workloads as w

K = 8


def datasets(wanted, scale):
    """The arrays the wanted cases use, named as in bench/ml.ts, built once: timed and checksummed alike."""
    d = {}
    if wanted & {"reg", "scaler"}:
        d["regX"], d["regY"] = w.reg(scale)
    if "logit" in wanted:
        d["logitX"], d["logitY"] = w.logit(scale)
    if wanted & {"kmeans", "kmeans_init"}:
        d["kmeansX"] = w.kmeans(scale)
    if "knn" in wanted:
        d["knnQueries"], d["knnTrain"], d["knnQueryLabels"], d["knnTrainLabels"] = w.knn(scale)
    if "pca" in wanted:
        d["pcaX"] = w.pca(scale)
    if "tab" in wanted:
        d["tabXTrain"], d["tabYTrain"], d["tabXTest"], d["tabYTest"] = w.tab(scale)
    return d


def reg_cases(d):
    X, y = d["regX"], d["regY"]
    return {
        "reg": (lambda: LinearRegression().fit(X, y), lambda m: {"r2": m.score(X, y)}),
        "scaler": (lambda: StandardScaler().fit(X).transform(X),
                   lambda Z: {"sum_mean": float(Z.mean(axis=0).sum()), "sum_std": float(Z.std(axis=0).sum())}),
    }


def logit_cases(d):
    X, y = d["logitX"], d["logitY"]
    return {"logit": (lambda: LogisticRegression().fit(X, y), lambda m: {"accuracy": m.score(X, y), "n_iter": int(m.n_iter_[0])})}


def kmeans_cases(d):
    X = d["kmeansX"]

    def quality(m):
        return {"inertia": float(m.inertia_), "n_iter": int(m.n_iter_)}

    return {
        # The same starting centres on both sides (the first K rows), so both run the same Lloyd iterations.
        "kmeans_init": (lambda: KMeans(K, init=X[:K], n_init=1, algorithm="lloyd").fit(X), quality),
        "kmeans": (lambda: KMeans(K, random_state=0).fit(X), quality),
    }


def knn_cases(d):
    clf = KNeighborsClassifier(n_neighbors=5).fit(d["knnTrain"], d["knnTrainLabels"])
    Q, labels = d["knnQueries"], d["knnQueryLabels"]
    return {"knn": (lambda: clf.predict(Q), lambda p: {"accuracy": float(np.mean(p == labels))})}


def pca_cases(d):
    X = d["pcaX"]
    return {"pca": (lambda: PCA(10).fit(X), lambda m: {"explained_variance_ratio_sum": float(m.explained_variance_ratio_.sum())})}


def tab_cases(d):
    Xtr, ytr, Xte, yte = d["tabXTrain"], d["tabYTrain"], d["tabXTest"], d["tabYTest"]
    return {"tab": (lambda: GaussianNB().fit(Xtr, ytr).predict(Xte), lambda p: {"accuracy": float(np.mean(p == yte))})}


# Each builder gets its own scope (a closure over a reused local would see the last data set bound to it).
BUILDERS = {"regX": reg_cases, "logitX": logit_cases, "kmeansX": kmeans_cases, "knnTrain": knn_cases, "pcaX": pca_cases,
            "tabXTrain": tab_cases}


def cases(d):
    """name -> (timed call returning the fitted model or the predictions, quality of that return value)."""
    out = {}
    for name, build in BUILDERS.items():
        if name in d:
            out.update(build(d))
    return out


def rss_bytes():
    """(current RSS, peak RSS) of this process in bytes, from /proc/self/status."""
    fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024


def memory(estimator, scale):
    """Peak RSS of LinearRegression.fit or StandardScaler.fit on the reg data: the peak mark is reset just before the
    fit (as in bench/_ml_memory.ts), so only the fit can raise it."""
    start, _ = rss_bytes()
    X, y = w.reg(scale)
    before, _ = rss_bytes()
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    if estimator == "LinearRegression":
        LinearRegression().fit(X, y)
    else:
        StandardScaler().fit(X)
    _, peak = rss_bytes()
    print(json.dumps({"label": f"scikit-learn {sklearn.__version__}", "rss_start": start, "rss_before_fit": before,
                      "peak_rss": peak, "data_bytes": X.nbytes + y.nbytes}), flush=True)


def main(argv):
    w.selftest()
    warnings.filterwarnings("ignore")  # lbfgs may stop at max_iter=100 (ConvergenceWarning): the same setting as ours
    scale = 1.0
    if "--scale" in argv:
        i = argv.index("--scale")
        scale = float(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    if argv[:1] == ["--memory"]:
        memory(argv[1], scale)
        return
    from threadpoolctl import threadpool_limits

    d = datasets(set(argv), scale)
    sums = {name: w.checksum(x) for name, x in d.items()}
    label = f"scikit-learn {sklearn.__version__}"
    print(json.dumps({"label": label, "checksums": sums}), flush=True)
    prepared = cases(d)
    for line in sys.stdin:
        name, threads = line.split()
        fn, quality = prepared[name]
        last = {}

        def timed():
            last["r"] = fn()

        with threadpool_limits(limits=int(threads)):
            median = w.measure(timed)
            reply = {"name": name, "threads": int(threads), "median_s": median, "kernel": w.blas_kernel(),
                     "quality": quality(last["r"])}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
