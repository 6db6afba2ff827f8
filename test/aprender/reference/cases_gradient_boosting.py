"""
scikit-learn's figures for classic gradient boosting (GradientBoostingClassifier / GradientBoostingRegressor), on the
real datasets with the split of splits.json. Run:
    $SOVEREIGN_PYTHON test/aprender/reference/sklearn_reference.py gradient_boosting

Early stopping holds out rows with a seeded draw; the draw of aprender (the stack's mulberry32 generator, see
lib/common/random.ts and lib/aprender/model-selection/shuffle-split.ts) is ported below and put in place of
scikit-learn's train_test_split for the early-stopping cases, so both libraries stop on the same held-out rows and
the stage where they stop can be compared. Everything else is scikit-learn as it is.
"""
import math
from contextlib import contextmanager

import numpy as np
import sklearn.ensemble._gb as gb_module
from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor
from sklearn.base import clone
from sklearn.metrics import mean_pinball_loss, r2_score
from sklearn.tree import DecisionTreeRegressor

CLASSIFICATION = ["iris", "wine", "breast_cancer"]
BINARY = ["breast_cancer"]
REGRESSION = ["diabetes"]
M32 = 0xFFFFFFFF


class Mulberry32:
    """lib/common/random.ts's Random: the same seed gives the same draws."""

    def __init__(self, seed):
        self.state = seed & M32

    def next(self):
        self.state = (self.state + 0x6D2B79F5) & M32
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & M32
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & M32)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    def int(self, n):
        return math.floor(self.next() * n)

    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = self.int(i + 1)
            a[i], a[j] = a[j], a[i]
        return a

    def permutation(self, n):
        return self.shuffle(list(range(n)))


def approximate_mode(counts, n_draws, rng):
    """shuffle-split.ts's approximateMode."""
    total = sum(counts)
    continuous = [c / total * n_draws for c in counts]
    floored = [math.floor(c) for c in continuous]
    need = n_draws - sum(floored)
    for value in sorted({c - f for c, f in zip(continuous, floored)}, reverse=True):
        if need <= 0:
            break
        at = rng.shuffle([i for i in range(len(counts)) if continuous[i] - floored[i] == value])
        now = min(len(at), need)
        for j in range(now):
            floored[at[j]] += 1
        need -= now
    return floored


def aprender_split(*arrays, random_state, test_size, stratify=None):
    """gradient-boosting-sampling.ts's earlyStoppingSplit, in train_test_split's calling convention."""
    n = len(arrays[0])
    n_test = math.ceil(test_size * n)
    n_train = n - n_test
    rng = Mulberry32(random_state)
    if stratify is None:
        perm = rng.permutation(n)
        train, test = perm[n_test:n_test + n_train], perm[:n_test]
    else:
        classes = sorted(set(stratify.tolist()))
        codes = [classes.index(v) for v in stratify.tolist()]
        counts = [codes.count(c) for c in range(len(classes))]
        members = [[i for i in range(n) if codes[i] == c] for c in range(len(classes))]
        n_i = approximate_mode(counts, n_train, rng)
        t_i = approximate_mode([c - a for c, a in zip(counts, n_i)], n_test, rng)
        train, test = [], []
        for c, rows in enumerate(members):
            perm = rng.permutation(len(rows))
            train += [rows[perm[j]] for j in range(n_i[c])]
            test += [rows[perm[j]] for j in range(n_i[c], n_i[c] + t_i[c])]
        train, test = rng.shuffle(train), rng.shuffle(test)
    out = []
    for a in arrays:
        out += [a[np.array(train)], a[np.array(test)]]
    return out


@contextmanager
def aprender_early_stopping_split():
    saved = gb_module.train_test_split
    gb_module.train_test_split = aprender_split
    try:
        yield
    finally:
        gb_module.train_test_split = saved


def held_out_rows(est, y):
    """The rows the early-stopping split held out (to check the port against aprender's own split)."""
    stratify = y if isinstance(est, GradientBoostingClassifier) else None
    rows = np.arange(len(y))
    return aprender_split(rows, random_state=est.random_state, test_size=est.validation_fraction, stratify=stratify)[1]


