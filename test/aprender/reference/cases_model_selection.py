"""
scikit-learn's model selection figures for test/aprender/model-selection: the deterministic splits (KFold,
StratifiedKFold, GroupKFold without shuffle) and searches / cross-validation on the real datasets with estimators the
TS tests re-implement in the test files (brute-force k-nearest neighbours, ridge regression), so their scores match
to rounding.
Run with the runner: $SOVEREIGN_PYTHON test/aprender/reference/sklearn_reference.py model_selection
"""
import numpy as np
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, GroupKFold, KFold, StratifiedKFold, cross_validate, learning_curve
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler


def pairs(cv, X, y=None, groups=None):
    return [[train.tolist(), test.tolist()] for train, test in cv.split(X, y, groups)]


def splits(_est, data):
    y = data["y_train"]
    n = len(y)
    groups = (np.arange(n) * 7) % 13  # 13 groups of nearly equal sizes: ties in the assignment order
    imbalanced = np.where(np.arange(n) % 10 == 0, 2, np.where(np.arange(n) % 3 == 0, 1, 0))
    return {
        "y": y, "groups": groups, "imbalanced": imbalanced,
        "kfold5": pairs(KFold(5), y), "kfold7": pairs(KFold(7), y[:23]),
        "stratified5": pairs(StratifiedKFold(5), y, y), "stratified3_imbalanced": pairs(StratifiedKFold(3), y, imbalanced),
        "group4": pairs(GroupKFold(4), y, None, groups), "group3_sizes": pairs(GroupKFold(3), y, None, np.arange(n) % 5 + (np.arange(n) % 5 == 0) * 10),
    }


def scaled(data):
    s = StandardScaler().fit(data["X_train"])
    return s.transform(data["X_train"]), s.transform(data["X_test"])


def knn_search(_est, data):
    Xtr, Xte = scaled(data)
    grid = {"n_neighbors": [1, 3, 5, 7, 9, 11, 15], "weights": ["uniform", "distance"]}
    search = GridSearchCV(KNeighborsClassifier(algorithm="brute"), grid, cv=5, return_train_score=True).fit(Xtr, data["y_train"])
    r = search.cv_results_
    return {"best_params": search.best_params_, "best_score": search.best_score_, "best_index": int(search.best_index_),
            "test_score": search.score(Xte, data["y_test"]), "mean_test_score": r["mean_test_score"], "std_test_score": r["std_test_score"],
            "rank_test_score": r["rank_test_score"], "split0_test_score": r["split0_test_score"], "mean_train_score": r["mean_train_score"],
            "params": [dict(p) for p in r["params"]]}


def ridge_search(_est, data):
    grid = {"alpha": [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]}
    search = GridSearchCV(Ridge(), grid, cv=KFold(4), scoring=["r2", "neg_mean_squared_error"], refit="neg_mean_squared_error").fit(data["X_train"], data["y_train"])
    r = search.cv_results_
    cv = cross_validate(Ridge(alpha=0.1), data["X_train"], data["y_train"], cv=5, scoring=["r2", "neg_mean_absolute_error"], return_train_score=True)
    sizes, train_scores, test_scores = learning_curve(Ridge(alpha=1.0), data["X_train"], data["y_train"], cv=3, train_sizes=[0.2, 0.5, 1.0])
    return {"best_params": search.best_params_, "best_score": search.best_score_, "mean_test_r2": r["mean_test_r2"],
            "mean_test_neg_mean_squared_error": r["mean_test_neg_mean_squared_error"], "rank_test_r2": r["rank_test_r2"],
            "test_score": search.score(data["X_test"], data["y_test"]),
            "cv_test_r2": cv["test_r2"], "cv_train_neg_mean_absolute_error": cv["train_neg_mean_absolute_error"], "cv_test_neg_mean_absolute_error": cv["test_neg_mean_absolute_error"],
            "lc_sizes": sizes, "lc_train": train_scores, "lc_test": test_scores}


def pipeline_search(_est, data):
    # The scaler is fitted inside each fold (no leak from the test rows), on the raw features.
    pipe = Pipeline([("scale", StandardScaler()), ("knn", KNeighborsClassifier(algorithm="brute"))])
    grid = {"knn__n_neighbors": [1, 3, 5, 7, 9, 11, 15], "knn__weights": ["uniform", "distance"], "scale__with_mean": [True, False]}
    search = GridSearchCV(pipe, grid, cv=5, scoring="f1_macro").fit(data["X_train"], data["y_train"])
    r = search.cv_results_
    return {"best_params": search.best_params_, "best_score": search.best_score_, "mean_test_score": r["mean_test_score"],
            "rank_test_score": r["rank_test_score"], "test_score": search.score(data["X_test"], data["y_test"])}


CASES = [
    {"id": "splits", "make": lambda: None, "datasets": ["wine"], "record": splits},
    {"id": "knn_search", "make": lambda: None, "datasets": ["wine", "iris", "breast_cancer"], "record": knn_search},
    {"id": "pipeline_search", "make": lambda: None, "datasets": ["wine", "breast_cancer"], "record": pipeline_search},
    {"id": "ridge_search", "make": lambda: None, "datasets": ["diabetes"], "record": ridge_search},
]
