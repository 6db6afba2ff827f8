"""Writes tensor-api-numpy.json: numpy's results for the fixed inputs of test/trueno/tensor-api.test.ts (comparisons,
where, gather/take, basic slicing, concatenate, stack, cumsum, argsort(kind='stable'), transpose).
Indices are int32 here (as argmin / argmax), int64 in numpy: the argsort results are cast.
Each case: its inputs and numpy's result, every array as {dtype, shape, values} (int64 values as strings, non-finite
and -0 floats as 'nan', 'inf', '-inf', '-0'). The TS test applies the op of the same case name.
Run: $SOVEREIGN_PYTHON test/trueno/tensor_api_numpy.py"""
import json, os
import numpy as np

f64 = np.array([1.5, np.nan, -0.0, 0.0, np.inf, -np.inf, 2.0, -3.25])
f32 = np.array([0.1, 0.2, 0.30000001, -1e30, np.nan, 7.0], dtype=np.float32)
i32 = np.array([[3, -1, 2], [2, 2, -7]], dtype=np.int32)
i64 = np.array([2**62, -(2**62), 5, 5, -1], dtype=np.int64)
u8 = np.array([0, 255, 7, 7, 1], dtype=np.uint8)
b = np.array([True, False, True, True, False])
m = np.arange(12, dtype=np.float64).reshape(3, 4)
cube = np.arange(24, dtype=np.int32).reshape(2, 3, 4)
rng = np.random.default_rng(7)
ties = rng.integers(0, 4, (5, 6)).astype(np.float64)
ties[1, 2] = np.nan
ties[3, 0] = -0.0
ties[3, 1] = 0.0
acc32 = (rng.standard_normal(1000) * 1000).astype(np.float32)

