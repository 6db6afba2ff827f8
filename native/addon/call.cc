// Argument reading, status errors and the async runner of the addon (see call.h).
#include "call.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace trueno_addon {

void Args::Fail(bool type_error, const std::string &message) {
  if (failed_) return;
  failed_ = true;
  // Raw Node-API: the same .code as the TypeScript checks, and no fatal error if throwing is not possible.
  if (type_error) {
    napi_throw_type_error(env_, "ERR_TRUENO_TYPE", message.c_str());
  } else {
    napi_throw_range_error(env_, "ERR_TRUENO_RANGE", message.c_str());
  }
}

// napi_get_typedarray_info itself rejects non-TypedArrays, so one Node-API call both checks and reads (the
// per-call overhead of a small op is mostly these calls).
static bool ReadTypedArray(napi_env env, napi_value value, Array *out) {
  return napi_get_typedarray_info(env, value, &out->type, &out->length, &out->data, nullptr, nullptr) == napi_ok;
}

static bool Accepts(Args::Accept accept, napi_typedarray_type type) {
  switch (accept) {
    case Args::kFloats: return type == napi_float32_array || type == napi_float64_array;
    case Args::kInt32: return type == napi_int32_array;
    default:
      return type == napi_float32_array || type == napi_float64_array || type == napi_int32_array ||
             type == napi_bigint64_array || type == napi_uint8_array;
  }
}

static const char *Expected(Args::Accept accept) {
  switch (accept) {
    case Args::kFloats: return "Expected a Float32Array or Float64Array for ";
    case Args::kInt32: return "Expected an Int32Array for ";
    default: return "Expected a Float32Array, Float64Array, Int32Array, BigInt64Array or Uint8Array for ";
  }
}

Array Args::ReadArray(size_t i, const char *name, Accept accept) {
  Array a;
  if (failed_) return a;
  if (!(i < info_.Length() && ReadTypedArray(env_, info_[i], &a) && Accepts(accept, a.type))) {
    Fail(true, std::string(Expected(accept)) + name);
    return a;
  }
  if (memory_ == kOwn) Own(i, &a);
  return a;
}

// Points `a` at a native copy of its elements; equal arguments (same memory, type and length) share one copy, so a
// kernel still sees them as one array (pdist2 of x with itself keeps its exact-zero diagonal).
void Args::Own(size_t i, Array *a) {
  for (size_t k = 0; k < owned_.size(); k++) {
    const OwnedArray &o = *owned_[k];
    if (o.source == a->data && o.type == a->type && o.length == a->length) {
      a->data = o.copy.get();
      last_ = k;
      return;
    }
  }
  auto o = std::make_unique<OwnedArray>();
  o->source = a->data;
  o->length = a->length;
  o->type = a->type;
  o->bytes = a->length * trueno_dtype_size(a->dtype());
  const size_t rounded = (o->bytes / 64 + 1) * 64;  // aligned_alloc wants a multiple of the alignment, never 0
  o->copy.reset(static_cast<uint8_t *>(std::aligned_alloc(64, rounded)));
  if (!o->copy) {
    failed_ = true;
    napi_throw_range_error(env_, "ERR_TRUENO_ENOMEM", "Expected memory for a native copy of an async argument");
    return;
  }
  if (o->bytes) std::memcpy(o->copy.get(), a->data, o->bytes);
  if (napi_create_reference(env_, info_[i], 1, &o->ref) != napi_ok) {
    Fail(false, "Expected a referenceable typed array for an async argument");
    return;
  }
  a->data = o->copy.get();
  last_ = owned_.size();
  owned_.push_back(std::move(o));
}

Array Args::FloatArray(size_t i, const char *name) { return ReadArray(i, name, kFloats); }

Array Args::Int32Array(size_t i, const char *name) { return ReadArray(i, name, kInt32); }

Array Args::AnyArray(size_t i, const char *name) { return ReadArray(i, name, kAnyDtype); }

double Args::Number(size_t i, const char *name) {
  if (failed_) return 0;
  double value = 0;
  if (i >= info_.Length() || napi_get_value_double(env_, info_[i], &value) != napi_ok) {
    Fail(true, std::string("Expected a number for ") + name);
    return 0;
  }
  return value;
}

size_t Args::Size(size_t i, const char *name) {
  double v = Number(i, name);
  if (failed_) return 0;
  if (!(v >= 0) || v > 9007199254740991.0 || std::floor(v) != v) {
    Fail(false, std::string("Expected a non-negative integer for ") + name);
    return 0;
  }
  return static_cast<size_t>(v);
}

int Args::Int(size_t i, const char *name) {
  double v = Number(i, name);
  if (failed_) return 0;
  if (!(v >= -2147483648.0 && v <= 2147483647.0) || std::floor(v) != v) {
    Fail(false, std::string("Expected a 32-bit integer for ") + name);
    return 0;
  }
  return static_cast<int>(v);
}

void Args::Require(bool cond, const char *what) {
  if (!failed_ && !cond) Fail(false, std::string("Expected consistent array lengths (") + what + ") but received other lengths");
}

void Args::SameDtype(const Array &a, const Array &b, const char *name) {
  if (!failed_ && a.type != b.type) Fail(true, std::string("Expected the same dtype for ") + name);
}

// The message and .code of a non-OK core status.
static void StatusText(int status, const char **code, const char **message) {
  *code = "ERR_TRUENO_STATUS";
  *message = "trueno core failed";
  switch (status) {
#define TRUENO_STATUS(NAME, value, ERROR_CODE, text) \
  case TRUENO_##NAME:                                \
    *code = #ERROR_CODE;                             \
    *message = text;                                 \
    break;
#include "trueno_ops.def"
    default:
      break;
  }
}

