/**
 * An Arrow IPC schema read from its flatbuffer into what the record batch checks need: each field's name, physical
 * layout (which buffers it has and how long they must be, per the Arrow columnar format's "buffer listing for each
 * layout") and children, and which fields are dictionary-encoded under which id.
 */
import { FlatBuffer, OFFSET_BYTES } from './flatbuffer';

/** How a column's values lie in its buffers, in the order the buffers appear in a record batch. */
export type Layout =
  /** no buffers */
  | { kind: 'null' }
  /** validity bitmap, values of `bits` bits each (1 for booleans) */
  | { kind: 'fixed'; bits: number }
  /** validity bitmap, offsets of `offsetBytes` bytes, value bytes */
  | { kind: 'binary'; offsetBytes: number }
  /** validity bitmap, 16-byte views, then as many data buffers as the batch's variadic count says */
  | { kind: 'view' }
  /** validity bitmap, offsets of `offsetBytes` bytes; one child holding the values the offsets reach */
  | { kind: 'list'; offsetBytes: number }
  /** validity bitmap; one child holding `size` values per slot */
  | { kind: 'fixedList'; size: number }
  /** validity bitmap; children at least as long as the struct */
  | { kind: 'struct' }
  /** validity bitmap before metadata V5, 8-bit type ids, 32-bit offsets when dense; children */
  | { kind: 'union'; dense: boolean };

/** One field of a schema, as the batch checks see it. */
export interface FieldLayout {
  name: string;
  layout: Layout;
  children: FieldLayout[];
  /** For a dictionary-encoded field: its dictionary's id and the bits of its indices (its batch column holds only those). */
  dictionary?: { id: bigint; indexBits: number };
}

/** A schema's fields and, by dictionary id, the fields whose values each dictionary batch holds. */
export interface SchemaLayout {
  fields: FieldLayout[];
  dictionaries: Map<bigint, FieldLayout>;
}

/** Deepest nesting of fields accepted (a list of structs of lists …); real schemas stay far below it. */
const MAX_DEPTH = 64;

/** Arrow's Type union, by its flatbuffer tag. */
const TypeTag = {
  Null: 1, Int: 2, FloatingPoint: 3, Binary: 4, Utf8: 5, Bool: 6, Decimal: 7, Date: 8, Time: 9, Timestamp: 10, Interval: 11,
  List: 12, Struct: 13, Union: 14, FixedSizeBinary: 15, FixedSizeList: 16, Map: 17, Duration: 18, LargeBinary: 19,
  LargeUtf8: 20, LargeList: 21, BinaryView: 23, Utf8View: 24,
} as const;

/** Checks a vector of key/value string tables (custom metadata), if present. */
function checkKeyValues(fb: FlatBuffer, at: number | undefined): void {
  if (at === undefined) return;
  const items = fb.vector(at, OFFSET_BYTES, 'custom metadata');
  for (let i = 0; i < items.count; i++) {
    const kv = fb.deref(items.start + i * OFFSET_BYTES);
    fb.text(fb.field(kv, 0), 'metadata key');
    fb.text(fb.field(kv, 1), 'metadata value');
  }
}

/** A 16- or 32-bit field of a type table, or its default when absent. */
function param(fb: FlatBuffer, table: number | undefined, index: number, bytes: 2 | 4, byDefault: number): number {
  const at = table === undefined ? undefined : fb.field(table, index);
  if (at === undefined) return byDefault;
  return bytes === 2 ? fb.u16(at) : fb.i32(at);
}

/** Bits of an Int type table (also a dictionary's index type), checked to be one Arrow allows. */
function intBits(fb: FlatBuffer, table: number | undefined, name: string): number {
  const bits = param(fb, table, 0, 4, 0);
  if (![8, 16, 32, 64].includes(bits)) fb.fail(`field '${name}' has an integer type of ${bits} bits (expected 8, 16, 32 or 64)`);
  return bits;
}

