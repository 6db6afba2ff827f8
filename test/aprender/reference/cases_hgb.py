"""
scikit-learn's figures for the histogram gradient boosters (HistGradientBoostingClassifier / Regressor) on the real
datasets with the split of splits.json: test scores, iterations, the first rows' probabilities / predictions and the
first tree (its splits), with early stopping off where the figures must be deterministic. The missing-value and
categorical cases change the data the same way the TS test does (see with_missing and with_categories).
Run: $SOVEREIGN_PYTHON test/aprender/reference/sklearn_reference.py hgb
"""
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

CLASSIFICATION = ["iris", "wine", "breast_cancer", "digits"]


def first_tree(est, k=0):
    """The first iteration's tree for output k: (feature, threshold, missing_go_to_left, is_leaf, value) per node."""
    nodes = est._predictors[0][k].nodes
    return {
        "feature": nodes["feature_idx"], "threshold": nodes["num_threshold"], "missing_left": nodes["missing_go_to_left"],
        "leaf": nodes["is_leaf"], "value": nodes["value"], "count": nodes["count"],
    }


def classifier_record(est, data):
    est.fit(data["X_train"], data["y_train"])
    return {
        "score": est.score(data["X_test"], data["y_test"]), "n_iter": est.n_iter_,
        "proba": est.predict_proba(data["X_test"][:10]), "tree": first_tree(est),
        "bin_thresholds0": est._bin_mapper.bin_thresholds_[0],
    }


def regressor_record(est, data):
    est.fit(data["X_train"], data["y_train"])
    return {
        "score": est.score(data["X_test"], data["y_test"]), "n_iter": est.n_iter_,
        "predict": est.predict(data["X_test"][:10]), "tree": first_tree(est),
    }


def early_record(est, data):
    est.fit(data["X_train"], data["y_train"])
    return {"score": est.score(data["X_test"], data["y_test"]), "n_iter": est.n_iter_}


def with_missing(X):
    """NaN at every 7th value (row-major) of the first 5 features, as the TS test does."""
    X = X.copy()
    n, d = X.shape
    flat = np.arange(n * d).reshape(n, d)
    mask = (flat % 7 == 0) & (np.arange(d)[None, :] < 5)
    X[mask] = np.nan
    return X


def missing_record(est, data):
    est.fit(with_missing(data["X_train"]), data["y_train"])
    return {"score": est.score(with_missing(data["X_test"]), data["y_test"]), "n_iter": est.n_iter_}


def with_categories(X):
    """diabetes: 'sex' (column 1) as codes 0/1 and bmi (column 2) cut at its deciles into codes scrambled by
    (3 * decile) % 10, so a categorical split must regroup them."""
    X = X.copy()
    X[:, 1] = (X[:, 1] > 0).astype(float)
    cuts = np.array([-0.0625, -0.0466, -0.0347, -0.0245, -0.0116, 0.0013, 0.0185, 0.0345, 0.0595])
    X[:, 2] = (3 * np.searchsorted(cuts, X[:, 2], side="right")) % 10
    return X


def categorical_record(est, data):
    est.fit(with_categories(data["X_train"]), data["y_train"])
    return {"score": est.score(with_categories(data["X_test"]), data["y_test"]), "n_iter": est.n_iter_}


def clf(**kw):
    return lambda: HistGradientBoostingClassifier(early_stopping=False, random_state=0, **kw)


def reg(**kw):
    return lambda: HistGradientBoostingRegressor(early_stopping=False, random_state=0, **kw)


CASES = [
    {"id": "HGBC", "make": clf(), "datasets": CLASSIFICATION, "record": classifier_record},
    {"id": "HGBC.small", "make": clf(max_iter=50, learning_rate=0.2, max_depth=3, l2_regularization=1.0, max_bins=32,
                                     min_samples_leaf=5),
     "datasets": CLASSIFICATION, "record": classifier_record},
    {"id": "HGBC.early", "make": lambda: HistGradientBoostingClassifier(early_stopping=True, random_state=0, max_iter=300),
     "datasets": ["breast_cancer", "digits"], "record": early_record},
    {"id": "HGBC.balanced", "make": clf(class_weight="balanced", max_iter=50), "datasets": ["breast_cancer", "wine"],
     "record": classifier_record},
    {"id": "HGBC.missing", "make": clf(), "datasets": ["breast_cancer", "wine"], "record": missing_record},
    {"id": "HGBR", "make": reg(), "datasets": ["diabetes"], "record": regressor_record},
    {"id": "HGBR.small", "make": reg(max_iter=60, learning_rate=0.05, max_leaf_nodes=8, min_samples_leaf=10),
     "datasets": ["diabetes"], "record": regressor_record},
    {"id": "HGBR.absolute", "make": reg(loss="absolute_error", max_iter=50), "datasets": ["diabetes"], "record": regressor_record},
    {"id": "HGBR.poisson", "make": reg(loss="poisson", max_iter=50), "datasets": ["diabetes"], "record": regressor_record},
    {"id": "HGBR.early", "make": lambda: HistGradientBoostingRegressor(early_stopping=True, random_state=0, max_iter=300),
     "datasets": ["diabetes"], "record": early_record},
    {"id": "HGBR.missing", "make": reg(max_iter=50), "datasets": ["diabetes"], "record": missing_record},
    {"id": "HGBR.categorical", "make": reg(max_iter=50, categorical_features=[1, 2]), "datasets": ["diabetes"],
     "record": categorical_record},
]
