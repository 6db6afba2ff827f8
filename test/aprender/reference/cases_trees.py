"""
scikit-learn's figures for the trees family (DecisionTreeClassifier / Regressor, RandomForest*, ExtraTrees*), on the
real datasets with the split of splits.json. Besides scores and importances, single trees record their whole
structure and, per inner node, whether its split is tied: another feature reaches the same impurity decrease
(scikit-learn then keeps the one its random feature order met first, which another generator may not), so the TS
tests compare the splits exactly wherever no tie lies on the path.
Run: $SOVEREIGN_PYTHON test/aprender/reference/sklearn_reference.py trees
"""
import numpy as np
from sklearn.ensemble import ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor
from sklearn.base import clone
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor, export_text

CLASSIFICATION = ["iris", "wine", "breast_cancer", "digits"]
FEATURE_THRESHOLD = 1e-7  # scikit-learn's: values closer than this are not split apart


def side_impurity(stats, total, classification, criterion):
    """Impurity of every left (or right) side at once: stats are cumulative class weights, or sums of w y and w y^2."""
    if classification:
        p = stats / total[:, None]
        if criterion == "gini":
            return 1.0 - np.sum(p * p, axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return -np.sum(np.where(p > 0, p * np.log2(np.where(p > 0, p, 1)), 0.0), axis=1)
    s, s2 = stats[:, 0], stats[:, 1]
    return s2 / total - (s / total) ** 2


def best_decrease(x, y, w, classification, n_classes, criterion, min_leaf):
    """The largest weighted impurity decrease of a threshold on one feature (None when it cannot split)."""
    order = np.argsort(x, kind="stable")
    xs, ys, ws = x[order], y[order], w[order]
    n = len(xs)
    if classification:
        per = np.zeros((n, n_classes))
        per[np.arange(n), ys] = ws
    else:
        per = np.stack([ws * ys, ws * ys * ys], axis=1)
    cum = np.cumsum(per, axis=0)
    wcum = np.cumsum(ws)
    p = np.arange(1, n)  # left = first p samples
    ok = (xs[p] > xs[p - 1] + FEATURE_THRESHOLD) & (p >= min_leaf) & (n - p >= min_leaf)
    if not ok.any():
        return None
    p = p[ok]
    left, right = cum[p - 1], cum[-1] - cum[p - 1]
    wl, wr = wcum[p - 1], wcum[-1] - wcum[p - 1]
    dec = -(wl * side_impurity(left, wl, classification, criterion) + wr * side_impurity(right, wr, classification, criterion))
    return float(dec.max())


def tie_flags(est, X, y, classification):
    """Per node: 1 when a second feature's best split decreases the impurity as much as the chosen one's."""
    tree = est.tree_
    X32 = X.astype(np.float32)
    paths = est.decision_path(X32).tocsc()
    n_classes = len(est.classes_) if classification else 0
    codes = np.searchsorted(est.classes_, y) if classification else y
    flags = np.zeros(tree.node_count, dtype=np.int64)
    min_leaf = est.min_samples_leaf
    for node in range(tree.node_count):
        if tree.children_left[node] == -1:
            continue
        rows = paths[:, node].nonzero()[0]
        w = np.ones(len(rows))
        decs = []
        for f in range(X.shape[1]):
            d = best_decrease(X32[rows, f].astype(np.float64), codes[rows], w, classification, n_classes, est.criterion, min_leaf)
            if d is not None:
                decs.append(d)
        decs.sort(reverse=True)
        scale = max(1.0, abs(decs[0]))
        flags[node] = int(len(decs) > 1 and decs[0] - decs[1] <= 1e-9 * scale)
    return flags


def structure(est):
    t = est.tree_
    return {
        "node_count": t.node_count,
        "feature": t.feature,
        "threshold": t.threshold,
        "children_left": t.children_left,
        "children_right": t.children_right,
        "impurity": t.impurity,
        "n_node_samples": t.n_node_samples,
        "weighted_n_node_samples": t.weighted_n_node_samples,
        "value": t.value[:, 0, :] if t.value.shape[1] == 1 else t.value[:, :, 0],
    }


def tree_record(est, data):
    est.fit(data["X_train"], data["y_train"])
    return {
        "score": est.score(data["X_test"], data["y_test"]),
        "feature_importances": est.feature_importances_,
        "depth": est.get_depth(),
        "n_leaves": est.get_n_leaves(),
        "node_count": est.tree_.node_count,
    }


def exact_record(est, data):
    """A full tree with its structure and ties, for the exact-splits tests."""
    out = tree_record(est, data)
    out["structure"] = structure(est)
    out["ties"] = tie_flags(est, data["X_train"], data["y_train"], data["task"] == "classification")
    out["apply"] = est.apply(data["X_test"].astype(np.float32))
    return out


def text_record(est, data):
    out = exact_record(est, data)
    out["text"] = export_text(est, decimals=3)
    out["text_weights"] = export_text(est, show_weights=True, max_depth=1, spacing=2)
    out["text_truncated"] = export_text(est, max_depth=0)
    return out


SEEDS = range(5)


def forest_record(make):
    """A forest's expected figures: the mean over random_state 0..4 of the test score, the importances and the OOB
    score (one seed's figures swing by more than the 2 points the tests allow: a forest is compared as an estimator,
    not as one draw of its random numbers)."""

    def record(_est, data):
        runs = [make(seed).fit(data["X_train"], data["y_train"]) for seed in SEEDS]
        out = {
            "seeds": list(SEEDS),
            "score": float(np.mean([e.score(data["X_test"], data["y_test"]) for e in runs])),
            "feature_importances": np.mean([e.feature_importances_ for e in runs], axis=0),
            "mean_depth": float(np.mean([t.get_depth() for e in runs for t in e.estimators_])),
            "mean_nodes": float(np.mean([t.tree_.node_count for e in runs for t in e.estimators_])),
        }
        if getattr(runs[0], "oob_score", False):
            out["oob_score"] = float(np.mean([e.oob_score_ for e in runs]))
        return out

    return {"make": lambda: None, "record": record}


def path_record(est, data):
    """A pruned tree's figures and the unpruned tree's pruning path (and the unpruned tree's ties)."""
    path = est.cost_complexity_pruning_path(data["X_train"], data["y_train"])
    full = exact_record(clone(est).set_params(ccp_alpha=0.0), data)
    out = tree_record(est, data)
    out["ccp_alphas"] = path.ccp_alphas
    out["impurities"] = path.impurities
    out["structure"] = structure(est)
    out["unpruned_ties"] = full["ties"]
    return out


def dtc(**kw):
    return lambda: DecisionTreeClassifier(random_state=0, **kw)


def dtr(**kw):
    return lambda: DecisionTreeRegressor(random_state=0, **kw)


CASES = [
    {"id": "DecisionTreeClassifier", "make": dtc(), "datasets": CLASSIFICATION, "record": exact_record},
    {"id": "DecisionTreeClassifier.entropy", "make": dtc(criterion="entropy", max_depth=5, min_samples_leaf=3), "datasets": CLASSIFICATION, "record": exact_record},
    {"id": "DecisionTreeClassifier.leaves", "make": dtc(max_leaf_nodes=10), "datasets": CLASSIFICATION, "record": tree_record},
    {"id": "DecisionTreeClassifier.balanced", "make": dtc(class_weight="balanced", max_depth=4), "datasets": ["wine", "breast_cancer"], "record": tree_record},
    {"id": "DecisionTreeClassifier.sqrt", "make": dtc(max_features="sqrt"), "datasets": CLASSIFICATION, "record": tree_record},
    {"id": "DecisionTreeClassifier.text", "make": dtc(max_depth=2), "datasets": ["breast_cancer"], "record": text_record},
    {"id": "DecisionTreeClassifier.ccp", "make": dtc(ccp_alpha=0.01), "datasets": CLASSIFICATION, "record": tree_record},
    {"id": "DecisionTreeClassifier.ccp.depth2", "make": dtc(max_depth=2, ccp_alpha=0.027), "datasets": ["breast_cancer"], "record": path_record},
    {"id": "DecisionTreeRegressor.ccp", "make": dtr(max_depth=3, ccp_alpha=100.0), "datasets": ["diabetes"], "record": path_record},
    {"id": "DecisionTreeRegressor", "make": dtr(max_depth=6), "datasets": ["diabetes"], "record": exact_record},
    {"id": "DecisionTreeRegressor.full", "make": dtr(), "datasets": ["diabetes"], "record": tree_record},
    {"id": "DecisionTreeRegressor.friedman", "make": dtr(criterion="friedman_mse", max_depth=4), "datasets": ["diabetes"], "record": tree_record},
    {"id": "DecisionTreeRegressor.absolute", "make": dtr(criterion="absolute_error", max_depth=4), "datasets": ["diabetes"], "record": tree_record},
    {"id": "DecisionTreeRegressor.leaves", "make": dtr(max_leaf_nodes=20, min_samples_leaf=5), "datasets": ["diabetes"], "record": tree_record},
    {"id": "DecisionTreeRegressor.text", "make": dtr(max_depth=2), "datasets": ["diabetes"], "record": text_record},
    {"id": "RandomForestClassifier", "datasets": CLASSIFICATION, **forest_record(lambda seed: RandomForestClassifier(n_estimators=100, oob_score=True, random_state=seed))},
    {"id": "RandomForestClassifier.subsample", "datasets": ["wine", "breast_cancer"], **forest_record(lambda seed: RandomForestClassifier(n_estimators=100, max_samples=0.5, class_weight="balanced_subsample", random_state=seed))},
    {"id": "ExtraTreesClassifier", "datasets": CLASSIFICATION, **forest_record(lambda seed: ExtraTreesClassifier(n_estimators=100, random_state=seed))},
    {"id": "RandomForestRegressor", "datasets": ["diabetes"], **forest_record(lambda seed: RandomForestRegressor(n_estimators=100, oob_score=True, random_state=seed))},
    {"id": "RandomForestClassifier.ccp", "datasets": ["breast_cancer", "digits"], **forest_record(lambda seed: RandomForestClassifier(n_estimators=100, ccp_alpha=0.005, random_state=seed))},
    {"id": "RandomForestRegressor.leaf5", "datasets": ["diabetes"], **forest_record(lambda seed: RandomForestRegressor(n_estimators=100, min_samples_leaf=5, max_features=0.5, random_state=seed))},
    {"id": "ExtraTreesRegressor", "datasets": ["diabetes"], **forest_record(lambda seed: ExtraTreesRegressor(n_estimators=100, random_state=seed))},
]
