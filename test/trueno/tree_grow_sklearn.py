# The scikit-learn trees of test/trueno/tree-grow.test.ts:
#   $SOVEREIGN_PYTHON test/trueno/tree_grow_sklearn.py > test/trueno/tree-grow-sklearn.json
# X is float32 without ties; each tree's splitter seed is what DecisionTree*(random_state=0) draws
# (RandomState(0).randint(0, RAND_R_MAX)), so trueno_tree_grow with that seed must grow the same tree.
import json
import numpy as np
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

rng = np.random.RandomState(5)
n, d = 150, 4
X = rng.normal(size=(n, d)).astype(np.float32)
yc = ((X[:, 0] + 0.7 * X[:, 1] ** 2 + 0.4 * rng.normal(size=n) > 0.6).astype(int)
      + (X[:, 2] + 0.3 * rng.normal(size=n) > 0.9).astype(int))
yr = 2 * X[:, 0] + np.sin(3 * X[:, 1]) + 0.3 * rng.normal(size=n)
sw = rng.poisson(1.2, size=n).astype(float)
seed = int(np.random.RandomState(0).randint(0, 2**31 - 1))
configs = [
    ('c', dict(criterion='gini'), False),
    ('c', dict(criterion='entropy', max_features=2), False),
    ('c', dict(criterion='gini', max_leaf_nodes=9), False),
    ('c', dict(criterion='gini', min_samples_leaf=4, max_depth=5, min_impurity_decrease=0.002), True),
    ('c', dict(criterion='entropy', splitter='random', max_features=3), False),
    ('r', dict(criterion='squared_error', max_depth=7), False),
    ('r', dict(criterion='squared_error', splitter='random', max_leaf_nodes=15), True),
    ('r', dict(criterion='squared_error', min_weight_fraction_leaf=0.03), True),
]
cases = []
for kind, cfg, weighted in configs:
    model = (DecisionTreeClassifier if kind == 'c' else DecisionTreeRegressor)(random_state=0, **cfg)
    model.fit(X, yc if kind == 'c' else yr, sample_weight=sw if weighted else None)
    t = model.tree_
    w = sw if weighted else np.ones(n)
    cases.append(dict(
        kind=kind, params=cfg, weighted=weighted, seed=seed, maxFeatures=int(model.max_features_),
        minWeightLeaf=float(cfg.get('min_weight_fraction_leaf', 0.0) * w.sum()),
        feature=t.feature.tolist(), threshold=t.threshold.tolist(), left=t.children_left.tolist(),
        right=t.children_right.tolist(), impurity=t.impurity.tolist(), samples=t.n_node_samples.tolist(),
        weight=t.weighted_n_node_samples.tolist(), value=t.value.reshape(t.node_count, -1).tolist()))
print(json.dumps(dict(X=X.tolist(), yc=yc.tolist(), yr=yr.tolist(), sw=sw.tolist(), cases=cases)))
