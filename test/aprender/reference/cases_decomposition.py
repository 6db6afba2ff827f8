"""
scikit-learn's PCA and TruncatedSVD on the real datasets (X of the train split; transform of the test split).
Written by sklearn_reference.py decomposition. The randomized cases are stored for comparison with a stated
tolerance: their random draws (numpy's generator) cannot be reproduced, only their converged subspace.
"""
import numpy as np
from sklearn.decomposition import PCA, TruncatedSVD

ALL = ["diabetes", "iris", "wine", "breast_cancer", "digits"]


def record_pca(est, data):
    Z = est.fit_transform(data["X_train"])
    out = {name: getattr(est, name) for name in
           ("components_", "explained_variance_", "explained_variance_ratio_", "singular_values_", "mean_",
            "noise_variance_", "n_components_", "n_samples_")}
    out["fit_transform_head"] = Z[:5]
    out["transform_head"] = est.transform(data["X_test"])[:5]
    out["inverse_head"] = est.inverse_transform(est.transform(data["X_test"][:5]))
    try:
        out["score"] = est.score(data["X_test"])
    except np.linalg.LinAlgError:  # all components kept on rank-deficient data: a singular precision matrix
        out["score"] = None
    out["solver"] = est._fit_svd_solver
    return out


def record_tsvd(est, data):
    Z = est.fit_transform(data["X_train"])
    out = {name: getattr(est, name) for name in
           ("components_", "explained_variance_", "explained_variance_ratio_", "singular_values_")}
    out["fit_transform_head"] = Z[:5]
    out["transform_head"] = est.transform(data["X_test"])[:5]
    out["inverse_head"] = est.inverse_transform(est.transform(data["X_test"][:5]))
    return out


CASES = [
    {"id": "PCA.full", "make": lambda: PCA(svd_solver="full"), "datasets": ALL, "record": record_pca},
    {"id": "PCA.auto", "make": PCA, "datasets": ALL, "record": record_pca},
    {"id": "PCA.covariance_eigh.3", "make": lambda: PCA(3, svd_solver="covariance_eigh"), "datasets": ALL,
     "record": record_pca},
    {"id": "PCA.fraction", "make": lambda: PCA(0.9, svd_solver="full"), "datasets": ALL, "record": record_pca},
    {"id": "PCA.mle", "make": lambda: PCA("mle", svd_solver="full"), "datasets": ALL, "record": record_pca},
    {"id": "PCA.whiten", "make": lambda: PCA(3, whiten=True, svd_solver="full"), "datasets": ALL, "record": record_pca},
    {"id": "PCA.randomized", "make": lambda: PCA(3, svd_solver="randomized", random_state=0), "datasets": ALL,
     "record": record_pca},
    {"id": "TruncatedSVD.arpack", "make": lambda: TruncatedSVD(3, algorithm="arpack", random_state=0), "datasets": ALL,
     "record": record_tsvd},
    {"id": "TruncatedSVD.randomized", "make": lambda: TruncatedSVD(3, random_state=0), "datasets": ALL,
     "record": record_tsvd},
]
