"""
scikit-learn's preprocessing and composition figures for test/aprender/preprocessing-parity.test.ts.

Every case fits on the training split and records the learned arrays, then the transform of the test split: its first
HEAD rows ('head') and its column sums ('sums'), which the TS test compares within 1e-6 relative. Derived inputs are
built the same way on both sides:
    cat(X)      the first 4 columns floored (categorical codes as numbers)
    strings(X)  the same as strings 'c<int>' (string categories)
    holes(X)    X with NaN where (i * 7 + j * 3) % 11 == 0 (row i, column j)
"""
import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import (LabelEncoder, MaxAbsScaler, MinMaxScaler, Normalizer, OneHotEncoder, OrdinalEncoder,
                                   PolynomialFeatures, RobustScaler, StandardScaler)

ALL = ["iris", "wine", "breast_cancer", "digits", "diabetes"]
CLASSIFICATION = ["iris", "wine", "breast_cancer", "digits"]
HEAD = 10


def cat(X):
    return np.floor(X[:, :4])


def strings(X):
    return np.char.add("c", cat(X).astype(int).astype(str)).astype(object)


def holes(X):
    X = X.copy()
    i, j = np.indices(X.shape)
    X[(i * 7 + j * 3) % 11 == 0] = np.nan
    return X


def out(Z):
    Z = np.asarray(Z, dtype=np.float64)
    return {"head": Z[:HEAD], "sums": np.nansum(Z, axis=0), "shape": list(Z.shape)}


def fitted(attrs, prep=lambda X: X):
    def record(est, d):
        est.fit(prep(d["X_train"]))
        r = {a: getattr(est, a) for a in attrs}
        r["transform"] = out(est.transform(prep(d["X_test"])))
        return r
    return record


def partial(est, d):
    X = d["X_train"]
    for chunk in np.array_split(X, 3):
        est.partial_fit(chunk)
    return {"mean_": est.mean_, "var_": est.var_, "scale_": est.scale_, "n_samples_seen_": est.n_samples_seen_,
            "transform": out(est.transform(d["X_test"]))}


def partial_holes(est, d):
    X = holes(d["X_train"])
    for chunk in np.array_split(X, 3):
        est.partial_fit(chunk)
    return {"mean_": est.mean_, "var_": est.var_, "scale_": est.scale_, "n_samples_seen_": est.n_samples_seen_,
            "transform": out(est.transform(holes(d["X_test"])))}


def weighted(est, d):
    X = d["X_train"]
    w = 1.0 + np.arange(X.shape[0]) % 3
    est.fit(X, sample_weight=w)
    return {"mean_": est.mean_, "var_": est.var_, "scale_": est.scale_}


def encoder(attrs, prep, names=False):
    def record(est, d):
        est.fit(prep(d["X_train"]))
        r = {a: getattr(est, a) for a in attrs}
        r["categories_"] = [list(c) for c in est.categories_]
        r["transform"] = out(est.transform(prep(d["X_test"])))
        if names:
            r["names"] = list(est.get_feature_names_out())
        return r
    return record


def infrequent(est, d):
    r = encoder([], cat, names=True)(est, d)
    r["infrequent_categories_"] = [None if c is None else list(c) for c in est.infrequent_categories_]
    return r


def labels(est, d):
    est.fit(d["y_train"])
    return {"classes_": est.classes_, "transform": est.transform(d["y_test"])}


def imputed(est, d):
    est.fit(holes(d["X_train"]))
    r = {"statistics_": est.statistics_, "transform": out(est.transform(holes(d["X_test"])))}
    r["names"] = list(est.get_feature_names_out())
    return r


def poly(est, d):
    X = d["X_train"][:, :4]
    est.fit(X)
    return {"powers_": est.powers_, "names": list(est.get_feature_names_out()),
            "transform": out(est.transform(d["X_test"][:, :4]))}


def mixed(X):
    """4 columns: the first two as they are, the next two floored (for the ColumnTransformer)."""
    Z = X[:, :4].copy()
    Z[:, 2:] = np.floor(Z[:, 2:])
    return Z


def composed(prep):
    def record(est, d):
        est.fit(prep(d["X_train"]))
        r = {"transform": out(est.transform(prep(d["X_test"])))}
        if hasattr(est, "get_feature_names_out"):
            r["names"] = list(est.get_feature_names_out())
        return r
    return record


