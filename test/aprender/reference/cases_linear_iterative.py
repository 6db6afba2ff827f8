"""
Reference cases of the iterative linear models (LogisticRegression, Lasso, ElasticNet): scikit-learn's test scores and
learned arrays on the shared datasets. Classifiers see standardized features (StandardScaler fitted on the training
rows, as the TS tests do), so every solver converges and the coefficients are comparable.
"""
import warnings

from sklearn.linear_model import ElasticNet, Lasso, LogisticRegression, SGDClassifier, SGDRegressor
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

CLASSIFICATION = ["iris", "wine", "breast_cancer", "digits"]
# SGDClassifier.early_stopping uses the hinge loss: with log_loss, scikit-learn's validation callback scores 0/1
# labels against classes [-1, 1] (only true positives count), a quirk aprender does not copy.


def scaled_classifier():
    def record(est, data):
        scaler = StandardScaler().fit(data["X_train"])
        xtr, xte = scaler.transform(data["X_train"]), scaler.transform(data["X_test"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est.fit(xtr, data["y_train"])
        return {
            "score": est.score(xte, data["y_test"]),
            "coef": est.coef_,
            "intercept": est.intercept_,
            "n_iter": est.n_iter_,
        } | ({"proba_head": est.predict_proba(xte[:5])} if hasattr(est, "predict_proba") else {})

    return record


SEEDS = range(10)


def over_seeds(est, data):
    """SGD depends on its shuffles: the test scores for random_state 0..9 and their mean."""
    scaler = StandardScaler().fit(data["X_train"])
    xtr, xte = scaler.transform(data["X_train"]), scaler.transform(data["X_test"])
    scores, iters = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in SEEDS:
            est.set_params(random_state=seed).fit(xtr, data["y_train"])
            scores.append(est.score(xte, data["y_test"]))
            iters.append(est.n_iter_)
    return {"scores": scores, "score": sum(scores) / len(scores), "n_iter": iters}


def regressor(est, data):
    est.fit(data["X_train"], data["y_train"])
    return {
        "score": est.score(data["X_test"], data["y_test"]),
        "coef": est.coef_,
        "intercept": est.intercept_,
        "n_iter": est.n_iter_,
        "dual_gap": est.dual_gap_,
    }


CASES = [
    {"id": "LogisticRegression.lbfgs", "make": lambda: LogisticRegression(max_iter=1000),
     "datasets": CLASSIFICATION, "record": scaled_classifier()},
    {"id": "LogisticRegression.newton-cg", "make": lambda: LogisticRegression(solver="newton-cg", max_iter=1000),
     "datasets": CLASSIFICATION, "record": scaled_classifier()},
    {"id": "LogisticRegression.C0.1", "make": lambda: LogisticRegression(C=0.1, max_iter=1000),
     "datasets": CLASSIFICATION, "record": scaled_classifier()},
    {"id": "LogisticRegression.saga.l1", "make": lambda: LogisticRegression(solver="saga", l1_ratio=1.0, C=0.5,
                                                                              max_iter=500, tol=1e-3, random_state=0),
     "datasets": CLASSIFICATION, "record": scaled_classifier()},
    {"id": "LogisticRegression.saga.elasticnet",
     "make": lambda: LogisticRegression(solver="saga", l1_ratio=0.5, C=0.5, max_iter=500, tol=1e-3, random_state=0),
     "datasets": CLASSIFICATION, "record": scaled_classifier()},
    {"id": "LogisticRegression.balanced", "make": lambda: LogisticRegression(class_weight="balanced", max_iter=1000),
     "datasets": CLASSIFICATION, "record": scaled_classifier()},
    {"id": "Lasso", "make": lambda: Lasso(alpha=0.1), "datasets": ["diabetes"], "record": regressor},
    {"id": "Lasso.alpha1", "make": lambda: Lasso(alpha=1.0), "datasets": ["diabetes"], "record": regressor},
    {"id": "ElasticNet", "make": lambda: ElasticNet(alpha=0.01, l1_ratio=0.5), "datasets": ["diabetes"],
     "record": regressor},
    {"id": "ElasticNet.positive", "make": lambda: ElasticNet(alpha=0.01, l1_ratio=0.7, positive=True),
     "datasets": ["diabetes"], "record": regressor},
    {"id": "SGDClassifier.hinge", "make": lambda: SGDClassifier(random_state=0), "datasets": CLASSIFICATION,
     "record": over_seeds},
    {"id": "SGDClassifier.log_loss", "make": lambda: SGDClassifier(loss="log_loss", random_state=0),
     "datasets": CLASSIFICATION, "record": over_seeds},
    {"id": "SGDClassifier.modified_huber.averaged",
     "make": lambda: SGDClassifier(loss="modified_huber", average=True, random_state=0),
     "datasets": CLASSIFICATION, "record": over_seeds},
    {"id": "SGDClassifier.early_stopping",
     "make": lambda: SGDClassifier(early_stopping=True, random_state=0),
     "datasets": CLASSIFICATION, "record": over_seeds},
    {"id": "SGDRegressor", "make": lambda: SGDRegressor(random_state=0), "datasets": ["diabetes"],
     "record": over_seeds},
    {"id": "SGDRegressor.huber.elasticnet",
     "make": lambda: SGDRegressor(loss="huber", epsilon=20.0, penalty="elasticnet", random_state=0),
     "datasets": ["diabetes"], "record": over_seeds},
    {"id": "SGDRegressor.adaptive.averaged",
     "make": lambda: SGDRegressor(learning_rate="adaptive", average=10, random_state=0),
     "datasets": ["diabetes"], "record": over_seeds},
    {"id": "LinearSVC", "make": lambda: LinearSVC(random_state=0), "datasets": CLASSIFICATION,
     "record": scaled_classifier()},
    {"id": "LinearSVC.dual", "make": lambda: LinearSVC(dual=True, random_state=0, max_iter=10000),
     "datasets": CLASSIFICATION, "record": scaled_classifier()},
    {"id": "LinearSVC.hinge.C0.1", "make": lambda: LinearSVC(loss="hinge", C=0.1, random_state=0, max_iter=10000),
     "datasets": CLASSIFICATION, "record": scaled_classifier()},
    {"id": "LogisticRegression.liblinear.l2", "make": lambda: LogisticRegression(solver="liblinear"),
     "datasets": ["breast_cancer"], "record": scaled_classifier()},
    {"id": "LogisticRegression.liblinear.l1", "make": lambda: LogisticRegression(solver="liblinear", l1_ratio=1.0),
     "datasets": ["breast_cancer"], "record": scaled_classifier()},
    {"id": "LogisticRegression.liblinear.l1.C0.1.scaling10",
     "make": lambda: LogisticRegression(solver="liblinear", l1_ratio=1.0, C=0.1, intercept_scaling=10, tol=1e-6),
     "datasets": ["breast_cancer"], "record": scaled_classifier()},
    {"id": "LinearSVC.l1", "make": lambda: LinearSVC(penalty="l1", C=0.1, random_state=0),
     "datasets": CLASSIFICATION, "record": scaled_classifier()},
    {"id": "LogisticRegression.sag", "make": lambda: LogisticRegression(solver="sag", max_iter=500, tol=1e-3,
                                                                          random_state=0),
     "datasets": CLASSIFICATION, "record": scaled_classifier()},
]
