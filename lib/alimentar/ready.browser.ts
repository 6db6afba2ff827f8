/**
 * One `await ready()` for a page using alimentar: compiles trueno's WASM core (tensors, the DataLoader) and
 * parquet-wasm (Parquet read and write) in parallel. CSV, JSON and Arrow IPC need neither.
 */
import { ready as truenoReady, type BackendInfo, type ReadyOptions as TruenoReadyOptions } from '../trueno/backend/loader.browser';
import { initParquetWasm, type ParquetWasmSource } from './formats/parquet/wasm.browser';

/** Options of {@link ready}: trueno's (`wasm`, `build`, `backend`) and parquet-wasm's WebAssembly. */
export interface ReadyOptions extends TruenoReadyOptions {
  /** parquet-wasm's WebAssembly: a URL, Response, bytes or module (default: parquet_wasm_bg.wasm beside the module). */
  parquetWasm?: ParquetWasmSource;
}

/**
 * Compiles the WebAssembly alimentar uses in a page; await it once before the first Parquet read or tensor op.
 * @param options - where each WebAssembly file comes from (defaults: beside the module)
 * @returns trueno's backendInfo()
 * @throws TypeError / RangeError for bad options; TruenoError or ParquetError when a file cannot be fetched or compiled
 * @example
 * import { ready, ArrowDataset } from 'sovereign-ai/alimentar';
 * await ready();
 * const ds = await ArrowDataset.open('/data/iris.parquet');
 */
export async function ready(options?: ReadyOptions): Promise<BackendInfo> {
  const parquet = options !== null && typeof options === 'object' ? options.parquetWasm : undefined;
  const [info] = await Promise.all([truenoReady(options), initParquetWasm(parquet)]);
  return info;
}
