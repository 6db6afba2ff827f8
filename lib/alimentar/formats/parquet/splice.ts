/**
 * Splices Parquet files that each hold some of a table's columns (same rows, same row groups, written by the same
 * writer with the same properties) into the one file a single writer would have written: every column chunk is
 * copied as it was encoded, and one footer lists them all. The footer's schema, key-value metadata (the Arrow schema
 * among them), writer name and column orders come from a `template`: the whole table's schema written with no rows.
 * What moves is rewritten: each chunk's page offsets (ColumnMetaData data/index/dictionary page offsets, the
 * ColumnChunk's file_offset), each row group's file offset and sizes, and the page index (column indexes copied,
 * offset indexes re-encoded with their page offsets moved), laid out as the Rust writer lays them out: all column
 * chunks, then every column index, then every offset index, then the footer.
 */
import { footerOf } from './footer';
import { I32, I64, LIST, readInt, readList, readStruct, STRUCT, writeInt, writeList, writeStruct, type Field } from './thrift';

/** A layout the splice does not handle (bloom filters, sorting columns, encryption): the caller writes on one thread. */
export class SpliceUnsupported extends Error {}

/** One part: a Parquet file holding the table's top-level columns `fields` (their indices, increasing). */
export interface SplicePart {
  bytes: Uint8Array;
  fields: number[];
}

const SOURCE = 'a column group written in parallel';
const MAGIC = Uint8Array.of(0x50, 0x41, 0x52, 0x31);

// Field ids of parquet.thrift.
const FILE_NUM_ROWS = 3;
const FILE_ROW_GROUPS = 4;
const SCHEMA = 2;
const SCHEMA_NUM_CHILDREN = 5;
const RG_COLUMNS = 1;
const RG_TOTAL_BYTE_SIZE = 2;
const RG_NUM_ROWS = 3;
const RG_FILE_OFFSET = 5;
const RG_TOTAL_COMPRESSED = 6;
const CC_FILE_OFFSET = 2;
const CC_META = 3;
const CC_OFFSET_INDEX_OFFSET = 4;
const CC_OFFSET_INDEX_LENGTH = 5;
const CC_COLUMN_INDEX_OFFSET = 6;
const CC_COLUMN_INDEX_LENGTH = 7;
const META_TOTAL_COMPRESSED = 7;
const META_DATA_PAGE = 9;
const META_INDEX_PAGE = 10;
const META_DICTIONARY_PAGE = 11;
const META_BLOOM_FILTER = 14;
const PAGE_LOCATION_OFFSET = 1;

/** Fields this splice knows how to carry over, per struct; anything else is SpliceUnsupported. */
const KNOWN_FILE = new Set([1, SCHEMA, FILE_NUM_ROWS, FILE_ROW_GROUPS, 5, 6, 7]);
const KNOWN_ROW_GROUP = new Set([RG_COLUMNS, RG_TOTAL_BYTE_SIZE, RG_NUM_ROWS, RG_FILE_OFFSET, RG_TOTAL_COMPRESSED, 7]);
const KNOWN_CHUNK = new Set([CC_FILE_OFFSET, CC_META, CC_OFFSET_INDEX_OFFSET, CC_OFFSET_INDEX_LENGTH, CC_COLUMN_INDEX_OFFSET, CC_COLUMN_INDEX_LENGTH]);

function get(fields: Field[], id: number): Field | undefined {
  return fields.find((f) => f.id === id);
}

function int(fields: Field[], id: number): number | undefined {
  const f = get(fields, id);
  return f === undefined ? undefined : readInt(f.value, SOURCE);
}

/** `fields` with field `id` set to `value` (added in id order when absent). */
function put(fields: Field[], id: number, type: number, value: Uint8Array): Field[] {
  const rest = fields.filter((f) => f.id !== id);
  return [...rest, { id, type, value }].sort((a, b) => a.id - b.id);
}

function known(fields: Field[], ids: Set<number>, what: string): void {
  const other = fields.find((f) => !ids.has(f.id));
  if (other !== undefined) throw new SpliceUnsupported(`${what} field ${other.id}`);
}

