/**
 * Structural checks of Arrow IPC data before apache-arrow decodes it. apache-arrow trusts the lengths and counts it
 * reads: a damaged footer can announce 2^31 record batches (its loop allocates until the heap aborts), a damaged
 * message length can make it spin, and a file cut short can decode as 0 rows. So every length, offset and count here is
 * checked against the bytes that are really there, and every loop is bounded by them: the magic at both ends, the
 * footer inside the file, each block's message and body inside the data part, each message's flatbuffer inside its
 * metadata, each record batch's field nodes and buffers consistent with its schema and row count and inside its body
 * (batch.ts). Only message headers are read (a few hundred bytes per batch), plus two offsets per variable-length
 * column, never whole bodies, so a file is checked in time and memory proportional to its number of batches.
 */
import { IpcError } from '../../errors';
import { checkBatchLayout } from './batch';
import { FlatBuffer } from './flatbuffer';
import { readSchema, type SchemaLayout } from './schema';

/** Reads `length` bytes at `offset` (fewer only at the end of the data). */
export type ReadAt = (offset: number, length: number) => Uint8Array;

/** What the checks found, to compare with what the decoder produced. */
export interface IpcLayout {
  /** Record batches in the file or stream. */
  batches: number;
  /** Rows over all record batches, from their headers. */
  rows: number;
}

const CONTINUATION = 0xffffffff;
const HEADER_SCHEMA = 1;
const HEADER_DICTIONARY = 2;
const HEADER_RECORD_BATCH = 3;
const BLOCK_BYTES = 24;
const MAGIC = 'ARROW1';

/** A message's framing and header, read from `at` with at most `limit` bytes of metadata available. */
interface MessageHeader {
  /** Bytes of framing plus metadata (the body follows). */
  metadataBytes: number;
  bodyLength: number;
  type: number;
  /** Rows of a record batch or dictionary batch. */
  rows: number;
  fb: FlatBuffer;
  /** The metadata version. */
  version: number;
  /** The RecordBatch table of a record batch, or of a dictionary batch's data. */
  batch?: number;
  /** The id of a dictionary batch. */
  dictionaryId?: bigint;
  /** The schema of a schema message. */
  schema?: SchemaLayout;
}

function readMessage(read: ReadAt, at: number, limit: number, what: () => string): MessageHeader | undefined {
  const fail: (problem: string) => never = (problem) => {
    throw new IpcError(`Expected a valid ${what()} but ${problem}`);
  };
  if (limit < 4) fail(`it ends ${limit} bytes after the message start at byte ${at}`);
  const prefix = read(at, 8);
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  let framing = 4;
  let length = view.getUint32(0, true);
  if (length === CONTINUATION) {
    if (prefix.length < 8 || limit < 8) fail(`it ends inside the message length at byte ${at}`);
    framing = 8;
    length = view.getUint32(4, true);
  }
  if (length === 0) return undefined;
  if (length > limit - framing) fail(`the message at byte ${at} claims ${length} bytes of metadata where ${limit - framing} remain`);
  const metadata = read(at + framing, length);
  if (metadata.length < length) fail(`it ends inside the message at byte ${at}`);
  const fb = new FlatBuffer(metadata, what);
  const message = fb.root();
  const versionAt = fb.field(message, 0);
  const typeAt = fb.field(message, 1);
  const type = typeAt === undefined ? 0 : fb.u8(typeAt);
  const bodyAt = fb.field(message, 3);
  const headerAt = fb.field(message, 2);
  const header: MessageHeader = {
    metadataBytes: framing + length,
    bodyLength: bodyAt === undefined ? 0 : fb.size(bodyAt, 'body length'),
    type,
    rows: 0,
    fb,
    version: versionAt === undefined ? 0 : fb.u16(versionAt),
  };
  if (type === HEADER_RECORD_BATCH || type === HEADER_DICTIONARY) {
    if (headerAt === undefined) fail(`the message at byte ${at} has no header`);
    let batch = fb.deref(headerAt);
    if (type === HEADER_DICTIONARY) {
      const idAt = fb.field(batch, 0);
      header.dictionaryId = idAt === undefined ? 0n : fb.i64(idAt);
      const dataAt = fb.field(batch, 1);
      if (dataAt === undefined) fail(`the dictionary batch at byte ${at} has no data`);
      batch = fb.deref(dataAt);
    }
    const lengthAt = fb.field(batch, 0);
    header.rows = lengthAt === undefined ? 0 : fb.size(lengthAt, 'row count');
    header.batch = batch;
  } else if (type === HEADER_SCHEMA) {
    if (headerAt === undefined) fail(`the schema message at byte ${at} has no schema`);
    header.schema = readSchema(fb, fb.deref(headerAt), length);
  } else {
    fail(`the message at byte ${at} has header type ${type} (expected a schema, dictionary or record batch)`);
  }
  return header;
}

/**
 * Checks the field nodes and buffers of a record batch or dictionary batch message whose body is known to lie in the
 * data, against the schema.
 */
function checkBatch(read: ReadAt, at: number, message: MessageHeader, schema: SchemaLayout, what: () => string): void {
  const kind = message.type === HEADER_DICTIONARY ? 'dictionary batch' : 'record batch';
  const fail = (problem: string): never => {
    throw new IpcError(`Expected a valid ${what()} but in the ${kind} at byte ${at}, ${problem}`);
  };
  let fields = schema.fields;
  if (message.dictionaryId !== undefined) {
    const values = schema.dictionaries.get(message.dictionaryId) ?? fail(`dictionary id ${message.dictionaryId} belongs to no field of the schema`);
    fields = [values];
  }
  const body = { read, start: at + message.metadataBytes, length: message.bodyLength };
  checkBatchLayout({ fb: message.fb, table: message.batch ?? 0, fields, rows: message.rows, version: message.version, body, fail });
}

