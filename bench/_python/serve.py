"""FastAPI + uvicorn + scikit-learn baseline of `npm run bench -- serve` (started by bench/serve.ts, not by hand).

Rebuilds the WORKLOADS.md 'tab' data set bit-exactly, fits the same two models as bench/serve.ts with the same
settings (a 100-tree RandomForestClassifier, random_state 0, and LogisticRegression), and serves them the way a
FastAPI user writes it: a pydantic request model `{"instances": [[...], ...]}`, numpy, `model.predict`,
`{"predictions": [...]}`, on uvicorn with its fast stack (uvloop + httptools), one process, access log off.

Protocol: binds 127.0.0.1 on a free port itself, then prints one JSON line (label, checksums of the arrays, port) and
serves until stdin closes or it is killed.
"""
import json
import os
import socket
import sys
import threading
import warnings

import fastapi
import numpy as np
import sklearn
import uvicorn
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression

import workloads as w


class Instances(BaseModel):
    """The request body: rows as arrays of numbers."""

    instances: list[list[float]]


def build_app(models, n_features):
    """The FastAPI app: POST /predict/{name} and GET /health."""
    app = FastAPI()

    @app.get("/health")
    def health():
        return {"status": "ok"}

    @app.post("/predict/{name}")
    def predict(name: str, body: Instances):
        model = models.get(name)
        if model is None:
            raise HTTPException(status_code=404, detail=f"no model named {name}")
        X = np.asarray(body.instances, dtype=np.float64)
        if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] != n_features:
            raise HTTPException(status_code=422, detail=f"expected rows of {n_features} numbers")
        return {"predictions": model.predict(X).tolist()}

    return app


def main(argv):
    w.selftest()
    warnings.filterwarnings("ignore")
    scale = float(argv[argv.index("--scale") + 1]) if "--scale" in argv else 1.0
    Xtr, ytr, Xte, yte = w.tab(scale)
    sums = {"tabXTrain": w.checksum(Xtr), "tabYTrain": w.checksum(ytr), "tabXTest": w.checksum(Xte), "tabYTest": w.checksum(yte)}
    forest = RandomForestClassifier(n_estimators=100, n_jobs=2, random_state=0).fit(Xtr, ytr)
    # Served with one job: joblib's thread pool costs more than a single row's prediction (its fastest setting here).
    forest.n_jobs = 1
    models = {"rf": forest, "logit": LogisticRegression(max_iter=200).fit(Xtr, ytr)}
    accuracy = {name: float(m.score(Xte, yte)) for name, m in models.items()}

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(2048)  # connections made before uvicorn's loop starts wait in the backlog instead of being refused
    label = f"FastAPI {fastapi.__version__} + uvicorn {uvicorn.__version__} + scikit-learn {sklearn.__version__}"
    setup = ("1 process: uvicorn's event loop, anyio's pool of 40 threads for the sync endpoint, "
             f"BLAS/OpenMP {os.environ.get('OMP_NUM_THREADS', 'default')} threads, the forest's n_jobs 1")
    print(json.dumps({"label": label, "checksums": sums, "port": sock.getsockname()[1], "accuracy": accuracy, "setup": setup}), flush=True)

    config = uvicorn.Config(build_app(models, Xtr.shape[1]), loop="uvloop", http="httptools", log_level="warning",
                            access_log=False)
    server = uvicorn.Server(config)
    # The bench closes stdin to stop the server (a killed parent leaves no orphan serving on).
    threading.Thread(target=lambda: (sys.stdin.read(), setattr(server, "should_exit", True)), daemon=True).start()
    server.run(sockets=[sock])


if __name__ == "__main__":
    main(sys.argv[1:])
