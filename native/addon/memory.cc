// Large allocations are reused instead of being handed back to the OS and faulted in again (issue 7.8).
//
// glibc serves blocks of 32 MiB and more (less while its dynamic threshold is low) with a fresh mmap and gives them
// back with munmap on free. Every new op output of that size (a 10M-element add, a 1024^2 matmul) then pays a page
// fault per 4 KiB on first touch - 20 to 100 times the op itself - while numpy's outputs land in reused memory.
// Raising the mmap and trim thresholds when the addon loads keeps freed blocks up to kReuseBytes in the heap, so the
// next output of the same size reuses them. The reuse is the allocator's: V8 frees an ArrayBuffer only once it is
// unreachable, so a block is never handed out twice while JS can still see it (a kept `tensor.data` included).
// N-API's external-buffer finalizers would not serve here: Node runs them from the event loop, so a pool fed by them
// never refills inside a synchronous loop. SOVEREIGN_MALLOC=system keeps the allocator's own settings.
//
// Reuse does not help the first output of a size, nor blocks above kReuseBytes: those still fault in 4 KiB pages,
// which on this kind of machine costs ~12 ms per 1 MB (a fresh 400 MB result: ~5 s). numpy avoids it by asking for
// transparent huge pages (madvise MADV_HUGEPAGE), one fault per 2 MiB; AdviseHugePages does the same for the large
// outputs trueno allocates (lib/trueno/ops/operands.ts calls it before the kernel first touches the memory).
#include "memory.h"

#include <cstdint>
#include <cstdlib>  // defines __GLIBC__ on glibc systems
#include <cstring>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace trueno_addon {
namespace {

// Blocks up to this size are reused; larger ones still come from mmap (their own cost dwarfs the page faults).
constexpr int kReuseBytes = 256 << 20;

bool ReuseLargeBlocks() {
  const char *setting = std::getenv("SOVEREIGN_MALLOC");
  if (setting != nullptr && std::strcmp(setting, "system") == 0) return false;
#if defined(__GLIBC__)
  return mallopt(M_MMAP_THRESHOLD, kReuseBytes) == 1 && mallopt(M_TRIM_THRESHOLD, kReuseBytes) == 1;
#else
  return false;  // other allocators (macOS, musl, Windows) keep their own reuse policy
#endif
}

// Runs once, when the addon is loaded (it is linked -z nodelete, so it is never loaded twice in one process).
[[maybe_unused]] const bool reuse_large_blocks = ReuseLargeBlocks();

}  // namespace

Napi::Value AdviseHugePages(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsArrayBuffer()) {
    Napi::TypeError e = Napi::TypeError::New(env, "Expected an ArrayBuffer for buffer");
    e.Set("code", Napi::String::New(env, "ERR_TRUENO_TYPE"));
    e.ThrowAsJavaScriptException();
    return env.Undefined();
  }
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  Napi::ArrayBuffer buffer = info[0].As<Napi::ArrayBuffer>();
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const uintptr_t start = reinterpret_cast<uintptr_t>(buffer.Data());
  const uintptr_t first = (start + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t last = (start + buffer.ByteLength()) & ~(kHuge - 1);
  // Advice only: a kernel without THP, or one that refuses, leaves the ordinary pages, so the result is ignored.
  if (buffer.Data() != nullptr && last > first) (void)madvise(reinterpret_cast<void *>(first), last - first, MADV_HUGEPAGE);
#endif
  return env.Undefined();
}

}  // namespace trueno_addon
