/**
 * trueno in a web page: everything the Node entry has, plus what only a page needs - the options of `ready()` (which
 * compiles the WASM core; await it before the first op), the SIMD128 probe, and {@link TruenoWorker} for heavy ops in
 * a Web Worker.
 * @packageDocumentation
 */
export * from './index';
// ready() by name from the browser loader: the star export above types it as the Node loader's (no options), which the
// browser build swaps for this one
export { ready, supportsSimd128, type ReadyOptions, type WasmBuild, type WasmSource } from './backend/loader.browser';
export { TruenoWorker, WORKER_OPS, type WorkerOp, type WorkerOptions } from './web-worker.browser';
