/**
 * The Node host of the backend choice (the choice itself is in selection.ts, shared with the browser host in
 * loader.browser.ts). Order: the native addon (prebuilds/<platform>-<arch> via node-gyp-build, then build/Release),
 * then WASM with SIMD128, then scalar WASM. `SOVEREIGN_BACKEND=native|wasm|js` forces one; `SOVEREIGN_ISA` forces a
 * lower ISA level and `SOVEREIGN_THREADS` the thread count. A native binary that exists but fails to load (wrong CPU,
 * missing symbol, ABI mismatch) is skipped with its error recorded in backendInfo().tried.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TruenoError } from '../errors';
import { registerNativeBackend, type NativeAddon } from './register-native';
import { registerWasmBackend } from './register-wasm';
import { isRegistered } from './registry';
import { backendInfo, firstLine, installBackendHost, type BackendInfo, type LoadAttempt } from './selection';

export { backendInfo, kernels, setBackend, setIsa, setThreads, type BackendInfo, type LoadAttempt } from './selection';

/** The package root (the folder holding package.json), from lib/ or dist/cjs/. */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'sovereign-ai') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new TruenoError('cannot find the sovereign-ai package root', 'ERR_TRUENO_NO_PACKAGE');
    dir = parent;
  }
}

function tryNative(tried: LoadAttempt[]): boolean {
  if (isRegistered('native')) return true;
  const root = packageRoot();
  const candidates: string[] = [];
  try {
    // node-gyp-build resolves prebuilds/<platform>-<arch>/*.node first, then build/Release.
    const nodeGypBuild = require('node-gyp-build') as { path(dir: string): string };
    candidates.push(nodeGypBuild.path(root));
  } catch (e) {
    tried.push({ candidate: `prebuilds/${process.platform}-${process.arch}`, ok: false, error: firstLine(e) });
  }
  const release = path.join(root, 'build', 'Release', 'trueno.node');
  if (!candidates.includes(release) && fs.existsSync(release)) candidates.push(release);
  for (const file of candidates) {
    const candidate = path.relative(root, file);
    try {
      registerNativeBackend(require(file) as NativeAddon & Record<string, unknown>);
      tried.push({ candidate, ok: true });
      return true;
    } catch (e) {
      tried.push({ candidate, ok: false, error: firstLine(e) });
    }
  }
  return false;
}

function tryWasm(tried: LoadAttempt[]): boolean {
  if (isRegistered('wasm')) return true;
  const dir = path.join(packageRoot(), 'prebuilds', 'wasm');
  for (const build of ['simd128', 'scalar'] as const) {
    const candidate = `prebuilds/wasm/trueno-${build}.wasm`;
    try {
      const bytes = fs.readFileSync(path.join(dir, `trueno-${build}.wasm`));
      if (!WebAssembly.validate(bytes)) throw new Error(`this engine cannot run the ${build} build`);
      registerWasmBackend(new WebAssembly.Module(bytes), build);
      tried.push({ candidate, ok: true });
      return true;
    } catch (e) {
      tried.push({ candidate, ok: false, error: firstLine(e) });
    }
  }
  return false;
}

installBackendHost({
  loadNative: tryNative,
  loadWasm: tryWasm,
  setting: (name) => process.env[name],
  nativeFallback: warnNativeFallback,
  fix:
    'Fix: reinstall sovereign-ai (rm -rf node_modules/sovereign-ai && npm install) so its prebuilt binary and WebAssembly ' +
    'files (prebuilds/) are present; or build the native addon from source with a C/C++ toolchain: npm rebuild sovereign-ai; ' +
    'or set SOVEREIGN_BACKEND=js to run on the plain-JS backend.',
});

/**
 * One process warning when the native addon was the choice but did not load (npm hides install output, so a failed
 * build or a prebuild for another CPU would otherwise go unseen): why, and what runs instead. Not emitted when a
 * backend was asked for with SOVEREIGN_BACKEND or setBackend.
 */
function warnNativeFallback(tried: LoadAttempt[]): void {
  if (typeof process === 'undefined' || typeof process.emitWarning !== 'function') return;
  const why = tried.filter((t) => !t.ok && !t.candidate.startsWith('prebuilds/wasm')).map((t) => `${t.candidate}: ${t.error}`).join('; ');
  process.emitWarning(
    `sovereign-ai: the native addon did not load (${why || 'none found'}); running on the WebAssembly fallback, which is ` +
      'slower. Reinstall sovereign-ai on this platform (npm rebuild sovereign-ai builds it with a C/C++ toolchain), or set ' +
      'SOVEREIGN_BACKEND=wasm to choose WebAssembly and silence this warning.',
    { code: 'SOVEREIGN_NATIVE_FALLBACK' },
  );
}

/**
 * Resolves once a backend is ready. In Node the backend loads synchronously on first use, so this only makes the
 * choice now; it exists so that code written for the browser entry (where `await ready()` compiles the WASM) runs
 * unchanged in Node.
 * @returns what {@link backendInfo} reports
 * @throws TruenoError with code ERR_TRUENO_NO_BACKEND when no backend loads (as the first op would)
 * @example
 * await ready();
 * console.log(backendInfo().backend); // 'native'
 */
export async function ready(): Promise<BackendInfo> {
  return backendInfo();
}
