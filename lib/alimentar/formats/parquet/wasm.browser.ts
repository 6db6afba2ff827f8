/**
 * parquet-wasm in a web page (the browser build's wasm.ts): its ES module build, whose WebAssembly is compiled by
 * {@link initParquetWasm} (called from alimentar's `ready()`), from `parquet_wasm_bg.wasm` beside this module (the
 * package ships it in dist/browser; Vite and webpack follow the `new URL(..., import.meta.url)` and copy it) or from
 * what the app hands in. A page has one instance: Node's wasm.ts starts a fresh one after a trap by re-evaluating the
 * glue, which an ES module cannot do, so after a trap every later call is a ParquetError asking for a reload.
 */
import initWasm, * as esmApi from 'parquet-wasm/esm';
import { ParquetError } from '../../errors';
import type { ParquetWasm, ParquetWasmApi } from './wasm';

export type { ParquetWasm, ParquetWasmApi } from './wasm';

/** Where parquet-wasm's WebAssembly comes from: a URL to fetch, a Response, bytes or a compiled module. */
export type ParquetWasmSource = string | URL | Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

let instance: ParquetWasm | undefined;
let trap: unknown;
let pending: Promise<void> | undefined;

function makeInstance(): ParquetWasm {
  let fail: (e: unknown) => void = () => undefined;
  const trapped = new Promise<never>((_, reject) => (fail = reject));
  trapped.catch(() => undefined);
  return {
    api: esmApi as unknown as ParquetWasmApi,
    get poisoned() {
      return trap !== undefined;
    },
    trapped,
    poison(e) {
      trap ??= e;
      fail(e);
    },
  };
}

/**
 * Compiles and instantiates parquet-wasm once (later calls share the first).
 * @param source - the WebAssembly (default: parquet_wasm_bg.wasm beside this module)
 * @returns when parquet-wasm is usable
 * @throws ParquetError when the WebAssembly cannot be fetched or compiled
 */
export function initParquetWasm(source?: ParquetWasmSource): Promise<void> {
  pending ??= initWasm({ module_or_path: source ?? new URL('./parquet_wasm_bg.wasm', import.meta.url) }).then(
    () => {
      instance = makeInstance();
    },
    (e: unknown) => {
      pending = undefined;
      throw new ParquetError(`Expected to compile parquet-wasm's WebAssembly but it failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    },
  );
  return pending;
}

/**
 * The parquet-wasm instance.
 * @returns the instance
 * @throws ParquetError before `await ready()`, or after a trap poisoned the page's one instance
 */
export function parquetWasm(): ParquetWasm {
  if (trap !== undefined) {
    throw new ParquetError('Expected a usable parquet-wasm but an earlier corrupt file made it trap, and a page has one instance: reload the page', { cause: trap });
  }
  if (!instance) throw new ParquetError('Expected parquet-wasm to be compiled before Parquet is read or written in a page: call `await ready()` from sovereign-ai/alimentar first');
  return instance;
}

export { guarded, isTrap } from './guard';
