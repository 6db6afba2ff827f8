/** arrow-js-ffi for the browser build: its ES module, bundled with the app's apache-arrow (see arrow-ffi.ts). */
export { parseRecordBatch, parseTable } from 'arrow-js-ffi';
