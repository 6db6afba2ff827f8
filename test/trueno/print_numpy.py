"""Writes print-numpy.json: numpy's str() of the arrays test/trueno/print.test.ts prints (numpy 2 default options).
Run: $SOVEREIGN_PYTHON test/trueno/print_numpy.py"""
import json, os
import numpy as np

CASES = {
    'float32 2-d': np.array([[0.1, 1 / 3, -2], [4, 5.5, 100]], dtype=np.float32),
    'float64 1-d': np.array([1.5, -2.25, 3]),
    'int32 2-d': np.array([[1, -20], [300, 4]], dtype=np.int32),
    'int64 1-d': np.array([2**40, -1, 7], dtype=np.int64),
    'uint8 1-d': np.array([0, 255, 7], dtype=np.uint8),
    'bool 1-d': np.array([True, False, True]),
    '0-d float64': np.array(1 / 3),
    '0-d float32': np.array(1 / 3, dtype=np.float32),
    '0-d int32': np.array(-7, dtype=np.int32),
    '0-d bool': np.array(False),
    '0-d whole': np.array(2.0),
    'empty 1-d': np.zeros((0,)),
    'empty 3-d': np.zeros((2, 0, 3)),
    'int32 3-d': np.arange(12, dtype=np.int32).reshape(2, 2, 3),
    'nan and inf': np.array([1.5, np.nan, np.inf, -np.inf]),
    'only non-finite': np.array([np.nan, np.inf]),
    'scientific small': np.array([1e-5, 2.5e-5, np.nan, -np.inf]),
    'scientific large': np.array([1e10, 1.0]),
    'summarized int32': np.arange(2000, dtype=np.int32),
    'summarized 2-d': np.arange(2000.0).reshape(2, 1000),
    'summarized 3-d': (np.arange(24 * 50, dtype=np.float64) / 7).reshape(24, 5, 10),
    'wrapped lines': np.arange(30, dtype=np.float64) / 3,
    'negative zero': np.array([-0.0, 1.0]),
}
# Random arrays of every numeric dtype, shape and scale (seeded): scientific and positional modes, float32 digits.
rng = np.random.default_rng(0)
for k in range(80):
    dt = str(rng.choice(['float32', 'float64', 'int32', 'int64', 'uint8']))
    shape = tuple(int(rng.integers(1, 6 if rng.random() < .8 else 40)) for _ in range(int(rng.integers(0, 4))))
    n = int(np.prod(shape))
    if dt.startswith('float'):
        x = rng.standard_normal(n) * 10.0 ** rng.integers(-6, 12)
        if rng.random() < .3: x = np.round(x)
        if rng.random() < .2: x[rng.integers(0, n)] = rng.choice([np.nan, np.inf, -np.inf, 0.0, -0.0])
    elif dt == 'uint8': x = rng.integers(0, 256, n)
    else: x = rng.integers(-10 ** int(rng.integers(1, 9)), 10 ** int(rng.integers(1, 9)), n)
    CASES[f'random {k} {dt} {list(shape)}'] = x.astype(dt).reshape(shape)
CASES['ties to even'] = np.array([0.001953125, 1.0, -999854.125], dtype=np.float32)
CASES['ties to even positional'] = np.array([0.001953125, 0.5])

DT = {'float32': 'float32', 'float64': 'float64', 'int32': 'int32', 'int64': 'int64', 'uint8': 'uint8', 'bool': 'bool'}
out = [{'name': k, 'dtype': DT[str(v.dtype)], 'shape': list(v.shape),
        'values': [str(x) if v.dtype == np.int64 else (None if not np.isfinite(x) else float(x)) if v.dtype.kind == 'f' else int(x) for x in v.ravel()],
        'special': [('nan' if np.isnan(x) else 'inf' if x > 0 else '-inf') if v.dtype.kind == 'f' and not np.isfinite(x) else None for x in v.ravel()],
        'text': str(v)} for k, v in CASES.items()]
with open(os.path.join(os.path.dirname(__file__), 'print-numpy.json'), 'w') as f:
    f.write(json.dumps({'numpy': np.__version__, 'cases': out}).replace('}, {', '},\n {') + '\n')
