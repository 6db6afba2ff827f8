/**
 * Tables from another copy of apache-arrow. apache-arrow ships an ES module build and a CommonJS build whose classes
 * are distinct (and an app may bundle a third copy); alimentar runs on the CommonJS build. A Table from the other build
 * passes `instanceof` (apache-arrow's `Symbol.hasInstance` accepts look-alikes), but its types are not this build's,
 * and this build's writers then produce files that do not decode. So every table that reaches a writer or a dataset is
 * adopted first: its schema is rebuilt from this build's classes (type by type, from each type's parameters) and its
 * columns are rewrapped around the same buffers (no copy). A type that cannot be rebuilt is refused.
 */
import {
  Binary, Bool, Data, DataType, Date_, Decimal, Dictionary, Duration, Field, FixedSizeBinary, FixedSizeList, Float, Int,
  Interval, LargeBinary, LargeList, LargeUtf8, List, Map_, Null, RecordBatch, Schema, Struct, Table, Time, Timestamp, Type,
  Union, Utf8, Vector,
} from 'apache-arrow';
import { typeError } from '../errors';
import { dictionaryValueType } from '../columns';

/** Whether `value` was made by `ctor` of this very build (a prototype walk: `instanceof` accepts look-alikes). */
function ownInstance(value: object, ctor: { prototype: object }): boolean {
  for (let p = Object.getPrototypeOf(value); p !== null; p = Object.getPrototypeOf(p)) if (p === ctor.prototype) return true;
  return false;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- a foreign type is read by its documented parameter names */
function adoptType(t: any, where: string): DataType {
  if (ownInstance(t, DataType)) return t;
  const child = (i: number) => adoptField(t.children[i], `${where}.${t.children[i].name}`);
  switch (t.typeId as Type) {
    case Type.Null: return new Null();
    case Type.Int: return new Int(t.isSigned, t.bitWidth);
    case Type.Float: return new Float(t.precision);
    case Type.Binary: return new Binary();
    case Type.LargeBinary: return new LargeBinary();
    case Type.Utf8: return new Utf8();
    case Type.LargeUtf8: return new LargeUtf8();
    case Type.Bool: return new Bool();
    case Type.Decimal: return new Decimal(t.scale, t.precision, t.bitWidth);
    case Type.Date: return new Date_(t.unit);
    case Type.Time: return new Time(t.unit, t.bitWidth);
    case Type.Timestamp: return new Timestamp(t.unit, t.timezone);
    case Type.Interval: return new Interval(t.unit);
    case Type.Duration: return new Duration(t.unit);
    case Type.FixedSizeBinary: return new FixedSizeBinary(t.byteWidth);
    case Type.List: return new List(child(0));
    case Type.LargeList: return new LargeList(child(0));
    case Type.FixedSizeList: return new FixedSizeList(t.listSize, child(0));
    case Type.Struct: return new Struct(t.children.map((_: unknown, i: number) => child(i)));
    case Type.Map: return new Map_(child(0), t.keysSorted);
    case Type.Union: return new Union(t.mode, t.typeIds, t.children.map((_: unknown, i: number) => child(i)));
    case Type.Dictionary: {
      const values = ownInstance(t.dictionary, Field) || t.dictionary?.type !== undefined ? t.dictionary.type : t.dictionary;
      return new Dictionary(adoptType(values, where), adoptType(t.indices, where) as never, t.id, t.isOrdered);
    }
    default:
      throw typeError(`Expected an apache-arrow type alimentar can rebuild for ${where} but received ${String(t)} (type id ${t.typeId}) from another apache-arrow build; build the table with require('apache-arrow')`);
  }
}

function adoptField(f: any, where: string): Field {
  if (ownInstance(f, Field)) return f;
  return new Field(f.name, adoptType(f.type, where), f.nullable, f.metadata === undefined ? undefined : new Map(f.metadata));
}

function adoptData(type: DataType, d: any): Data {
  if (ownInstance(d, Data) && d.type === type) return d;
  const children = (d.children ?? []).map((c: any, i: number) => adoptData(type.children[i].type, c));
  const dictionary = d.dictionary === undefined ? undefined : new Vector(d.dictionary.data.map((x: any) => adoptData(dictionaryValueType(type), x)));
  return new Data(type, d.offset, d.length, d._nullCount ?? d.nullCount, [d.valueOffsets, d.values, d.nullBitmap, d.typeIds] as never, children, dictionary as never, d.variadicBuffers as never);
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function adoptSchema(schema: Schema): Schema {
  if (ownInstance(schema, Schema) && schema.fields.every((f) => ownInstance(f, Field) && ownInstance(f.type, DataType))) return schema;
  return new Schema(schema.fields.map((f) => adoptField(f, f.name)), new Map(schema.metadata));
}

/**
 * The same record batch built from this build's classes (itself when it already is).
 * @param batch - a record batch from any apache-arrow build
 * @returns the batch, over the same buffers
 * @throws TypeError (ERR_ALIMENTAR_TYPE) for a type that cannot be rebuilt
 */
export function adoptBatch(batch: RecordBatch, schema: Schema = adoptSchema(batch.schema)): RecordBatch {
  if (schema === batch.schema && ownInstance(batch, RecordBatch) && ownInstance(batch.data, Data)) return batch;
  return new RecordBatch(schema, adoptData(new Struct(schema.fields), batch.data) as Data<Struct>);
}

/**
 * The same table built from this build's classes (itself when it already is), so writers produce decodable files.
 * @param table - a table from any apache-arrow build (ESM, CommonJS, bundled)
 * @returns the table, over the same buffers
 * @throws TypeError (ERR_ALIMENTAR_TYPE) for a type that cannot be rebuilt
 */
export function adoptTable(table: Table): Table {
  const schema = adoptSchema(table.schema);
  if (schema === table.schema && ownInstance(table, Table) && table.batches.every((b) => ownInstance(b, RecordBatch) && ownInstance(b.data, Data))) return table;
  return new Table(schema, table.batches.map((b) => adoptBatch(b, schema)));
}
