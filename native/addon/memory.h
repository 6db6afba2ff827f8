// Memory policy of op outputs (memory.cc): large blocks reused by the allocator, and backed by transparent huge pages.
#ifndef TRUENO_ADDON_MEMORY_H
#define TRUENO_ADDON_MEMORY_H

#include <napi.h>

namespace trueno_addon {

// adviseHugePages(arrayBuffer): asks the kernel to back the 2 MiB-aligned interior of a fresh, untouched ArrayBuffer
// with transparent huge pages before the op writes it; a no-op where the system has no such advice.
Napi::Value AdviseHugePages(const Napi::CallbackInfo &info);

}  // namespace trueno_addon

#endif
