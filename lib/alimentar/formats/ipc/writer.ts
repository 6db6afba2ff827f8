/**
 * apache-arrow's IPC writers with the compressed-buffer length prefix the Arrow format specifies. apache-arrow 21
 * writes the COMPRESSED length there (its own reader ignores the prefix), so pyarrow, which sizes its output by the
 * prefix, cannot read apache-arrow's compressed files; these writers put the uncompressed length, as pyarrow does.
 */
import { RecordBatchFileWriter, RecordBatchStreamWriter } from 'apache-arrow';

/** The parts of apache-arrow's writer this module overrides (protected there, so not in its public type). */
interface CompressingWriter {
  _compressBodyBuffers(buffers: ArrayBufferView[]): { byteLength: number; bufferRegions: unknown[]; buffers: ArrayBufferView[] };
}

/**
 * Rewrites each compressed buffer's prefix to its uncompressed length. apache-arrow emits a [prefix, data] pair per
 * input buffer, in order; a prefix of -1 (stored uncompressed) and empty buffers stay as they are.
 */
function fixPrefixes(inputs: ArrayBufferView[], out: { buffers: ArrayBufferView[] }): void {
  inputs.forEach((input, i) => {
    const prefix = out.buffers[2 * i];
    if (input.byteLength === 0 || prefix.byteLength !== 8) return;
    const view = new DataView(prefix.buffer, prefix.byteOffset, 8);
    if (view.getBigInt64(0, true) !== -1n) view.setBigInt64(0, BigInt(input.byteLength), true);
  });
}

function patched<T extends object>(proto: T): void {
  const writer = proto as unknown as CompressingWriter;
  const original = writer._compressBodyBuffers;
  writer._compressBodyBuffers = function (this: CompressingWriter, buffers) {
    const out = original.call(this, buffers);
    fixPrefixes(buffers, out);
    return out;
  };
}

/** {@link RecordBatchFileWriter} writing the specified compressed-buffer prefix. */
export class IpcFileWriter extends RecordBatchFileWriter {}
/** {@link RecordBatchStreamWriter} writing the specified compressed-buffer prefix. */
export class IpcStreamWriter extends RecordBatchStreamWriter {}
patched(IpcFileWriter.prototype);
patched(IpcStreamWriter.prototype);
