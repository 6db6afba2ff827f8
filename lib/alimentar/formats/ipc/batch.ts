/**
 * Checks one record batch's field nodes and buffers against its schema, per the Arrow columnar format: a node per field
 * in depth-first order, top-level columns as long as the batch, children as long as their parent's type needs, no
 * more nulls than values, and every buffer inside the body and long enough for its node (apache-arrow takes each
 * buffer as it is, so a short one decodes silently as a column with fewer values than rows). Only headers are read,
 * plus the first and last offset of each variable-length column, to bound the bytes or child values it reaches.
 */
import type { ReadAt } from './validate';
import type { FlatBuffer } from './flatbuffer';
import type { FieldLayout } from './schema';

const STRUCT16 = 16;
const VIEW_BYTES = 16;
/** Metadata version V5 (Arrow 1.0), from which unions have no validity bitmap. */
const METADATA_V5 = 4;

/** Where a batch's body lies and how to read it. */
export interface BatchBody {
  read: ReadAt;
  /** Byte position of the body in the file or stream. */
  start: number;
  /** Bytes in the body. */
  length: number;
}

/** One record batch (or a dictionary batch's data) to check. */
export interface BatchToCheck {
  fb: FlatBuffer;
  /** The RecordBatch table's position in `fb`. */
  table: number;
  /** Its columns: the schema's fields, or a dictionary's value field. */
  fields: FieldLayout[];
  rows: number;
  /** The message's metadata version. */
  version: number;
  body: BatchBody;
  /** Reports a problem, naming the file and the batch. */
  fail: (problem: string) => never;
}

interface Node {
  length: number;
  nulls: number;
}

interface BufferRange {
  offset: number;
  length: number;
}

/**
 * Checks a record batch's nodes and buffers.
 * @param batch - the batch, its schema fields and body
 * @throws IpcError (through batch.fail) naming the column and the first inconsistency found
 */