/** How many leaf columns each top-level field has, from a footer's flattened schema. */
function leavesPerField(footer: Field[]): number[] {
  const elements = readList(get(footer, SCHEMA)!.value, SOURCE).items.map((e) => int(readStruct(e, SOURCE), SCHEMA_NUM_CHILDREN) ?? 0);
  let at = 1;
  const leaves = (): number => {
    const children = elements[at++];
    if (children === 0) return 1;
    let n = 0;
    for (let i = 0; i < children; i++) n += leaves();
    return n;
  };
  return Array.from({ length: elements[0] }, leaves);
}

/** A column chunk on its way to the new file. */
interface Chunk {
  part: SplicePart;
  fields: Field[];
  shift: number;
}

/**
 * Splices column-group files into one Parquet file (see the module comment).
 * @param template - the whole table's schema written by the same writer with no rows
 * @param parts - the column groups, together holding every top-level column once
 * @returns the file's bytes
 * @throws SpliceUnsupported when a part's layout is one this splice does not rewrite
 */
export function spliceColumnGroups(template: Uint8Array, parts: SplicePart[]): Uint8Array {
  const templateFooter = readStruct(footerOf(template, SOURCE), SOURCE);
  known(templateFooter, KNOWN_FILE, 'FileMetaData');
  const fieldCount = leavesPerField(templateFooter).length;
  // owner[f]: the part holding top-level column f and the range of its leaf columns there
  const owner: ({ part: number; first: number; count: number } | undefined)[] = Array.from({ length: fieldCount }, () => undefined);
  const footers = parts.map((part, k) => {
    const footer = readStruct(footerOf(part.bytes, SOURCE), SOURCE);
    known(footer, KNOWN_FILE, 'FileMetaData');
    const leaves = leavesPerField(footer);
    if (leaves.length !== part.fields.length) throw new SpliceUnsupported('a part with other columns than asked');
    let first = 0;
    part.fields.forEach((f, i) => {
      if (f >= fieldCount || owner[f] !== undefined) throw new SpliceUnsupported('parts that overlap');
      owner[f] = { part: k, first, count: leaves[i] };
      first += leaves[i];
    });
    return footer;
  });
  if (owner.length !== fieldCount || owner.some((o) => o === undefined)) throw new SpliceUnsupported('parts that do not cover the table');
  const covered = owner as { part: number; first: number; count: number }[];
  const groups = footers.map((f) => readList(get(f, FILE_ROW_GROUPS)!.value, SOURCE).items.map((rg) => readStruct(rg, SOURCE)));
  const numRows = get(footers[0], FILE_NUM_ROWS)!;
  for (let k = 1; k < parts.length; k++) {
    if (groups[k].length !== groups[0].length || !sameBytes(get(footers[k], FILE_NUM_ROWS)!.value, numRows.value)) throw new SpliceUnsupported('parts with other row groups');
  }

  const out: Uint8Array[] = [MAGIC];
  let pos = MAGIC.length;
  const emit = (b: Uint8Array): number => {
    out.push(b);
    pos += b.length;
    return pos - b.length;
  };
  const rowGroups: { fields: Field[]; chunks: Chunk[] }[] = [];
  for (let r = 0; r < groups[0].length; r++) {
    const columns = groups.map((g) => {
      known(g[r], KNOWN_ROW_GROUP, 'RowGroup');
      return readList(get(g[r], RG_COLUMNS)!.value, SOURCE).items;
    });
    const chunks: Chunk[] = [];
    const start = pos;
    for (const o of covered) {
      for (let i = o.first; i < o.first + o.count; i++) chunks.push(moveChunk(parts[o.part], readStruct(columns[o.part][i], SOURCE), emit));
    }
    let fields = groups[0][r];
    for (let k = 1; k < parts.length; k++) {
      if (!sameBytes(get(groups[k][r], RG_NUM_ROWS)!.value, get(fields, RG_NUM_ROWS)!.value)) throw new SpliceUnsupported('row groups of other sizes');
    }
    const sum = (id: number) => groups.reduce((s, g) => s + (int(g[r], id) ?? 0), 0);
    fields = put(fields, RG_TOTAL_BYTE_SIZE, I64, writeInt(sum(RG_TOTAL_BYTE_SIZE)));
    if (get(fields, RG_FILE_OFFSET)) fields = put(fields, RG_FILE_OFFSET, I64, writeInt(start));
    if (get(fields, RG_TOTAL_COMPRESSED)) fields = put(fields, RG_TOTAL_COMPRESSED, I64, writeInt(sum(RG_TOTAL_COMPRESSED)));
    rowGroups.push({ fields, chunks });
  }
  // the page index: column indexes as they are, then offset indexes with their page offsets moved with the chunk
  for (const rg of rowGroups) {
    for (const c of rg.chunks) {
      const offset = int(c.fields, CC_COLUMN_INDEX_OFFSET);
      if (offset === undefined) continue;
      const at = emit(slice(c.part.bytes, offset, int(c.fields, CC_COLUMN_INDEX_LENGTH) ?? 0));
      c.fields = put(c.fields, CC_COLUMN_INDEX_OFFSET, I64, writeInt(at));
    }
  }
  for (const rg of rowGroups) {
    for (const c of rg.chunks) {
      const offset = int(c.fields, CC_OFFSET_INDEX_OFFSET);
      if (offset === undefined) continue;
      const index = movedOffsetIndex(slice(c.part.bytes, offset, int(c.fields, CC_OFFSET_INDEX_LENGTH) ?? 0), c.shift);
      c.fields = put(put(c.fields, CC_OFFSET_INDEX_OFFSET, I64, writeInt(emit(index))), CC_OFFSET_INDEX_LENGTH, I32, writeInt(index.length));
    }
  }
  const rowGroupList = rowGroups.map((rg) => writeStruct(put(rg.fields, RG_COLUMNS, LIST, writeList(STRUCT, rg.chunks.map((c) => writeStruct(c.fields))))));
  const footer = writeStruct(put(put(templateFooter, FILE_NUM_ROWS, I64, numRows.value), FILE_ROW_GROUPS, LIST, writeList(STRUCT, rowGroupList)));
  emit(footer);
  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setUint32(0, footer.length, true);
  tail.set(MAGIC, 4);
  emit(tail);
  return concat(out, pos);
}

