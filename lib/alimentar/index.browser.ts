/**
 * alimentar in a web page: the in-memory parts - ArrowDataset from bytes, fetched URLs and File objects; Parquet,
 * Arrow IPC, CSV and JSON decode and encode; transforms; tensors; the DataLoader. What needs a file system, a process
 * or worker_threads (StreamingDataset, convertFile, atomicWrite, the storage backends, the registry, the Hugging Face
 * hub client) is absent here rather than failing at import; it is in the Node entry. Call `await ready()` once
 * before the first Parquet read or write or tensor op: it compiles the WASM (trueno's core and parquet-wasm).
 */
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import '../trueno/tensor-ops';
export * from './in-memory';
export { ready, type ReadyOptions } from './ready.browser';