def weights_for(n):
    """The sample weights of the weighted cases: 1, 2, 3, 1, 2, 3, ..."""
    return 1.0 + np.arange(n) % 3


def fit_with(est, data, weighted, split):
    X, y = data["X_train"], data["y_train"]
    kw = {"sample_weight": weights_for(len(y))} if weighted else {}
    if split:
        with aprender_early_stopping_split():
            est.fit(X, y, **kw)
    else:
        est.fit(X, y, **kw)


def common_record(est, data, split):
    X, y, Xt, yt = data["X_train"], data["y_train"], data["X_test"], data["y_test"]
    out = {
        "score": est.score(Xt, yt),
        "n_estimators": est.n_estimators_,
        "train_score": est.train_score_,
        "importances": est.feature_importances_,
        "init_raw": est._raw_predict_init(Xt[:1])[0],
    }
    if est.subsample < 1:
        out["oob_scores"] = est.oob_scores_
        out["oob_score"] = est.oob_score_
    if split:
        out["validation_rows"] = held_out_rows(est, y)
    return out


def clf_record(est, data, weighted=False, split=False):
    """Scores and curves; raw scores and probabilities of training rows (test rows may fall between tied splits)."""
    fit_with(est, data, weighted, split)
    out = common_record(est, data, split)
    out["train_decision"] = est.decision_function(data["X_train"][:10])
    out["train_proba"] = est.predict_proba(data["X_train"][:10])
    return out


def reg_record(est, data, weighted=False, split=False):
    """Scores and curves; predictions of training rows, the staged test R², the test pinball loss of quantile."""
    fit_with(est, data, weighted, split)
    out = common_record(est, data, split)
    out["train_predict"] = est.predict(data["X_train"][:10])
    out["staged_r2"] = [r2_score(data["y_test"], p) for p in est.staged_predict(data["X_test"])]
    if est.loss == "quantile":
        out["pinball"] = mean_pinball_loss(data["y_test"], est.predict(data["X_test"]), alpha=est.alpha)
    return out


def seeds_record(record):
    """A randomized setting (subsample, maxFeatures): test scores and mean importances over seeds 0..4 as well."""
    def run(est, data):
        out = record(est, data)
        fits = [record(clone(est).set_params(random_state=seed), data) for seed in range(5)]
        out["seed_scores"] = [f["score"] for f in fits]
        out["seed_importances"] = np.mean([f["importances"] for f in fits], axis=0)
        return out
    return run


def loss_record(_est, data):
    """
    Each loss on its own, on the training rows and made-up raw predictions: the mean loss (times scikit-learn's
    factor), the negative gradient, huber's delta, the init estimator's raw prediction (unweighted and weighted), and
    the line search of _update_terminal_regions itself on a depth-3 tree grown here (with every fourth row out of the
    bag): each row's leaf and each leaf's value after the update.
    """
    X, y = data["X_train"].astype(np.float32), data["y_train"].astype(np.float64)
    n = len(y)
    w = weights_for(n)
    mask = np.arange(n) % 4 != 0
    t = np.arange(n, dtype=np.float64)
    out = {}
    if data["task"] == "regression":
        names = {"squared_error": 0.9, "absolute_error": 0.9, "huber": 0.9, "quantile": 0.9, "huber.low": 0.6, "quantile.low": 0.3}
        for name, alpha in names.items():
            loss_name = name.split(".")[0]
            est = GradientBoostingRegressor(loss=loss_name, alpha=alpha, n_estimators=1, random_state=0)
            est.fit(X, y)
            init = est._raw_predict_init(X[:1])[0]
            est_w = GradientBoostingRegressor(loss=loss_name, alpha=alpha, n_estimators=1, random_state=0)
            est_w.fit(X, y, sample_weight=w)
            loss = est._get_loss(sample_weight=w)
            raw = (np.mean(y) + 20 * np.sin(t)).reshape(-1, 1)
            out[name] = line_search(loss, X, y, raw, w, mask, 1, alpha)
            out[name]["init"] = init
            out[name]["init_weighted"] = est_w._raw_predict_init(X[:1])[0]
    else:
        classes = np.unique(y)
        losses = ["log_loss", "exponential"] if len(classes) == 2 else ["log_loss"]
        for name in losses:
            est = GradientBoostingClassifier(loss=name, n_estimators=1, random_state=0).fit(X, y)
            est_w = GradientBoostingClassifier(loss=name, n_estimators=1, random_state=0).fit(X, y, sample_weight=w)
            k = est.n_trees_per_iteration_
            loss = est._get_loss(sample_weight=w)
            raw = np.stack([1.5 * np.sin(t * (j + 1)) for j in range(k)], axis=1)
            out[name] = line_search(loss, X, y, raw, w, mask, k, None)
            out[name]["init"] = est._raw_predict_init(X[:1])[0]
            out[name]["init_weighted"] = est_w._raw_predict_init(X[:1])[0]
    return out


