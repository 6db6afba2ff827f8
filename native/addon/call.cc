// Argument reading, status errors and the async runner of the addon (see call.h).
#include "call.h"

#include <cmath>
#include <string>

namespace trueno_addon {

void Args::Fail(const char *kind, const std::string &message) {
  if (failed_) return;
  failed_ = true;
  if (kind[0] == 'T') {
    Napi::TypeError::New(env_, message).ThrowAsJavaScriptException();
  } else {
    Napi::RangeError::New(env_, message).ThrowAsJavaScriptException();
  }
}

// napi_get_typedarray_info itself rejects non-TypedArrays, so one Node-API call both checks and reads (the
// per-call overhead of a small op is mostly these calls).
static bool ReadTypedArray(napi_env env, napi_value value, Array *out) {
  return napi_get_typedarray_info(env, value, &out->type, &out->length, &out->data, nullptr, nullptr) == napi_ok;
}

Array Args::FloatArray(size_t i, const char *name) {
  Array a;
  if (failed_) return a;
  if (i >= info_.Length() || !ReadTypedArray(env_, info_[i], &a) ||
      (a.type != napi_float32_array && a.type != napi_float64_array)) {
    Fail("TypeError", std::string("Expected a Float32Array or Float64Array for ") + name);
  }
  return a;
}

Array Args::Int32Array(size_t i, const char *name) {
  Array a;
  if (failed_) return a;
  if (i >= info_.Length() || !ReadTypedArray(env_, info_[i], &a) || a.type != napi_int32_array) {
    Fail("TypeError", std::string("Expected an Int32Array for ") + name);
  }
  return a;
}

Array Args::AnyArray(size_t i, const char *name) {
  Array a;
  if (failed_) return a;
  if (i >= info_.Length() || !ReadTypedArray(env_, info_[i], &a) ||
      (a.type != napi_float32_array && a.type != napi_float64_array && a.type != napi_int32_array &&
       a.type != napi_bigint64_array && a.type != napi_uint8_array)) {
    Fail("TypeError", std::string("Expected a Float32Array, Float64Array, Int32Array, BigInt64Array or Uint8Array for ") + name);
  }
  return a;
}

double Args::Number(size_t i, const char *name) {
  if (failed_) return 0;
  double value = 0;
  if (i >= info_.Length() || napi_get_value_double(env_, info_[i], &value) != napi_ok) {
    Fail("TypeError", std::string("Expected a number for ") + name);
    return 0;
  }
  return value;
}

size_t Args::Size(size_t i, const char *name) {
  double v = Number(i, name);
  if (failed_) return 0;
  if (!(v >= 0) || v > 9007199254740991.0 || std::floor(v) != v) {
    Fail("RangeError", std::string("Expected a non-negative integer for ") + name);
    return 0;
  }
  return static_cast<size_t>(v);
}

int Args::Int(size_t i, const char *name) {
  double v = Number(i, name);
  if (failed_) return 0;
  if (!(v >= -2147483648.0 && v <= 2147483647.0) || std::floor(v) != v) {
    Fail("RangeError", std::string("Expected a 32-bit integer for ") + name);
    return 0;
  }
  return static_cast<int>(v);
}

void Args::Require(bool cond, const char *what) {
  if (!failed_ && !cond) Fail("RangeError", std::string("Invalid arguments: ") + what);
}

void Args::SameDtype(const Array &a, const Array &b, const char *name) {
  if (!failed_ && a.type != b.type) Fail("TypeError", std::string("Expected the same dtype for ") + name);
}

void ThrowStatus(Napi::Env env, int status) {
  const char *code = status == TRUENO_EINVAL       ? "ERR_TRUENO_EINVAL"
                     : status == TRUENO_ENOMEM      ? "ERR_TRUENO_ENOMEM"
                     : status == TRUENO_EUNSUPPORTED ? "ERR_TRUENO_UNSUPPORTED"
                                                     : "ERR_TRUENO_STATUS";
  const char *message = status == TRUENO_EINVAL       ? "trueno core rejected its arguments"
                        : status == TRUENO_ENOMEM      ? "trueno core ran out of memory"
                        : status == TRUENO_EUNSUPPORTED ? "not supported by this build or CPU"
                                                        : "trueno core failed";
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  error.ThrowAsJavaScriptException();
}

Napi::Value ResultValue(Napi::Env env, Call::Result result, double value, int64_t index) {
  switch (result) {
    case Call::kNumber: return Napi::Number::New(env, value);
    case Call::kIndex: return Napi::Number::New(env, static_cast<double>(index));
    default: return env.Undefined();
  }
}

namespace {

// Runs a Call off the event loop. The JS arguments are held by references until the work completes, so the
// typed arrays (and their memory) stay alive even if the caller drops them.
class AsyncCall : public Napi::AsyncWorker {
 public:
  AsyncCall(const Napi::CallbackInfo &info, Call call)
      : Napi::AsyncWorker(info.Env(), "trueno"), call_(std::move(call)), deferred_(Napi::Promise::Deferred::New(info.Env())) {
    for (size_t i = 0; i < info.Length(); i++) {
      if (info[i].IsObject()) keep_.push_back(Napi::Persistent(info[i].As<Napi::Object>()));
    }
  }

  Napi::Promise Promise() const { return deferred_.Promise(); }

  void Execute() override { status_ = call_.run(&value_, &index_); }

  void OnOK() override {
    Napi::Env env = Env();
    if (status_ != TRUENO_OK) {
      Napi::HandleScope scope(env);
      ThrowStatus(env, status_);
      Napi::Value error = env.GetAndClearPendingException().Value();
      deferred_.Reject(error);
      return;
    }
    deferred_.Resolve(ResultValue(env, call_.result, value_, index_));
  }

  void OnError(const Napi::Error &error) override { deferred_.Reject(error.Value()); }

 private:
  Call call_;
  Napi::Promise::Deferred deferred_;
  std::vector<Napi::ObjectReference> keep_;
  int status_ = TRUENO_OK;
  double value_ = 0;
  int64_t index_ = 0;
};

}  // namespace

Napi::Value QueueAsync(const Napi::CallbackInfo &info, Call call) {
  auto *worker = new AsyncCall(info, std::move(call));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace trueno_addon
