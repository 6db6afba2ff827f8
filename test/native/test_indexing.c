/*
 * The indexing kernels (trueno.h "indexing"): compare (IEEE NaN and signed zeros, exact int64, scalar form), where
 * (bits passed through), gather (any axis), copy_blocks, cumsum (float in order, int64 wrapping, -0 kept), argsort
 * (stable, NaN last, every dtype, lanes along inner axes), and the bad arguments: EINVAL (or ENOMEM) with the outputs
 * untouched. The reference results are written out here.
 */
#include "check.h"

#include <stdint.h>
#include <string.h>

static void test_compare(void) {
  const double a[] = {1.5, NAN, -0.0, 0.0, INFINITY, -INFINITY};
  const double b[] = {1.5, NAN, 0.0, -0.0, INFINITY, 1.0};
  uint8_t out[6];
  CHECK(trueno_compare(TRUENO_F64, TRUENO_CMP_EQ, a, b, 6, out, 6) == TRUENO_OK, "f64 eq");
  const uint8_t eq[] = {1, 0, 1, 1, 1, 0};
  CHECK(memcmp(out, eq, 6) == 0, "NaN != NaN, -0 == +0");
  CHECK(trueno_compare(TRUENO_F64, TRUENO_CMP_NE, a, b, 6, out, 6) == TRUENO_OK && out[1] == 1 && out[0] == 0, "f64 ne");
  const double one = 1.0;
  CHECK(trueno_compare(TRUENO_F64, TRUENO_CMP_LT, a, &one, 1, out, 6) == TRUENO_OK, "f64 lt scalar");
  const uint8_t lt[] = {0, 0, 1, 1, 0, 1};
  CHECK(memcmp(out, lt, 6) == 0, "x < 1, NaN false");
  const int64_t big[] = {INT64_MAX, INT64_MAX - 1, INT64_MIN};
  const int64_t pivot = INT64_MAX - 1;
  CHECK(trueno_compare(TRUENO_I64, TRUENO_CMP_GT, big, &pivot, 1, out, 3) == TRUENO_OK && out[0] == 1 && out[1] == 0 &&
            out[2] == 0,
        "int64 compares exactly beyond 2^53");
  const float f[] = {0.1f, 0.2f};
  const float g[] = {0.1f, 0.1f};
  CHECK(trueno_compare(TRUENO_F32, TRUENO_CMP_GE, f, g, 2, out, 2) == TRUENO_OK && out[0] == 1 && out[1] == 1, "f32 ge");
  const uint8_t u[] = {0, 255, 7};
  const uint8_t seven = 7;
  CHECK(trueno_compare(TRUENO_U8, TRUENO_CMP_LE, u, &seven, 1, out, 3) == TRUENO_OK && out[0] == 1 && out[1] == 0 &&
            out[2] == 1,
        "u8 le");
}

static void test_where(void) {
  const uint8_t cond[] = {1, 0, 2, 0};
  uint64_t nan_payload = UINT64_C(0x7ff8000000000123);
  double a[4] = {1, 2, 3, 4}, b[4] = {-1, -2, -3, -4}, out[4];
  memcpy(&a[0], &nan_payload, sizeof nan_payload);
  CHECK(trueno_where(TRUENO_F64, cond, a, b, out, 4) == TRUENO_OK, "where f64");
  uint64_t got;
  memcpy(&got, &out[0], sizeof got);
  CHECK(got == nan_payload && out[1] == -2 && out[2] == 3 && out[3] == -4, "where picks, NaN payload kept");
  const int32_t ai[] = {1, 2, 3, 4}, bi[] = {5, 6, 7, 8};
  int32_t oi[4];
  CHECK(trueno_where(TRUENO_I32, cond, ai, bi, oi, 4) == TRUENO_OK && oi[0] == 1 && oi[1] == 6 && oi[2] == 3 && oi[3] == 8,
        "where i32");
}

