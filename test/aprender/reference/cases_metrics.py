"""
scikit-learn's values for every aprender metric (test/aprender/metrics.test.ts), on realistic inputs built here from the
real datasets (labels of the test split, probabilities of simple scikit-learn models, string labels, sample weights,
ties, degenerate cases). Each case stores its inputs and a list of calls: the function's scikit-learn name, the input
names passed as positional arguments, keyword arguments, and the result (or the exception's class name).
Run with the runner: $SOVEREIGN_PYTHON test/aprender/reference/sklearn_reference.py metrics
"""
import numpy as np
from sklearn import metrics
from sklearn.cluster import KMeans
from sklearn.linear_model import LinearRegression
from sklearn.naive_bayes import GaussianNB


def call(fn, args, inputs, **kwargs):
    """Calls metrics.<fn> on the named inputs; a keyword value '$name' is the input of that name."""
    resolved = {k: inputs[v[1:]] if isinstance(v, str) and v.startswith("$") else v for k, v in kwargs.items()}
    try:
        value = getattr(metrics, fn)(*[inputs[a] for a in args], **resolved)
    except (ValueError, NotImplementedError) as e:
        return {"fn": fn, "args": args, "kwargs": kwargs, "error": type(e).__name__, "message": str(e)}
    if isinstance(value, tuple):
        value = [v for v in value]
    return {"fn": fn, "args": args, "kwargs": kwargs, "result": value}


def plain_inputs(inputs):
    return {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in inputs.items()}


def classification(_est, data):
    rng = np.random.default_rng(0)
    nb = GaussianNB().fit(data["X_train"], data["y_train"])
    proba = nb.predict_proba(data["X_test"])
    y = data["y_test"]
    names = np.array(["barolo", "grignolino", "barbera"])[y]
    pred = nb.predict(data["X_test"])
    noisy = np.where(rng.random(len(y)) < 0.25, rng.integers(0, 3, len(y)), pred)
    inputs = {
        "y": y, "pred": noisy, "names": names, "pred_names": np.array(["barolo", "grignolino", "barbera"])[noisy],
        "w": np.round(rng.uniform(0.5, 2.0, len(y)), 3), "proba": proba,
        "one": np.ones(len(y), dtype=int), "pred_one": np.where(rng.random(len(y)) < 0.3, 0, 1),
        "binary_true": (y == 1).astype(int), "binary_pred": (noisy == 1).astype(int),
    }
    calls = [call("accuracy_score", ["y", "pred"], inputs), call("accuracy_score", ["names", "pred_names"], inputs, sample_weight="$w"),
             call("balanced_accuracy_score", ["y", "pred"], inputs), call("balanced_accuracy_score", ["y", "pred"], inputs, sample_weight="$w", adjusted=True),
             call("balanced_accuracy_score", ["one", "pred_one"], inputs)]
    for norm in [None, "true", "pred", "all"]:
        calls.append(call("confusion_matrix", ["y", "pred"], inputs, normalize=norm))
    calls += [call("confusion_matrix", ["names", "pred_names"], inputs, labels=["barbera", "barolo"], sample_weight="$w"),
              call("confusion_matrix", ["y", "pred"], inputs, labels=[2, 0, 7]),
              call("confusion_matrix", ["y", "pred"], inputs, labels=[7, 8])]
    for avg in [None, "micro", "macro", "weighted"]:
        for zd in ["warn", 1.0, np.nan]:
            calls.append(call("precision_recall_fscore_support", ["y", "pred"], inputs, average=avg, zero_division=zd))
        calls.append(call("precision_recall_fscore_support", ["names", "pred_names"], inputs, average=avg, sample_weight="$w", beta=0.5))
        calls.append(call("precision_recall_fscore_support", ["y", "pred"], inputs, average=avg, labels=[2, 0, 5], beta=2.0))
        calls.append(call("f1_score", ["one", "pred_one"], inputs, average=avg, labels=[0, 1]))
    for fn in ["precision_score", "recall_score", "f1_score"]:
        calls += [call(fn, ["binary_true", "binary_pred"], inputs), call(fn, ["binary_true", "binary_pred"], inputs, pos_label=0, sample_weight="$w"),
                  call(fn, ["y", "pred"], inputs), call(fn, ["names", "pred_names"], inputs, average="macro"),
                  call(fn, ["one", "one"], inputs, pos_label=0, zero_division=1.0), call(fn, ["names", "pred_names"], inputs, average="binary", pos_label="barolo")]
    calls += [call("fbeta_score", ["y", "pred"], inputs, beta=0.5, average="weighted"), call("fbeta_score", ["binary_true", "binary_pred"], inputs, beta=3.0),
              call("log_loss", ["y", "proba"], inputs), call("log_loss", ["names", "proba"], inputs, sample_weight="$w"),
              call("log_loss", ["binary_true", "binary_pred"], inputs), call("log_loss", ["one", "pred_one"], inputs, labels=[0, 1], normalize=False),
              call("log_loss", ["one", "pred_one"], inputs)]
    return {"inputs": plain_inputs(inputs), "calls": calls}