CASES = {
    'equal f64 scalar 0': ([f64], f64 == 0),
    'not_equal f64 self': ([f64], f64 != f64),
    'less f64 scalar 1.5': ([f64], f64 < 1.5),
    'greater_equal f64 reversed': ([f64], 2.0 >= f64),
    'less_equal f32 scalar 0.1': ([f32], f32 <= 0.1),
    'greater i32 scalar 2.5': ([i32], i32 > 2.5),
    'equal i32 scalar 2^40': ([i32], i32 == 2**40),
    'less i64 i64': ([i64, i64[::-1].copy()], i64 < i64[::-1]),
    'greater u8 scalar -1': ([u8], u8 > -1),
    'equal i64 scalar 2^60': ([np.array([2**60, 2**60 + 1, -2**62], dtype=np.int64)], np.array([2**60, 2**60 + 1, -2**62], dtype=np.int64) == 2**60),
    'equal bool bool': ([b, b[::-1].copy()], b == b[::-1]),
    'less broadcast i32 f32': ([np.array([[1], [5], [3]], dtype=np.int32), np.array([2, 4, 6, 0.5], dtype=np.float32)],
                               np.array([[1], [5], [3]], dtype=np.int32) < np.array([2, 4, 6, 0.5], dtype=np.float32)),
    'where broadcast': ([m > 5, m, np.array([-1.0, -2, -3, -4])], np.where(m > 5, m, np.array([-1.0, -2, -3, -4]))),
    'where i32 f32': ([b, np.arange(5, dtype=np.int32), np.ones(5, dtype=np.float32)],
                      np.where(b, np.arange(5, dtype=np.int32), np.ones(5, dtype=np.float32))),
    'where bool bool': ([b, b, ~b], np.where(b, b, ~b)),
    'where f32 scalar': ([f32 > 0, f32], np.where(f32 > 0, f32, 0)),
    'where i32 scalar 2.5': ([i32 > 0, i32], np.where(i32 > 0, i32, 2.5)),
    'where numbers': ([b], np.where(b, 1.0, 0.0)),  # two JS numbers are float64 (numpy: int64 for Python ints)
    'where nonzero cond': ([f64], np.where(f64, 1.0, 2.0)),
    'take axis 0': ([m], np.take(m, [2, 0, -1], axis=0)),
    'take axis 1 2-d indices': ([cube], np.take(cube, np.array([[3, 0], [1, 1]]), axis=2)),
    'take axis 1 i64': ([i32], np.take(i32, np.array([2, -3], dtype=np.int64), axis=1)),
    'slice rows': ([m], m[1:3]),
    'slice columns step': ([m], m[:, ::2]),
    'slice row reversed': ([m], m[2, ::-1]),
    'slice negative row': ([m], m[-1]),
    'slice mixed': ([m], m[::-2, 1:]),
    'slice clamped': ([m], m[-10:10, 5:]),
    'slice 3-d': ([cube], cube[1, 1:, 1:3]),
    'slice 3-d view': ([cube], cube[1, 1:3]),
    'concat axis 0': ([m, m[:1]], np.concatenate([m, m[:1]], axis=0)),
    'concat axis 1 mixed': ([i32, np.ones((2, 1), dtype=np.float32)],
                            np.concatenate([i32, np.ones((2, 1), dtype=np.float32)], axis=1)),
    'concat axis -1 3-d': ([cube, cube[:, :, :1]], np.concatenate([cube, cube[:, :, :1]], axis=-1)),
    'stack axis 0': ([f64, f64], np.stack([f64, f64])),
    'stack axis 2': ([m, m * 2], np.stack([m, m * 2], axis=2)),
    'stack axis -1': ([i32, i32], np.stack([i32, i32], axis=-1)),
    'cumsum f32 flat': ([acc32], np.cumsum(acc32)),
    'cumsum f64 axis 1': ([m], np.cumsum(m, axis=1)),
    'cumsum f64 specials': ([f64], np.cumsum(f64)),
    'cumsum i32 axis 0': ([i32], np.cumsum(i32, axis=0)),
    'cumsum i64 wraps': ([i64], np.cumsum(i64)),
    'cumsum u8': ([u8], np.cumsum(u8).astype(np.int64)),
    'cumsum bool': ([b], np.cumsum(b)),
    'cumsum 3-d axis 1': ([cube], np.cumsum(cube, axis=1)),
    'argsort ties': ([ties], np.argsort(ties, kind='stable').astype(np.int32)),
    'argsort ties axis 0': ([ties], np.argsort(ties, axis=0, kind='stable').astype(np.int32)),
    'argsort f64 specials': ([f64], np.argsort(f64, kind='stable').astype(np.int32)),
    'argsort f32': ([f32], np.argsort(f32, kind='stable').astype(np.int32)),
    'argsort i64': ([i64], np.argsort(i64, kind='stable').astype(np.int32)),
    'argsort u8': ([u8], np.argsort(u8, kind='stable').astype(np.int32)),
    'argsort bool': ([b], np.argsort(b, kind='stable').astype(np.int32)),
    'argsort long': ([acc32], np.argsort(acc32, kind='stable').astype(np.int32)),
    'transpose 3-d axes': ([cube], np.transpose(cube, (2, 0, 1))),
    'transpose 3-d default': ([cube], cube.T),
    'transpose i32 2-d': ([i32], i32.T),
}


def encode(a):
    a = np.asarray(a)
    def value(x):
        if a.dtype == np.int64:
            return str(int(x))
        if a.dtype.kind == 'f':
            if np.isnan(x): return 'nan'
            if np.isinf(x): return 'inf' if x > 0 else '-inf'
            if x == 0 and np.signbit(x): return '-0'
            return float(x)
        return int(x)
    dtype = 'int64' if a.dtype == np.uint64 else str(a.dtype)
    return {'dtype': dtype, 'shape': list(a.shape), 'values': [value(x) for x in a.ravel()]}


out = [{'name': k, 'inputs': [encode(x) for x in inputs], 'expected': encode(want)} for k, (inputs, want) in CASES.items()]
with open(os.path.join(os.path.dirname(__file__), 'tensor-api-numpy.json'), 'w') as f:
    f.write(json.dumps({'numpy': np.__version__, 'cases': out}).replace('}, {', '},\n {') + '\n')
