/**
 * Structural checks of Arrow IPC data before apache-arrow decodes it. apache-arrow trusts the lengths and counts it
 * reads: a damaged footer can announce 2^31 record batches (its loop allocates until the heap aborts), a damaged
 * message length can make it spin, and a file cut short can decode as 0 rows. So every length, offset and count here is
 * checked against the bytes that are really there, and every loop is bounded by them: the magic at both ends, the
 * footer inside the file, each block's message and body inside the data part, each message's flatbuffer inside its
 * metadata, each record batch's buffers inside its body. Only message headers are read (a few hundred bytes per
 * batch), never the bodies, so a file is checked in time and memory proportional to its number of batches.
 */
import { IpcError } from '../../errors';

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
const STRUCT16 = 16;
const MAGIC = 'ARROW1';

/** A bounds-checked reader of one flatbuffer; any read outside it is an IpcError about `what`. */
class FlatBuffer {
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array, private readonly what: () => string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(problem: string): never {
    throw new IpcError(`Expected a valid ${this.what()} but ${problem}`);
  }

  private check(at: number, size: number): void {
    if (!(at >= 0 && at + size <= this.bytes.length)) this.fail(`a field at byte ${at} lies outside its ${this.bytes.length} bytes`);
  }

  u8(at: number): number {
    this.check(at, 1);
    return this.view.getUint8(at);
  }

  u16(at: number): number {
    this.check(at, 2);
    return this.view.getUint16(at, true);
  }

  u32(at: number): number {
    this.check(at, 4);
    return this.view.getUint32(at, true);
  }

  /** A non-negative int64 that fits a JS number. */
  size(at: number, name: string): number {
    this.check(at, 8);
    const v = this.view.getBigInt64(at, true);
    if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`its ${name} is ${v}`);
    return Number(v);
  }

  /** The root table's position. */
  root(): number {
    return this.u32(0);
  }

  /** The position of field `index` of the table at `table`, or undefined when absent. */
  field(table: number, index: number): number | undefined {
    this.check(table, 4);
    const vtable = table - this.view.getInt32(table, true);
    const vtableBytes = this.u16(vtable);
    const slot = 4 + 2 * index;
    if (slot + 2 > vtableBytes) return undefined;
    const at = this.u16(vtable + slot);
    return at === 0 ? undefined : table + at;
  }

  /** The table or vector an offset field points to. */
  deref(at: number): number {
    return at + this.u32(at);
  }

  /** A vector of `elementBytes`-byte structs: its first element's position and its length, both checked. */
  vector(at: number, elementBytes: number, name: string): { start: number; count: number } {
    const vec = this.deref(at);
    const count = this.u32(vec);
    const start = vec + 4;
    if (start + count * elementBytes > this.bytes.length) this.fail(`its ${name} count ${count} needs more bytes than it has`);
    return { start, count };
  }
}

const OFFSET_BYTES = 4;
/** Deepest nesting of fields accepted (a list of structs of lists …); real schemas stay far below it. */
const MAX_DEPTH = 64;

/** Checks a string field (its length inside the buffer), if present. */
function checkString(fb: FlatBuffer, at: number | undefined, name: string): void {
  if (at !== undefined) fb.vector(at, 1, `${name} length`);
}

/** Checks a vector of key/value string tables (custom metadata), if present. */
function checkKeyValues(fb: FlatBuffer, at: number | undefined): void {
  if (at === undefined) return;
  const items = fb.vector(at, OFFSET_BYTES, 'custom metadata');
  for (let i = 0; i < items.count; i++) {
    const kv = fb.deref(items.start + i * OFFSET_BYTES);
    checkString(fb, fb.field(kv, 0), 'metadata key');
    checkString(fb, fb.field(kv, 1), 'metadata value');
  }
}

/**
 * Checks a Schema table and its fields, recursively: each name, child vector and metadata inside the buffer. The
 * number of fields visited is bounded by the buffer's size, so a child vector that points many times at one table
 * (which would otherwise expand into a huge tree) is an error, not a heap blow-up.
 */
