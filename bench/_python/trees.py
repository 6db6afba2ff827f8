"""scikit-learn (and LightGBM) baseline of `npm run bench -- trees` (driven by bench/_baselines.ts, not run by hand).

Rebuilds the WORKLOADS.md 'tab' data set bit-exactly, prints its checksums, then times one case per stdin line
"<case> <threads>" with the method of bench/_stats.ts and replies with the median and the test accuracy, so a fast
worse model shows. Each case has the settings of its twin in bench/trees.ts; n_jobs is the thread count asked for.
A reply may name its own library ("label"): hgb_lightgbm is LightGBM with HistGradientBoostingClassifier's settings.
"""
import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn.ensemble import (ExtraTreesClassifier, GradientBoostingClassifier, HistGradientBoostingClassifier,
                              RandomForestClassifier)
from sklearn.tree import DecisionTreeClassifier

import workloads as w


def lightgbm_hgb(threads):
    """LightGBM with the histogram booster's settings: 100 rounds, 31 leaves, learning rate 0.1, min 20 samples per
    leaf, 255 bins, no L2, no early stopping."""
    import lightgbm

    return lightgbm.LGBMClassifier(n_estimators=100, num_leaves=31, learning_rate=0.1, min_child_samples=20,
                                   max_bin=255, reg_lambda=0.0, min_child_weight=1e-3, subsample=1.0,
                                   colsample_bytree=1.0, n_jobs=threads, verbose=-1)


def cases(Xtr, ytr, Xte, yte, threads):
    """(fit-or-predict function, quality function, library label or None) per case."""
    acc = lambda m: {"accuracy": float(m.score(Xte, yte))}  # noqa: E731
    forest = RandomForestClassifier(n_estimators=100, n_jobs=threads, random_state=0).fit(Xtr, ytr)
    out = {
        "dt_fit": (lambda: DecisionTreeClassifier(random_state=0).fit(Xtr, ytr), acc, None),
        "rf_fit": (lambda: RandomForestClassifier(n_estimators=100, n_jobs=threads, random_state=0).fit(Xtr, ytr), acc, None),
        "rf_predict": (lambda: forest.predict_proba(Xte),
                       lambda p: {"accuracy": float(np.mean(p.argmax(axis=1) == yte))}, None),
        "et_fit": (lambda: ExtraTreesClassifier(n_estimators=100, n_jobs=threads, random_state=0).fit(Xtr, ytr), acc, None),
        "gb_fit": (lambda: GradientBoostingClassifier(n_estimators=100, random_state=0).fit(Xtr, ytr), acc, None),
        "hgb_fit": (lambda: HistGradientBoostingClassifier(max_iter=100, early_stopping=False, random_state=0).fit(Xtr, ytr),
                    acc, None),
    }
    try:
        import lightgbm

        out["hgb_lightgbm"] = (lambda: lightgbm_hgb(threads).fit(Xtr, ytr), acc, f"lightgbm {lightgbm.__version__}")
    except ImportError:
        pass
    return out


def forest_nodes(Xtr, ytr):
    """Node count of scikit-learn's 100-tree forest and the bytes its tree arrays hold per node."""
    forest = RandomForestClassifier(n_estimators=100, n_jobs=2, random_state=0).fit(Xtr, ytr)
    nodes = sum(e.tree_.node_count for e in forest.estimators_)
    arrays = sum(e.tree_.__getstate__()["nodes"].nbytes + e.tree_.value.nbytes for e in forest.estimators_)
    return {"nodes": nodes, "bytes_per_node": arrays / nodes}


def main(argv):
    w.selftest()
    warnings.filterwarnings("ignore")
    scale = 1.0
    if "--scale" in argv:
        i = argv.index("--scale")
        scale = float(argv[i + 1])
    from threadpoolctl import threadpool_limits

    Xtr, ytr, Xte, yte = w.tab(scale)
    sums = {"tabXTrain": w.checksum(Xtr), "tabYTrain": w.checksum(ytr), "tabXTest": w.checksum(Xte), "tabYTest": w.checksum(yte)}
    print(json.dumps({"label": f"scikit-learn {sklearn.__version__}", "checksums": sums}), flush=True)
    prepared = {}
    for line in sys.stdin:
        name, threads = line.split()
        if name == "forest_nodes":
            print(json.dumps({"name": name, "median_s": 0, "kernel": "", "quality": forest_nodes(Xtr, ytr)}), flush=True)
            continue
        if threads not in prepared:
            prepared[threads] = cases(Xtr, ytr, Xte, yte, int(threads))
        fn, quality, label = prepared[threads][name]
        last = {}

        def timed():
            last["r"] = fn()

        with threadpool_limits(limits=int(threads)):
            median = w.measure(timed, max_reps=5, budget_s=1.0, min_reps=3)
        reply = {"name": name, "threads": int(threads), "median_s": median, "kernel": "", "quality": quality(last["r"])}
        if label:
            reply["label"] = label
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