static void test_gather_copy_blocks(void) {
  int32_t x[24];
  for (int i = 0; i < 24; i++) x[i] = i;
  /* x as 2 x 3 x 4; take along axis 1 with [2, 0], and along axis 2 with [3, 3, 0] */
  const int32_t idx1[] = {2, 0};
  int32_t out[24];
  CHECK(trueno_gather(TRUENO_I32, x, 2, 3, 4, idx1, 2, out) == TRUENO_OK, "gather axis 1");
  const int32_t want1[] = {8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22, 23, 12, 13, 14, 15};
  CHECK(memcmp(out, want1, sizeof want1) == 0, "gather axis 1 values");
  const int32_t idx2[] = {3, 3, 0};
  CHECK(trueno_gather(TRUENO_I32, x, 6, 4, 1, idx2, 3, out) == TRUENO_OK && out[0] == 3 && out[1] == 3 && out[2] == 0 &&
            out[3] == 7 && out[17] == 20,
        "gather last axis");
  const double d[] = {1.5, -0.0, 2.5};
  double od[3];
  const int32_t idx3[] = {1, 1, 2};
  CHECK(trueno_gather(TRUENO_F64, d, 1, 3, 1, idx3, 3, od) == TRUENO_OK && signbit(od[0]) && od[2] == 2.5, "gather f64");
  /* concatenating [2 x 1] and [2 x 2] along axis 1 into 2 x 3 */
  const int64_t left[] = {1, 2}, right[] = {3, 4, 5, 6};
  int64_t joined[6] = {0};
  CHECK(trueno_copy_blocks(TRUENO_I64, left, 2, 1, joined, 3, 0) == TRUENO_OK, "copy_blocks left");
  CHECK(trueno_copy_blocks(TRUENO_I64, right, 2, 2, joined, 3, 1) == TRUENO_OK, "copy_blocks right");
  const int64_t want_joined[] = {1, 3, 4, 2, 5, 6};
  CHECK(memcmp(joined, want_joined, sizeof joined) == 0, "copy_blocks values");
  /* one-element runs of every element size (the by-size loops): uint8 and float32 gathered along the last axis, and
     interleaved (stack along a new last axis) */
  const uint8_t u8[] = {10, 11, 12, 20, 21, 22};
  uint8_t ou8[4];
  const int32_t idx4[] = {2, 0};
  CHECK(trueno_gather(TRUENO_U8, u8, 2, 3, 1, idx4, 2, ou8) == TRUENO_OK && ou8[0] == 12 && ou8[1] == 10 && ou8[2] == 22 &&
            ou8[3] == 20,
        "gather u8 last axis");
  const float f32[] = {1.5f, -0.0f, 3.0f, 4.0f};
  float of32[4];
  const int32_t idx5[] = {1, 1};
  CHECK(trueno_gather(TRUENO_F32, f32, 2, 2, 1, idx5, 2, of32) == TRUENO_OK && signbit(of32[0]) && of32[1] == 0.0f &&
            of32[2] == 4.0f && of32[3] == 4.0f,
        "gather f32 last axis");
  const float ev[] = {1, 2, 3}, od32[] = {-1, -2, -3};
  float inter[7] = {9, 9, 9, 9, 9, 9, 9};
  CHECK(trueno_copy_blocks(TRUENO_F32, ev, 3, 1, inter, 2, 0) == TRUENO_OK &&
            trueno_copy_blocks(TRUENO_F32, od32, 3, 1, inter, 2, 1) == TRUENO_OK,
        "copy_blocks one-element f32");
  const float want_inter[] = {1, -1, 2, -2, 3, -3, 9};
  CHECK(memcmp(inter, want_inter, sizeof want_inter) == 0, "copy_blocks interleaves, nothing past the end");
  const uint8_t b0[] = {1, 2}, b1[] = {3, 4};
  uint8_t ob[4];
  CHECK(trueno_copy_blocks(TRUENO_BOOL, b0, 2, 1, ob, 2, 0) == TRUENO_OK && trueno_copy_blocks(TRUENO_BOOL, b1, 2, 1, ob, 2, 1) == TRUENO_OK &&
            ob[0] == 1 && ob[1] == 3 && ob[2] == 2 && ob[3] == 4,
        "copy_blocks one-element bool");
}