def report(_est, data):
    rng = np.random.default_rng(1)
    y = data["y_test"]
    pred = np.where(rng.random(len(y)) < 0.3, rng.integers(0, 3, len(y)), y)
    names = np.array(["setosa", "versicolor", "virginica"])
    inputs = {"y": y, "pred": pred, "names": names[y], "pred_names": names[pred], "w": np.round(rng.uniform(0.5, 2.0, len(y)), 2),
              "pred_missing": np.where(pred == 2, 1, pred)}
    calls = [call("classification_report", ["y", "pred"], inputs), call("classification_report", ["names", "pred_names"], inputs, digits=4),
             call("classification_report", ["y", "pred"], inputs, target_names=["a flower", "b", "c"], sample_weight="$w"),
             call("classification_report", ["y", "pred"], inputs, labels=[0, 1]), call("classification_report", ["y", "pred_missing"], inputs, zero_division=1.0),
             call("classification_report", ["y", "pred"], inputs, output_dict=True), call("classification_report", ["y", "pred"], inputs, labels=[0, 1], output_dict=True),
             call("classification_report", ["y", "pred"], inputs, target_names=["a", "b"])]
    return {"inputs": plain_inputs(inputs), "calls": calls}


def ranking(_est, data):
    rng = np.random.default_rng(2)
    nb = GaussianNB().fit(data["X_train"], data["y_train"])
    score = np.round(nb.predict_proba(data["X_test"])[:, 1] * 0.6 + rng.random(len(data["y_test"])) * 0.4, 2)  # ties
    y = data["y_test"]
    inputs = {"y": y, "score": score, "names": np.array(["benign", "malignant"])[y], "w": np.round(rng.uniform(0, 2.0, len(y)), 2),
              "pm": np.where(y == 1, 1, -1), "zeros": np.zeros(len(y), dtype=int)}
    calls = []
    for drop in [True, False]:
        calls += [call("roc_curve", ["y", "score"], inputs, drop_intermediate=drop), call("roc_curve", ["names", "score"], inputs, pos_label="benign", sample_weight="$w", drop_intermediate=drop),
                  call("precision_recall_curve", ["y", "score"], inputs, drop_intermediate=drop), call("precision_recall_curve", ["pm", "score"], inputs, sample_weight="$w", drop_intermediate=drop)]
    calls += [call("roc_auc_score", ["y", "score"], inputs), call("roc_auc_score", ["names", "score"], inputs, sample_weight="$w"),
              call("roc_auc_score", ["zeros", "score"], inputs), call("roc_curve", ["zeros", "score"], inputs),
              call("precision_recall_curve", ["zeros", "score"], inputs),
              call("average_precision_score", ["y", "score"], inputs), call("average_precision_score", ["pm", "score"], inputs, sample_weight="$w"),
              call("average_precision_score", ["names", "score"], inputs, pos_label="benign"), call("roc_curve", ["names", "score"], inputs)]
    return {"inputs": plain_inputs(inputs), "calls": calls}


def ranking_multiclass(_est, data):
    rng = np.random.default_rng(3)
    nb = GaussianNB(var_smoothing=0.5).fit(data["X_train"], data["y_train"])
    y = data["y_test"]
    inputs = {"y": y, "proba": nb.predict_proba(data["X_test"]), "names": np.array(["a", "b", "c"])[y], "w": np.round(rng.uniform(0.5, 2.0, len(y)), 2)}
    calls = []
    for mc in ["ovr", "ovo"]:
        for avg in ["macro", "weighted", "micro", None]:
            calls.append(call("roc_auc_score", ["y", "proba"], inputs, multi_class=mc, average=avg))
    calls += [call("roc_auc_score", ["names", "proba"], inputs, multi_class="ovr", sample_weight="$w", average="weighted"),
              call("roc_auc_score", ["y", "proba"], inputs, multi_class="ovr", labels=[0, 1, 2]),
              call("roc_auc_score", ["y", "proba"], inputs), call("roc_auc_score", ["y", "proba"], inputs, multi_class="ovo", sample_weight="$w")]
    for avg in ["macro", "weighted", "micro", None]:
        calls.append(call("average_precision_score", ["y", "proba"], inputs, average=avg))
    calls.append(call("average_precision_score", ["y", "proba"], inputs, average="weighted", sample_weight="$w"))
    return {"inputs": plain_inputs(inputs), "calls": calls}