/**
 * Checks an Arrow IPC file ("ARROW1" … footer … "ARROW1").
 * @param read - reads the file's bytes by range
 * @param size - the file's size in bytes
 * @param source - the file's name, for error messages
 * @returns its record batch and row counts
 * @throws IpcError naming the file and the first problem found
 */
export function validateIpcFile(read: ReadAt, size: number, source: string): IpcLayout {
  const what = () => `Arrow IPC file for ${source}`;
  const fail: (problem: string) => never = (problem) => {
    throw new IpcError(`Expected a valid ${what()} but ${problem}`);
  };
  const text = (b: Uint8Array) => String.fromCharCode(...b);
  if (size < 18) fail(size === 0 ? 'it is empty' : `it holds only ${size} bytes (truncated)`);
  if (text(read(0, 6)) !== MAGIC) fail("it does not start with 'ARROW1'");
  const tail = read(size - 10, 10);
  if (text(tail.subarray(4)) !== MAGIC) fail("it does not end with 'ARROW1' (truncated?)");
  const footerLength = new DataView(tail.buffer, tail.byteOffset, 4).getInt32(0, true);
  const footerStart = size - 10 - footerLength;
  if (footerLength <= 0 || footerStart < 8) fail(`its footer length ${footerLength} does not fit its ${size} bytes`);
  const footer = new FlatBuffer(read(footerStart, footerLength), () => `footer of the ${what()}`);
  const root = footer.root();
  const schemaAt = footer.field(root, 1) ?? footer.fail('it has no schema');
  const schema = readSchema(footer, footer.deref(schemaAt), footerLength);
  const layout: IpcLayout = { batches: 0, rows: 0 };
  for (const [field, kind] of [[2, 'dictionary'], [3, 'record batch']] as const) {
    const at = footer.field(root, field);
    if (at === undefined) continue;
    const blocks = footer.vector(at, BLOCK_BYTES, `${kind} block`);
    for (let i = 0; i < blocks.count; i++) {
      const p = blocks.start + i * BLOCK_BYTES;
      const offset = footer.size(p, 'block offset');
      const metadataLength = footer.u32(p + 8);
      const bodyLength = footer.size(p + 16, 'block body length');
      if (offset < 8 || offset + metadataLength + bodyLength > footerStart) {
        fail(`${kind} block ${i} (bytes ${offset} to ${offset + metadataLength + bodyLength}) lies outside the data part (bytes 8 to ${footerStart})`);
      }
      const batchWhat = () => `${kind} ${i} of the ${what()}`;
      const message = readMessage(read, offset, metadataLength, batchWhat);
      const expected = kind === 'record batch' ? HEADER_RECORD_BATCH : HEADER_DICTIONARY;
      if (message === undefined || message.type !== expected) fail(`${kind} block ${i} does not point at a ${kind} message`);
      if (message.bodyLength > bodyLength) fail(`${kind} ${i} claims a ${message.bodyLength}-byte body where its block holds ${bodyLength}`);
      checkBatch(read, offset, message, schema, batchWhat);
      if (kind === 'record batch') {
        layout.batches++;
        layout.rows += message.rows;
      }
    }
  }
  return layout;
}

/**
 * Checks an Arrow IPC stream: schema first, then dictionary and record batch messages, each inside the data, up to the
 * end-of-stream marker, which must be there (a stream cut between two messages would otherwise read as fewer rows).
 * @param read - reads the stream's bytes by range
 * @param size - its size in bytes
 * @param source - the file's name, for error messages
 * @returns its record batch and row counts
 * @throws IpcError naming the file, the message's byte offset and the first problem found
 */
export function validateIpcStream(read: ReadAt, size: number, source: string): IpcLayout {
  const what = () => `Arrow IPC stream for ${source}`;
  const fail: (problem: string) => never = (problem) => {
    throw new IpcError(`Expected a valid ${what()} but ${problem}`);
  };
  if (size === 0) fail('it is empty');
  const layout: IpcLayout = { batches: 0, rows: 0 };
  let schema: SchemaLayout = { fields: [], dictionaries: new Map() };
  let at = 0;
  for (let index = 0; ; index++) {
    if (at >= size) fail(`it ends at byte ${size} without its end-of-stream marker (truncated)`);
    const message = readMessage(read, at, size - at, what);
    if (message === undefined) return layout;
    if ((index === 0) !== (message.type === HEADER_SCHEMA)) fail(index === 0 ? 'it does not start with a schema message' : `message ${index} at byte ${at} is a second schema`);
    const end = at + message.metadataBytes + message.bodyLength;
    if (end > size) fail(`message ${index} at byte ${at} ends at byte ${end}, past the end at ${size} (truncated)`);
    if (message.schema !== undefined) schema = message.schema;
    else checkBatch(read, at, message, schema, what);
    if (message.type === HEADER_RECORD_BATCH) {
      layout.batches++;
      layout.rows += message.rows;
    }
    at = end;
  }
}

/**
 * A {@link ReadAt} over bytes in memory.
 * @param bytes - the data
 * @returns the reader
 */
export function readInMemory(bytes: Uint8Array): ReadAt {
  return (offset, length) => bytes.subarray(offset, offset + length);
}
