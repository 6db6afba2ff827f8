"""
scikit-learn's clustering figures on the real datasets (train rows of splits.json): KMeans from the same k-means++
init arrays (stored here, so the TS side starts from them too), default KMeans inertia, AgglomerativeClustering trees
and labels, DBSCAN labels, MiniBatchKMeans inertia (3 seeds) beside full KMeans, GaussianMixture from stored initial weights/means/precisions.
"""
import numpy as np
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans, MiniBatchKMeans, kmeans_plusplus
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters

K = {"iris": 3, "wine": 3, "breast_cancer": 2, "digits": 10}


def kmeans_case(algorithm):
    def record(_est, data):
        X = data["X_train"]
        k = K[data_name(data)]
        init, _ = kmeans_plusplus(X, k, random_state=0)
        km = KMeans(k, init=init, n_init=1, algorithm=algorithm).fit(X)
        return {"init": init, "inertia": km.inertia_, "labels": km.labels_, "n_iter": km.n_iter_,
                "centers": km.cluster_centers_, "test_labels": km.predict(data["X_test"]),
                "test_score": km.score(data["X_test"])}
    return record


def data_name(data):
    return {4: "iris", 13: "wine", 30: "breast_cancer", 64: "digits"}[data["X_train"].shape[1]]


def kmeans_default(_est, data):
    X = data["X_train"]
    return {"inertia": KMeans(K[data_name(data)], random_state=0).fit(X).inertia_,
            "inertia_random": KMeans(K[data_name(data)], init="random", random_state=0).fit(X).inertia_}


def agglomerative_case(linkage, metric="euclidean"):
    def record(_est, data):
        ag = AgglomerativeClustering(3, linkage=linkage, metric=metric, compute_distances=True).fit(data["X_train"])
        return {"labels": ag.labels_, "children": ag.children_, "distances": ag.distances_}
    return record


def agglomerative_threshold(_est, data):
    ag = AgglomerativeClustering(None, distance_threshold=10.0).fit(data["X_train"])
    return {"labels": ag.labels_, "n_clusters": ag.n_clusters_}


def dbscan_case(eps, min_samples, metric="euclidean"):
    def record(_est, data):
        db = DBSCAN(eps=eps, min_samples=min_samples, metric=metric).fit(data["X_train"])
        return {"eps": eps, "min_samples": min_samples, "labels": db.labels_, "core": db.core_sample_indices_}
    return record


def gmm_case(cov):
    def record(_est, data):
        X = data["X_train"]
        k = K[data_name(data)]
        init, _ = kmeans_plusplus(X, k, random_state=0)
        labels = KMeans(k, init=init, n_init=1).fit(X).labels_
        resp = np.eye(k)[labels]
        weights, means, covs = _estimate_gaussian_parameters(X, resp, 1e-6, cov)
        weights /= X.shape[0]
        if cov == "full":
            precisions = np.array([np.linalg.inv(c) for c in covs])
        elif cov == "tied":
            precisions = np.linalg.inv(covs)
        else:
            precisions = 1.0 / covs
        gm = GaussianMixture(k, covariance_type=cov, weights_init=weights, means_init=means,
                             precisions_init=precisions).fit(X)
        return {"weights_init": weights, "means_init": means, "precisions_init": precisions,
                "weights": gm.weights_, "means": gm.means_, "covariances": gm.covariances_,
                "converged": gm.converged_, "n_iter": gm.n_iter_, "lower_bound": gm.lower_bound_,
                "test_labels": gm.predict(data["X_test"]), "test_score": gm.score(data["X_test"]),
                "bic": gm.bic(data["X_test"]), "aic": gm.aic(data["X_test"])}
    return record


def minibatch(_est, data):
    X = data["X_train"]
    k = K[data_name(data)]
    return {"inertia": [MiniBatchKMeans(k, n_init=3, batch_size=64, random_state=s).fit(X).inertia_ for s in range(3)],
            "full": KMeans(k, n_init=10, random_state=0).fit(X).inertia_}


def none():
    return None


CASES = [
    {"id": "KMeans.lloyd", "make": none, "datasets": ["iris", "wine", "breast_cancer", "digits"], "record": kmeans_case("lloyd")},
    {"id": "KMeans.elkan", "make": none, "datasets": ["iris", "wine", "breast_cancer", "digits"], "record": kmeans_case("elkan")},
    {"id": "KMeans.default", "make": none, "datasets": ["iris", "wine"], "record": kmeans_default},
    {"id": "MiniBatchKMeans", "make": none, "datasets": ["iris", "wine", "digits"], "record": minibatch},
    *[{"id": f"AgglomerativeClustering.{l}", "make": none, "datasets": ["iris", "wine"], "record": agglomerative_case(l)}
      for l in ["ward", "complete", "average", "single"]],
    {"id": "AgglomerativeClustering.average.manhattan", "make": none, "datasets": ["iris", "wine"],
     "record": agglomerative_case("average", "manhattan")},
    {"id": "AgglomerativeClustering.threshold", "make": none, "datasets": ["iris"], "record": agglomerative_threshold},
    {"id": "DBSCAN.iris", "make": none, "datasets": ["iris"], "record": dbscan_case(0.5, 5)},
    {"id": "DBSCAN.iris.tight", "make": none, "datasets": ["iris"], "record": dbscan_case(0.3, 3)},
    {"id": "DBSCAN.iris.manhattan", "make": none, "datasets": ["iris"], "record": dbscan_case(0.8, 4, "manhattan")},
    {"id": "DBSCAN.wine", "make": none, "datasets": ["wine"], "record": dbscan_case(30.0, 4)},
    *[{"id": f"GaussianMixture.{c}", "make": none, "datasets": ["iris", "wine"], "record": gmm_case(c)}
      for c in ["full", "diag", "spherical", "tied"]],
]
