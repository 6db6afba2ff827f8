/**
 * Arrow IPC body compression (LZ4_FRAME and ZSTD, the two codecs of the Arrow format), plugged into apache-arrow's
 * compression registry: apache-arrow parses the compressed layout itself but ships no codec, so without these a
 * compressed file (pyarrow's Feather v2 default is LZ4) fails with "Record batch is compressed but codec not found".
 *
 * Decoding is synchronous and pure JS (lz4js, fzstd), so every read path works without set-up. ZSTD encoding needs
 * the zstd library compiled to WebAssembly (@bokuweb/zstd-wasm), which loads asynchronously: the async write paths
 * await {@link loadIpcCodecs}; a synchronous `toBytes(…, { compression: 'zstd' })` before any load is an IpcError
 * that says so.
 */
import { CompressionType, compressionRegistry } from 'apache-arrow';
import * as fzstd from 'fzstd';
import * as lz4 from 'lz4js';
import * as zstdWasm from '@bokuweb/zstd-wasm';
import { IpcError } from '../../errors';

/** The body compressions alimentar writes to Arrow IPC ('uncompressed' is the default). */
export type IpcCompression = 'uncompressed' | 'lz4' | 'zstd';

/** The values of {@link IpcCompression}. */
export const IPC_COMPRESSIONS: readonly IpcCompression[] = ['uncompressed', 'lz4', 'zstd'];

/** Arrow's buffer prefix: the uncompressed length, little-endian int64, just before the compressed bytes. */
const PREFIX = 8;

/**
 * The uncompressed length a compressed buffer announces. apache-arrow hands the codec a view just past the 8-byte
 * prefix, so the prefix is read from the same memory; it bounds the output, so a corrupt frame can neither allocate
 * without limit nor yield a buffer of another size than the writer declared.
 */
function declaredLength(bytes: Uint8Array, codec: string, maxRatio: number): number {
  if (bytes.byteOffset < PREFIX) throw new IpcError(`Expected the ${codec} buffer to follow its 8-byte length prefix but it has none`);
  const n = new DataView(bytes.buffer, bytes.byteOffset - PREFIX, PREFIX).getBigInt64(0, true);
  // no frame expands past its format's best ratio: a larger claim is damage, refused before any allocation
  const most = Math.min(2 ** 31 - 1, bytes.length * maxRatio + 1024);
  if (n < 0n || n > BigInt(most)) throw new IpcError(`Expected an uncompressed length of 0 to ${most} bytes for a ${bytes.length}-byte ${codec} buffer but its prefix announces ${n}`);
  return Number(n);
}

/** LZ4's best case: a match of at most ~255 bytes per extra length byte. */
const LZ4_MAX_RATIO = 256;
/** ZSTD's best case: an RLE block of 128 KiB from a 4-byte block header and one byte. */
const ZSTD_MAX_RATIO = 32768;