function checkSchema(fb: FlatBuffer, schema: number, size: number): void {
  let budget = size / OFFSET_BYTES;
  const checkFields = (at: number | undefined, depth: number): void => {
    if (at === undefined) return;
    if (depth > MAX_DEPTH) fb.fail(`its fields nest more than ${MAX_DEPTH} deep`);
    const fields = fb.vector(at, OFFSET_BYTES, 'field');
    for (let i = 0; i < fields.count; i++) {
      if (--budget < 0) fb.fail('its schema holds more fields than its bytes can');
      const field = fb.deref(fields.start + i * OFFSET_BYTES);
      checkString(fb, fb.field(field, 0), 'field name');
      const typeAt = fb.field(field, 3);
      if (typeAt !== undefined) fb.field(fb.deref(typeAt), 0);
      checkFields(fb.field(field, 5), depth + 1);
      checkKeyValues(fb, fb.field(field, 6));
    }
  };
  checkFields(fb.field(schema, 1), 0);
  checkKeyValues(fb, fb.field(schema, 2));
}

/** A message's framing and header, read from `at` with at most `limit` bytes of metadata available. */
interface MessageHeader {
  /** Bytes of framing plus metadata (the body follows). */
  metadataBytes: number;
  bodyLength: number;
  type: number;
  /** Rows of a record batch. */
  rows: number;
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
  const typeAt = fb.field(message, 1);
  const type = typeAt === undefined ? 0 : fb.u8(typeAt);
  const bodyAt = fb.field(message, 3);
  const bodyLength = bodyAt === undefined ? 0 : fb.size(bodyAt, 'body length');
  const headerAt = fb.field(message, 2);
  let rows = 0;
  if (type === HEADER_RECORD_BATCH || type === HEADER_DICTIONARY) {
    if (headerAt === undefined) fail(`the message at byte ${at} has no header`);
    let batch = fb.deref(headerAt);
    if (type === HEADER_DICTIONARY) {
      const dataAt = fb.field(batch, 1);
      if (dataAt === undefined) fail(`the dictionary batch at byte ${at} has no data`);
      batch = fb.deref(dataAt);
    }
    const lengthAt = fb.field(batch, 0);
    rows = lengthAt === undefined ? 0 : fb.size(lengthAt, 'row count');
    const nodesAt = fb.field(batch, 1);
    if (nodesAt !== undefined) {
      const nodes = fb.vector(nodesAt, STRUCT16, 'field node');
      for (let i = 0; i < nodes.count; i++) {
        const p = nodes.start + i * STRUCT16;
        if (fb.size(p + 8, 'null count') > fb.size(p, 'column length')) fail(`column node ${i} of the batch at byte ${at} has more nulls than values`);
      }
    }
    const buffersAt = fb.field(batch, 2);
    if (buffersAt !== undefined) {
      const buffers = fb.vector(buffersAt, STRUCT16, 'buffer');
      for (let i = 0; i < buffers.count; i++) {
        const p = buffers.start + i * STRUCT16;
        const end = fb.size(p, 'buffer offset') + fb.size(p + 8, 'buffer length');
        if (end > bodyLength) fail(`buffer ${i} of the batch at byte ${at} ends at ${end}, past its ${bodyLength}-byte body`);
      }
    }
  } else if (type === HEADER_SCHEMA) {
    if (headerAt === undefined) fail(`the schema message at byte ${at} has no schema`);
    checkSchema(fb, fb.deref(headerAt), length);
  } else {
    fail(`the message at byte ${at} has header type ${type} (expected a schema, dictionary or record batch)`);
  }
  return { metadataBytes: framing + length, bodyLength, type, rows };
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
  checkSchema(footer, footer.deref(schemaAt), footerLength);
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
  let at = 0;
  for (let index = 0; ; index++) {
    if (at >= size) fail(`it ends at byte ${size} without its end-of-stream marker (truncated)`);
    const message = readMessage(read, at, size - at, what);
    if (message === undefined) return layout;
    if ((index === 0) !== (message.type === HEADER_SCHEMA)) fail(index === 0 ? 'it does not start with a schema message' : `message ${index} at byte ${at} is a second schema`);
    const end = at + message.metadataBytes + message.bodyLength;
    if (end > size) fail(`message ${index} at byte ${at} ends at byte ${end}, past the end at ${size} (truncated)`);
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