void ThrowStatus(Napi::Env env, int status) {
  const char *code, *message;
  StatusText(status, &code, &message);
  napi_throw_error(env, code, message);
}

Napi::Value ResultValue(Napi::Env env, Call::Result result, double value, int64_t index) {
  switch (result) {
    case Call::kNumber: return Napi::Number::New(env, value);
    case Call::kIndex: return Napi::Number::New(env, static_cast<double>(index));
    default: return env.Undefined();
  }
}

namespace {

// One call in flight on the libuv pool. It runs on native copies of its arrays only, so nothing JS does meanwhile
// (transfer, resize, garbage collection, even ending the worker thread) can free or move the memory it touches.
// The completion uses raw Node-API calls and ignores their failures: when a worker thread is torn down with the
// call in flight, Node still completes it but can no longer run JS, and node-addon-api (C++ exceptions off) would
// abort the process on the first failed napi_throw.
struct AsyncCall {
  Call call;
  std::vector<std::unique_ptr<OwnedArray>> owned;
  napi_deferred deferred = nullptr;
  napi_async_work work = nullptr;
  int status = TRUENO_OK;
  double value = 0;
  int64_t index = 0;
};

napi_value MakeError(napi_env env, const char *code, const char *message) {
  napi_value code_value = nullptr, message_value = nullptr, error = nullptr;
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &code_value);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &message_value);
  napi_create_error(env, code_value, message_value, &error);
  return error;
}

// Copies the written array back into its JS array; false when that array lost its memory or changed length
// (transferred, detached or resized while the call ran).
bool WriteBack(napi_env env, const OwnedArray &o) {
  napi_value value = nullptr;
  Array now;
  if (napi_get_reference_value(env, o.ref, &value) != napi_ok || value == nullptr) return false;
  if (!ReadTypedArray(env, value, &now) || now.type != o.type || now.length != o.length) return false;
  if (o.bytes == 0) return true;
  if (now.data == nullptr) return false;
  std::memcpy(now.data, o.copy.get(), o.bytes);
  return true;
}

// Writes back the last `writes` arrays (all of them even when one fails); false when one could not be.
bool WriteBackLast(napi_env env, const std::vector<std::unique_ptr<OwnedArray>> &owned, size_t writes) {
  bool ok = true;
  for (size_t k = owned.size() > writes ? owned.size() - writes : 0; k < owned.size(); k++)
    ok = WriteBack(env, *owned[k]) && ok;
  return ok;
}

void Execute(napi_env, void *data) {
  auto *c = static_cast<AsyncCall *>(data);
  c->status = c->call.run(&c->value, &c->index);
}

void Complete(napi_env env, napi_status work_status, void *data) {
  std::unique_ptr<AsyncCall> c(static_cast<AsyncCall *>(data));
  napi_handle_scope scope = nullptr;
  const bool scoped = napi_open_handle_scope(env, &scope) == napi_ok;
  napi_value error = nullptr, result = nullptr;
  if (work_status != napi_ok) {
    error = MakeError(env, "ERR_TRUENO_CANCELLED", "the async trueno call was cancelled");
  } else if (c->status != TRUENO_OK) {
    const char *code, *message;
    StatusText(c->status, &code, &message);
    error = MakeError(env, code, message);
  } else if (!WriteBackLast(env, c->owned, c->call.writes)) {
    error = MakeError(env, "ERR_TRUENO_DETACHED",
                      "Expected the output array to keep its memory while the async call ran but received one that "
                      "was transferred, detached or resized");
  } else if (c->call.result == Call::kNone) {
    napi_get_undefined(env, &result);
  } else {
    napi_create_double(env, c->call.result == Call::kIndex ? static_cast<double>(c->index) : c->value, &result);
  }
  if (error != nullptr) napi_reject_deferred(env, c->deferred, error);
  else if (result != nullptr) napi_resolve_deferred(env, c->deferred, result);
  for (const auto &o : c->owned) napi_delete_reference(env, o->ref);
  napi_delete_async_work(env, c->work);
  if (scoped) napi_close_handle_scope(env, scope);
}

}  // namespace

Napi::Value QueueAsync(const Napi::CallbackInfo &info, std::vector<std::unique_ptr<OwnedArray>> owned, Call call) {
  napi_env env = info.Env();
  auto c = std::make_unique<AsyncCall>();
  c->call = std::move(call);
  c->owned = std::move(owned);
  napi_value promise = nullptr, name = nullptr;
  napi_status status = napi_create_promise(env, &c->deferred, &promise);
  if (status == napi_ok) status = napi_create_string_utf8(env, "trueno", NAPI_AUTO_LENGTH, &name);
  if (status == napi_ok) status = napi_create_async_work(env, nullptr, name, Execute, Complete, c.get(), &c->work);
  if (status == napi_ok) status = napi_queue_async_work(env, c->work);
  if (status != napi_ok) {
    if (c->work != nullptr) napi_delete_async_work(env, c->work);
    for (const auto &o : c->owned) napi_delete_reference(env, o->ref);
    if (c->deferred != nullptr) napi_reject_deferred(env, c->deferred, MakeError(env, "ERR_TRUENO_STATUS", "could not queue the async trueno call"));
    return promise == nullptr ? info.Env().Undefined() : Napi::Value(env, promise);
  }
  c.release();  // Complete() owns it now
  return Napi::Value(env, promise);
}

}  // namespace trueno_addon
