/**
 * The browser host of the backend choice (selection.ts holds the choice itself; loader.ts is the Node host). A page has
 * no native addon and no synchronous file reads, so the WASM core is compiled asynchronously by {@link ready}: from
 * the `.wasm` file beside this module (located with `new URL(..., import.meta.url)`, which Vite and webpack follow
 * and copy), from a URL the app names, or from bytes or a compiled module the app hands in. The SIMD128 build runs
 * where the engine validates a SIMD128 probe, the scalar build otherwise; `backendInfo().version` says which
 * ('wasm-simd128' or 'wasm-scalar'). Until `ready()` resolves only the plain-JS backend can be selected.
 */
import { TruenoError } from '../errors';
import { registerWasmBackend } from './register-wasm';
import { isRegistered } from './registry';
import { backendInfo, installBackendHost, resetBackendChoice, setBackend, type BackendInfo, type LoadAttempt } from './selection';

export { backendInfo, kernels, setBackend, setIsa, setThreads, type BackendInfo, type LoadAttempt } from './selection';

/** The two WASM builds of the core. */
export type WasmBuild = 'simd128' | 'scalar';

/** Where {@link ready} gets the WASM core from. */
export type WasmSource = string | URL | Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/** Options of {@link ready}. */
export interface ReadyOptions {
  /**
   * The WASM core: a URL (string or URL) to fetch, a fetch Response, the file's bytes, or a compiled module. Default:
   * `trueno-simd128.wasm` or `trueno-scalar.wasm` beside this module, as chosen by {@link build}.
   */
  wasm?: WasmSource;
  /** Which build `wasm` is, or which to fetch when `wasm` is absent; 'auto' (default) asks the engine. */
  build?: WasmBuild | 'auto';
  /** The backend to select once ready: 'wasm' (default) or 'js' (the plain-JS reference kernels). */
  backend?: 'wasm' | 'js';
}

/** A module whose one function returns `i8x16.popcnt(i8x16.splat(0))`: valid only where SIMD128 is supported. */
const SIMD128_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/**
 * Whether this engine runs WebAssembly SIMD128 (the probe module validates).
 * @returns true where the SIMD128 build can run
 * @example supportsSimd128() // true in current Chromium, Firefox and Safari
 */
export function supportsSimd128(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD128_PROBE);
}

/** The default location of a build: beside this module, where the package ships it (dist/browser/). */
function defaultUrl(build: WasmBuild): URL {
  return build === 'simd128'
    ? new URL('./trueno-simd128.wasm', import.meta.url)
    : new URL('./trueno-scalar.wasm', import.meta.url);
}

/** Compiles a fetched response, streaming when the server sends application/wasm, from the bytes otherwise. */
async function compileResponse(response: Response, where: string): Promise<WebAssembly.Module> {
  if (!response.ok) throw new TruenoError(`Expected the WASM core at ${where} but the server answered ${response.status} ${response.statusText}`, 'ERR_TRUENO_NO_BACKEND');
  const type = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.split(';')[0].trim() === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

async function compileSource(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (typeof source === 'string' || source instanceof URL) return compileResponse(await fetch(source), String(source));
  if (typeof Response === 'function' && source instanceof Response) return compileResponse(source, source.url || 'the response');
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source as BufferSource);
  throw Object.assign(
    new TypeError(`Expected a URL, Response, ArrayBuffer, typed array or WebAssembly.Module for options.wasm but received ${describeValue(source)}`),
    { code: 'ERR_TRUENO_TYPE' },
  );
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  return `${typeof v} ${String(v)}`;
}

let compiled: { module: WebAssembly.Module; build: WasmBuild } | undefined;
let pending: Promise<BackendInfo> | undefined;
const attempts: LoadAttempt[] = [];

installBackendHost({
  loadNative(tried) {
    tried.push({ candidate: 'native', ok: false, error: 'a browser has no native addon' });
    return false;
  },
  loadWasm(tried) {
    if (isRegistered('wasm')) return true;
    tried.push(...attempts.splice(0));
    if (!compiled) {
      tried.push({ candidate: 'wasm', ok: false, error: 'the WASM core is not compiled yet: call `await ready()` first' });
      return false;
    }
    registerWasmBackend(compiled.module, compiled.build);
    return true;
  },
  setting: () => undefined,
  fix: 'Fix: `await ready()` before the first op (it fetches and compiles the WASM core), or hand the core in with `ready({ wasm: bytesOrUrl })`; `setBackend(\'js\')` selects the plain-JS backend without WASM.',
});

