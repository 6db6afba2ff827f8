// The N-API addon: thin 1:1 wrappers over the C core (native/core/include/trueno.h). Every operation is prepared
// once from its JS arguments into a Call, then either run now (the sync export) or on the libuv pool (the export
// with the "Async" suffix, returning a Promise). Node-API modules are context-aware: the core keeps no per-isolate
// state, so the addon loads in any number of worker_threads at once.
#include "call.h"
#include "memory.h"

namespace trueno_addon {
namespace {

// A prepared call whose runner is the lambda itself (no std::function, so the sync path never allocates).
template <typename F>
struct Prepared {
  F run;
  Call::Result result;
  size_t writes;  // the last array arguments the kernel writes (Call::writes)
};

template <typename F>
Prepared<F> Prepare(F run, Call::Result result = Call::kNone, size_t writes = 1) {
  return {run, result, writes};
}

// Product of two sizes, or SIZE_MAX on overflow (so a length check against it fails instead of wrapping).
size_t Mul(size_t a, size_t b) { return a != 0 && b > SIZE_MAX / a ? SIZE_MAX : a * b; }

auto Binary(Args &args) {
  int op = args.Int(0, "op");
  Array a = args.AnyArray(1, "a"), b = args.AnyArray(2, "b"), out = args.AnyArray(3, "out");
  args.SameDtype(a, b, "a and b");
  args.SameDtype(a, out, "a and out");
  args.Require(b.length == a.length && out.length == a.length, "a, b and out must have the same length");
  return Prepare([=](double *, int64_t *) { return trueno_binary(a.dtype(), op, a.data, b.data, out.data, a.length); });
}

auto BinaryScalar(Args &args) {
  int op = args.Int(0, "op");
  Array a = args.AnyArray(1, "a");
  double s = args.Number(2, "s");
  Array out = args.AnyArray(3, "out");
  int reverse = args.Int(4, "reverse");
  args.SameDtype(a, out, "a and out");
  args.Require(out.length == a.length, "a and out must have the same length");
  return Prepare([=](double *, int64_t *) {
    return trueno_binary_scalar(a.dtype(), op, a.data, s, out.data, a.length, reverse);
  });
}

auto BinaryRows(Args &args) {
  int op = args.Int(0, "op");
  Array a = args.AnyArray(1, "a"), row = args.AnyArray(2, "row"), out = args.AnyArray(3, "out");
  size_t rows = args.Size(4, "rows"), cols = args.Size(5, "cols");
  args.SameDtype(a, row, "a and row");
  args.SameDtype(a, out, "a and out");
  args.Require(a.length == Mul(rows, cols) && out.length == a.length && row.length == cols, "rows x cols");
  return Prepare([=](double *, int64_t *) {
    return trueno_binary_rows(a.dtype(), op, a.data, row.data, out.data, rows, cols);
  });
}

auto Axpy(Args &args) {
  double alpha = args.Number(0, "alpha");
  Array x = args.FloatArray(1, "x"), y = args.FloatArray(2, "y");
  args.SameDtype(x, y, "x and y");
  args.Require(x.length == y.length, "x and y must have the same length");
  return Prepare([=](double *, int64_t *) { return trueno_axpy(x.dtype(), x.length, alpha, x.data, y.data); });
}

auto Fill(Args &args) {
  Array out = args.AnyArray(0, "out");
  double value = args.Number(1, "value");
  return Prepare([=](double *, int64_t *) { return trueno_fill(out.dtype(), out.data, out.length, value); });
}

auto Copy(Args &args) {
  Array x = args.AnyArray(0, "x"), out = args.AnyArray(1, "out");
  args.SameDtype(x, out, "x and out");
  args.Require(x.length == out.length, "x and out must have the same length");
  return Prepare([=](double *, int64_t *) { return trueno_copy(x.dtype(), x.data, out.data, x.length); });
}

auto Cast(Args &args) {
  // The dtype codes are explicit: a Uint8Array holds uint8 or bool.
  Array x = args.AnyArray(0, "x"), out = args.AnyArray(1, "out");
  int from = args.Int(2, "from"), to = args.Int(3, "to");
  args.Require(x.length == out.length, "x and out must have the same length");
  args.Require(trueno_dtype_size(from) == trueno_dtype_size(x.dtype()) && trueno_dtype_size(to) == trueno_dtype_size(out.dtype()),
               "from and to must match the element sizes of x and out");
  return Prepare([=](double *, int64_t *) { return trueno_cast(from, to, x.data, out.data, x.length); });
}

auto Unary(Args &args) {
  int op = args.Int(0, "op");
  Array x = args.FloatArray(1, "x"), out = args.FloatArray(2, "out");
  args.SameDtype(x, out, "x and out");
  args.Require(x.length == out.length, "x and out must have the same length");
  return Prepare([=](double *, int64_t *) { return trueno_unary(x.dtype(), op, x.data, out.data, x.length); });
}

auto Clip(Args &args) {
  Array x = args.FloatArray(0, "x"), out = args.FloatArray(1, "out");
  double lo = args.Number(2, "lo"), hi = args.Number(3, "hi");
  args.SameDtype(x, out, "x and out");
  args.Require(x.length == out.length, "x and out must have the same length");
  return Prepare([=](double *, int64_t *) { return trueno_clip(x.dtype(), x.data, out.data, x.length, lo, hi); });
}

auto Reduce(Args &args) {
  int op = args.Int(0, "op");
  Array x = args.AnyArray(1, "x");
  size_t ddof = args.Size(2, "ddof");
  return Prepare(
      [=](double *value, int64_t *index) { return trueno_reduce(x.dtype(), op, x.data, x.length, ddof, value, index); },
      trueno_reduce_gives_index(op) ? Call::kIndex : Call::kNumber);
}

auto ReduceAxis(Args &args) {
  int op = args.Int(0, "op");
  Array x = args.AnyArray(1, "x");
  size_t outer = args.Size(2, "outer"), len = args.Size(3, "len"), inner = args.Size(4, "inner");
  size_t ddof = args.Size(5, "ddof");
  const bool arg_op = trueno_reduce_gives_index(op);
  Array out = arg_op ? args.Int32Array(6, "out") : args.AnyArray(6, "out");
  // out's dtype: int32 indices, an int64 sum of integers, else x's dtype
  const bool int_sum = !trueno_is_float(x.dtype()) && op == TRUENO_SUM;
  args.Require(arg_op || out.dtype() == (int_sum ? TRUENO_I64 : x.dtype()), "out has the dtype of the result");
  args.Require(x.length == Mul(Mul(outer, len), inner) && out.length == Mul(outer, inner), "outer x len x inner");
  return Prepare([=](double *, int64_t *) {
    return trueno_reduce_axis(x.dtype(), op, x.data, outer, len, inner, ddof, out.data);
  });
}

auto Dot(Args &args) {
  Array a = args.FloatArray(0, "a"), b = args.FloatArray(1, "b");
  args.SameDtype(a, b, "a and b");
  args.Require(a.length == b.length, "a and b must have the same length");
  return Prepare([=](double *value, int64_t *) { return trueno_dot(a.dtype(), a.data, b.data, a.length, value); },
                 Call::kNumber);
}

auto Bincount(Args &args) {
  Array x = args.AnyArray(0, "x"), weights = args.FloatArray(1, "weights"), out = args.AnyArray(2, "out");
  int weighted = args.Int(3, "weighted");
  args.Require(!weighted || (weights.length == x.length && weights.dtype() == TRUENO_F64 && out.dtype() == TRUENO_F64),
               "weights: float64 with x's length, out float64");
  args.Require(weighted || out.dtype() == TRUENO_I64, "out: int64 counts");
  return Prepare([=](double *, int64_t *) {
    return trueno_bincount(x.dtype(), x.data, x.length, weighted ? static_cast<const double *>(weights.data) : nullptr,
                           out.length, out.data);
  });
}

// Elements a strided matrix of `rows` rows of `cols` used entries each, `ld` apart, occupies.
size_t StridedExtent(size_t rows, size_t cols, size_t ld) {
  return rows == 0 || cols == 0 ? 0 : Mul(rows - 1, ld) + cols;
}

auto Gemm(Args &args) {
  int trans_a = args.Int(0, "transA"), trans_b = args.Int(1, "transB");
  size_t m = args.Size(2, "m"), n = args.Size(3, "n"), k = args.Size(4, "k");
  double alpha = args.Number(5, "alpha");
  Array a = args.FloatArray(6, "a");
  size_t lda = args.Size(7, "lda");
  Array b = args.FloatArray(8, "b");
  size_t ldb = args.Size(9, "ldb");
  double beta = args.Number(10, "beta");
  Array c = args.FloatArray(11, "c");
  size_t ldc = args.Size(12, "ldc");
  args.SameDtype(a, b, "a and b");
  args.SameDtype(a, c, "a and c");
  const size_t a_rows = trans_a ? k : m, a_cols = trans_a ? m : k;
  const size_t b_rows = trans_b ? n : k, b_cols = trans_b ? k : n;
  args.Require(lda >= a_cols && ldb >= b_cols && ldc >= n, "leading dimensions");
  args.Require(a.length >= StridedExtent(a_rows, a_cols, lda) && b.length >= StridedExtent(b_rows, b_cols, ldb) &&
                   c.length >= StridedExtent(m, n, ldc),
               "matrix sizes exceed their arrays");
  return Prepare([=](double *, int64_t *) {
    return trueno_gemm(a.dtype(), trans_a, trans_b, m, n, k, alpha, a.data, lda, b.data, ldb, beta, c.data, ldc);
  });
}

auto Matvec(Args &args) {
  int trans = args.Int(0, "trans");
  size_t rows = args.Size(1, "rows"), cols = args.Size(2, "cols");
  Array a = args.FloatArray(3, "a"), x = args.FloatArray(4, "x"), y = args.FloatArray(5, "y");
  args.SameDtype(a, x, "a and x");
  args.SameDtype(a, y, "a and y");
  args.Require(a.length == Mul(rows, cols) && x.length == (trans ? rows : cols) && y.length == (trans ? cols : rows),
               "matvec shapes");
  return Prepare([=](double *, int64_t *) { return trueno_matvec(a.dtype(), trans, rows, cols, a.data, x.data, y.data); });
}

auto Transpose(Args &args) {
  size_t rows = args.Size(0, "rows"), cols = args.Size(1, "cols");
  Array x = args.FloatArray(2, "x"), out = args.FloatArray(3, "out");
  args.SameDtype(x, out, "x and out");
  args.Require(x.length == Mul(rows, cols) && out.length == x.length, "rows x cols");
  return Prepare([=](double *, int64_t *) { return trueno_transpose(x.dtype(), rows, cols, x.data, out.data); });
}

auto Outer(Args &args) {
  Array a = args.FloatArray(0, "a"), b = args.FloatArray(1, "b"), out = args.FloatArray(2, "out");
  args.SameDtype(a, b, "a and b");
  args.SameDtype(a, out, "a and out");
  args.Require(out.length == Mul(a.length, b.length), "out must hold a.length x b.length");
  return Prepare([=](double *, int64_t *) {
    return trueno_outer(a.dtype(), a.length, b.length, a.data, b.data, out.data);
  });
}

auto SoftmaxRows(Args &args) {
  size_t rows = args.Size(0, "rows"), cols = args.Size(1, "cols");
  Array x = args.FloatArray(2, "x"), out = args.FloatArray(3, "out");
  int log = args.Int(4, "log");
  args.SameDtype(x, out, "x and out");
  args.Require(x.length == Mul(rows, cols) && out.length == x.length, "rows x cols");
  return Prepare([=](double *, int64_t *) { return trueno_softmax_rows(x.dtype(), rows, cols, x.data, out.data, log); });
}

auto Pdist2(Args &args) {
  size_t n = args.Size(0, "n"), m = args.Size(1, "m"), d = args.Size(2, "d");
  Array x = args.FloatArray(3, "x"), y = args.FloatArray(4, "y"), out = args.FloatArray(5, "out");
  args.SameDtype(x, y, "x and y");
  args.SameDtype(x, out, "x and out");
  args.Require(x.length == Mul(n, d) && y.length == Mul(m, d) && out.length == Mul(n, m), "pdist2 shapes");
  return Prepare([=](double *, int64_t *) { return trueno_pdist2(x.dtype(), n, m, d, x.data, y.data, out.data); });
}

// A float64 array's data, or nullptr for an empty one (an optional argument left out).
const double *OptionalF64(const Array &a) { return a.length == 0 ? nullptr : static_cast<const double *>(a.data); }

// Arrays of a float64-only linear algebra kernel, each with the element count its shape needs.
void RequireF64(Args &args, std::initializer_list<std::pair<const Array *, size_t>> arrays, const char *what) {
  bool ok = true;
  for (const auto &[a, length] : arrays) ok = ok && a->dtype() == TRUENO_F64 && a->length == length;
  args.Require(ok, what);
}

// The kernels below with several results write them into one float64 `out` array, one after another (the op layer
// hands out views of the pieces); a convergence report goes into out[0] as a number.
double *F64(const Array &a, size_t offset = 0) { return static_cast<double *>(a.data) + offset; }

auto Gram(Args &args) {
  size_t n = args.Size(0, "n"), d = args.Size(1, "d");
  Array x = args.FloatArray(2, "x");
  size_t ldx = args.Size(3, "ldx");
  Array x_shift = args.FloatArray(4, "xShift");
  size_t t = args.Size(5, "t");
  Array y = args.FloatArray(6, "y");
  size_t ldy = args.Size(7, "ldy");
  Array y_shift = args.FloatArray(8, "yShift"), out = args.FloatArray(9, "out");
  args.SameDtype(x, y, "x and y");
  args.Require(ldx >= d && (t == 0 || ldy >= t) && x.length >= StridedExtent(n, d, ldx) &&
                   (t == 0 || y.length >= StridedExtent(n, t, ldy)),
               "n x d and n x t matrices within x and y");
  args.Require(x_shift.dtype() == TRUENO_F64 && y_shift.dtype() == TRUENO_F64 &&
                   (x_shift.length == 0 || x_shift.length == d) && (y_shift.length == 0 || y_shift.length == t),
               "float64 shifts of d and t values (or empty)");
  RequireF64(args, {{&out, Mul(d, d + t) + d + t}}, "out: float64 d x d, d x t, then d + t sums");
  return Prepare([=](double *, int64_t *) {
    return trueno_gram(x.dtype(), n, d, x.data, ldx, OptionalF64(x_shift), t, y.data, ldy, OptionalF64(y_shift),
                       F64(out), F64(out, d * d), F64(out, d * (d + t)));
  });
}

auto Cholesky(Args &args) {
  size_t n = args.Size(0, "n");
  Array a = args.FloatArray(1, "a"), l = args.FloatArray(2, "l");
  RequireF64(args, {{&a, Mul(n, n)}, {&l, Mul(n, n)}}, "a and l: float64 n x n");
  return Prepare([=](double *, int64_t *info) {
    return trueno_cholesky(n, static_cast<const double *>(a.data), F64(l), info);
  }, Call::kIndex);
}

auto CholeskySolve(Args &args) {
  size_t n = args.Size(0, "n"), nrhs = args.Size(1, "nrhs");
  Array l = args.FloatArray(2, "l"), b = args.FloatArray(3, "b"), x = args.FloatArray(4, "x");
  RequireF64(args, {{&l, Mul(n, n)}, {&b, Mul(n, nrhs)}, {&x, Mul(n, nrhs)}}, "float64 l n x n, b and x n x nrhs");
  return Prepare([=](double *, int64_t *) {
    return trueno_cholesky_solve(n, nrhs, static_cast<const double *>(l.data), static_cast<const double *>(b.data),
                                 F64(x));
  });
}

auto Qr(Args &args) {
  size_t m = args.Size(0, "m"), n = args.Size(1, "n");
  Array a = args.FloatArray(2, "a"), out = args.FloatArray(3, "out");
  const size_t k = m < n ? m : n;
  RequireF64(args, {{&a, Mul(m, n)}, {&out, Mul(m, k) + Mul(k, n)}}, "float64 a m x n, out: q m x k then r k x n");
  return Prepare([=](double *, int64_t *) {
    return trueno_qr(m, n, static_cast<const double *>(a.data), F64(out), F64(out, m * k));
  });
}

auto Eigh(Args &args) {
  size_t n = args.Size(0, "n");
  Array a = args.FloatArray(1, "a"), out = args.FloatArray(2, "out");
  RequireF64(args, {{&a, Mul(n, n)}, {&out, 1 + n + Mul(n, n)}}, "float64 a n x n, out: info, w n, v n x n");
  return Prepare([=](double *, int64_t *) {
    int64_t info = 0;
    const int status = trueno_eigh(n, static_cast<const double *>(a.data), F64(out, 1), F64(out, 1 + n), &info);
    if (status == TRUENO_OK) *F64(out) = static_cast<double>(info);
    return status;
  });
}

auto Svd(Args &args) {
  size_t m = args.Size(0, "m"), n = args.Size(1, "n");
  Array a = args.FloatArray(2, "a"), out = args.FloatArray(3, "out");
  const size_t k = m < n ? m : n;
  RequireF64(args, {{&a, Mul(m, n)}, {&out, 1 + Mul(m, k) + k + Mul(k, n)}},
             "float64 a m x n, out: info, u m x k, s k, vt k x n");
  return Prepare([=](double *, int64_t *) {
    int64_t info = 0;
    const int status = trueno_svd(m, n, static_cast<const double *>(a.data), F64(out, 1), F64(out, 1 + m * k),
                                  F64(out, 1 + m * k + k), &info);
    if (status == TRUENO_OK) *F64(out) = static_cast<double>(info);
    return status;
  });
}

// ---- ml: neighbours and naive Bayes (float64 only; indices int32, counts and offsets int64) ----

// The arguments every neighbour search starts with: metric, p, nq, n, d, q (nq x d), x (n x d).
struct Search {
  int metric = 0;
  double p = 0;
  size_t nq = 0, n = 0, d = 0;
  const double *q = nullptr, *x = nullptr;
};

Search ReadSearch(Args &args) {
  Search s;
  s.metric = args.Int(0, "metric");
  s.p = args.Number(1, "p");
  s.nq = args.Size(2, "nq");
  s.n = args.Size(3, "n");
  s.d = args.Size(4, "d");
  Array q = args.FloatArray(5, "q"), x = args.FloatArray(6, "x");
  args.Require(q.dtype() == TRUENO_F64 && x.dtype() == TRUENO_F64, "q and x float64");
  args.Require(q.length == Mul(s.nq, s.d) && x.length == Mul(s.n, s.d), "q nq x d, x n x d");
  s.q = static_cast<const double *>(q.data);
  s.x = static_cast<const double *>(x.data);
  return s;
}

// A float64 array argument.
Array Float64(Args &args, size_t i, const char *name) {
  Array a = args.FloatArray(i, name);
  args.Require(a.dtype() == TRUENO_F64, name);
  return a;
}

// An int64 (BigInt64Array) argument.
Array Int64(Args &args, size_t i, const char *name) {
  Array a = args.AnyArray(i, name);
  args.Require(a.dtype() == TRUENO_I64, name);
  return a;
}

auto KnnBrute(Args &args) {
  Search s = ReadSearch(args);
  size_t k = args.Size(7, "k");
  Array idx = args.Int32Array(8, "idx"), dist = Float64(args, 9, "dist");
  args.Require(idx.length == Mul(s.nq, k) && dist.length == idx.length, "idx and dist nq x k");
  return Prepare([=](double *, int64_t *) {
    return trueno_knn_brute(s.metric, s.p, s.nq, s.n, s.d, s.q, s.x, k, static_cast<int32_t *>(idx.data),
                            static_cast<double *>(dist.data));
  });
}

auto RadiusCount(Args &args) {
  Search s = ReadSearch(args);
  double radius = args.Number(7, "radius");
  Array counts = Int64(args, 8, "counts");
  args.Require(counts.length == s.nq, "counts nq");
  return Prepare([=](double *, int64_t *) {
    return trueno_radius_count(s.metric, s.p, s.nq, s.n, s.d, s.q, s.x, radius, static_cast<int64_t *>(counts.data));
  });
}

auto RadiusFill(Args &args) {
  Search s = ReadSearch(args);
  double radius = args.Number(7, "radius");
  Array offsets = Int64(args, 8, "offsets");
  int sort = args.Int(9, "sort");
  Array idx = args.Int32Array(10, "idx"), dist = Float64(args, 11, "dist");
  args.Require(offsets.length == s.nq + 1 && dist.length == idx.length, "offsets nq + 1, idx and dist alike");
  return Prepare([=](double *, int64_t *) {
    return trueno_radius_fill(s.metric, s.p, s.nq, s.n, s.d, s.q, s.x, radius,
                              static_cast<const int64_t *>(offsets.data), idx.length, sort,
                              static_cast<int32_t *>(idx.data), static_cast<double *>(dist.data));
  });
}

auto KdtreeBuild(Args &args) {
  size_t n = args.Size(0, "n"), d = args.Size(1, "d");
  Array x = Float64(args, 2, "x");
  size_t leaf_size = args.Size(3, "leafSize");
  Array tree = Float64(args, 4, "tree");
  args.Require(x.length == Mul(n, d), "x n x d");
  return Prepare([=](double *, int64_t *) {
    return trueno_kdtree_build(n, d, static_cast<const double *>(x.data), leaf_size, static_cast<double *>(tree.data),
                               tree.length);
  });
}

auto KdtreeKnn(Args &args) {
  Search s = ReadSearch(args);
  size_t leaf_size = args.Size(7, "leafSize");
  Array tree = Float64(args, 8, "tree");
  size_t k = args.Size(9, "k");
  Array idx = args.Int32Array(10, "idx"), dist = Float64(args, 11, "dist");
  args.Require(idx.length == Mul(s.nq, k) && dist.length == idx.length, "idx and dist nq x k");
  return Prepare([=](double *, int64_t *) {
    return trueno_kdtree_knn(s.metric, s.p, s.nq, s.n, s.d, s.q, s.x, leaf_size,
                             static_cast<const double *>(tree.data), tree.length, k, static_cast<int32_t *>(idx.data),
                             static_cast<double *>(dist.data));
  });
}

auto KdtreeRadiusCount(Args &args) {
  Search s = ReadSearch(args);
  size_t leaf_size = args.Size(7, "leafSize");
  Array tree = Float64(args, 8, "tree");
  double radius = args.Number(9, "radius");
  Array counts = Int64(args, 10, "counts");
  args.Require(counts.length == s.nq, "counts nq");
  return Prepare([=](double *, int64_t *) {
    return trueno_kdtree_radius_count(s.metric, s.p, s.nq, s.n, s.d, s.q, s.x, leaf_size,
                                      static_cast<const double *>(tree.data), tree.length, radius,
                                      static_cast<int64_t *>(counts.data));
  });
}

auto KdtreeRadiusFill(Args &args) {
  Search s = ReadSearch(args);
  size_t leaf_size = args.Size(7, "leafSize");
  Array tree = Float64(args, 8, "tree");
  double radius = args.Number(9, "radius");
  Array offsets = Int64(args, 10, "offsets");
  int sort = args.Int(11, "sort");
  Array idx = args.Int32Array(12, "idx"), dist = Float64(args, 13, "dist");
  args.Require(offsets.length == s.nq + 1 && dist.length == idx.length, "offsets nq + 1, idx and dist alike");
  return Prepare([=](double *, int64_t *) {
    return trueno_kdtree_radius_fill(s.metric, s.p, s.nq, s.n, s.d, s.q, s.x, leaf_size,
                                     static_cast<const double *>(tree.data), tree.length, radius,
                                     static_cast<const int64_t *>(offsets.data), idx.length, sort,
                                     static_cast<int32_t *>(idx.data), static_cast<double *>(dist.data));
  });
}

auto ClassMoments(Args &args) {
  size_t n = args.Size(0, "n"), d = args.Size(1, "d"), c = args.Size(2, "c");
  Array x = Float64(args, 3, "x");
  Array y = args.Int32Array(4, "y"), w = Float64(args, 5, "w");
  int weighted = args.Int(6, "weighted");
  Array out = Float64(args, 7, "out");
  args.Require(x.length == Mul(n, d) && y.length == n && (!weighted || w.length == n), "x n x d, y and w n");
  args.Require(out.length == Mul(c, Mul(2, d) + 1), "out c x (1 + 2d)");
  return Prepare([=](double *, int64_t *) {
    return trueno_class_moments(n, d, c, static_cast<const double *>(x.data), static_cast<const int32_t *>(y.data),
                                weighted ? static_cast<const double *>(w.data) : nullptr,
                                static_cast<double *>(out.data));
  });
}

auto GaussianNbJll(Args &args) {
  size_t n = args.Size(0, "n"), d = args.Size(1, "d"), c = args.Size(2, "c");
  Array x = Float64(args, 3, "x"), theta = Float64(args, 4, "theta"), var = Float64(args, 5, "var");
  Array log_prior = Float64(args, 6, "logPrior"), out = Float64(args, 7, "out");
  args.Require(x.length == Mul(n, d) && theta.length == Mul(c, d) && var.length == theta.length, "x n x d, theta c x d");
  args.Require(log_prior.length == c && out.length == Mul(n, c), "logPrior c, out n x c");
  return Prepare([=](double *, int64_t *) {
    return trueno_gaussian_nb_jll(n, d, c, static_cast<const double *>(x.data),
                                  static_cast<const double *>(theta.data), static_cast<const double *>(var.data),
                                  static_cast<const double *>(log_prior.data), static_cast<double *>(out.data));
  });
}

// The n float64 sample weights of a clustering kernel, or NULL when unweighted (weights may then be empty).
const double *SampleWeights(Args &args, const Array &weights, int weighted, size_t n) {
  args.Require(!weighted || (weights.dtype() == TRUENO_F64 && weights.length == n), "weights: n float64 values");
  return weighted ? static_cast<const double *>(weights.data) : nullptr;
}

// Whether a is a float64 array of length n.
bool Float64Of(const Array &a, size_t n) { return a.dtype() == TRUENO_F64 && a.length == n; }

auto KmeansLloyd(Args &args) {
  size_t n = args.Size(0, "n"), d = args.Size(1, "d"), k = args.Size(2, "k");
  Array x = args.FloatArray(3, "x"), weights = args.FloatArray(4, "weights");
  int weighted = args.Int(5, "weighted");
  Array centers = args.FloatArray(6, "centers"), labels = args.Int32Array(7, "labels");
  Array sums = args.FloatArray(8, "sums"), counts = args.FloatArray(9, "counts");
  args.SameDtype(x, centers, "x and centers");
  args.Require(x.length == Mul(n, d) && centers.length == Mul(k, d) && labels.length == n, "kmeans shapes");
  args.Require(Float64Of(sums, Mul(k, d)) && Float64Of(counts, k), "sums and counts: k x d and k float64");
  const double *w = SampleWeights(args, weights, weighted, n);
  return Prepare(
      [=](double *inertia, int64_t *) {
        return trueno_kmeans_lloyd(x.dtype(), n, d, k, x.data, w, centers.data, static_cast<int32_t *>(labels.data),
                                   static_cast<double *>(sums.data), static_cast<double *>(counts.data), inertia);
      },
      Call::kNumber, 3);
}

auto KmeansElkan(Args &args) {
  size_t n = args.Size(0, "n"), d = args.Size(1, "d"), k = args.Size(2, "k");
  Array x = args.FloatArray(3, "x"), weights = args.FloatArray(4, "weights");
  int weighted = args.Int(5, "weighted");
  Array centers = args.FloatArray(6, "centers"), shifts = args.FloatArray(7, "shifts");
  int init = args.Int(8, "init");
  Array labels = args.Int32Array(9, "labels"), upper = args.FloatArray(10, "upper"), lower = args.FloatArray(11, "lower");
  Array sums = args.FloatArray(12, "sums"), counts = args.FloatArray(13, "counts");
  args.SameDtype(x, centers, "x and centers");
  args.Require(x.length == Mul(n, d) && centers.length == Mul(k, d) && labels.length == n, "kmeans shapes");
  args.Require(Float64Of(shifts, k) && Float64Of(upper, n) && Float64Of(lower, Mul(n, k)),
               "shifts, upper and lower: k, n and n x k float64");
  args.Require(Float64Of(sums, Mul(k, d)) && Float64Of(counts, k), "sums and counts: k x d and k float64");
  const double *w = SampleWeights(args, weights, weighted, n);
  return Prepare(
      [=](double *inertia, int64_t *) {
        return trueno_kmeans_elkan(x.dtype(), n, d, k, x.data, w, centers.data, static_cast<const double *>(shifts.data),
                                   init, static_cast<int32_t *>(labels.data), static_cast<double *>(upper.data),
                                   static_cast<double *>(lower.data), static_cast<double *>(sums.data),
                                   static_cast<double *>(counts.data), inertia);
      },
      Call::kNumber, 5);
}

auto KmeansPpStep(Args &args) {
  size_t n = args.Size(0, "n"), d = args.Size(1, "d");
  Array x = args.FloatArray(2, "x"), weights = args.FloatArray(3, "weights");
  int weighted = args.Int(4, "weighted");
  Array candidates = args.Int32Array(5, "candidates"), closest = args.FloatArray(6, "closest");
  Array pots = args.FloatArray(7, "pots");
  args.Require(x.length == Mul(n, d) && Float64Of(closest, n) && Float64Of(pots, candidates.length),
               "x n x d, closest n and pots (one per candidate) float64");
  const double *w = SampleWeights(args, weights, weighted, n);
  return Prepare(
      [=](double *, int64_t *best) {
        return trueno_kmeans_pp_step(x.dtype(), n, d, x.data, w, static_cast<const int32_t *>(candidates.data),
                                     candidates.length, static_cast<double *>(closest.data),
                                     static_cast<double *>(pots.data), best);
      },
      Call::kIndex, 2);
}

auto Linkage(Args &args) {
  size_t n = args.Size(0, "n"), d = args.Size(1, "d");
  Array x = args.FloatArray(2, "x");
  int metric = args.Int(3, "metric"), method = args.Int(4, "method");
  Array out = args.FloatArray(5, "out");
  args.Require(x.length == Mul(n, d) && n >= 2 && Float64Of(out, Mul(n - 1, 4)), "x n x d, out (n - 1) x 4 float64");
  return Prepare([=](double *, int64_t *) {
    return trueno_linkage(x.dtype(), n, d, x.data, metric, method, static_cast<double *>(out.data));
  });
}

// The linear-model kernels take float64 arrays only; sample weights may be empty (meaning all 1).
bool IsF64(const Array &a) { return a.dtype() == TRUENO_F64; }

auto EnetCd(Args &args) {
  size_t n = args.Size(0, "n"), p = args.Size(1, "p");
  Array xt = args.FloatArray(2, "xt"), y = args.FloatArray(3, "y");
  double alpha = args.Number(4, "alpha"), beta = args.Number(5, "beta");
  size_t max_iter = args.Size(6, "maxIter");
  double tol = args.Number(7, "tol");
  int positive = args.Int(8, "positive"), random = args.Int(9, "random");
  size_t seed = args.Size(10, "seed");
  int screening = args.Int(11, "screening");
  Array state = args.FloatArray(12, "state");
  args.Require(IsF64(xt) && IsF64(y) && IsF64(state), "float64 xt, y and state");
  args.Require(xt.length == Mul(n, p) && y.length == n && state.length == p + 3 && seed <= UINT32_MAX,
               "xt: p x n, y: n, state: p + 3, seed < 2^32");
  return Prepare([=](double *, int64_t *) {
    return trueno_enet_cd(n, p, static_cast<const double *>(xt.data), static_cast<const double *>(y.data), alpha, beta,
                          max_iter, tol, positive, random, static_cast<uint32_t>(seed), screening,
                          static_cast<double *>(state.data));
  });
}

auto LogisticGrad(Args &args) {
  size_t n = args.Size(0, "n"), p = args.Size(1, "p"), k = args.Size(2, "k");
  Array x = args.FloatArray(3, "x"), y = args.FloatArray(4, "y"), sw = args.FloatArray(5, "sw");
  Array coef = args.FloatArray(6, "coef");
  int fit_intercept = args.Int(7, "fitIntercept");
  Array out = args.FloatArray(8, "out");
  const size_t len = Mul(k, p + (fit_intercept != 0));
  args.Require(IsF64(x) && IsF64(y) && IsF64(sw) && IsF64(coef) && IsF64(out), "float64 arrays");
  args.Require(x.length == Mul(n, p) && y.length == n && (sw.length == 0 || sw.length == n) && coef.length == len &&
                   out.length == len + 1,
               "x: n x p, y and sw: n, coef: k x (p + fitIntercept), out: 1 + coef");
  return Prepare([=](double *, int64_t *) {
    return trueno_logistic_grad(n, p, k, static_cast<const double *>(x.data), static_cast<const double *>(y.data),
                                OptionalF64(sw), static_cast<const double *>(coef.data), fit_intercept,
                                static_cast<double *>(out.data));
  });
}

auto LogisticHessp(Args &args) {
  size_t n = args.Size(0, "n"), p = args.Size(1, "p"), k = args.Size(2, "k");
  Array x = args.FloatArray(3, "x"), sw = args.FloatArray(4, "sw"), coef = args.FloatArray(5, "coef");
  int fit_intercept = args.Int(6, "fitIntercept");
  Array s = args.FloatArray(7, "s"), out = args.FloatArray(8, "out");
  const size_t len = Mul(k, p + (fit_intercept != 0));
  args.Require(IsF64(x) && IsF64(sw) && IsF64(coef) && IsF64(s) && IsF64(out), "float64 arrays");
  args.Require(x.length == Mul(n, p) && (sw.length == 0 || sw.length == n) && coef.length == len && s.length == len &&
                   out.length == len,
               "x: n x p, sw: n, coef, s and out: k x (p + fitIntercept)");
  return Prepare([=](double *, int64_t *) {
    return trueno_logistic_hessp(n, p, k, static_cast<const double *>(x.data), OptionalF64(sw),
                                 static_cast<const double *>(coef.data), fit_intercept,
                                 static_cast<const double *>(s.data), static_cast<double *>(out.data));
  });
}

auto SagaEpoch(Args &args) {
  size_t n = args.Size(0, "n"), p = args.Size(1, "p"), k = args.Size(2, "k");
  Array x = args.FloatArray(3, "x"), y = args.FloatArray(4, "y"), sw = args.FloatArray(5, "sw");
  Array order = args.Int32Array(6, "order"), params = args.FloatArray(7, "params"), state = args.FloatArray(8, "state");
  const size_t pk = Mul(p, k);
  const size_t want = Mul(pk, 2) + Mul(k, 2) + Mul(n, k) + n + 2;
  args.Require(IsF64(x) && IsF64(y) && IsF64(sw) && IsF64(params) && IsF64(state), "float64 arrays");
  args.Require(x.length == Mul(n, p) && y.length == n && (sw.length == 0 || sw.length == n) &&
                   params.length == TRUENO_SAGA_NPARAMS && state.length == want,
               "x: n x p, y and sw: n, params, state: 2pk + 2k + nk + n + 2");
  return Prepare([=](double *, int64_t *) {
    return trueno_saga_epoch(n, p, k, static_cast<const double *>(x.data), static_cast<const double *>(y.data),
                             OptionalF64(sw), static_cast<const int32_t *>(order.data), order.length,
                             static_cast<const double *>(params.data), static_cast<double *>(state.data));
  });
}

auto SgdEpoch(Args &args) {
  size_t n = args.Size(0, "n"), p = args.Size(1, "p");
  Array x = args.FloatArray(2, "x"), y = args.FloatArray(3, "y"), sw = args.FloatArray(4, "sw");
  Array order = args.Int32Array(5, "order"), params = args.FloatArray(6, "params"), state = args.FloatArray(7, "state");
  args.Require(IsF64(x) && IsF64(y) && IsF64(sw) && IsF64(params) && IsF64(state), "float64 arrays");
  args.Require(x.length == Mul(n, p) && y.length == n && (sw.length == 0 || sw.length == n) &&
                   params.length == TRUENO_SGD_NPARAMS && state.length == Mul(p, 3) + TRUENO_SGD_NSCALARS,
               "x: n x p, y and sw: n, params, state: 3p + 6");
  return Prepare([=](double *, int64_t *) {
    return trueno_sgd_epoch(n, p, static_cast<const double *>(x.data), static_cast<const double *>(y.data),
                            OptionalF64(sw), static_cast<const int32_t *>(order.data), order.length,
                            static_cast<const double *>(params.data), static_cast<double *>(state.data));
  });
}

auto SvmDualCd(Args &args) {
  size_t n = args.Size(0, "n"), p = args.Size(1, "p");
  Array x = args.FloatArray(2, "x"), y = args.FloatArray(3, "y"), c = args.FloatArray(4, "c");
  double bias = args.Number(5, "bias");
  int l1_loss = args.Int(6, "l1Loss");
  size_t max_iter = args.Size(7, "maxIter");
  double tol = args.Number(8, "tol");
  size_t seed = args.Size(9, "seed");
  Array state = args.FloatArray(10, "state");
  args.Require(IsF64(x) && IsF64(y) && IsF64(c) && IsF64(state), "float64 arrays");
  args.Require(x.length == Mul(n, p) && y.length == n && c.length == n && state.length == p + 2 && seed <= UINT32_MAX,
               "x: n x p, y and c: n, state: p + 2, seed < 2^32");
  return Prepare([=](double *, int64_t *) {
    return trueno_svm_dual_cd(n, p, static_cast<const double *>(x.data), static_cast<const double *>(y.data),
                              static_cast<const double *>(c.data), bias, l1_loss, max_iter, tol,
                              static_cast<uint32_t>(seed), static_cast<double *>(state.data));
  });
}

auto TreeGrow(Args &args) {
  size_t n = args.Size(0, "n"), d = args.Size(1, "d"), k = args.Size(2, "k");
  Array xt = args.FloatArray(3, "xt"), y = args.FloatArray(4, "y"), weights = args.FloatArray(5, "weights");
  Array seeds = args.FloatArray(6, "seeds"), params = args.FloatArray(7, "params");
  size_t capacity = args.Size(8, "capacity");
  Array nodes = args.FloatArray(9, "nodes"), values = args.FloatArray(10, "values");
  Array node_count = args.Int32Array(11, "nodeCount");
  const size_t trees = seeds.length;
  args.Require(xt.dtype() == TRUENO_F32 && IsF64(y) && IsF64(weights) && IsF64(seeds) && IsF64(params) &&
                   IsF64(nodes) && IsF64(values),
               "xt float32, the others float64");
  args.Require(xt.length == Mul(d, n) && (y.length == n || y.length == Mul(n, k)) && weights.length == Mul(trees, n) &&
                   params.length == TRUENO_TREE_PARAM_COUNT &&
                   nodes.length == Mul(Mul(trees, capacity), TRUENO_NODE_FIELD_COUNT) &&
                   values.length == Mul(Mul(trees, capacity), k) && node_count.length == trees,
               "xt: d x n, y: n or n x k, weights: trees x n, params, nodes: trees x capacity x 7, "
               "values: trees x capacity x k, nodeCount: trees");
  return Prepare([=](double *, int64_t *) {
    return trueno_tree_grow(n, d, k, static_cast<const float *>(xt.data), static_cast<const double *>(y.data), trees,
                            static_cast<const double *>(weights.data), static_cast<const double *>(seeds.data),
                            static_cast<const double *>(params.data), capacity, static_cast<double *>(nodes.data),
                            static_cast<double *>(values.data), static_cast<int32_t *>(node_count.data));
  }, Call::kNone, 3);
}

// Whether a is a Uint8Array of length n.
bool Uint8Of(const Array &a, size_t n) { return a.dtype() == TRUENO_U8 && a.length == n; }

auto HistBin(Args &args) {
  size_t n = args.Size(0, "n"), d = args.Size(1, "d");
  Array x = args.FloatArray(2, "x"), thresholds = args.FloatArray(3, "thresholds");
  Array offsets = args.Int32Array(4, "offsets"), categorical = args.AnyArray(5, "categorical");
  int missing_bin = args.Int(6, "missingBin");
  Array binned = args.AnyArray(7, "binned");
  args.Require(Float64Of(x, Mul(n, d)) && IsF64(thresholds) && offsets.length == d + 1 && Uint8Of(categorical, d) &&
                   Uint8Of(binned, Mul(n, d)),
               "x: n x d float64, offsets: d + 1, categorical: d uint8, binned: d x n uint8");
  const int32_t *off = static_cast<const int32_t *>(offsets.data);
  args.Require(offsets.length == d + 1 && off[d] >= 0 && static_cast<size_t>(off[d]) <= thresholds.length,
               "offsets[d] <= thresholds.length");
  return Prepare([=](double *, int64_t *) {
    return trueno_hist_bin(n, d, static_cast<const double *>(x.data), static_cast<const double *>(thresholds.data),
                           static_cast<const int32_t *>(offsets.data), static_cast<const uint8_t *>(categorical.data),
                           missing_bin, static_cast<uint8_t *>(binned.data));
  });
}

auto HgbGrow(Args &args) {
  size_t n = args.Size(0, "n"), d = args.Size(1, "d");
  Array binned = args.AnyArray(2, "binned"), gradients = args.FloatArray(3, "gradients");
  Array hessians = args.FloatArray(4, "hessians"), n_bins = args.Int32Array(5, "nBins");
  Array has_missing = args.AnyArray(6, "hasMissing"), categorical = args.AnyArray(7, "categorical");
  Array params = args.FloatArray(8, "params"), feature = args.Int32Array(9, "feature");
  Array threshold = args.FloatArray(10, "threshold"), children = args.Int32Array(11, "children");
  Array flags = args.AnyArray(12, "flags"), cat_bits = args.Int32Array(13, "catBits");
  Array values = args.FloatArray(14, "values"), raw = args.FloatArray(15, "raw");
  const size_t cap = feature.length;
  args.Require(Uint8Of(binned, Mul(n, d)) && Float64Of(gradients, n) && IsF64(hessians) && hessians.length >= 1 &&
                   (hessians.length == n || hessians.length == 1) && n_bins.length == d && Uint8Of(has_missing, d) &&
                   Uint8Of(categorical, d) && Float64Of(params, TRUENO_HGB_PARAM_COUNT),
               "binned: d x n uint8, gradients: n, hessians: n or 1, nBins, hasMissing, categorical: d, params");
  args.Require(Float64Of(threshold, cap) && children.length == Mul(cap, 2) && Uint8Of(flags, cap) &&
                   cat_bits.length == Mul(cap, 8) && Float64Of(values, cap) && Float64Of(raw, n),
               "tree arrays: capacity = feature.length (children 2x, catBits 8x), raw: n float64");
  args.Require(hessians.length == n || (params.length == TRUENO_HGB_PARAM_COUNT &&
                                        static_cast<const double *>(params.data)[TRUENO_HGB_CONSTANT_HESSIAN] == 1),
               "one hessian only with the constant hessian setting");
  return Prepare(
      [=](double *, int64_t *count) {
        return trueno_hgb_grow(n, d, static_cast<const uint8_t *>(binned.data), static_cast<const double *>(gradients.data),
                               static_cast<const double *>(hessians.data), static_cast<const int32_t *>(n_bins.data),
                               static_cast<const uint8_t *>(has_missing.data),
                               static_cast<const uint8_t *>(categorical.data), static_cast<const double *>(params.data),
                               cap, static_cast<int32_t *>(feature.data), static_cast<double *>(threshold.data),
                               static_cast<int32_t *>(children.data), static_cast<uint8_t *>(flags.data),
                               static_cast<int32_t *>(cat_bits.data), static_cast<double *>(values.data),
                               static_cast<double *>(raw.data), count);
      },
      Call::kIndex, 7);
}

auto HistThresholds(Args &args) {
  size_t n = args.Size(0, "n"), d = args.Size(1, "d");
  Array x = args.FloatArray(2, "x"), row_idx = args.Int32Array(3, "rowIdx"), weights = args.FloatArray(4, "weights");
  Array skip = args.AnyArray(5, "skip");
  int max_bins = args.Int(6, "maxBins");
  Array thresholds = args.FloatArray(7, "thresholds"), counts = args.Int32Array(8, "counts");
  args.Require(Float64Of(x, Mul(n, d)) && (weights.length == 0 || Float64Of(weights, n)) && Uint8Of(skip, d) &&
                   max_bins >= 2 && max_bins <= 255 && Float64Of(thresholds, Mul(d, static_cast<size_t>(max_bins - 1))) &&
                   counts.length == d,
               "x: n x d float64, weights: n or empty, skip: d uint8, thresholds: d x (maxBins - 1), counts: d");
  const size_t rows = row_idx.length == 0 ? n : row_idx.length;
  return Prepare([=](double *, int64_t *) {
    return trueno_hist_thresholds(n, d, static_cast<const double *>(x.data), rows,
                                  row_idx.length ? static_cast<const int32_t *>(row_idx.data) : nullptr,
                                  OptionalF64(weights), static_cast<const uint8_t *>(skip.data), max_bins,
                                  static_cast<double *>(thresholds.data), static_cast<int32_t *>(counts.data));
  });
}

template <auto PrepareOp>
Napi::Value RunSync(const Napi::CallbackInfo &info) {
  Args args(info);
  auto prepared = PrepareOp(args);
  if (!args.ok()) return info.Env().Undefined();
  double value = 0;
  int64_t index = 0;
  int status = prepared.run(&value, &index);
  if (status != TRUENO_OK) {
    ThrowStatus(info.Env(), status);
    return info.Env().Undefined();
  }
  return ResultValue(info.Env(), prepared.result, value, index);
}

template <auto PrepareOp>
Napi::Value RunAsync(const Napi::CallbackInfo &info) {
  Args args(info, Args::kOwn);
  auto prepared = PrepareOp(args);
  if (!args.ok()) return info.Env().Undefined();
  return QueueAsync(info, args.TakeOwned(), Call{prepared.run, prepared.result, prepared.writes});
}

// ---- ml: trees (the flat layout of trueno.h) ----

// A uint8 (Uint8Array) argument.
Array Uint8(Args &args, size_t i, const char *name) {
  Array a = args.AnyArray(i, name);
  args.Require(a.dtype() == TRUENO_U8, name);
  return a;
}

// The arguments forest_predict and forest_apply start with: n, d, x (n x d float), then the flat trees.
struct Forest {
  size_t n = 0, d = 0;
  Array x, roots, feature, threshold, children, flags, cat_bits;
};

Forest ReadForest(Args &args) {
  Forest f;
  f.n = args.Size(0, "n");
  f.d = args.Size(1, "d");
  f.x = args.FloatArray(2, "x");
  f.roots = args.Int32Array(3, "roots");
  f.feature = args.Int32Array(4, "feature");
  f.threshold = Float64(args, 5, "threshold");
  f.children = args.Int32Array(6, "children");
  f.flags = Uint8(args, 7, "flags");
  f.cat_bits = args.Int32Array(8, "catBits");
  const size_t nodes = f.feature.length;
  args.Require(f.x.length == Mul(f.n, f.d), "x n x d");
  args.Require(f.threshold.length == nodes && f.children.length == Mul(2, nodes) && f.flags.length == nodes,
               "threshold and flags one per node, children two per node");
  return f;
}

auto ForestPredict(Args &args) {
  Forest f = ReadForest(args);
  size_t k = args.Size(9, "k");
  Array values = Float64(args, 10, "values"), weights = Float64(args, 11, "treeWeights"), out = Float64(args, 12, "out");
  args.Require(values.length == Mul(f.feature.length, k) && weights.length == f.roots.length, "values nodes x k, treeWeights one per tree");
  args.Require(out.length == Mul(f.n, k), "out n x k");
  return Prepare([=](double *, int64_t *) {
    return trueno_forest_predict(f.x.dtype(), f.n, f.d, f.x.data, f.roots.length,
                                 static_cast<const int32_t *>(f.roots.data), f.feature.length,
                                 static_cast<const int32_t *>(f.feature.data), F64(f.threshold),
                                 static_cast<const int32_t *>(f.children.data),
                                 static_cast<const uint8_t *>(f.flags.data), f.cat_bits.length,
                                 static_cast<const int32_t *>(f.cat_bits.data), k, F64(values), F64(weights), F64(out));
  });
}

auto ForestApply(Args &args) {
  Forest f = ReadForest(args);
  Array out = args.Int32Array(9, "out");
  args.Require(out.length == Mul(f.n, f.roots.length), "out n x trees");
  return Prepare([=](double *, int64_t *) {
    return trueno_forest_apply(f.x.dtype(), f.n, f.d, f.x.data, f.roots.length,
                               static_cast<const int32_t *>(f.roots.data), f.feature.length,
                               static_cast<const int32_t *>(f.feature.data), F64(f.threshold),
                               static_cast<const int32_t *>(f.children.data),
                               static_cast<const uint8_t *>(f.flags.data), f.cat_bits.length,
                               static_cast<const int32_t *>(f.cat_bits.data), static_cast<int32_t *>(out.data));
  });
}

// forestPack(d, roots, feature, threshold, children, flags, catBits, packed, origin, packedRoots) -> slots used
auto ForestPack(Args &args) {
  size_t d = args.Size(0, "d");
  Array roots = args.Int32Array(1, "roots"), feature = args.Int32Array(2, "feature");
  Array threshold = Float64(args, 3, "threshold"), children = args.Int32Array(4, "children"), flags = Uint8(args, 5, "flags");
  Array cat_bits = args.Int32Array(6, "catBits"), packed = Float64(args, 7, "packed"), origin = args.Int32Array(8, "origin");
  Array packed_roots = args.Int32Array(9, "packedRoots");
  const size_t nodes = feature.length;
  args.Require(threshold.length == nodes && children.length == Mul(2, nodes) && flags.length == nodes,
               "threshold and flags one per node, children two per node");
  args.Require(packed.length == Mul(2, origin.length) && packed_roots.length == roots.length,
               "packed two per origin slot, packedRoots one per root");
  return Prepare([=](double *, int64_t *used) {
    return trueno_forest_pack(d, roots.length, static_cast<const int32_t *>(roots.data), nodes,
                              static_cast<const int32_t *>(feature.data), F64(threshold),
                              static_cast<const int32_t *>(children.data), static_cast<const uint8_t *>(flags.data),
                              cat_bits.length, static_cast<const int32_t *>(cat_bits.data), origin.length, F64(packed),
                              static_cast<int32_t *>(origin.data), static_cast<int32_t *>(packed_roots.data), used);
  }, Call::kIndex, 3);
}

// forestPredictPacked(n, d, x, packedRoots, packed, origin, flags, catBits, k, values, treeWeights, out)
auto ForestPredictPacked(Args &args) {
  size_t n = args.Size(0, "n"), d = args.Size(1, "d");
  Array x = args.FloatArray(2, "x"), packed_roots = args.Int32Array(3, "packedRoots"), packed = Float64(args, 4, "packed");
  Array origin = args.Int32Array(5, "origin"), flags = Uint8(args, 6, "flags"), cat_bits = args.Int32Array(7, "catBits");
  size_t k = args.Size(8, "k");
  Array values = Float64(args, 9, "values"), weights = Float64(args, 10, "treeWeights"), out = Float64(args, 11, "out");
  args.Require(x.length == Mul(n, d), "x n x d");
  args.Require(packed.length == Mul(2, origin.length), "packed two per origin slot");
  args.Require(values.length == Mul(flags.length, k) && weights.length == packed_roots.length,
               "values nodes x k, treeWeights one per tree");
  args.Require(out.length == Mul(n, k), "out n x k");
  return Prepare([=](double *, int64_t *) {
    return trueno_forest_predict_packed(x.dtype(), n, d, x.data, packed_roots.length,
                                        static_cast<const int32_t *>(packed_roots.data), origin.length, F64(packed),
                                        static_cast<const int32_t *>(origin.data), flags.length,
                                        static_cast<const uint8_t *>(flags.data), cat_bits.length,
                                        static_cast<const int32_t *>(cat_bits.data), k, F64(values), F64(weights),
                                        F64(out));
  });
}

// ---- columnar (trueno-db): an absent optional array is one of length 0 ----

// Whether a is a column the columnar kernels take (float64, float32, int32 or int64) of n entries.
bool ColumnOf(const Array &a, size_t n) {
  const int dt = a.dtype();
  return a.length == n && (dt == TRUENO_F64 || dt == TRUENO_F32 || dt == TRUENO_I32 || dt == TRUENO_I64);
}
// Whether a is a Uint8Array of n entries or empty (absent).
bool OptionalUint8(const Array &a, size_t n) { return a.dtype() == TRUENO_U8 && (a.length == n || a.length == 0); }
const uint8_t *OptionalU8(const Array &a) { return a.length == 0 ? nullptr : static_cast<const uint8_t *>(a.data); }
// The data of an optional array (NULL when absent).
const void *OptionalData(const Array &a) { return a.length == 0 ? nullptr : a.data; }

auto FilterCompare(Args &args) {
  size_t n = args.Size(0, "n");
  Array x = args.AnyArray(1, "x");
  int op = args.Int(2, "op");
  double value = args.Number(3, "value");
  Array valid = args.AnyArray(4, "valid");
  int and_mask = args.Int(5, "and");
  Array mask = args.AnyArray(6, "mask");
  args.Require(ColumnOf(x, n), "x: n float64, float32, int32 or int64");
  args.Require(OptionalUint8(valid, n) && Uint8Of(mask, n), "valid: n uint8 or empty, mask: n uint8");
  args.Require(op >= 0 && op < TRUENO_CMP_COUNT, "op: 0 (=) to 5 (>=)");
  return Prepare([=](double *, int64_t *) {
    return trueno_filter_compare(n, x.dtype(), x.data, op, value, OptionalU8(valid), and_mask,
                                 static_cast<uint8_t *>(mask.data));
  });
}

auto GroupAggregate(Args &args) {
  size_t n = args.Size(0, "n");
  Array groups = args.Int32Array(1, "groups");
  double base = args.Number(2, "base");
  size_t n_groups = args.Size(3, "nGroups");
  Array x = args.AnyArray(4, "x"), valid = args.AnyArray(5, "valid"), mask = args.AnyArray(6, "mask");
  Array pred = args.AnyArray(7, "pred");
  int pred_op = args.Int(8, "predOp");
  double pred_value = args.Number(9, "predValue");
  int op = args.Int(10, "op");
  Array mean = args.FloatArray(11, "mean"), count = args.FloatArray(12, "count"), acc = args.AnyArray(13, "acc");
  // values are aggregated when acc is given and so is x (an empty x with rows counts rows only, as an empty acc does)
  const bool values = acc.length > 0 && (x.length > 0 || n == 0);
  const bool int_x = x.dtype() == TRUENO_I32 || x.dtype() == TRUENO_I64;
  args.Require(groups.length == n || groups.length == 0, "groups: n int32 or empty");
  args.Require(base >= -9007199254740991.0 && base <= 9007199254740991.0 &&
                   static_cast<double>(static_cast<int64_t>(base)) == base, "base: an integer");
  args.Require(n_groups <= (size_t{1} << 31) && (n == 0 || n_groups > 0), "nGroups: at most 2^31, at least 1 with rows");
  args.Require(ColumnOf(x, n) || (!values && x.length == 0), "x: n float64, float32, int32 or int64, or empty");
  args.Require(acc.length == 0 || acc.length == n_groups, "acc: nGroups entries or empty");
  args.Require(OptionalUint8(valid, n) && OptionalUint8(mask, n), "valid and mask: n uint8 or empty");
  args.Require(pred.length == 0 || ColumnOf(pred, n), "pred: n float64, float32, int32 or int64, or empty");
  args.Require(pred.length == 0 || (pred_op >= 0 && pred_op < TRUENO_CMP_COUNT), "predOp: 0 (=) to 5 (>=)");
  args.Require(op >= 0 && op < TRUENO_AGG_COUNT, "op: 0 sum, 1 min, 2 max, 3 m2");
  args.Require(Float64Of(count, n_groups), "count: nGroups float64");
  args.Require(mean.dtype() == TRUENO_F64 && (mean.length == n_groups || (mean.length == 0 && !(values && op == TRUENO_AGG_M2))),
               "mean: nGroups float64 (for m2), or empty");
  const int want = op == TRUENO_AGG_SUM && int_x ? TRUENO_I64 : TRUENO_F64;
  args.Require(!values || (acc.length == n_groups &&
                           (acc.dtype() == want || (int_x && op != TRUENO_AGG_M2 && acc.dtype() == TRUENO_I64))),
               "acc: nGroups float64 (BigInt64Array for sums of integers), or empty to count only");
  return Prepare([=](double *, int64_t *) {
    return trueno_group_aggregate(n, static_cast<const int32_t *>(OptionalData(groups)), static_cast<int64_t>(base),
                                  n_groups, x.dtype(), values ? x.data : nullptr, OptionalU8(valid), OptionalU8(mask),
                                  pred.dtype(), OptionalData(pred), pred_op, pred_value, op, OptionalF64(mean),
                                  F64(count), acc.dtype(), values ? acc.data : nullptr);
  });
}

auto HashGroup(Args &args) {
  size_t n = args.Size(0, "n"), m = args.Size(1, "m");
  Array keys = args.FloatArray(2, "keys"), groups = args.Int32Array(3, "groups"), first_row = args.Int32Array(4, "firstRow");
  args.Require(n <= INT32_MAX && Float64Of(keys, Mul(m, n)) && groups.length == n && first_row.length == n,
               "keys: m x n float64, groups and firstRow: n int32, n < 2^31");
  return Prepare([=](double *, int64_t *count) {
    return trueno_hash_group(n, m, static_cast<const double *>(keys.data), static_cast<int32_t *>(groups.data),
                             static_cast<int32_t *>(first_row.data), count);
  }, Call::kIndex, 2);
}

auto HashJoin(Args &args) {
  size_t nb = args.Size(0, "nb"), m = args.Size(1, "m");
  Array build_keys = args.FloatArray(2, "buildKeys"), build_valid = args.AnyArray(3, "buildValid");
  size_t np = args.Size(4, "np");
  Array probe_keys = args.FloatArray(5, "probeKeys"), probe_valid = args.AnyArray(6, "probeValid");
  size_t capacity = args.Size(7, "capacity");
  Array out_build = args.Int32Array(8, "outBuild"), out_probe = args.Int32Array(9, "outProbe");
  args.Require(nb <= INT32_MAX && np <= INT32_MAX && Float64Of(build_keys, Mul(m, nb)) && Float64Of(probe_keys, Mul(m, np)),
               "buildKeys: m x nb float64, probeKeys: m x np float64, nb and np < 2^31");
  args.Require(OptionalUint8(build_valid, nb) && OptionalUint8(probe_valid, np), "buildValid: nb uint8, probeValid: np uint8, or empty");
  args.Require(out_build.length >= capacity && out_probe.length >= capacity, "outBuild and outProbe: capacity int32");
  return Prepare([=](double *, int64_t *total) {
    return trueno_hash_join(nb, m, static_cast<const double *>(build_keys.data), OptionalU8(build_valid), np,
                            static_cast<const double *>(probe_keys.data), OptionalU8(probe_valid), capacity,
                            static_cast<int32_t *>(out_build.data), static_cast<int32_t *>(out_probe.data), total);
  }, Call::kIndex, 2);
}

auto TopK(Args &args) {
  size_t n = args.Size(0, "n");
  Array x = args.FloatArray(1, "x"), valid = args.AnyArray(2, "valid");
  size_t k = args.Size(3, "k");
  int descending = args.Int(4, "descending"), nulls_first = args.Int(5, "nullsFirst");
  Array out = args.Int32Array(6, "out");
  args.Require(n <= INT32_MAX && Float64Of(x, n) && OptionalUint8(valid, n), "x: n float64, valid: n uint8 or empty, n < 2^31");
  args.Require(out.length >= (k < n ? k : n), "out: min(k, n) int32");
  return Prepare([=](double *, int64_t *written) {
    return trueno_top_k(n, static_cast<const double *>(x.data), OptionalU8(valid), k, descending, nulls_first,
                        static_cast<int32_t *>(out.data), written);
  }, Call::kIndex);
}

auto SortIndices(Args &args) {
  size_t n = args.Size(0, "n"), m = args.Size(1, "m");
  Array keys = args.FloatArray(2, "keys"), descending = args.AnyArray(3, "descending"), out = args.Int32Array(4, "out");
  args.Require(n <= INT32_MAX && Float64Of(keys, Mul(m, n)) && Uint8Of(descending, m) && out.length == n,
               "keys: m x n float64, descending: m uint8, out: n int32, n < 2^31");
  return Prepare([=](double *, int64_t *) {
    return trueno_sort_indices(n, m, static_cast<const double *>(keys.data), static_cast<const uint8_t *>(descending.data),
                               static_cast<int32_t *>(out.data));
  });
}

// ---- graph ----

// Whether (offsets, neighbours) can be read as a CSR of n nodes: offsets n + 1 int32, neighbours exactly offsets[n]
// int32 (the core checks the values; this keeps it inside the buffers).
bool CsrShape(const Array &offsets, const Array &neighbours, size_t n) {
  if (offsets.dtype() != TRUENO_I32 || neighbours.dtype() != TRUENO_I32 || n >= INT32_MAX || offsets.length != n + 1) return false;
  const int32_t m = static_cast<const int32_t *>(offsets.data)[n];
  return m >= 0 && neighbours.length == static_cast<size_t>(m);
}

// An optional second CSR (both arrays empty) or one of n nodes.
bool OptionalCsrShape(const Array &offsets, const Array &neighbours, size_t n) {
  return (offsets.length == 0 && neighbours.length == 0) || CsrShape(offsets, neighbours, n);
}

const int32_t *OptionalI32(const Array &a) { return a.length == 0 ? nullptr : static_cast<const int32_t *>(a.data); }
const int32_t *I32(const Array &a) { return static_cast<const int32_t *>(a.data); }

auto GraphCsr(Args &args) {
  size_t n = args.Size(0, "n");
  Array from = args.Int32Array(1, "from"), to = args.Int32Array(2, "to"), weights = args.FloatArray(3, "weights");
  int symmetric = args.Int(4, "symmetric");
  Array offsets = args.Int32Array(5, "offsets"), neighbours = args.Int32Array(6, "neighbours");
  Array edge_ids = args.Int32Array(7, "edgeIds"), weights_out = args.FloatArray(8, "weightsOut");
  const size_t m = from.length, entries = symmetric ? Mul(m, 2) : m;
  args.Require(n < INT32_MAX && to.length == m && (weights.length == 0 || Float64Of(weights, m)) &&
                   offsets.length == n + 1 && neighbours.length == entries && edge_ids.length == entries &&
                   (weights.length == 0 ? weights_out.length == 0 : Float64Of(weights_out, entries)),
               "from/to: m int32, weights: m float64 or empty, offsets: n + 1 int32, neighbours/edgeIds (and weightsOut "
               "with weights): m (2m when symmetric)");
  return Prepare([=](double *, int64_t *) {
    return trueno_graph_csr(n, m, I32(from), I32(to), OptionalF64(weights), symmetric, static_cast<int32_t *>(offsets.data),
                            static_cast<int32_t *>(neighbours.data), static_cast<int32_t *>(edge_ids.data),
                            weights.length == 0 ? nullptr : static_cast<double *>(weights_out.data));
  }, Call::kNone, 4);
}

auto GraphBfs(Args &args) {
  size_t n = args.Size(0, "n");
  Array off1 = args.Int32Array(1, "offsets1"), adj1 = args.Int32Array(2, "neighbours1");
  Array off2 = args.Int32Array(3, "offsets2"), adj2 = args.Int32Array(4, "neighbours2");
  Array sources = args.Int32Array(5, "sources");
  int max_depth = args.Int(6, "maxDepth");
  Array distances = args.Int32Array(7, "distances"), parents = args.Int32Array(8, "parents"), order = args.Int32Array(9, "order");
  args.Require(CsrShape(off1, adj1, n) && OptionalCsrShape(off2, adj2, n) && distances.length == n &&
                   parents.length == n && order.length == n,
               "a CSR of n nodes (and an optional second one), distances/parents/order: n int32");
  return Prepare([=](double *, int64_t *visited) {
    return trueno_graph_bfs(n, I32(off1), I32(adj1), OptionalI32(off2), OptionalI32(adj2), sources.length, I32(sources),
                            max_depth, static_cast<int32_t *>(distances.data), static_cast<int32_t *>(parents.data),
                            static_cast<int32_t *>(order.data), visited);
  }, Call::kIndex, 3);
}

auto GraphDijkstra(Args &args) {
  size_t n = args.Size(0, "n");
  Array off1 = args.Int32Array(1, "offsets1"), adj1 = args.Int32Array(2, "neighbours1"), w1 = args.FloatArray(3, "weights1");
  Array off2 = args.Int32Array(4, "offsets2"), adj2 = args.Int32Array(5, "neighbours2"), w2 = args.FloatArray(6, "weights2");
  int source = args.Int(7, "source"), target = args.Int(8, "target");
  Array distances = args.FloatArray(9, "distances"), parents = args.Int32Array(10, "parents");
  args.Require(CsrShape(off1, adj1, n) && Float64Of(w1, adj1.length) && OptionalCsrShape(off2, adj2, n) &&
                   (off2.length == 0 ? w2.length == 0 : Float64Of(w2, adj2.length)) && Float64Of(distances, n) &&
                   parents.length == n,
               "a weighted CSR of n nodes (and an optional second one), distances: n float64, parents: n int32");
  return Prepare([=](double *, int64_t *) {
    return trueno_graph_dijkstra(n, I32(off1), I32(adj1), static_cast<const double *>(w1.data), OptionalI32(off2),
                                 OptionalI32(adj2), OptionalF64(w2), source, target, static_cast<double *>(distances.data),
                                 static_cast<int32_t *>(parents.data));
  }, Call::kNone, 2);
}

auto GraphPagerank(Args &args) {
  size_t n = args.Size(0, "n");
  Array off = args.Int32Array(1, "inOffsets"), src = args.Int32Array(2, "inSources"), w = args.FloatArray(3, "inWeights");
  double damping = args.Number(4, "damping");
  Array personalization = args.FloatArray(5, "personalization");
  double tol = args.Number(6, "tol");
  int max_iter = args.Int(7, "maxIter");
  Array rank = args.FloatArray(8, "rank");
  args.Require(CsrShape(off, src, n) && (w.length == 0 || Float64Of(w, src.length)) &&
                   (personalization.length == 0 || Float64Of(personalization, n)) && Float64Of(rank, n),
               "an in-CSR of n nodes, inWeights: one float64 per entry or empty, personalization: n float64 or empty, "
               "rank: n float64");
  return Prepare([=](double *, int64_t *iterations) {
    return trueno_graph_pagerank(n, I32(off), I32(src), OptionalF64(w), damping, OptionalF64(personalization), tol,
                                 max_iter, static_cast<double *>(rank.data), iterations);
  }, Call::kIndex);
}

template <int (*Kernel)(size_t, const int32_t *, const int32_t *, int32_t *, int32_t *, int64_t *)>
auto GraphComponents(Args &args) {
  size_t n = args.Size(0, "n");
  Array off = args.Int32Array(1, "offsets"), adj = args.Int32Array(2, "neighbours");
  Array labels = args.Int32Array(3, "labels"), sizes = args.Int32Array(4, "sizes");
  args.Require(CsrShape(off, adj, n) && labels.length == n && sizes.length == n, "a CSR of n nodes, labels/sizes: n int32");
  return Prepare([=](double *, int64_t *count) {
    return Kernel(n, I32(off), I32(adj), static_cast<int32_t *>(labels.data), static_cast<int32_t *>(sizes.data), count);
  }, Call::kIndex, 2);
}

auto GraphWcc(Args &args) { return GraphComponents<trueno_graph_wcc>(args); }
auto GraphScc(Args &args) { return GraphComponents<trueno_graph_scc>(args); }

auto GraphDfs(Args &args) {
  size_t n = args.Size(0, "n");
  Array off1 = args.Int32Array(1, "offsets1"), adj1 = args.Int32Array(2, "neighbours1");
  Array off2 = args.Int32Array(3, "offsets2"), adj2 = args.Int32Array(4, "neighbours2");
  int source = args.Int(5, "source");
  Array order = args.Int32Array(6, "order"), parents = args.Int32Array(7, "parents");
  Array discovery = args.Int32Array(8, "discovery"), finish = args.Int32Array(9, "finish");
  args.Require(CsrShape(off1, adj1, n) && OptionalCsrShape(off2, adj2, n) && order.length == n && parents.length == n &&
                   discovery.length == n && finish.length == n,
               "a CSR of n nodes (and an optional second one), order/parents/discovery/finish: n int32");
  return Prepare([=](double *, int64_t *visited) {
    return trueno_graph_dfs(n, I32(off1), I32(adj1), OptionalI32(off2), OptionalI32(adj2), source,
                            static_cast<int32_t *>(order.data), static_cast<int32_t *>(parents.data),
                            static_cast<int32_t *>(discovery.data), static_cast<int32_t *>(finish.data), visited);
  }, Call::kIndex, 4);
}

auto GraphBetweenness(Args &args) {
  size_t n = args.Size(0, "n");
  Array off = args.Int32Array(1, "offsets"), adj = args.Int32Array(2, "neighbours"), w = args.FloatArray(3, "weights");
  Array sources = args.Int32Array(4, "sources"), out = args.FloatArray(5, "out");
  args.Require(CsrShape(off, adj, n) && (w.length == 0 || Float64Of(w, adj.length)) && Float64Of(out, n),
               "a CSR of n nodes, weights: one float64 per entry or empty, out: n float64");
  return Prepare([=](double *, int64_t *) {
    return trueno_graph_betweenness(n, I32(off), I32(adj), OptionalF64(w), sources.length, I32(sources),
                                    static_cast<double *>(out.data));
  });
}

auto GraphTriangles(Args &args) {
  size_t n = args.Size(0, "n");
  Array off1 = args.Int32Array(1, "offsets1"), adj1 = args.Int32Array(2, "neighbours1");
  Array off2 = args.Int32Array(3, "offsets2"), adj2 = args.Int32Array(4, "neighbours2");
  Array triangles = args.Int32Array(5, "triangles"), degrees = args.Int32Array(6, "degrees");
  args.Require(CsrShape(off1, adj1, n) && OptionalCsrShape(off2, adj2, n) && triangles.length == n && degrees.length == n,
               "a CSR of n nodes (and an optional second one), triangles/degrees: n int32");
  return Prepare([=](double *, int64_t *total) {
    return trueno_graph_triangles(n, I32(off1), I32(adj1), OptionalI32(off2), OptionalI32(adj2),
                                  static_cast<int32_t *>(triangles.data), static_cast<int32_t *>(degrees.data), total);
  }, Call::kIndex, 2);
}

auto GraphLouvain(Args &args) {
  size_t n = args.Size(0, "n");
  Array off = args.Int32Array(1, "offsets"), adj = args.Int32Array(2, "neighbours"), w = args.FloatArray(3, "weights");
  double resolution = args.Number(4, "resolution"), seed = args.Number(5, "seed");
  int max_levels = args.Int(6, "maxLevels"), trials = args.Int(7, "trials");
  Array labels = args.Int32Array(8, "labels");
  args.Require(CsrShape(off, adj, n) && (w.length == 0 || Float64Of(w, adj.length)) && labels.length == n &&
                   seed >= 0 && seed <= 4294967295.0 && seed == static_cast<double>(static_cast<uint32_t>(seed)),
               "a symmetric CSR of n nodes, weights: one float64 per entry or empty, seed: an integer in [0, 2^32), "
               "labels: n int32");
  const uint32_t seed32 = static_cast<uint32_t>(seed);
  return Prepare([=](double *modularity, int64_t *) {
    return trueno_graph_louvain(n, I32(off), I32(adj), OptionalF64(w), resolution, seed32, max_levels, trials,
                                static_cast<int32_t *>(labels.data), modularity);
  }, Call::kNumber);
}

auto GraphMst(Args &args) {
  size_t n = args.Size(0, "n");
  Array from = args.Int32Array(1, "from"), to = args.Int32Array(2, "to"), w = args.FloatArray(3, "weights");
  Array edge_ids = args.Int32Array(4, "edgeIds");
  const size_t m = from.length;
  args.Require(n < INT32_MAX && m < INT32_MAX && to.length == m && (w.length == 0 || Float64Of(w, m)) && edge_ids.length == m,
               "from/to/edgeIds: m int32, weights: m float64 or empty, n and m < 2^31");
  return Prepare([=](double *, int64_t *taken) {
    return trueno_graph_mst(n, m, I32(from), I32(to), OptionalF64(w), static_cast<int32_t *>(edge_ids.data), taken);
  }, Call::kIndex);
}

auto GraphToposort(Args &args) {
  size_t n = args.Size(0, "n");
  Array out_off = args.Int32Array(1, "outOffsets"), out_adj = args.Int32Array(2, "outTargets");
  Array in_off = args.Int32Array(3, "inOffsets"), in_adj = args.Int32Array(4, "inSources");
  Array order = args.Int32Array(5, "order");
  args.Require(CsrShape(out_off, out_adj, n) && CsrShape(in_off, in_adj, n) && order.length == n,
               "an out-CSR and an in-CSR of n nodes, order: n int32");
  return Prepare([=](double *, int64_t *placed) {
    return trueno_graph_toposort(n, I32(out_off), I32(out_adj), I32(in_off), I32(in_adj), static_cast<int32_t *>(order.data),
                                 placed);
  }, Call::kIndex);
}

// ---- indexing (trueno.h "indexing"): the kernels behind the Tensor API ----

auto Compare(Args &args) {
  int op = args.Int(0, "op");
  Array a = args.AnyArray(1, "a"), b = args.AnyArray(2, "b"), out = args.AnyArray(3, "out");
  args.SameDtype(a, b, "a and b");
  args.Require(Uint8Of(out, a.length) && (b.length == 1 || b.length == a.length), "out: a's length uint8, b: 1 or a's length");
  args.Require(op >= 0 && op < TRUENO_CMP_COUNT, "op: 0 (==) to 5 (>=)");
  return Prepare([=](double *, int64_t *) {
    return trueno_compare(a.dtype(), op, a.data, b.data, b.length, static_cast<uint8_t *>(out.data), a.length);
  });
}

auto Where(Args &args) {
  Array cond = args.AnyArray(0, "cond"), a = args.AnyArray(1, "a"), b = args.AnyArray(2, "b"), out = args.AnyArray(3, "out");
  args.SameDtype(a, b, "a and b");
  args.SameDtype(a, out, "a and out");
  args.Require(cond.dtype() == TRUENO_U8 && a.length == cond.length && b.length == cond.length && out.length == cond.length,
               "cond uint8; cond, a, b and out of one length");
  return Prepare([=](double *, int64_t *) {
    return trueno_where(a.dtype(), static_cast<const uint8_t *>(cond.data), a.data, b.data, out.data, cond.length);
  });
}

auto Gather(Args &args) {
  Array x = args.AnyArray(0, "x");
  size_t outer = args.Size(1, "outer"), len = args.Size(2, "len"), inner = args.Size(3, "inner");
  Array idx = args.Int32Array(4, "idx"), out = args.AnyArray(5, "out");
  args.SameDtype(x, out, "x and out");
  args.Require(x.length == Mul(Mul(outer, len), inner) && out.length == Mul(Mul(outer, idx.length), inner),
               "x: outer x len x inner, out: outer x idx.length x inner");
  return Prepare([=](double *, int64_t *) {
    return trueno_gather(x.dtype(), x.data, outer, len, inner, static_cast<const int32_t *>(idx.data), idx.length, out.data);
  });
}

auto CopyBlocks(Args &args) {
  Array x = args.AnyArray(0, "x");
  size_t outer = args.Size(1, "outer"), block = args.Size(2, "block");
  Array out = args.AnyArray(3, "out");
  size_t stride = args.Size(4, "stride"), offset = args.Size(5, "offset");
  args.SameDtype(x, out, "x and out");
  args.Require(x.length == Mul(outer, block) && out.length == Mul(outer, stride) && offset <= stride &&
                   block <= stride - offset,
               "x: outer x block, out: outer x stride, offset + block <= stride");
  return Prepare([=](double *, int64_t *) {
    return trueno_copy_blocks(x.dtype(), x.data, outer, block, out.data, stride, offset);
  });
}

auto Cumsum(Args &args) {
  Array x = args.AnyArray(0, "x");
  size_t outer = args.Size(1, "outer"), len = args.Size(2, "len"), inner = args.Size(3, "inner");
  Array out = args.AnyArray(4, "out");
  args.Require(out.dtype() == (trueno_is_float(x.dtype()) ? x.dtype() : TRUENO_I64), "out: x's float dtype, else int64");
  args.Require(x.length == Mul(Mul(outer, len), inner) && out.length == x.length, "x and out: outer x len x inner");
  return Prepare([=](double *, int64_t *) { return trueno_cumsum(x.dtype(), x.data, outer, len, inner, out.data); });
}

auto Argsort(Args &args) {
  Array x = args.AnyArray(0, "x");
  size_t outer = args.Size(1, "outer"), len = args.Size(2, "len"), inner = args.Size(3, "inner");
  Array out = args.Int32Array(4, "out");
  args.Require(len <= INT32_MAX && x.length == Mul(Mul(outer, len), inner) && out.length == x.length,
               "x and out: outer x len x inner, len < 2^31");
  return Prepare([=](double *, int64_t *) {
    return trueno_argsort(x.dtype(), x.data, outer, len, inner, static_cast<int32_t *>(out.data));
  });
}

auto CsvNumeric(Args &args) {
  Array bytes = args.AnyArray(0, "bytes");
  int delimiter = args.Int(1, "delimiter"), final = args.Int(2, "final");
  Array types = args.Int32Array(3, "types");
  size_t capacity = args.Size(4, "capacity");
  Array out = args.AnyArray(5, "out"), result = args.FloatArray(6, "result");
  args.Require(bytes.dtype() == TRUENO_U8 && types.length > 0 && out.dtype() == TRUENO_U8 &&
                   out.length == Mul(Mul(types.length, capacity), 8) && result.dtype() == TRUENO_F64 && result.length == 2,
               "bytes: uint8, types: int32 (one per column), out: 8 x columns x capacity uint8, result: 2 float64");
  return Prepare([=](double *, int64_t *) {
    return trueno_csv_numeric(static_cast<const uint8_t *>(bytes.data), bytes.length, delimiter, final,
                              static_cast<const int32_t *>(types.data), types.length, capacity, out.data,
                              static_cast<double *>(result.data));
  });
}

auto JsonRows(Args &args) {
  Array bytes = args.AnyArray(0, "bytes");
  size_t max_rows = args.Size(1, "maxRows");
  Array out = args.FloatArray(2, "out"), result = args.FloatArray(3, "result");
  args.Require(bytes.dtype() == TRUENO_U8 && out.dtype() == TRUENO_F64 && result.dtype() == TRUENO_F64 && result.length == 4,
               "bytes: uint8, out: float64, result: 4 float64");
  return Prepare([=](double *, int64_t *) {
    return trueno_json_rows(static_cast<const uint8_t *>(bytes.data), bytes.length, max_rows,
                            static_cast<double *>(out.data), out.length, static_cast<double *>(result.data));
  });
}

auto CsvFormat(Args &args) {
  Array columns = args.AnyArray(0, "columns");
  Array types = args.Int32Array(1, "types");
  size_t rows = args.Size(2, "rows");
  Array valid = args.AnyArray(3, "valid");
  int delimiter = args.Int(4, "delimiter");
  Array null_text = args.AnyArray(5, "nullText");
  Array out = args.AnyArray(6, "out"), result = args.FloatArray(7, "result");
  args.Require(columns.dtype() == TRUENO_U8 && types.length > 0 && columns.length == Mul(Mul(types.length, rows), 8) &&
                   valid.dtype() == TRUENO_U8 && (valid.length == 0 || valid.length == Mul(types.length, rows)) &&
                   null_text.dtype() == TRUENO_U8 && out.dtype() == TRUENO_U8 && result.dtype() == TRUENO_F64 &&
                   result.length == 1,
               "columns: 8 x columns x rows uint8, types: int32 (one per column), valid: empty or columns x rows uint8, "
               "nullText and out: uint8, result: 1 float64");
  return Prepare([=](double *, int64_t *) {
    return trueno_csv_format(columns.data, static_cast<const int32_t *>(types.data), types.length, rows,
                             valid.length ? static_cast<const uint8_t *>(valid.data) : nullptr, delimiter,
                             static_cast<const uint8_t *>(null_text.data), null_text.length,
                             static_cast<uint8_t *>(out.data), out.length, static_cast<double *>(result.data));
  });
}

Napi::Value IsaDetected(const Napi::CallbackInfo &info) {
  return Napi::Number::New(info.Env(), trueno_isa_detected());
}

Napi::Value IsaActive(const Napi::CallbackInfo &info) { return Napi::Number::New(info.Env(), trueno_isa_active()); }

Napi::Value SetIsa(const Napi::CallbackInfo &info) {
  Args args(info);
  int isa = args.Int(0, "isa");
  if (!args.ok()) return info.Env().Undefined();
  int status = trueno_set_isa(isa);
  if (status != TRUENO_OK) ThrowStatus(info.Env(), status);
  return info.Env().Undefined();
}

Napi::Value Threads(const Napi::CallbackInfo &info) { return Napi::Number::New(info.Env(), trueno_threads()); }

Napi::Value SetThreads(const Napi::CallbackInfo &info) {
  Args args(info);
  int n = args.Int(0, "threads");
  if (!args.ok()) return info.Env().Undefined();
  int status = trueno_set_threads(n);
  if (status != TRUENO_OK) ThrowStatus(info.Env(), status);
  return info.Env().Undefined();
}

#define TRUENO_EXPORT_OP(js, fn)                                  \
  exports.Set(js, Napi::Function::New(env, RunSync<fn>, js));     \
  exports.Set(js "Async", Napi::Function::New(env, RunAsync<fn>, js "Async"));

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // Every kernel of trueno_ops.def, under its JS name (and that name + "Async").
#define TRUENO_KERNEL(c_name, jsName, Prepare, form) TRUENO_EXPORT_OP(#jsName, Prepare)
#include "trueno_ops.def"
  exports.Set("isaDetected", Napi::Function::New(env, IsaDetected, "isaDetected"));
  exports.Set("isaActive", Napi::Function::New(env, IsaActive, "isaActive"));
  exports.Set("setIsa", Napi::Function::New(env, SetIsa, "setIsa"));
  exports.Set("threads", Napi::Function::New(env, Threads, "threads"));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads, "setThreads"));
  exports.Set("adviseHugePages", Napi::Function::New(env, AdviseHugePages, "adviseHugePages"));
  exports.Set("version", Napi::String::New(env, TRUENO_VERSION));
  return exports;
}

}  // namespace
}  // namespace trueno_addon

static Napi::Object InitTrueno(Napi::Env env, Napi::Object exports) { return trueno_addon::Init(env, exports); }

NODE_API_MODULE(trueno, InitTrueno)
