"""scikit-learn baseline of `npm run bench -- model-file` (driven by bench/_baselines.ts, not run by hand).

Rebuilds the WORKLOADS.md 'tab' data set bit-exactly, prints its checksums, fits the same models as
bench/model-file.ts, then answers one request per stdin line "<case>_<save|load> <threads>": the median time of
pickle.dumps / pickle.loads of the fitted model (the method of bench/_stats.ts), with the sizes of its pickle and of
joblib's files (uncompressed and compress=3) as the reply's quality figures.
"""
import io
import json
import pickle
import sys
import warnings

import joblib
import sklearn
from sklearn.decomposition import PCA
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import workloads as w

MODELS = {
    "rf100": lambda: RandomForestClassifier(n_estimators=100, n_jobs=2, random_state=0),
    "logreg": lambda: LogisticRegression(),
    "knn": lambda: KNeighborsClassifier(n_neighbors=5),
    "pipeline": lambda: make_pipeline(StandardScaler(), PCA(n_components=10), LogisticRegression()),
}


def joblib_bytes(model, compress):
    buf = io.BytesIO()
    joblib.dump(model, buf, compress=compress)
    return buf.getbuffer().nbytes


def main(argv):
    w.selftest()
    warnings.filterwarnings("ignore")
    scale = 1.0
    if "--scale" in argv:
        scale = float(argv[argv.index("--scale") + 1])
    Xtr, ytr, Xte, yte = w.tab(scale)
    sums = {"tabXTrain": w.checksum(Xtr), "tabYTrain": w.checksum(ytr), "tabXTest": w.checksum(Xte), "tabYTest": w.checksum(yte)}
    print(json.dumps({"label": f"scikit-learn {sklearn.__version__} pickle", "checksums": sums}), flush=True)
    fitted = {}
    for line in sys.stdin:
        name, threads = line.split()
        case, op = name.rsplit("_", 1)
        if case not in fitted:
            fitted[case] = MODELS[case]().fit(Xtr, ytr)
        model = fitted[case]
        blob = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
        fn = (lambda: pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)) if op == "save" else (lambda: pickle.loads(blob))
        median = w.measure(fn, max_reps=10, budget_s=1.0, min_reps=3)
        quality = {"bytes": len(blob), "joblib_bytes": joblib_bytes(model, 0), "joblib_z3_bytes": joblib_bytes(model, 3)}
        print(json.dumps({"name": name, "median_s": median, "kernel": "", "quality": quality}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
