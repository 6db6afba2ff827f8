/** arrow-js-ffi for Node: it ships a CommonJS build but declares itself an ES module, so TypeScript refuses a static
 * import of it here (the browser build's arrow-ffi.browser.ts imports its ES module). */
import type { RecordBatch, Table } from 'apache-arrow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ffi = require('arrow-js-ffi') as {
  parseTable(buffer: ArrayBuffer, arrayPtrs: Uint32Array, schemaPtr: number, copy: boolean): Table;
  parseRecordBatch(buffer: ArrayBuffer, arrayPtr: number, schemaPtr: number, copy: boolean): RecordBatch;
};

/** A Table from Arrow C data interface structs in WebAssembly memory (copied out when `copy`). */
export const parseTable = ffi.parseTable;
/** A RecordBatch from Arrow C data interface structs in WebAssembly memory (copied out when `copy`). */
export const parseRecordBatch = ffi.parseRecordBatch;