static void test_cumsum(void) {
  const float f[] = {1e8f, 1.0f, 1.0f, -1e8f};
  float of[4];
  CHECK(trueno_cumsum(TRUENO_F32, f, 1, 4, 1, of) == TRUENO_OK, "cumsum f32");
  /* in float32, 1e8 + 1 == 1e8: the sum is in order in the input's precision, as numpy */
  CHECK(of[0] == 1e8f && of[1] == 1e8f && of[2] == 1e8f && of[3] == 0.0f, "cumsum f32 in float32");
  const double d[] = {-0.0, 1, 2, 3, 4, 5};
  double od[6];
  CHECK(trueno_cumsum(TRUENO_F64, d, 1, 2, 3, od) == TRUENO_OK && signbit(od[0]) && od[3] == 3 && od[5] == 7,
        "cumsum f64 down the columns of 2 x 3, -0 kept");
  const int64_t big[] = {INT64_MAX, 1, 1};
  int64_t ob[3];
  CHECK(trueno_cumsum(TRUENO_I64, big, 1, 3, 1, ob) == TRUENO_OK && ob[1] == INT64_MIN && ob[2] == INT64_MIN + 1,
        "cumsum int64 wraps");
  const uint8_t u[] = {255, 255, 1};
  int64_t ou[3];
  CHECK(trueno_cumsum(TRUENO_U8, u, 1, 3, 1, ou) == TRUENO_OK && ou[2] == 511, "cumsum uint8 into int64");
}

static void test_argsort(void) {
  const double d[] = {3, NAN, 1, -0.0, 0.0, 1, -INFINITY};
  int32_t out[7];
  CHECK(trueno_argsort(TRUENO_F64, d, 1, 7, 1, out) == TRUENO_OK, "argsort f64");
  const int32_t want[] = {6, 3, 4, 2, 5, 0, 1};
  CHECK(memcmp(out, want, sizeof want) == 0, "stable, -0 == +0, NaN last");
  const int64_t big[] = {INT64_MAX, INT64_MIN, 0, INT64_MAX - 1};
  CHECK(trueno_argsort(TRUENO_I64, big, 1, 4, 1, out) == TRUENO_OK && out[0] == 1 && out[1] == 2 && out[2] == 3 &&
            out[3] == 0,
        "argsort int64 exact");
  /* 2 x 3 sorted down the columns (axis 0): lanes along the inner axis */
  const int32_t m[] = {5, 1, 7, 2, 1, 0};
  int32_t om[6];
  CHECK(trueno_argsort(TRUENO_I32, m, 1, 2, 3, om) == TRUENO_OK && om[0] == 1 && om[3] == 0 && om[1] == 0 && om[4] == 1 &&
            om[2] == 1 && om[5] == 0,
        "argsort axis 0");
  /* a long lane (merges past the insertion runs) with many ties stays stable */
  enum { L = 1000 };
  static float v[L];
  static int32_t o[L];
  for (int i = 0; i < L; i++) v[i] = (float)((i * 7919) % 13);
  CHECK(trueno_argsort(TRUENO_F32, v, 1, L, 1, o) == TRUENO_OK, "argsort long");
  int ok = 1;
  for (int i = 1; i < L && ok; i++) ok = v[o[i - 1]] < v[o[i]] || (v[o[i - 1]] == v[o[i]] && o[i - 1] < o[i]);
  CHECK(ok, "long lane sorted and stable");
}

