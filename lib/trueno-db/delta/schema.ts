/**
 * Delta Lake's JSON schema <-> Arrow schemas, and partition values (strings in the log) <-> typed values.
 *
 * Types: boolean, byte/short/integer/long, float/double, decimal(p,s), string, binary, date, timestamp (UTC, µs),
 * timestamp_ntz (read only), arrays (Arrow List; a FixedSizeList is stored as an array whose field carries
 * `trueno.fixedSize` metadata, so it reads back as a FixedSizeList here and as an array elsewhere), structs and maps.
 */
import {
  Binary, Bool, DataType, DateDay, Decimal, Field, FixedSizeList, Float32, Float64, Int16, Int32, Int64, Int8, LargeUtf8, List,
  Map_, Schema, Struct, TimestampMicrosecond, Type, Utf8,
} from 'apache-arrow';
import { dictionaryValueType } from '../../alimentar/columns';
import { CorruptTableError, describe, SchemaMismatchError, typeError } from '../errors';

/** A Delta type: a primitive name or a nested type object. */
export type DeltaType =
  | string
  | { type: 'array'; elementType: DeltaType; containsNull: boolean }
  | { type: 'map'; keyType: DeltaType; valueType: DeltaType; valueContainsNull: boolean }
  | DeltaStruct;

/** A field of a Delta struct. */
export interface DeltaField {
  name: string;
  type: DeltaType;
  nullable: boolean;
  metadata: Record<string, unknown>;
}

/** A Delta struct type (the schema of a table is one). */
export interface DeltaStruct {
  type: 'struct';
  fields: DeltaField[];
}

/** Field metadata that records a FixedSizeList's size on a Delta array. */
const FIXED_SIZE_KEY = 'trueno.fixedSize';

const INTS: Record<string, () => DataType> = { byte: () => new Int8(), short: () => new Int16(), integer: () => new Int32(), long: () => new Int64() };

/**
 * Parses a table's schemaString.
 * @param schemaString - Delta's JSON schema
 * @param file - the log file it came from, for errors
 * @returns the struct type
 * @throws CorruptTableError when it is not a Delta struct schema
 */
export function parseSchemaString(schemaString: unknown, file: string): DeltaStruct {
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(schemaString));
  } catch (e) {
    throw new CorruptTableError(file, `Expected a JSON schema in the metaData of ${file} but it does not parse: ${(e as Error).message}`, { cause: e });
  }
  const s = parsed as DeltaStruct;
  if (s === null || typeof s !== 'object' || s.type !== 'struct' || !Array.isArray(s.fields)) {
    throw new CorruptTableError(file, `Expected a struct schema in the metaData of ${file} but received ${describe(parsed)}`);
  }
  return s;
}

/**
 * The Arrow type of a Delta type.
 * @param type - the Delta type
 * @param file - the log file, for errors
 * @param metadata - the field's metadata (a FixedSizeList's size)
 * @throws CorruptTableError for a type this reader does not know
 */
export function arrowType(type: DeltaType, file: string, metadata: Record<string, unknown> = {}): DataType {
  if (typeof type === 'string') {
    if (type in INTS) return INTS[type]();
    switch (type) {
      case 'boolean': return new Bool();
      case 'float': return new Float32();
      case 'double': return new Float64();
      case 'string': return new Utf8();
      case 'binary': return new Binary();
      case 'date': return new DateDay();
      case 'timestamp': return new TimestampMicrosecond('UTC');
      case 'timestamp_ntz': return new TimestampMicrosecond();
    }
    const dec = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
    if (dec) return new Decimal(Number(dec[2]), Number(dec[1]), 128);
    throw new CorruptTableError(file, `Expected a Delta type in the schema of ${file} but received '${type}'`);
  }
  if (type && type.type === 'array') {
    const child = new Field('element', arrowType(type.elementType, file), type.containsNull !== false);
    const size = Number(metadata[FIXED_SIZE_KEY]);
    return Number.isInteger(size) && size > 0 ? new FixedSizeList(size, child) : new List(child);
  }
  if (type && type.type === 'map') {
    const entries = new Struct([new Field('key', arrowType(type.keyType, file), false), new Field('value', arrowType(type.valueType, file), type.valueContainsNull !== false)]);
    return new Map_(new Field('key_value', entries, false));
  }
  if (type && type.type === 'struct' && Array.isArray(type.fields)) return new Struct(type.fields.map((f) => arrowField(f, file)));
  throw new CorruptTableError(file, `Expected a Delta type in the schema of ${file} but received ${JSON.stringify(type)}`);
}

function arrowField(f: DeltaField, file: string): Field {
  return new Field(f.name, arrowType(f.type, file, f.metadata ?? {}), f.nullable !== false);
}

/**
 * The Arrow schema of a Delta schema, fields in the Delta schema's order.
 * @param schema - the Delta struct
 * @param file - the log file, for errors
 */
export function arrowSchema(schema: DeltaStruct, file: string): Schema {
  return new Schema(schema.fields.map((f) => arrowField(f, file)));
}

/**
 * The Delta type of an Arrow type (dictionaries as their values, any timestamp as UTC µs).
 * @param type - the Arrow type
 * @param column - the column, for errors
 * @throws TypeError naming the column for a type Delta cannot store
 */
