"""
scikit-learn's figures for the naive Bayes family (GaussianNB, MultinomialNB, ComplementNB, BernoulliNB), on the real
datasets with the split of splits.json (every feature of the classification sets is non-negative, as MultinomialNB and
ComplementNB need). Run: $SOVEREIGN_PYTHON test/aprender/reference/sklearn_reference.py naive_bayes
"""
from sklearn.naive_bayes import BernoulliNB, ComplementNB, GaussianNB, MultinomialNB

CLASSIFICATION = ["iris", "wine", "breast_cancer", "digits"]


def gaussian_record(est, data):
    est.fit(data["X_train"], data["y_train"])
    return {
        "score": est.score(data["X_test"], data["y_test"]),
        "predict": est.predict(data["X_test"]),
        "theta": est.theta_,
        "var": est.var_,
        "class_prior": est.class_prior_,
        "class_count": est.class_count_,
        "epsilon": est.epsilon_,
        "proba": est.predict_proba(data["X_test"][:10]),
        "joint_log_proba": est.predict_joint_log_proba(data["X_test"][:10]),
    }


def gaussian_partial_record(est, data):
    X, y = data["X_train"], data["y_train"]
    half = len(y) // 2
    est.partial_fit(X[:half], y[:half], classes=sorted(set(y)))
    est.partial_fit(X[half:], y[half:])
    return {"score": est.score(data["X_test"], data["y_test"]), "theta": est.theta_, "var": est.var_}


def discrete_record(est, data):
    est.fit(data["X_train"], data["y_train"])
    return {
        "score": est.score(data["X_test"], data["y_test"]),
        "predict": est.predict(data["X_test"]),
        "feature_log_prob": est.feature_log_prob_,
        "class_log_prior": est.class_log_prior_,
        "feature_count": est.feature_count_,
        "proba": est.predict_proba(data["X_test"][:10]),
    }


def discrete_partial_record(est, data):
    X, y = data["X_train"], data["y_train"]
    half = len(y) // 2
    est.partial_fit(X[:half], y[:half], classes=sorted(set(y)))
    est.partial_fit(X[half:], y[half:])
    return {"score": est.score(data["X_test"], data["y_test"]), "feature_log_prob": est.feature_log_prob_}


CASES = [
    {"id": "GaussianNB", "make": lambda: GaussianNB(), "datasets": CLASSIFICATION, "record": gaussian_record},
    {"id": "GaussianNB.partial", "make": lambda: GaussianNB(), "datasets": CLASSIFICATION, "record": gaussian_partial_record},
    {"id": "MultinomialNB", "make": lambda: MultinomialNB(), "datasets": CLASSIFICATION, "record": discrete_record},
    {"id": "MultinomialNB.alpha", "make": lambda: MultinomialNB(alpha=0.1, fit_prior=False), "datasets": CLASSIFICATION, "record": discrete_record},
    {"id": "MultinomialNB.partial", "make": lambda: MultinomialNB(), "datasets": CLASSIFICATION, "record": discrete_partial_record},
    {"id": "ComplementNB", "make": lambda: ComplementNB(), "datasets": CLASSIFICATION, "record": discrete_record},
    {"id": "ComplementNB.norm", "make": lambda: ComplementNB(norm=True, alpha=0.5), "datasets": CLASSIFICATION, "record": discrete_record},
    {"id": "BernoulliNB", "make": lambda: BernoulliNB(), "datasets": ["digits"], "record": discrete_record},
    {"id": "BernoulliNB.binarize", "make": lambda: BernoulliNB(binarize=4.0), "datasets": CLASSIFICATION, "record": discrete_record},
]