def line_search(loss, X, y, raw, w, mask, k, alpha):
    rec = {}
    if isinstance(loss, gb_module.HuberLoss):
        gb_module.set_huber_delta(loss, y, raw, w)
        rec["delta"] = loss.closs.delta
    factor = 2 if isinstance(loss, (gb_module.HalfSquaredError, gb_module.HalfBinomialLoss)) else 1
    rec["mean_loss"] = factor * loss(y, raw if k > 1 else raw[:, 0], w)
    neg = -loss.gradient(y_true=y, raw_prediction=raw if k > 1 else raw[:, 0])
    neg = neg.reshape(len(y), -1)
    rec["neg_gradient"] = neg
    rec["trees"] = []
    sw = w * mask
    for j in range(k):
        tree = DecisionTreeRegressor(max_depth=3, random_state=0).fit(X, neg[:, j], sample_weight=sw)
        yj = np.array(y == j, dtype=np.float64) if k > 1 else y
        raw_after = raw.copy()
        gb_module._update_terminal_regions(loss, tree.tree_, X, yj, neg[:, j], raw_after, sw, mask, learning_rate=0.1, k=j)
        rec["trees"].append({
            "leaves": tree.apply(X),
            "values": tree.tree_.value[:, 0, 0],
            "is_leaf": tree.tree_.children_left == -1,
            "raw_after": raw_after[:, j],
        })
    return rec


def clf(**kw):
    return lambda: GradientBoostingClassifier(random_state=0, **kw)


def reg(**kw):
    return lambda: GradientBoostingRegressor(random_state=0, **kw)


