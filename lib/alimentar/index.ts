/**
 * alimentar: datasets as apache-arrow Tables (Parquet, Arrow IPC, CSV, JSON), chainable transforms, tensors for the
 * tensor core, a DataLoader, and streaming over files larger than memory.
 * @packageDocumentation
 */
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import '../trueno/tensor-ops';
export * from './in-memory';
export { StreamingDataset, type StreamingOptions } from './streaming';
export { convertFile, type ConvertOptions } from './convert';
export { atomicWrite } from './io';
export { readIpcBatches } from './formats/ipc';
export { samplePath } from './samples';
export * from './storage';
export * from './registry';
export * from './hf';
