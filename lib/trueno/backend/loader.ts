/**
 * Chooses the backend, once, in one place. Order: the native addon (prebuilds/<platform>-<arch> via node-gyp-build,
 * then build/Release), then WASM with SIMD128, then scalar WASM. `SOVEREIGN_BACKEND=native|wasm|js` forces one;
 * `SOVEREIGN_ISA` forces a lower ISA level and `SOVEREIGN_THREADS` the thread count. A native binary that exists but
 * fails to load (wrong CPU, missing symbol, ABI mismatch) is skipped with its error recorded in backendInfo().tried.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TruenoError } from '../errors';
import { ISA_NAMES, type IsaName, type KernelName, type Kernels } from './kernels';
import { registerJsBackend } from './register-js';
import { registerNativeBackend, type NativeAddon } from './register-native';
import { registerWasmBackend } from './register-wasm';
import { BACKEND_CHAIN, backendControls, isRegistered, kernelTable, missingKernels, type BackendName } from './registry';

/** One candidate the loader tried. */
export interface LoadAttempt {
  candidate: string;
  ok: boolean;
  error?: string;
}

/** What {@link backendInfo} reports. */
export interface BackendInfo {
  backend: BackendName;
  isa: IsaName;
  detectedIsa: IsaName;
  threads: number;
  version: string;
  /** Why this backend was chosen. */
  reason: string;
  /** Every candidate tried, in order, with the error of each that failed. */
  tried: LoadAttempt[];
  /** Kernels this backend lacks, each with the backend that runs it instead (empty when it has them all). */
  fallbacks: Partial<Record<string, BackendName>>;
}

const BACKENDS = BACKEND_CHAIN;

interface State {
  backend: BackendName;
  kernels: Kernels;
  fallbacks: Partial<Record<KernelName, BackendName>>;
  reason: string;
  tried: LoadAttempt[];
}

let state: State | undefined;

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

function message(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
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
    tried.push({ candidate: `prebuilds/${process.platform}-${process.arch}`, ok: false, error: message(e) });
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
      tried.push({ candidate, ok: false, error: message(e) });
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
      tried.push({ candidate, ok: false, error: message(e) });
    }
  }
  return false;
}

function load(backend: BackendName, tried: LoadAttempt[]): boolean {
  if (backend === 'native') return tryNative(tried);
  if (backend === 'wasm') return tryWasm(tried);
  if (!isRegistered('js')) {
    registerJsBackend();
    tried.push({ candidate: 'js', ok: true });
  }
  return true;
}

/** The state for `backend` (loaded): its kernels, with the later backends it falls back to loaded as needed. */
function stateFor(backend: BackendName, reason: string, tried: LoadAttempt[]): State {
  if (missingKernels(backend).length > 0) {
    for (const next of BACKEND_CHAIN.slice(BACKEND_CHAIN.indexOf(backend) + 1)) {
      if (load(next, tried) && missingKernels(next).length === 0) break;
    }
  }
  const { kernels: table, fallbacks } = kernelTable(backend);
  return { backend, kernels: table, fallbacks, reason, tried };
}

function applyEnvironment(backend: BackendName): void {
  const controls = backendControls(backend);
  const isa = process.env.SOVEREIGN_ISA;
  if (isa) {
    if (!ISA_NAMES.includes(isa as IsaName)) {
      throw new TruenoError(`Expected one of ${ISA_NAMES.join(', ')} for SOVEREIGN_ISA but received '${isa}'`, 'ERR_TRUENO_ENV');
    }
    controls.setIsa(isa as IsaName);
  }
  const threads = process.env.SOVEREIGN_THREADS;
  if (threads) controls.setThreads(Number(threads));
}