export function checkBatchLayout(batch: BatchToCheck): void {
  const { fb, table, body, fail } = batch;
  const nodesAt = fb.field(table, 1);
  const buffersAt = fb.field(table, 2);
  const variadicAt = fb.field(table, 4);
  const nodes = nodesAt === undefined ? { start: 0, count: 0 } : fb.vector(nodesAt, STRUCT16, 'field node');
  const buffers = buffersAt === undefined ? { start: 0, count: 0 } : fb.vector(buffersAt, STRUCT16, 'buffer');
  const variadic = variadicAt === undefined ? { start: 0, count: 0 } : fb.vector(variadicAt, 8, 'variadic buffer count');
  // compressed buffers hold their compressed bytes: their sizes and offsets say nothing before decompression
  const compressed = fb.field(table, 3) !== undefined;
  let nodeIndex = 0;
  let bufferIndex = 0;
  let variadicIndex = 0;

  const nextNode = (column: string): Node => {
    if (nodeIndex >= nodes.count) fail(`it has ${nodes.count} field nodes, too few for its schema (none left for column '${column}')`);
    const p = nodes.start + STRUCT16 * nodeIndex++;
    return { length: fb.size(p, 'column length'), nulls: fb.size(p + 8, 'null count') };
  };
  const nextBuffer = (column: string): BufferRange => {
    if (bufferIndex >= buffers.count) fail(`it has ${buffers.count} buffers, too few for its schema (none left for column '${column}')`);
    const i = bufferIndex++;
    const p = buffers.start + STRUCT16 * i;
    const offset = fb.size(p, 'buffer offset');
    const length = fb.size(p + 8, 'buffer length');
    if (offset + length > body.length) fail(`buffer ${i} (column '${column}') ends at ${offset + length}, past its ${body.length}-byte body`);
    return { offset, length };
  };
  const needBytes = (column: string, what: string, buffer: BufferRange, node: Node, bytes: number): void => {
    if (!compressed && buffer.length < bytes) fail(`column '${column}' has a ${buffer.length}-byte ${what} where its ${node.length} values need ${bytes} bytes`);
  };
  const validity = (column: string, node: Node): void => {
    const buffer = nextBuffer(column);
    if (node.nulls > 0 || buffer.length > 0) needBytes(column, 'validity bitmap', buffer, node, Math.ceil(node.length / 8));
  };
  const values = (column: string, node: Node, bits: number): void => {
    needBytes(column, 'data buffer', nextBuffer(column), node, Math.ceil((node.length * bits) / 8));
  };
  const readOffset = (column: string, at: number, width: number): number => {
    const bytes = body.read(body.start + at, width);
    if (bytes.length < width) fail(`the offsets of column '${column}' lie past the end of the data`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, width);
    const v = width === 4 ? view.getInt32(0, true) : view.getBigInt64(0, true);
    if (v < 0 || v > Number.MAX_SAFE_INTEGER) fail(`column '${column}' has an offset of ${v}`);
    return Number(v);
  };
  /** Checks an offsets buffer and returns its last offset: the bytes or child values the column reaches. */
  const offsets = (column: string, node: Node, width: number): number => {
    const buffer = nextBuffer(column);
    if (node.length === 0 || compressed) return 0;
    needBytes(column, 'offsets buffer', buffer, node, (node.length + 1) * width);
    const first = readOffset(column, buffer.offset, width);
    const last = readOffset(column, buffer.offset + node.length * width, width);
    if (last < first) fail(`column '${column}' has offsets running backwards, from ${first} to ${last}`);
    return last;
  };

  const visit = (field: FieldLayout, wanted: number, exact: boolean): void => {
    const column = field.name;
    const node = nextNode(column);
    if (exact ? node.length !== wanted : node.length < wanted) {
      fail(`column '${column}' has ${node.length} values where ${exact ? '' : 'at least '}${wanted} are expected`);
    }
    if (node.nulls > node.length) fail(`column '${column}' has ${node.nulls} nulls in ${node.length} values`);
    if (field.dictionary !== undefined) {
      // the batch holds the indices; the values and their children come in the dictionary batch
      validity(column, node);
      values(column, node, field.dictionary.indexBits);
      return;
    }
    const layout = field.layout;
    switch (layout.kind) {
      case 'null':
        return;
      case 'fixed':
        validity(column, node);
        values(column, node, layout.bits);
        return;
      case 'binary': {
        validity(column, node);
        const end = offsets(column, node, layout.offsetBytes);
        const data = nextBuffer(column);
        if (!compressed && data.length < end) fail(`column '${column}' has offsets reaching byte ${end} of its ${data.length}-byte data buffer`);
        return;
      }
      case 'view': {
        validity(column, node);
        values(column, node, 8 * VIEW_BYTES);
        if (variadicIndex >= variadic.count) fail(`it has ${variadic.count} variadic buffer counts, too few for column '${column}'`);
        const count = fb.size(variadic.start + 8 * variadicIndex++, 'variadic buffer count');
        for (let i = 0; i < count; i++) nextBuffer(column);
        return;
      }
      case 'list':
        validity(column, node);
        visit(field.children[0], offsets(column, node, layout.offsetBytes), false);
        return;
      case 'fixedList':
        validity(column, node);
        visit(field.children[0], node.length * layout.size, false);
        return;
      case 'struct':
        validity(column, node);
        for (const child of field.children) visit(child, node.length, false);
        return;
      case 'union':
        if (batch.version < METADATA_V5) validity(column, node);
        values(column, node, 8);
        if (layout.dense) values(column, node, 32);
        // a dense union's offsets pick values from its children, whatever their lengths
        for (const child of field.children) visit(child, layout.dense ? 0 : node.length, false);
        return;
    }
  };

  for (const field of batch.fields) visit(field, batch.rows, true);
  if (nodeIndex !== nodes.count || bufferIndex !== buffers.count) {
    fail(`it has ${nodes.count} field nodes and ${buffers.count} buffers where its schema describes ${nodeIndex} and ${bufferIndex}`);
  }
}