CASES = [
    {"id": "StandardScaler", "make": StandardScaler, "datasets": ALL,
     "record": fitted(["mean_", "var_", "scale_", "n_samples_seen_"])},
    {"id": "StandardScaler.partial", "make": StandardScaler, "datasets": ALL, "record": partial},
    {"id": "StandardScaler.nan", "make": StandardScaler, "datasets": ALL,
     "record": fitted(["mean_", "var_", "scale_", "n_samples_seen_"], holes)},
    {"id": "StandardScaler.partialNan", "make": StandardScaler, "datasets": ALL, "record": partial_holes},
    {"id": "MinMaxScaler.nan", "make": MinMaxScaler, "datasets": ALL,
     "record": fitted(["data_min_", "data_max_", "scale_", "min_"], holes)},
    {"id": "MaxAbsScaler.nan", "make": MaxAbsScaler, "datasets": ALL, "record": fitted(["max_abs_", "scale_"], holes)},
    {"id": "StandardScaler.weighted", "make": StandardScaler, "datasets": ALL, "record": weighted},
    {"id": "StandardScaler.noMean", "make": lambda: StandardScaler(with_mean=False), "datasets": ALL,
     "record": fitted(["mean_", "scale_"])},
    {"id": "MinMaxScaler", "make": lambda: MinMaxScaler(feature_range=(-1, 2)), "datasets": ALL,
     "record": fitted(["data_min_", "data_max_", "data_range_", "scale_", "min_"])},
    {"id": "MinMaxScaler.clip", "make": lambda: MinMaxScaler(clip=True), "datasets": ALL, "record": fitted([])},
    {"id": "MaxAbsScaler", "make": MaxAbsScaler, "datasets": ALL, "record": fitted(["max_abs_", "scale_"])},
    {"id": "RobustScaler", "make": RobustScaler, "datasets": ALL, "record": fitted(["center_", "scale_"])},
    {"id": "RobustScaler.unitVariance", "make": lambda: RobustScaler(quantile_range=(10.0, 90.0), unit_variance=True),
     "datasets": ALL, "record": fitted(["center_", "scale_"])},
    {"id": "Normalizer.l1", "make": lambda: Normalizer(norm="l1"), "datasets": ALL, "record": fitted([])},
    {"id": "Normalizer.l2", "make": Normalizer, "datasets": ALL, "record": fitted([])},
    {"id": "Normalizer.max", "make": lambda: Normalizer(norm="max"), "datasets": ALL, "record": fitted([])},
    {"id": "OneHotEncoder", "make": lambda: OneHotEncoder(handle_unknown="ignore", sparse_output=False),
     "datasets": ALL, "record": encoder([], cat, names=True)},
    {"id": "OneHotEncoder.strings", "make": lambda: OneHotEncoder(handle_unknown="ignore", sparse_output=False),
     "datasets": ALL, "record": encoder([], strings, names=True)},
    {"id": "OneHotEncoder.dropFirst", "make": lambda: OneHotEncoder(drop="first", handle_unknown="ignore", sparse_output=False),
     "datasets": ALL, "record": encoder(["drop_idx_"], cat, names=True)},
    {"id": "OneHotEncoder.infrequent",
     "make": lambda: OneHotEncoder(handle_unknown="infrequent_if_exist", min_frequency=5, max_categories=4, sparse_output=False),
     "datasets": ALL, "record": infrequent},
    {"id": "OrdinalEncoder", "make": lambda: OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1),
     "datasets": ALL, "record": encoder([], cat)},
    {"id": "OrdinalEncoder.strings", "make": lambda: OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1),
     "datasets": ALL, "record": encoder([], strings)},
    {"id": "LabelEncoder", "make": LabelEncoder, "datasets": CLASSIFICATION, "record": labels},
    {"id": "SimpleImputer.mean", "make": lambda: SimpleImputer(add_indicator=True), "datasets": ALL, "record": imputed},
    {"id": "SimpleImputer.median", "make": lambda: SimpleImputer(strategy="median"), "datasets": ALL, "record": imputed},
    {"id": "SimpleImputer.most_frequent", "make": lambda: SimpleImputer(strategy="most_frequent"), "datasets": ALL,
     "record": imputed},
    {"id": "SimpleImputer.constant", "make": lambda: SimpleImputer(strategy="constant", fill_value=0.5), "datasets": ALL,
     "record": imputed},
    {"id": "PolynomialFeatures", "make": PolynomialFeatures, "datasets": ALL, "record": poly},
    {"id": "PolynomialFeatures.interaction",
     "make": lambda: PolynomialFeatures(degree=3, interaction_only=True, include_bias=False), "datasets": ALL,
     "record": poly},
    {"id": "ColumnTransformer",
     "make": lambda: ColumnTransformer([("num", StandardScaler(), [0, 1]),
                                        ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), [2, 3])]),
     "datasets": ALL, "record": composed(mixed)},
    {"id": "Pipeline", "make": lambda: Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", RobustScaler()),
                                                  ("range", MinMaxScaler())]),
     "datasets": ALL, "record": composed(holes)},
]
