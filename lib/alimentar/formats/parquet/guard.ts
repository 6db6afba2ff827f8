/** Calls into a parquet-wasm instance that poison it on a trap (shared by wasm.ts and wasm.browser.ts). */
import type { ParquetWasm, ParquetWasmApi } from './wasm';

/**
 * Whether an error is a WebAssembly trap (after which its instance is poisoned).
 * @param e - what was thrown
 * @returns true for a `WebAssembly.RuntimeError`
 */
export function isTrap(e: unknown): boolean {
  return e instanceof WebAssembly.RuntimeError;
}

/**
 * Runs a synchronous call into an instance; a trap poisons the instance before it is rethrown.
 * @param instance - the instance called
 * @param call - the call
 * @returns what the call returns
 * @throws what the call throws
 */
export function guarded<T>(instance: ParquetWasm, call: (api: ParquetWasmApi) => T): T {
  try {
    return call(instance.api);
  } catch (e) {
    if (isTrap(e)) instance.poison(e);
    throw e;
  }
}
