/**
 * aprender in a web page: every estimator, the metrics, pipelines, model selection, ONNX export and model files
 * (`loadAsync(bytesOrUrl)` with WebCrypto, `toBytes(model)`); fitAsync fits on the page's thread, and `save(model,
 * path)` refuses (no file system: download `toBytes(model)` instead). `await ready()` (re-exported from trueno) once
 * before the first fit or predict compiles the WASM core.
 */
export * from './index';
export { ready, type ReadyOptions } from '../trueno/backend/loader.browser';