/** The physical layout of an Arrow type, from its tag and type table. */
function layoutOf(fb: FlatBuffer, tag: number, table: number | undefined, name: string): Layout {
  const fixed = (bits: number): Layout => ({ kind: 'fixed', bits });
  const oneOf = (what: string, value: number, bits: Record<number, number>): Layout => {
    if (bits[value] === undefined) fb.fail(`field '${name}' has ${what} ${value} (expected one of ${Object.keys(bits).join(', ')})`);
    return fixed(bits[value]);
  };
  const nonNegative = (what: string): number => {
    const v = param(fb, table, 0, 4, 0);
    if (v < 0) fb.fail(`field '${name}' has ${what} ${v}`);
    return v;
  };
  switch (tag) {
    case TypeTag.Null: return { kind: 'null' };
    case TypeTag.Int: return fixed(intBits(fb, table, name));
    case TypeTag.FloatingPoint: return oneOf('floating point precision', param(fb, table, 0, 2, 0), { 0: 16, 1: 32, 2: 64 });
    case TypeTag.Bool: return fixed(1);
    case TypeTag.Decimal: return oneOf('decimal bit width', param(fb, table, 2, 4, 128), { 32: 32, 64: 64, 128: 128, 256: 256 });
    case TypeTag.Date: return oneOf('date unit', param(fb, table, 0, 2, 1), { 0: 32, 1: 64 });
    case TypeTag.Time: return oneOf('time bit width', param(fb, table, 1, 4, 32), { 32: 32, 64: 64 });
    case TypeTag.Timestamp: case TypeTag.Duration: return fixed(64);
    case TypeTag.Interval: return oneOf('interval unit', param(fb, table, 0, 2, 0), { 0: 32, 1: 64, 2: 128 });
    case TypeTag.FixedSizeBinary: return fixed(8 * nonNegative('byte width'));
    case TypeTag.Binary: case TypeTag.Utf8: return { kind: 'binary', offsetBytes: 4 };
    case TypeTag.LargeBinary: case TypeTag.LargeUtf8: return { kind: 'binary', offsetBytes: 8 };
    case TypeTag.BinaryView: case TypeTag.Utf8View: return { kind: 'view' };
    case TypeTag.List: case TypeTag.Map: return { kind: 'list', offsetBytes: 4 };
    case TypeTag.LargeList: return { kind: 'list', offsetBytes: 8 };
    case TypeTag.FixedSizeList: return { kind: 'fixedList', size: nonNegative('list size') };
    case TypeTag.Struct: return { kind: 'struct' };
    case TypeTag.Union: return { kind: 'union', dense: param(fb, table, 0, 2, 0) === 1 };
    default: return fb.fail(`field '${name}' has Arrow type ${tag}, which is not supported`);
  }
}

/**
 * Reads a Schema table and its fields, recursively, checking each name, type, child vector and metadata inside the
 * buffer. The number of fields visited is bounded by the buffer's size, so a child vector that points many times at
 * one table (which would otherwise expand into a huge tree) is an error, not a heap blow-up.
 * @param fb - the footer or schema message
 * @param schema - the Schema table's position
 * @param size - the flatbuffer's size in bytes
 * @returns the fields' layouts
 * @throws IpcError for anything outside the buffer, too deep, or not a known Arrow type
 */
export function readSchema(fb: FlatBuffer, schema: number, size: number): SchemaLayout {
  let budget = size / OFFSET_BYTES;
  const dictionaries = new Map<bigint, FieldLayout>();
  const readFields = (at: number | undefined, depth: number, parent: string): FieldLayout[] => {
    if (at === undefined) return [];
    if (depth > MAX_DEPTH) fb.fail(`its fields nest more than ${MAX_DEPTH} deep`);
    const vector = fb.vector(at, OFFSET_BYTES, 'field');
    const fields: FieldLayout[] = [];
    for (let i = 0; i < vector.count; i++) {
      if (--budget < 0) fb.fail('its schema holds more fields than its bytes can');
      const field = fb.deref(vector.start + i * OFFSET_BYTES);
      const name = parent + fb.text(fb.field(field, 0), 'field name');
      const tagAt = fb.field(field, 2);
      const typeAt = fb.field(field, 3);
      const layout = layoutOf(fb, tagAt === undefined ? 0 : fb.u8(tagAt), typeAt === undefined ? undefined : fb.deref(typeAt), name);
      const children = readFields(fb.field(field, 5), depth + 1, `${name}.`);
      const childrenNeeded = layout.kind === 'list' || layout.kind === 'fixedList' ? 1 : layout.kind === 'struct' || layout.kind === 'union' ? children.length : 0;
      if (children.length !== childrenNeeded) fb.fail(`field '${name}' has ${children.length} children where its type takes ${childrenNeeded}`);
      checkKeyValues(fb, fb.field(field, 6));
      fields.push({ name, layout, children, dictionary: readDictionary(fb, fb.field(field, 4), name) });
      const encoding = fields[i].dictionary;
      if (encoding !== undefined) dictionaries.set(encoding.id, { name, layout, children });
    }
    return fields;
  };
  const fields = readFields(fb.field(schema, 1), 0, '');
  checkKeyValues(fb, fb.field(schema, 2));
  return { fields, dictionaries };
}

/** A field's DictionaryEncoding table, if present: its id and index bits (32 when the index type is absent). */
function readDictionary(fb: FlatBuffer, at: number | undefined, name: string): FieldLayout['dictionary'] {
  if (at === undefined) return undefined;
  const encoding = fb.deref(at);
  const idAt = fb.field(encoding, 0);
  const indexAt = fb.field(encoding, 1);
  return { id: idAt === undefined ? 0n : fb.i64(idAt), indexBits: indexAt === undefined ? 32 : intBits(fb, fb.deref(indexAt), name) };
}