function corrupt(codec: string, e: unknown): IpcError {
  return new IpcError(`Expected a valid ${codec} compressed buffer but it failed to decompress: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

function checkLength(codec: string, got: number, want: number): void {
  if (got !== want) throw new IpcError(`Expected ${want} bytes from a ${codec} compressed buffer (its length prefix) but it decompressed to ${got}`);
}

const LZ4_MAGIC = 0x184d2204;

/** Decodes one LZ4 frame into exactly the declared length. */
function lz4Decode(bytes: Uint8Array): Uint8Array {
  const want = declaredLength(bytes, 'LZ4_FRAME', LZ4_MAX_RATIO);
  // lz4js trusts its input: the magic is checked here, and the output length against the prefix below
  if (bytes.length < 7 || new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) !== LZ4_MAGIC) {
    throw new IpcError('Expected an LZ4 frame (magic 04 22 4D 18) in a LZ4_FRAME compressed buffer but found other bytes');
  }
  // one spare byte: a frame that decodes to more than declared shows up as a length mismatch, not a silent cut
  const out = new Uint8Array(want + 1);
  let got: number;
  try {
    got = lz4.decompressFrame(bytes, out);
  } catch (e) {
    throw corrupt('LZ4_FRAME', e);
  }
  checkLength('LZ4_FRAME', got, want);
  return out.subarray(0, want);
}

/**
 * The content size a ZSTD frame header states, or undefined when it states none (RFC 8878 section 3.1.1.1). Read
 * first so that a damaged header cannot make the decoder allocate more than the buffer declares.
 */
function zstdContentSize(bytes: Uint8Array): number | undefined {
  if (bytes.length < 6 || new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) !== ZSTD_MAGIC) {
    throw new IpcError('Expected a ZSTD frame (magic 28 B5 2F FD) in a ZSTD compressed buffer but found other bytes');
  }
  const fhd = bytes[4];
  const single = (fhd >> 5) & 1;
  const fcsBytes = [single, 2, 4, 8][fhd >> 6];
  if (fcsBytes === 0) return undefined;
  const at = 5 + (single ? 0 : 1) + [0, 1, 2, 4][fhd & 3];
  if (bytes.length < at + fcsBytes) throw new IpcError(`Expected a whole ZSTD frame header in a ${bytes.length}-byte ZSTD compressed buffer but it is cut short`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, fcsBytes);
  if (fcsBytes === 1) return view.getUint8(0);
  if (fcsBytes === 2) return view.getUint16(0, true) + 256;
  if (fcsBytes === 4) return view.getUint32(0, true);
  return Number(view.getBigUint64(0, true));
}

const ZSTD_MAGIC = 0xfd2fb528;

/** Decodes one ZSTD frame, which must give exactly the declared length. */
function zstdDecode(bytes: Uint8Array): Uint8Array {
  const want = declaredLength(bytes, 'ZSTD', ZSTD_MAX_RATIO);
  const stated = zstdContentSize(bytes);
  if (stated !== undefined) checkLength('ZSTD', stated, want);
  let out: Uint8Array;
  try {
    // no output buffer: given one, fzstd returns it whole, however much (or little) it wrote
    out = fzstd.decompress(bytes);
  } catch (e) {
    throw corrupt('ZSTD', e);
  }
  checkLength('ZSTD', out.length, want);
  // apache-arrow views the buffer as its column type, which needs an aligned start (fzstd may hand out any view)
  return out.byteOffset % 8 === 0 ? out : out.slice();
}

function lz4Encode(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(lz4.compress(bytes));
}

let zstdReady: Promise<void> | undefined;
let zstdLoaded = false;

function zstdEncode(bytes: Uint8Array): Uint8Array {
  return zstdWasm.compress(bytes, 3);
}

compressionRegistry.set(CompressionType.LZ4_FRAME, { encode: lz4Encode, decode: lz4Decode });
// the registry test-encodes a codec when it is set, so ZSTD gets its encoder once the WebAssembly has loaded
compressionRegistry.set(CompressionType.ZSTD, { decode: zstdDecode });

/**
 * Loads the ZSTD encoder (WebAssembly) once; reads never need it.
 * @returns when ZSTD writes can run synchronously
 * @example await loadIpcCodecs(); const bytes = ds.toBytes('ipc', { compression: 'zstd' });
 */
export function loadIpcCodecs(): Promise<void> {
  zstdReady ??= zstdWasm.init().then(() => {
    compressionRegistry.set(CompressionType.ZSTD, { encode: zstdEncode, decode: zstdDecode });
    zstdLoaded = true;
  });
  return zstdReady;
}

/**
 * The apache-arrow compression type for an option value; 'uncompressed' and absent are none.
 * @param compression - the `compression` write option
 * @returns the type, or null for none
 * @throws IpcError for a codec the Arrow IPC format has not (the Parquet-only ones: snappy, gzip, brotli), or 'zstd'
 *   before {@link loadIpcCodecs} has finished
 */
export function ipcCompressionType(compression: unknown): CompressionType | null {
  if (compression === undefined || compression === 'uncompressed') return null;
  if (compression === 'lz4') return CompressionType.LZ4_FRAME;
  if (compression === 'zstd') {
    if (!zstdLoaded) throw new IpcError('Expected the ZSTD encoder to be loaded before a synchronous ZSTD write: await loadIpcCodecs() first, or use ArrowDataset.write');
    return CompressionType.ZSTD;
  }
  throw new IpcError(`Expected one of ${IPC_COMPRESSIONS.join(', ')} for Arrow IPC compression but received ${typeof compression === 'string' ? `'${compression}'` : String(compression)}`);
}
