# node-gyp build of the CPU addon (what `npm install` builds from source and prebuildify packs).
# The core source list is native/core/sources.json, shared with CMakeLists.txt and scripts/build-wasm.js.
{
  "targets": [
    {
      "target_name": "trueno",
      "sources": [
        "native/addon/addon.cc",
        "native/addon/call.cc",
        "native/addon/memory.cc",
        "<!@(node -p \"require('./native/core/sources.json').map(f => 'native/core/' + f).join(' ')\")"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "native/core/include", "native/core"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_ENABLE_TYPE_CHECK_ON_AS"],
      "cflags_c": ["-std=c11", "-O3", "-fno-math-errno", "-fno-trapping-math", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "cflags_cc": ["-std=c++17", "-O3", "-Wall"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "libraries": ["-lpthread", "-lm"],
      # Never unmapped by dlclose: the core's thread pool threads live as long as the process, and Node closes an
      # addon when the last worker_thread that loaded it ends.
      "ldflags": ["-Wl,-z,nodelete"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "NO",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CFLAGS": ["-std=c11", "-O3", "-fno-math-errno"],
        "MACOSX_DEPLOYMENT_TARGET": "11.0"
      },
      "msvs_settings": { "VCCLCompilerTool": { "Optimization": 2 } }
    }
  ]
}
