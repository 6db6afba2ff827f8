"""The deterministic workloads of ../shared/bench/WORKLOADS.md with vectorized uint32 numpy, and the measuring and
checksum helpers every Python baseline shares (mirrors of bench/_workloads.ts and bench/_stats.ts). Each array is built
with the very IEEE f64 operations, in the same order, as the JS side, so both hold identical bits (checked by checksum).
Row counts take a `scale` (--scale 0.1 for quick checks): a scaled data set is the same formula with fewer rows.
"""
import hashlib
import time

import numpy as np

KNN_QUERIES, KNN_TRAIN, KNN_D = 2000, 20000, 32


def lowbias32(x):
    """The lowbias32 hash on a uint32 array; uint32 products wrap mod 2^32 like Math.imul."""
    x = x ^ (x >> np.uint32(16))
    x *= np.uint32(0x7FEB352D)
    x ^= x >> np.uint32(15)
    x *= np.uint32(0x846CA68B)
    x ^= x >> np.uint32(16)
    return x


def key(seed):
    return lowbias32(np.array([seed ^ 0x9E3779B9], dtype=np.uint32))[0]


def bits(seed, n):
    return lowbias32(lowbias32(np.arange(n, dtype=np.uint32)) ^ key(seed))


def uniform(seed, n):
    return (bits(seed, n) >> np.uint32(8)).astype(np.float64) / 16777216.0


def sym(seed, n, dtype=np.float64, scale=1.0):
    # scale * (2u - 1) in f64 as the spec says; the cast to f32 is exact (24 significant bits).
    return (scale * (2.0 * uniform(seed, n) - 1.0)).astype(dtype)


def normal4(seed, n):
    u = uniform(seed, 4 * n).reshape(n, 4)
    return (((u[:, 0] + u[:, 1]) + u[:, 2]) + u[:, 3] - 2.0) * np.sqrt(3.0)


def selftest():
    b = bits(1, 4)
    assert [int(v) for v in b] == [0x8E374FE0, 0xBC254F27, 0xF7208EFC, 0xB508B95A], [hex(v) for v in b]
    assert list(uniform(1, 2)) == [0.5555314421653748, 0.7349442839622498]
    assert normal4(7, 1)[0] == 0.4834406752560187


def checksum(a):
    """First 16 hex digits of the SHA-256 of the little-endian bytes, as checksum() in bench/_workloads.ts."""
    return hashlib.sha256(np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<")).tobytes()).hexdigest()[:16]


def measure(fn, warmup=1, max_reps=30, budget_s=1.0, min_reps=3, batch=1):
    """Mirror of measure() in bench/_stats.ts."""
    for _ in range(warmup * batch):
        fn()
    samples, total = [], 0.0
    while len(samples) < min_reps or (len(samples) < max_reps and total < budget_s):
        t0 = time.perf_counter_ns()
        for _ in range(batch):
            fn()
        s = (time.perf_counter_ns() - t0) / 1e9
        total += s
        samples.append(s / batch)
    return float(np.median(samples))


def blas_kernel():
    """The BLAS that ran and its core type (OpenBLAS picks one at load time; the env can force a slower one)."""
    from threadpoolctl import threadpool_info

    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    if not blas:
        return "no BLAS found by threadpoolctl"
    i = blas[0]
    return f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} x{i.get('num_threads')}"


def rows(n, scale):
    """A workload's row count at a scale (at least 1), as rows() in bench/_workloads.ts."""
    return max(1, round(n * scale))


def linear_sum(X, w):
    """sum_j X[:, j] * w[j], accumulated j = 0..d-1 in order from 0.0 (one multiply and one add per step, no FMA)."""
    acc = np.zeros(X.shape[0])
    for j in range(X.shape[1]):
        acc = acc + X[:, j] * w[j]
    return acc


def reg(scale=1.0):
    """reg: n = 1e6, d = 50, f64; X = sym(10), w = sym(11, d), y = X.w (in order) + 0.1 * sym(12, n)."""
    n, d = rows(1_000_000, scale), 50
    X = sym(10, n * d).reshape(n, d)
    return X, linear_sum(X, sym(11, d)) + 0.1 * sym(12, n)


def logit(scale=1.0):
    """logit: n = 1e5, d = 50; X = sym(20), w = sym(21, d), y = 1 if X.w + 0.5 * sym(22, n) > 0 (int32)."""
    n, d = rows(100_000, scale), 50
    X = sym(20, n * d).reshape(n, d)
    s = linear_sum(X, sym(21, d))
    return X, (s + 0.5 * sym(22, n) > 0).astype(np.int32)


def kmeans(scale=1.0):
    """kmeans: n = 2e5, d = 16, k = 8; X_ij = C[lab_i, j] + normal4(32)[i*d + j], C = sym(30, 8*16)."""
    n, d, k = rows(200_000, scale), 16, 8
    C = (1.0 * sym(30, k * d)).reshape(k, d)
    lab = np.floor(8.0 * uniform(31, n)).astype(np.int64)
    return C[lab] + normal4(32, n * d).reshape(n, d)


def tab(scale=1.0):
    """tab: n = 60000 (the first 50000 train), d = 20; X = normal4(40), y from X0..X4 and e = normal4(41) (int32)."""
    n, n_train, d = rows(60_000, scale), rows(50_000, scale), 20
    X = normal4(40, n * d).reshape(n, d)
    e = normal4(41, n)
    s = X[:, 0] * X[:, 1]
    s = s + X[:, 2]
    s = s - 0.5 * (X[:, 3] * X[:, 3])
    s = s + 0.5 * X[:, 4]
    s = s + 0.3 * e
    y = (s > 0).astype(np.int32)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def knn(scale=1.0):
    """knn: n = 22000 (the first 20000 train, the rest queries), d = 32, 4 classes around C = 0.5 * normal4(51, 4*32).
    Returns (queries, train, query labels, train labels), labels int32."""
    d = KNN_D
    n_train = rows(KNN_TRAIN, scale)
    n = n_train + rows(KNN_QUERIES, scale)
    centers = 0.5 * normal4(51, 4 * d).reshape(4, d)
    label = np.floor(4.0 * uniform(52, n)).astype(np.int32)
    X = centers[label] + normal4(50, n * d).reshape(n, d)
    return X[n_train:], X[:n_train], label[n_train:], label[:n_train]


def pca(scale=1.0):
    """pca: n = 1e5, d = 100; X = sum_k Z[:, k] outer W[k, :] (k in order, from 0.0) + 0.1 * normal4(62, n*d),
    Z = normal4(60, n*10), W = sym(61, 10*100)."""
    n, d, r = rows(100_000, scale), 100, 10
    Z = normal4(60, n * r).reshape(n, r)
    W = sym(61, r * d).reshape(r, d)
    X = np.zeros((n, d))
    for k in range(r):
        X = X + np.outer(Z[:, k], W[k])
    return X + 0.1 * normal4(62, n * d).reshape(n, d)
