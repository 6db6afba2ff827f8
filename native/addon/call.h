// Argument reading shared by the sync and async entry points of the addon. The TypeScript layer validates every
// argument first; the checks here are the last line of defence that keeps a misuse of the raw binding from reading
// or writing outside a buffer (a JS exception, never a crash).
#ifndef TRUENO_ADDON_CALL_H
#define TRUENO_ADDON_CALL_H

#include <napi.h>

#include <cstdint>
#include <functional>

extern "C" {
#include "trueno.h"
}

namespace trueno_addon {

// A contiguous typed array: its data pointer (byte offset applied), element count and core dtype.
struct Array {
  void *data = nullptr;
  size_t length = 0;
  napi_typedarray_type type = napi_float64_array;
  // The core dtype of the array (a Uint8Array is uint8; the TS layer passes bool data with an explicit dtype code).
  int dtype() const {
    switch (type) {
      case napi_float32_array: return TRUENO_F32;
      case napi_int32_array: return TRUENO_I32;
      case napi_bigint64_array: return TRUENO_I64;
      case napi_uint8_array: return TRUENO_U8;
      default: return TRUENO_F64;
    }
  }
};

// One core call, prepared from JS arguments: run() performs it and returns a trueno_status; a scalar result
// (reductions, dot) is written to *value and an index result to *index.
struct Call {
  std::function<int(double *value, int64_t *index)> run;
  enum Result { kNone, kNumber, kIndex } result = kNone;
};

class Args {
 public:
  explicit Args(const Napi::CallbackInfo &info) : info_(info), env_(info.Env()) {}

  bool ok() const { return !failed_; }

  Array FloatArray(size_t i, const char *name);
  Array Int32Array(size_t i, const char *name);
  // A Float32Array, Float64Array, Int32Array, BigInt64Array or Uint8Array (any dtype the core takes).
  Array AnyArray(size_t i, const char *name);
  double Number(size_t i, const char *name);
  size_t Size(size_t i, const char *name);
  int Int(size_t i, const char *name);
  // Fails with a RangeError naming `what` unless cond holds.
  void Require(bool cond, const char *what);
  // Fails unless every array has the dtype of the first.
  void SameDtype(const Array &a, const Array &b, const char *name);

 private:
  void Fail(const char *kind, const std::string &message);
  const Napi::CallbackInfo &info_;
  Napi::Env env_;
  bool failed_ = false;
};

// Throws a JS error for a non-OK status (message and .code from the status).
void ThrowStatus(Napi::Env env, int status);
// Converts the result of a finished call to its JS value (undefined, a number or an index).
Napi::Value ResultValue(Napi::Env env, Call::Result result, double value, int64_t index);
// Runs a prepared call on the libuv thread pool and returns a Promise of its result.
Napi::Value QueueAsync(const Napi::CallbackInfo &info, Call call);

}  // namespace trueno_addon

#endif
