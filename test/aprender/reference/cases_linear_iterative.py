"""
Reference cases of the iterative linear models (LogisticRegression, Lasso, ElasticNet): scikit-learn's test scores and
learned arrays on the shared datasets. Classifiers see standardized features (StandardScaler fitted on the training
rows, as the TS tests do), so every solver converges and the coefficients are comparable.
"""
import warnings

from sklearn.linear_model import ElasticNet, Lasso, LogisticRegression
from sklearn.preprocessing import StandardScaler

CLASSIFICATION = ["iris", "wine", "breast_cancer", "digits"]


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
            "proba_head": est.predict_proba(xte[:5]),
        }

    return record


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
]
