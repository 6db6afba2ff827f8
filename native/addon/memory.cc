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
#include <cstdlib>  // first: defines __GLIBC__ on glibc systems
#include <cstring>
#if defined(__GLIBC__)
#include <malloc.h>
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
}  // namespace trueno_addon