function checkOptions(options: unknown): ReadyOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object') {
    throw Object.assign(new TypeError(`Expected an options object for ready() but received ${describeValue(options)}`), { code: 'ERR_TRUENO_TYPE' });
  }
  const o = options as ReadyOptions;
  if (o.build !== undefined && !['auto', 'simd128', 'scalar'].includes(o.build)) {
    throw Object.assign(new RangeError(`Expected 'auto', 'simd128' or 'scalar' for options.build but received ${String(o.build)}`), { code: 'ERR_TRUENO_RANGE' });
  }
  if (o.backend !== undefined && o.backend !== 'wasm' && o.backend !== 'js') {
    throw Object.assign(new RangeError(`Expected 'wasm' or 'js' for options.backend but received ${String(o.backend)}`), { code: 'ERR_TRUENO_RANGE' });
  }
  return o;
}

async function compileCore(o: ReadyOptions): Promise<void> {
  const wanted = o.build === undefined || o.build === 'auto' ? (supportsSimd128() ? 'simd128' : 'scalar') : o.build;
  if (wanted === 'simd128' && !supportsSimd128()) {
    throw new TruenoError('Expected an engine with WebAssembly SIMD128 for the simd128 build but this one has none: use build \'scalar\'', 'ERR_TRUENO_NO_BACKEND');
  }
  const source = o.wasm ?? defaultUrl(wanted);
  const candidate = source instanceof URL || typeof source === 'string' ? String(source) : `wasm-${wanted} (handed in)`;
  try {
    compiled = { module: await compileSource(source), build: wanted };
    attempts.push({ candidate, ok: true });
  } catch (e) {
    if (e instanceof TypeError && (e as { code?: string }).code === 'ERR_TRUENO_TYPE') throw e;
    throw new TruenoError(`Expected to compile the WASM core from ${candidate} but it failed: ${e instanceof Error ? e.message : String(e)}`, 'ERR_TRUENO_NO_BACKEND', { cause: e });
  }
}

/**
 * Fetches and compiles the WASM core (once), then selects the backend. Call it, and await it, before the first op:
 * the browser has no synchronous way to load WebAssembly. Later calls resolve at once with the same backend.
 * @param options - where the core comes from, which build, which backend to select
 * @returns what {@link backendInfo} reports
 * @throws TypeError for options of the wrong type; RangeError for an unknown build or backend; TruenoError
 *   (ERR_TRUENO_NO_BACKEND) when the core cannot be fetched or compiled, or the simd128 build is asked of an engine
 *   without SIMD128
 * @example
 * import { ready, backendInfo, matmul, Tensor } from 'sovereign-ai/trueno';
 * await ready(); // fetches trueno-simd128.wasm (or trueno-scalar.wasm) beside the module
 * console.log(backendInfo().version); // 'wasm-simd128'
 * @example
 * await ready({ wasm: await (await fetch('/assets/trueno-scalar.wasm')).arrayBuffer(), build: 'scalar' });
 */
export function ready(options?: ReadyOptions): Promise<BackendInfo> {
  let o: ReadyOptions;
  try {
    o = checkOptions(options);
  } catch (e) {
    return Promise.reject(e);
  }
  const backend = o.backend ?? 'wasm';
  if (backend === 'js') {
    setBackend('js');
    return Promise.resolve(backendInfo());
  }
  if (compiled && o.wasm === undefined && (o.build === undefined || o.build === 'auto' || o.build === compiled.build)) {
    setBackend('wasm');
    return Promise.resolve(backendInfo());
  }
  if (compiled || isRegistered('wasm')) {
    return Promise.reject(new TruenoError(`Expected one WASM core per page but ready() was asked for another after the ${compiled?.build ?? 'first'} build was loaded`, 'ERR_TRUENO_NO_BACKEND'));
  }
  pending ??= compileCore(o).then(
    () => {
      resetBackendChoice();
      setBackend('wasm');
      return backendInfo();
    },
    (e) => {
      pending = undefined;
      throw e;
    },
  );
  return pending;
}
