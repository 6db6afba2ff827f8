// Argument reading shared by the sync and async entry points of the addon. The TypeScript layer validates every
// argument first; the checks here are the last line of defence that keeps a misuse of the raw binding from reading
// or writing outside a buffer (a JS exception with .code, never a crash).
#ifndef TRUENO_ADDON_CALL_H
#define TRUENO_ADDON_CALL_H

#include <napi.h>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

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
  // How many array arguments, the last ones read, the kernel writes (copied back when an async call completes).
  size_t writes = 1;
};

// A native copy of one typed-array argument of an async call, and the reference that finds the JS array again when
// the call completes.
struct OwnedArray {
  napi_ref ref = nullptr;
  const void *source = nullptr;  // the JS memory it was copied from (to share one copy between equal arguments)
  size_t length = 0;
  napi_typedarray_type type = napi_float64_array;
  size_t bytes = 0;
  std::unique_ptr<uint8_t, void (*)(void *)> copy{nullptr, std::free};
};

class Args {
 public:
  // kBorrow: arrays are used in place (a sync call, during which JS cannot run). kOwn: every array is copied into
  // native memory (an async call, during which JS may transfer, resize or collect the buffers).
  enum Memory { kBorrow, kOwn };
  explicit Args(const Napi::CallbackInfo &info, Memory memory = kBorrow)
      : info_(info), env_(info.Env()), memory_(memory) {}
  // Copies not taken over by TakeOwned (a later argument failed its check) release the JS arrays they kept alive.
  ~Args() {
    for (const auto &o : owned_) {
      if (o->ref != nullptr) napi_delete_reference(env_, o->ref);
    }
  }
  Args(const Args &) = delete;
  Args &operator=(const Args &) = delete;

  bool ok() const { return !failed_; }
  // Which typed arrays an argument may be.
  enum Accept { kFloats, kInt32, kAnyDtype };

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
  // The native copies made in kOwn mode (the caller takes them over); the copy of the last array read comes last,
  // also when that array shared the copy of an earlier equal one.
  std::vector<std::unique_ptr<OwnedArray>> TakeOwned() {
    if (last_ < owned_.size()) std::swap(owned_[last_], owned_.back());
    return std::move(owned_);
  }

 private:
  Array ReadArray(size_t i, const char *name, Accept accept);
  void Own(size_t i, Array *a);
  void Fail(bool type_error, const std::string &message);
  const Napi::CallbackInfo &info_;
  Napi::Env env_;
  Memory memory_;
  bool failed_ = false;
  std::vector<std::unique_ptr<OwnedArray>> owned_;
  size_t last_ = SIZE_MAX;  // index in owned_ of the last array read
};

// Throws a JS error for a non-OK status (message and .code from the status).
void ThrowStatus(Napi::Env env, int status);
// Converts the result of a finished call to its JS value (undefined, a number or an index).
Napi::Value ResultValue(Napi::Env env, Call::Result result, double value, int64_t index);
// Runs a prepared call on the libuv thread pool over the native copies of its arrays and returns a Promise of its
// result. A kernel writes its last call.writes array arguments (1 unless its Prepare says more), so those arrays'
// copies are written back into the JS arrays when the call completes, whatever it returns - if they still have their
// memory and length; otherwise the Promise rejects with ERR_TRUENO_DETACHED.
Napi::Value QueueAsync(const Napi::CallbackInfo &info, std::vector<std::unique_ptr<OwnedArray>> owned, Call call);

}  // namespace trueno_addon

#endif
