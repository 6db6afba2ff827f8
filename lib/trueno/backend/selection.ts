/**
 * Backend selection shared by every host: which backend runs the kernels, the fallbacks per kernel, and the controls
 * (ISA level, threads). How a backend is found is the host's business: the Node host (loader.ts) loads the addon with
 * node-gyp-build and reads the WASM with fs; the browser host (loader.browser.ts) compiles the WASM it fetched or was
 * handed in `ready()`. Exactly one host is installed by whichever of those two files the program (or bundle) loads.
 */
import { TruenoError } from '../errors';
import { ISA_NAMES, type IsaName, type KernelName, type Kernels } from './kernels';
import { registerJsBackend } from './register-js';
import { BACKEND_CHAIN, backendControls, isRegistered, kernelTable, missingKernels, type BackendName } from './registry';

/** How one environment finds its backends. */
export interface BackendHost {
  /** Loads the native addon (registers it) and records each candidate tried; false when none loaded. */
  loadNative(tried: LoadAttempt[]): boolean;
  /** Loads a WASM build (registers it) and records each candidate tried; false when none loaded. */
  loadWasm(tried: LoadAttempt[]): boolean;
  /** A SOVEREIGN_* setting, or undefined where the environment has none. */
  setting(name: 'SOVEREIGN_BACKEND' | 'SOVEREIGN_ISA' | 'SOVEREIGN_THREADS'): string | undefined;
  /** The "Fix:" advice printed when no backend loads. */
  fix: string;
  /** Called when the automatic choice fell back from native to WASM (Node warns once; a browser has no native). */
  nativeFallback?(tried: LoadAttempt[]): void;
}

let host: BackendHost | undefined;

/**
 * Installs the host (done once by loader.ts or loader.browser.ts); forgets the backend chosen under a previous one.
 * @param h - the host
 */
export function installBackendHost(h: BackendHost): void {
  host = h;
  state = undefined;
}

function currentHost(): BackendHost {
  if (!host) throw new TruenoError('no backend host is installed: import sovereign-ai through its package entry', 'ERR_TRUENO_NO_BACKEND');
  return host;
}

/** Forgets the chosen backend, so the next use chooses again (the browser host calls it once its WASM is compiled). */
export function resetBackendChoice(): void {
  state = undefined;
}

/** The first line of an error's message (for {@link LoadAttempt.error}). */
export function firstLine(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
}

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

function load(backend: BackendName, tried: LoadAttempt[]): boolean {
  if (backend === 'native') return currentHost().loadNative(tried);
  if (backend === 'wasm') return currentHost().loadWasm(tried);
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
  const isa = currentHost().setting('SOVEREIGN_ISA');
  if (isa) {
    if (!ISA_NAMES.includes(isa as IsaName)) {
      throw new TruenoError(`Expected one of ${ISA_NAMES.join(', ')} for SOVEREIGN_ISA but received '${isa}'`, 'ERR_TRUENO_ENV');
    }
    controls.setIsa(isa as IsaName);
  }
  const threads = currentHost().setting('SOVEREIGN_THREADS');
  if (threads) controls.setThreads(Number(threads));
}

function choose(): State {
  const tried: LoadAttempt[] = [];
  const forced = currentHost().setting('SOVEREIGN_BACKEND');
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
      if (backend === 'wasm') currentHost().nativeFallback?.(tried);
      return stateFor(backend, reason, tried);
    }
  }
  throw noBackend(tried, 'no compute backend could be loaded');
}

function noBackend(tried: LoadAttempt[], headline: string): TruenoError {
  const lines = tried.map((t) => `  - ${t.candidate}: ${t.ok ? 'ok' : t.error}`);
  return new TruenoError(
    `${headline}. Tried:\n${lines.join('\n')}\n` +
      currentHost().fix,
    'ERR_TRUENO_NO_BACKEND',
  );
}

/**
 * The active backend's kernels (chosen on first use): the one point where every op submits its work. A CPU backend's
 * kernel completes before it returns; a device backend's would enqueue (see TensorStorage in tensor.ts).
 */
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