function choose(): State {
  const tried: LoadAttempt[] = [];
  const forced = process.env.SOVEREIGN_BACKEND;
  if (forced) {
    if (!BACKENDS.includes(forced as BackendName)) {
      throw new TruenoError(`Expected native, wasm or js for SOVEREIGN_BACKEND but received '${forced}'`, 'ERR_TRUENO_ENV');
    }
    const backend = forced as BackendName;
    if (!load(backend, tried)) throw noBackend(tried, `SOVEREIGN_BACKEND=${forced} was requested but did not load`);
    applyEnvironment(backend);
    return stateFor(backend, `forced by SOVEREIGN_BACKEND=${forced}`, tried);
  }
  for (const backend of ['native', 'wasm'] as const) {
    if (load(backend, tried)) {
      applyEnvironment(backend);
      const reason = backend === 'native' ? 'the native addon loaded' : 'no native addon loaded; using the WASM fallback';
      if (backend === 'wasm') warnNativeFallback(tried);
      return stateFor(backend, reason, tried);
    }
  }
  throw noBackend(tried, 'no compute backend could be loaded');
}

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

function noBackend(tried: LoadAttempt[], headline: string): TruenoError {
  const lines = tried.map((t) => `  - ${t.candidate}: ${t.ok ? 'ok' : t.error}`);
  return new TruenoError(
    `${headline}. Tried:\n${lines.join('\n')}\n` +
      'Fix: reinstall sovereign-ai (rm -rf node_modules/sovereign-ai && npm install) so its prebuilt binary and WebAssembly ' +
      'files (prebuilds/) are present; or build the native addon from source with a C/C++ toolchain: npm rebuild sovereign-ai; ' +
      'or set SOVEREIGN_BACKEND=js to run on the plain-JS backend.',
    'ERR_TRUENO_NO_BACKEND',
  );
}

/** The active backend's kernels (chosen on first use). */
export function kernels(): Kernels {
  return (state ??= choose()).kernels;
}

/**
 * Switches the active backend at run time (tests and benchmarks compare backends in one process).
 * @param backend - 'native', 'wasm' or 'js'
 * @throws TruenoError with code ERR_TRUENO_NO_BACKEND when that backend cannot load here
 * @example setBackend('wasm')
 */
export function setBackend(backend: BackendName): void {
  if (!BACKENDS.includes(backend)) {
    throw Object.assign(new TypeError(`Expected 'native', 'wasm' or 'js' for backend but received ${String(backend)}`), { code: 'ERR_TRUENO_TYPE' });
  }
  const tried = state?.tried ?? [];
  if (!load(backend, tried)) throw noBackend(tried, `the ${backend} backend did not load`);
  state = stateFor(backend, `selected with setBackend('${backend}')`, tried);
}

/**
 * Which backend runs the kernels and why.
 * @returns backend, ISA level, threads, version, the reason, every candidate tried and the per-kernel fallbacks
 * @example console.log(backendInfo()) // { backend: 'native', isa: 'avx2', threads: 2, ... }
 */
export function backendInfo(): BackendInfo {
  const s = (state ??= choose());
  const c = backendControls(s.backend);
  return {
    backend: s.backend,
    isa: c.isa(),
    detectedIsa: c.detectedIsa(),
    threads: c.threads(),
    version: c.version,
    reason: s.reason,
    tried: s.tried.map((t) => ({ ...t })),
    fallbacks: { ...s.fallbacks },
  };
}

/**
 * Forces the active backend's ISA level (at or below the detected one), e.g. 'scalar' to test the scalar kernels.
 * @param isa - 'scalar', 'simd128', 'neon', 'avx2' or 'avx512'
 * @throws RangeError / TruenoError when the level is not available on this backend and machine
 * @example setIsa('avx2')
 */
export function setIsa(isa: IsaName): void {
  if (!ISA_NAMES.includes(isa)) {
    throw Object.assign(new RangeError(`Expected one of ${ISA_NAMES.join(', ')} for isa but received ${String(isa)}`), { code: 'ERR_TRUENO_RANGE' });
  }
  backendControls((state ??= choose()).backend).setIsa(isa);
}

/**
 * Sets how many threads the active backend uses for large inputs (native only; WASM and JS are single-threaded).
 * @param n - 1 to 64
 * @throws RangeError for a count the backend cannot use
 * @example setThreads(1)
 */
export function setThreads(n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 64) {
    throw Object.assign(new RangeError(`Expected an integer in [1, 64] for threads but received ${String(n)}`), { code: 'ERR_TRUENO_RANGE' });
  }
  backendControls((state ??= choose()).backend).setThreads(n);
}
