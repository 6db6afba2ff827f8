"""
scikit-learn's figures for the neighbours family (KNeighborsClassifier, KNeighborsRegressor, NearestNeighbors), on
the real datasets with the split of splits.json. Run: $SOVEREIGN_PYTHON test/aprender/reference/sklearn_reference.py neighbors
"""
import numpy as np
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor, NearestNeighbors

CLASSIFICATION = ["iris", "wine", "breast_cancer", "digits"]


def classifier_record(est, data):
    est.fit(data["X_train"], data["y_train"])
    dist, idx = est.kneighbors(data["X_test"][:5])
    return {
        "score": est.score(data["X_test"], data["y_test"]),
        "predict": est.predict(data["X_test"]),
        "proba": est.predict_proba(data["X_test"][:10]),
        "fit_method": est._fit_method,
        "kneighbors_distances": dist,
        "kneighbors_indices": idx,
    }


def regressor_record(est, data):
    est.fit(data["X_train"], data["y_train"])
    return {
        "score": est.score(data["X_test"], data["y_test"]),
        "predict": est.predict(data["X_test"]),
        "fit_method": est._fit_method,
    }


def radius_record(est, data):
    est.fit(data["X_train"])
    dist, idx = est.radius_neighbors(data["X_test"], sort_results=True)
    return {
        "counts": [len(i) for i in idx],
        "first_indices": idx[0],
        "first_distances": dist[0],
        "fit_method": est._fit_method,
    }


CASES = [
    {"id": "KNeighborsClassifier", "make": lambda: KNeighborsClassifier(),
     "datasets": CLASSIFICATION, "record": classifier_record},
    {"id": "KNeighborsClassifier.distance.p1", "make": lambda: KNeighborsClassifier(n_neighbors=7, weights="distance", p=1),
     "datasets": CLASSIFICATION, "record": classifier_record},
    {"id": "KNeighborsClassifier.brute", "make": lambda: KNeighborsClassifier(n_neighbors=3, algorithm="brute"),
     "datasets": CLASSIFICATION, "record": classifier_record},
    {"id": "KNeighborsClassifier.kd_tree", "make": lambda: KNeighborsClassifier(n_neighbors=3, algorithm="kd_tree", leaf_size=10),
     "datasets": CLASSIFICATION, "record": classifier_record},
    {"id": "KNeighborsRegressor", "make": lambda: KNeighborsRegressor(),
     "datasets": ["diabetes"], "record": regressor_record},
    {"id": "KNeighborsRegressor.distance", "make": lambda: KNeighborsRegressor(n_neighbors=10, weights="distance"),
     "datasets": ["diabetes"], "record": regressor_record},
    {"id": "NearestNeighbors.radius", "make": lambda: NearestNeighbors(radius=1.0),
     "datasets": ["iris"], "record": radius_record},
    {"id": "NearestNeighbors.radius.brute", "make": lambda: NearestNeighbors(radius=30.0, algorithm="brute"),
     "datasets": ["wine"], "record": radius_record},
]
