"""
scikit-learn's figures that the aprender parity tests compare against, written as JSON beside this script so the
tests need no Python. Each family file `cases_<family>.py` in this folder defines CASES, a list of dicts:

    id        the name the TS test looks up, e.g. 'LinearRegression' or 'LogisticRegression.l1.saga'
    make      a function returning the scikit-learn estimator (with the settings the TS test uses too)
    datasets  names from ../shared/data/datasets.json to run it on
    record    a function (est, data) -> dict of what to store (learned arrays, test scores, ...); data has
              X_train, y_train, X_test, y_test (numpy arrays, the split of splits.json)

Run from the repository root, for one family or all:
    $SOVEREIGN_PYTHON test/aprender/reference/sklearn_reference.py [family ...]
writes test/aprender/reference/<family>.json with the command, the scikit-learn and numpy versions and the figures.
"""
import importlib.util
import json
import pathlib
import sys

import numpy as np
import sklearn

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parents[2].parent / "shared" / "data"


def load(name):
    """The dataset as (X_train, y_train, X_test, y_test) with splits.json's rows (float64 X, as read from the CSV)."""
    meta = json.loads((DATA / "datasets.json").read_text())[name]
    splits = json.loads((DATA / "splits.json").read_text())[name]
    with open(DATA / f"{name}.csv") as f:
        header = [h.strip('"') for h in f.readline().strip().split(",")]
    table = np.loadtxt(DATA / f"{name}.csv", delimiter=",", skiprows=1)
    target = header.index(meta["target"])
    X = np.delete(table, target, axis=1)
    y = table[:, target]
    if meta["task"] == "classification":
        y = y.astype(np.int64)
    tr, te = np.array(splits["train"]), np.array(splits["test"])
    return {"X_train": X[tr], "y_train": y[tr], "X_test": X[te], "y_test": y[te], "task": meta["task"]}


def plain(value):
    """numpy values as JSON (arrays as nested lists, NaN/inf as strings the TS side maps back)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, (np.floating, float)):
        v = float(value)
        return v if np.isfinite(v) else str(v)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def run_family(family):
    spec = importlib.util.spec_from_file_location(f"cases_{family}", HERE / f"cases_{family}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data = {}
    out = {}
    for case in module.CASES:
        out[case["id"]] = {}
        for name in case["datasets"]:
            if name not in data:
                data[name] = load(name)
            est = case["make"]()
            out[case["id"]][name] = plain(case["record"](est, data[name]))
    doc = {
        "command": f"$SOVEREIGN_PYTHON test/aprender/reference/sklearn_reference.py {family}",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "cases": out,
    }
    (HERE / f"{family}.json").write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {family}.json ({len(out)} cases)")


if __name__ == "__main__":
    families = sys.argv[1:] or sorted(p.stem[len("cases_"):] for p in HERE.glob("cases_*.py"))
    for family in families:
        run_family(family)