static void test_bad_input(void) {
  int32_t x[4] = {1, 2, 3, 4}, out[4] = {9, 9, 9, 9};
  uint8_t mask[4] = {7, 7, 7, 7};
  const int32_t bad_idx[] = {0, 4};
  CHECK(trueno_gather(TRUENO_I32, x, 1, 4, 1, bad_idx, 2, out) == TRUENO_EINVAL && out[0] == 9, "index out of range, out untouched");
  const int32_t neg_idx[] = {-1};
  CHECK(trueno_gather(TRUENO_I32, x, 1, 4, 1, neg_idx, 1, out) == TRUENO_EINVAL && out[0] == 9, "negative index");
  CHECK(trueno_gather(TRUENO_I32, x, SIZE_MAX, 2, 2, bad_idx, 0, out) == TRUENO_EINVAL, "gather sizes overflow");
  CHECK(trueno_gather(TRUENO_DTYPE_COUNT, x, 1, 4, 1, bad_idx, 1, out) == TRUENO_EINVAL, "gather unknown dtype");
  CHECK(trueno_gather(TRUENO_I32, NULL, 1, 4, 1, bad_idx, 1, out) == TRUENO_EINVAL, "gather NULL x");
  CHECK(trueno_compare(TRUENO_I32, TRUENO_CMP_COUNT, x, x, 4, mask, 4) == TRUENO_EINVAL && mask[0] == 7, "unknown op");
  CHECK(trueno_compare(TRUENO_I32, -1, x, x, 4, mask, 4) == TRUENO_EINVAL, "negative op");
  CHECK(trueno_compare(TRUENO_I32, TRUENO_CMP_EQ, x, x, 2, mask, 4) == TRUENO_EINVAL && mask[0] == 7, "nb neither 1 nor n");
  CHECK(trueno_compare(TRUENO_I32, TRUENO_CMP_EQ, NULL, x, 4, mask, 4) == TRUENO_EINVAL, "compare NULL a");
  CHECK(trueno_compare(-3, TRUENO_CMP_EQ, x, x, 4, mask, 4) == TRUENO_EINVAL, "compare unknown dtype");
  CHECK(trueno_where(TRUENO_I32, NULL, x, x, out, 4) == TRUENO_EINVAL && out[0] == 9, "where NULL cond");
  CHECK(trueno_where(TRUENO_I64, mask, x, x, out, SIZE_MAX / 4) == TRUENO_EINVAL, "where size overflow");
  CHECK(trueno_copy_blocks(TRUENO_I32, x, 2, 2, out, 3, 2) == TRUENO_EINVAL && out[0] == 9, "block past its stride");
  CHECK(trueno_copy_blocks(TRUENO_I32, x, 2, 2, out, 3, 4) == TRUENO_EINVAL, "offset past the stride");
  CHECK(trueno_copy_blocks(TRUENO_I32, x, SIZE_MAX, 2, out, SIZE_MAX, 0) == TRUENO_EINVAL, "copy_blocks overflow");
  int64_t sums[4] = {9, 9, 9, 9};
  CHECK(trueno_cumsum(TRUENO_I32, x, SIZE_MAX, 2, 1, sums) == TRUENO_EINVAL && sums[0] == 9, "cumsum overflow");
  CHECK(trueno_cumsum(TRUENO_I32, NULL, 1, 4, 1, sums) == TRUENO_EINVAL, "cumsum NULL x");
  CHECK(trueno_cumsum(99, x, 1, 4, 1, sums) == TRUENO_EINVAL, "cumsum unknown dtype");
  CHECK(trueno_argsort(TRUENO_I32, x, 1, (size_t)INT32_MAX + 1, 1, out) == TRUENO_EINVAL && out[0] == 9, "argsort lane too long");
  CHECK(trueno_argsort(TRUENO_I32, x, 1, 4, 1, NULL) == TRUENO_EINVAL, "argsort NULL out");
  CHECK(trueno_argsort(TRUENO_I32, x, 0, 4, 1, out) == TRUENO_OK && out[0] == 9, "argsort of nothing");
}

int main(void) {
  test_compare();
  test_where();
  test_gather_copy_blocks();
  test_cumsum();
  test_argsort();
  test_bad_input();
  return check_report("test_indexing");
}
