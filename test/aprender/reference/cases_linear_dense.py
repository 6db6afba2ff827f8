"""
scikit-learn's LinearRegression and Ridge on the real datasets (the regression target of diabetes; the class labels as
numbers elsewhere, which exercises wider and rank-deficient X: digits has constant pixels). Multi-target cases use
y2 = [y, 2 y + X[:, 0]] (the TS test builds the same). Written by sklearn_reference.py linear_dense.
"""
import numpy as np
from sklearn.linear_model import LinearRegression, Ridge

ALL = ["diabetes", "iris", "wine", "breast_cancer", "digits"]


def two_targets(y, X):
    return np.column_stack([y, 2.0 * y + X[:, 0]])


def record_linear(est, data, multi=False):
    Xtr, Xte = data["X_train"], data["X_test"]
    ytr = data["y_train"].astype(np.float64)
    yte = data["y_test"].astype(np.float64)
    if multi:
        ytr, yte = two_targets(ytr, Xtr), two_targets(yte, Xte)
    est.fit(Xtr, ytr)
    out = {"coef_": est.coef_, "intercept_": est.intercept_, "score": est.score(Xte, yte),
           "predict_head": est.predict(Xte)[:5]}
    for name in ("rank_", "singular_", "n_iter_", "solver_"):
        if hasattr(est, name) and getattr(est, name) is not None:
            out[name] = getattr(est, name)
    return out


def weighted(est, data):
    w = 1.0 + (np.arange(len(data["y_train"])) % 5)
    est.fit(data["X_train"], data["y_train"].astype(np.float64), sample_weight=w)
    return {"coef_": est.coef_, "intercept_": est.intercept_, "score": est.score(data["X_test"], data["y_test"].astype(np.float64))}


CASES = [
    {"id": "LinearRegression", "make": LinearRegression, "datasets": ALL, "record": record_linear},
    {"id": "LinearRegression.multi", "make": LinearRegression, "datasets": ["diabetes", "wine"],
     "record": lambda e, d: record_linear(e, d, multi=True)},
    {"id": "LinearRegression.noIntercept", "make": lambda: LinearRegression(fit_intercept=False),
     "datasets": ["diabetes", "wine"], "record": record_linear},
    {"id": "LinearRegression.positive", "make": lambda: LinearRegression(positive=True),
     "datasets": ["diabetes", "wine"], "record": record_linear},
    {"id": "LinearRegression.weighted", "make": LinearRegression, "datasets": ["diabetes", "wine"], "record": weighted},
    {"id": "Ridge", "make": Ridge, "datasets": ALL, "record": record_linear},
    {"id": "Ridge.svd", "make": lambda: Ridge(alpha=0.5, solver="svd"), "datasets": ALL, "record": record_linear},
    {"id": "Ridge.cholesky", "make": lambda: Ridge(alpha=2.0, solver="cholesky"), "datasets": ["diabetes", "breast_cancer"],
     "record": record_linear},
    {"id": "Ridge.lsqr", "make": lambda: Ridge(alpha=1.0, solver="lsqr", tol=1e-10), "datasets": ["diabetes", "wine"],
     "record": record_linear},
    {"id": "Ridge.multi", "make": lambda: Ridge(alpha=[0.1, 3.0]), "datasets": ["diabetes", "wine"],
     "record": lambda e, d: record_linear(e, d, multi=True)},
    {"id": "Ridge.noIntercept", "make": lambda: Ridge(alpha=0.3, fit_intercept=False), "datasets": ["diabetes"],
     "record": record_linear},
    {"id": "Ridge.weighted", "make": lambda: Ridge(alpha=0.7), "datasets": ["diabetes", "wine"], "record": weighted},
]