CASES = [
    {"id": "losses", "make": lambda: None, "datasets": ["diabetes", "breast_cancer", "iris"], "record": loss_record},
    # log_loss, default settings (100 stages of depth-3 trees)
    {"id": "GBC", "make": clf(), "datasets": CLASSIFICATION, "record": clf_record},
    # digits: 10 trees per stage, so fewer stages
    {"id": "GBC.digits", "make": clf(n_estimators=15), "datasets": ["digits"], "record": clf_record},
    {"id": "GBC.exponential", "make": clf(loss="exponential"), "datasets": BINARY, "record": clf_record},
    {"id": "GBC.shrunk", "make": clf(learning_rate=0.05, n_estimators=60, max_depth=2, min_samples_leaf=3),
     "datasets": CLASSIFICATION, "record": clf_record},
    {"id": "GBC.leaves", "make": clf(max_leaf_nodes=6, max_depth=None, n_estimators=50), "datasets": CLASSIFICATION,
     "record": clf_record},
    {"id": "GBC.weighted", "make": clf(n_estimators=50), "datasets": CLASSIFICATION,
     "record": lambda est, data: clf_record(est, data, weighted=True)},
    {"id": "GBC.fractions", "make": clf(n_estimators=50, min_samples_split=0.05, min_samples_leaf=0.02,
     min_weight_fraction_leaf=0.01), "datasets": ["iris", "breast_cancer"], "record": clf_record},
    {"id": "GBC.ccp", "make": clf(ccp_alpha=0.002), "datasets": BINARY, "record": clf_record},
    {"id": "GBC.subsample", "make": clf(subsample=0.6, n_estimators=80), "datasets": CLASSIFICATION,
     "record": seeds_record(clf_record)},
    {"id": "GBC.sqrt", "make": clf(max_features="sqrt"), "datasets": CLASSIFICATION, "record": seeds_record(clf_record)},
    {"id": "GBC.early", "make": clf(n_estimators=300, n_iter_no_change=5, validation_fraction=0.2),
     "datasets": CLASSIFICATION, "record": lambda est, data: clf_record(est, data, split=True)},
    {"id": "GBC.early.fast", "make": clf(n_estimators=300, learning_rate=0.3, n_iter_no_change=10, tol=1e-3,
     validation_fraction=0.2), "datasets": CLASSIFICATION, "record": lambda est, data: clf_record(est, data, split=True)},
    {"id": "GBR", "make": reg(), "datasets": REGRESSION, "record": reg_record},
    {"id": "GBR.absolute_error", "make": reg(loss="absolute_error"), "datasets": REGRESSION, "record": reg_record},
    {"id": "GBR.huber", "make": reg(loss="huber", alpha=0.9), "datasets": REGRESSION, "record": reg_record},
    {"id": "GBR.huber.alpha", "make": reg(loss="huber", alpha=0.7), "datasets": REGRESSION, "record": reg_record},
    {"id": "GBR.quantile", "make": reg(loss="quantile", alpha=0.5), "datasets": REGRESSION, "record": reg_record},
    {"id": "GBR.quantile.high", "make": reg(loss="quantile", alpha=0.9), "datasets": REGRESSION,
     "record": reg_record},
    {"id": "GBR.leaves", "make": reg(max_leaf_nodes=8, max_depth=None, learning_rate=0.05, min_samples_leaf=5),
     "datasets": REGRESSION, "record": reg_record},
    {"id": "GBR.weighted", "make": reg(), "datasets": REGRESSION,
     "record": lambda est, data: reg_record(est, data, weighted=True)},
    {"id": "GBR.absolute_error.weighted", "make": reg(loss="absolute_error"), "datasets": REGRESSION,
     "record": lambda est, data: reg_record(est, data, weighted=True)},
    {"id": "GBR.huber.weighted", "make": reg(loss="huber"), "datasets": REGRESSION,
     "record": lambda est, data: reg_record(est, data, weighted=True)},
    # scikit-learn 1.9 grows the stage trees with criterion='squared_error' whatever `criterion` says
    {"id": "GBR.min_impurity", "make": reg(min_impurity_decrease=10.0), "datasets": REGRESSION, "record": reg_record},
    {"id": "GBR.fractions", "make": reg(min_samples_split=0.05, min_samples_leaf=0.02, min_weight_fraction_leaf=0.01),
     "datasets": REGRESSION, "record": reg_record},
    {"id": "GBR.ccp", "make": reg(ccp_alpha=20.0), "datasets": REGRESSION, "record": reg_record},
    {"id": "GBR.subsample", "make": reg(subsample=0.7), "datasets": REGRESSION, "record": seeds_record(reg_record)},
    {"id": "GBR.sqrt", "make": reg(max_features="sqrt"), "datasets": REGRESSION, "record": seeds_record(reg_record)},
    {"id": "GBR.early", "make": reg(n_estimators=500, n_iter_no_change=5, validation_fraction=0.2),
     "datasets": REGRESSION, "record": lambda est, data: reg_record(est, data, split=True)},
    {"id": "GBR.early.fast", "make": reg(n_estimators=500, learning_rate=0.3, n_iter_no_change=10, tol=1e-3,
     validation_fraction=0.2), "datasets": REGRESSION, "record": lambda est, data: reg_record(est, data, split=True)},
    {"id": "GBR.early.huber", "make": reg(loss="huber", n_estimators=500, n_iter_no_change=8, validation_fraction=0.15,
     tol=1e-3), "datasets": REGRESSION, "record": lambda est, data: reg_record(est, data, split=True)},
]