def regression(_est, data):
    rng = np.random.default_rng(4)
    y = data["y_test"]
    pred = LinearRegression().fit(data["X_train"], data["y_train"]).predict(data["X_test"])
    y2 = np.column_stack([y, y * 0.01 + rng.normal(0, 1, len(y))])
    p2 = np.column_stack([pred, pred * 0.01])
    inputs = {"y": y, "pred": pred, "y2": y2, "p2": p2, "w": np.round(rng.uniform(0.0, 2.0, len(y)), 2),
              "const": np.full(len(y), 3.0), "zeros": np.where(np.arange(len(y)) % 7 == 0, 0.0, y)}
    calls = []
    fns = ["r2_score", "explained_variance_score", "mean_squared_error", "root_mean_squared_error", "mean_absolute_error",
           "mean_absolute_percentage_error", "median_absolute_error"]
    for fn in fns:
        calls += [call(fn, ["y", "pred"], inputs), call(fn, ["y", "pred"], inputs, sample_weight="$w"),
                  call(fn, ["y2", "p2"], inputs, multioutput="raw_values"), call(fn, ["y2", "p2"], inputs, multioutput=[0.3, 0.7]),
                  call(fn, ["y2", "p2"], inputs, sample_weight="$w"), call(fn, ["const", "pred"], inputs), call(fn, ["const", "const"], inputs),
                  call(fn, ["zeros", "pred"], inputs)]
    for fn in ["r2_score", "explained_variance_score"]:
        calls.append(call(fn, ["y2", "p2"], inputs, multioutput="variance_weighted"))
    inputs_small = {"a": [1.0, 2.0, 3.0, 4.0], "b": [1.5, 2.0, 2.0, 9.0], "wz": [1.0, 0.0, 1.0, 2.0], "wh": [1.0, 1.0, 1.0, 1.0]}
    for k in ["wz", "wh"]:
        calls.append(call("median_absolute_error", ["a", "b"], inputs_small, sample_weight="$" + k))
    inputs.update(inputs_small)
    return {"inputs": plain_inputs(inputs), "calls": calls}


def cluster(_est, data):
    X = data["X_train"]
    km = KMeans(n_clusters=3, n_init=10, random_state=0).fit(X).labels_
    y = data["y_train"]
    inputs = {"X": X, "y": y, "km": km, "names": np.array(["x", "y", "z"])[y], "one": np.zeros(len(y), dtype=int),
              "perm": (y + 1) % 3, "own": np.arange(len(y))}
    inputs["D"] = metrics.pairwise_distances(X)
    calls = [call("silhouette_score", ["X", "y"], inputs), call("silhouette_score", ["X", "km"], inputs), call("silhouette_samples", ["X", "names"], inputs),
             call("silhouette_score", ["D", "km"], inputs, metric="precomputed"), call("silhouette_score", ["X", "one"], inputs),
             call("silhouette_score", ["X", "own"], inputs)]
    for fn in ["adjusted_rand_score", "mutual_info_score", "normalized_mutual_info_score"]:
        calls += [call(fn, ["y", "km"], inputs), call(fn, ["names", "perm"], inputs), call(fn, ["one", "km"], inputs), call(fn, ["one", "one"], inputs),
                  call(fn, ["y", "own"], inputs)]
    for method in ["geometric", "min", "max"]:
        calls.append(call("normalized_mutual_info_score", ["y", "km"], inputs, average_method=method))
    del inputs["D"]  # the test computes it from X
    return {"inputs": plain_inputs(inputs), "calls": calls}


def silhouette_large(_est, _data):
    # 10,000 samples: the blocked silhouette. X is a formula both sides compute, so it need not be stored.
    n, d = 10000, 4
    i = np.arange(n)[:, None]
    j = np.arange(d)[None, :]
    labels = np.arange(n) % 5
    X = np.sin(i * 0.7 + j * 1.3) + labels[:, None] * 0.8
    s = metrics.silhouette_samples(X, labels)
    return {"n": n, "d": d, "score": float(s.mean()), "first": s[:20], "last": s[-20:]}


CASES = [
    {"id": "classification", "make": lambda: None, "datasets": ["wine"], "record": classification},
    {"id": "report", "make": lambda: None, "datasets": ["iris"], "record": report},
    {"id": "ranking", "make": lambda: None, "datasets": ["breast_cancer"], "record": ranking},
    {"id": "ranking_multiclass", "make": lambda: None, "datasets": ["wine"], "record": ranking_multiclass},
    {"id": "regression", "make": lambda: None, "datasets": ["diabetes"], "record": regression},
    {"id": "cluster", "make": lambda: None, "datasets": ["iris"], "record": cluster},
    {"id": "silhouette_large", "make": lambda: None, "datasets": ["iris"], "record": silhouette_large},
]