/** Copies a column chunk's pages to the output and moves its offsets with them. */
function moveChunk(part: SplicePart, fields: Field[], emit: (b: Uint8Array) => number): Chunk {
  known(fields, KNOWN_CHUNK, 'ColumnChunk');
  const metaField = get(fields, CC_META);
  if (metaField === undefined) throw new SpliceUnsupported('a column chunk without metadata');
  let meta = readStruct(metaField.value, SOURCE);
  if (get(meta, META_BLOOM_FILTER)) throw new SpliceUnsupported('bloom filters');
  const start = int(meta, META_DICTIONARY_PAGE) ?? int(meta, META_DATA_PAGE)!;
  const shift = emit(slice(part.bytes, start, int(meta, META_TOTAL_COMPRESSED)!)) - start;
  for (const id of [META_DATA_PAGE, META_INDEX_PAGE, META_DICTIONARY_PAGE]) {
    const at = int(meta, id);
    if (at !== undefined) meta = put(meta, id, I64, writeInt(at + shift));
  }
  fields = put(fields, CC_META, STRUCT, writeStruct(meta));
  const fileOffset = int(fields, CC_FILE_OFFSET);
  if (fileOffset) fields = put(fields, CC_FILE_OFFSET, I64, writeInt(fileOffset + shift));
  return { part, fields, shift };
}

/** An OffsetIndex with every page location's offset moved by `shift`. */
function movedOffsetIndex(bytes: Uint8Array, shift: number): Uint8Array {
  let index = readStruct(bytes, SOURCE);
  const locations = get(index, 1);
  if (locations === undefined) return writeStruct(index);
  const moved = readList(locations.value, SOURCE).items.map((item) => {
    const loc = readStruct(item, SOURCE);
    return writeStruct(put(loc, PAGE_LOCATION_OFFSET, I64, writeInt(int(loc, PAGE_LOCATION_OFFSET)! + shift)));
  });
  index = put(index, 1, LIST, writeList(STRUCT, moved));
  return writeStruct(index);
}

function slice(bytes: Uint8Array, offset: number, length: number): Uint8Array {
  if (offset < 0 || length < 0 || offset + length > bytes.length) throw new SpliceUnsupported('a range outside its part');
  return bytes.subarray(offset, offset + length);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const all = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}