export function deltaType(type: DataType, column: string): DeltaType {
  switch (type.typeId) {
    case Type.Bool: return 'boolean';
    case Type.Int: {
      const t = type as Int32;
      const name = t.isSigned ? ({ 8: 'byte', 16: 'short', 32: 'integer', 64: 'long' } as Record<number, string>)[t.bitWidth] : undefined;
      if (name) return name;
      break;
    }
    case Type.Float: return (type as Float32).precision === 1 ? 'float' : (type as Float64).precision === 2 ? 'double' : unsupported(type, column);
    case Type.Decimal: {
      const d = type as Decimal;
      if (d.bitWidth === 128 && d.precision <= 38) return `decimal(${d.precision},${d.scale})`;
      break;
    }
    case Type.Utf8: case Type.LargeUtf8: return 'string';
    case Type.Binary: case Type.LargeBinary: return 'binary';
    case Type.Date: return (type as DateDay).unit === 0 ? 'date' : unsupported(type, column);
    case Type.Timestamp: return 'timestamp';
    case Type.Dictionary: return deltaType(dictionaryValueType(type), column);
    case Type.List: case Type.FixedSizeList: {
      const child = (type as List).children[0];
      return { type: 'array', elementType: deltaType(child.type, column), containsNull: child.nullable };
    }
    case Type.Map: {
      const [key, value] = (type as Map_).children[0].type.children as Field[];
      return { type: 'map', keyType: deltaType(key.type, column), valueType: deltaType(value.type, column), valueContainsNull: value.nullable };
    }
    case Type.Struct: return { type: 'struct', fields: (type as Struct).children.map((f) => deltaField(f, `${column}.${f.name}`)) };
  }
  return unsupported(type, column);
}

function unsupported(type: DataType, column: string): never {
  throw typeError(`Expected a type a Delta table can store (boolean, int8-64, float32/64, decimal128, utf8, binary, date32, timestamp, list, fixed-size list, struct, map) for column '${column}' but received ${String(type)}`);
}

/**
 * The Delta field of an Arrow field.
 * @param field - the Arrow field
 * @param column - its path, for errors
 */
export function deltaField(field: Field, column = field.name): DeltaField {
  const metadata: Record<string, unknown> = {};
  if (field.type.typeId === Type.FixedSizeList) metadata[FIXED_SIZE_KEY] = (field.type as FixedSizeList).listSize;
  return { name: field.name, type: deltaType(field.type, column), nullable: field.nullable, metadata };
}

/**
 * The Delta schema of an Arrow schema.
 * @param schema - the Arrow schema
 * @throws TypeError naming a column whose type Delta cannot store; RangeError for duplicate names
 */
export function deltaSchema(schema: Schema): DeltaStruct {
  const seen = new Set<string>();
  if (schema.fields.length === 0) throw typeError('Expected at least one column in schema but received none');
  for (const f of schema.fields) {
    if (f.name.length === 0) throw typeError(`Expected non-empty column names for schema but received an empty one`);
    // Parquet column names in Delta without column mapping (Spark refuses these characters)
    if (/[ ,;{}()\n\t=]/.test(f.name)) throw typeError(`Expected a column name without spaces or any of ,;{}()=, tab, newline (Delta without column mapping) but received '${f.name}'`);
    if (seen.has(f.name.toLowerCase())) throw typeError(`Expected distinct column names (case-insensitive, as Delta) for schema but received '${f.name}' twice`);
    seen.add(f.name.toLowerCase());
  }
  return { type: 'struct', fields: schema.fields.map((f) => deltaField(f)) };
}

/** A Delta type's text with the nullability of nested values dropped, for comparing what is stored. */
function typeKey(t: DeltaType): string {
  return JSON.stringify(t, (k, v) => (k === 'containsNull' || k === 'valueContainsNull' || k === 'nullable' || k === 'metadata' ? undefined : v));
}

/**
 * Checks that incoming data fits a table's schema: the same column names (any order) with the same stored types.
 * @param table - the table's Delta schema
 * @param incoming - the data's Arrow schema
 * @throws SchemaMismatchError naming the first column that is missing, extra, or of another type
 */
export function checkSchemaFits(table: DeltaStruct, incoming: Schema): void {
  const byName = new Map(incoming.fields.map((f) => [f.name, f]));
  for (const f of table.fields) {
    const got = byName.get(f.name);
    if (!got) throw new SchemaMismatchError(`Expected a column '${f.name}' (${typeKey(f.type)}) in the data but it has only ${incoming.fields.map((x) => x.name).join(', ') || 'no columns'}`, f.name);
    let t: DeltaType;
    try {
      t = deltaType(got.type, f.name);
    } catch {
      throw new SchemaMismatchError(`Expected ${typeKey(f.type)} for column '${f.name}' but received ${String(got.type)}`, f.name);
    }
    if (typeKey(t) !== typeKey(f.type)) throw new SchemaMismatchError(`Expected ${typeKey(f.type)} for column '${f.name}' but received ${typeKey(t)} (${String(got.type)})`, f.name);
    const size = f.metadata?.[FIXED_SIZE_KEY];
    if (size !== undefined && !(got.type.typeId === Type.FixedSizeList && (got.type as FixedSizeList).listSize === size)) {
      throw new SchemaMismatchError(`Expected a fixed-size list of ${size} for column '${f.name}' but received ${String(got.type)}`, f.name);
    }
  }
  if (incoming.fields.length !== table.fields.length) {
    const names = new Set(table.fields.map((f) => f.name));
    const extra = incoming.fields.find((f) => !names.has(f.name))!;
    throw new SchemaMismatchError(`Expected only the table's columns (${[...names].join(', ')}) but received an extra column '${extra.name}'`, extra.name);
  }
}
