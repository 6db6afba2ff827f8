/**
 * The growable columns a graph keeps per node and per edge: typed arrays that double when full (ids, weights),
 * labels as codes into a small dictionary (so selecting by label or walking by edge type compares integers), and
 * properties as Arrow vectors plus the rows added since, turned into one Arrow column when read.
 */
import { Bool, DataType, Dictionary, Float64, Int32, Int64, Utf8, makeData, makeVector, vectorFromArray, type Vector } from 'apache-arrow';
import { describe, rangeError, typeError } from './errors';

/** A property value: what an Arrow column of the four basic types holds. */
export type PropertyValue = string | number | bigint | boolean | null;

/** Properties of one node or edge. */
export type Properties = Record<string, PropertyValue | undefined>;

/** An Int32Array or Float64Array that grows as values are pushed. */
export class Growable<T extends Int32Array | Float64Array> {
  private data: T;
  /** Values held. */
  length: number;

  /**
   * @param initial - the starting values (adopted, not copied)
   */
  constructor(initial: T) {
    this.data = initial;
    this.length = initial.length;
  }

  /** Appends a value. */
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new (this.data.constructor as new (n: number) => T)(Math.max(16, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** Appends `count` copies of a value (one allocation, however many). */
  fill(value: number, count: number): void {
    if (this.length + count > this.data.length) {
      const bigger = new (this.data.constructor as new (n: number) => T)(Math.max(16, this.length + count, this.data.length * 2));
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    this.data.fill(value, this.length, this.length + count);
    this.length += count;
  }

  /** The values (a view, valid until the next push). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** Labels (node labels, edge types) as codes into a dictionary; -1 is "no label". */
export class LabelColumn {
  /** The code of each row. */
  readonly codes: Growable<Int32Array>;
  private readonly names: string[] = [];
  private readonly byName = new Map<string, number>();

  constructor() {
    this.codes = new Growable(new Int32Array(0));
  }

  /** Appends a row's label (null or undefined: none). */
  push(label: string | null | undefined, name: string): void {
    if (label === null || label === undefined) {
      this.codes.push(-1);
      return;
    }
    if (typeof label !== 'string' || label.length === 0) throw typeError(`Expected a non-empty string for ${name} but received ${describe(label)}`);
    let code = this.byName.get(label);
    if (code === undefined) {
      code = this.names.length;
      this.byName.set(label, code);
      this.names.push(label);
    }
    this.codes.push(code);
  }

  /** Appends `count` rows without a label. */
  pushEmpty(count: number): void {
    this.codes.fill(-1, count);
  }

  /** The code of a label, or -1 when no row has it. */
  code(label: string): number {
    return this.byName.get(label) ?? -1;
  }

  /** A row's label, or null. */
  get(row: number): string | null {
    const code = this.codes.view()[row];
    return code < 0 ? null : this.names[code];
  }

  /** The distinct labels, in order of first use. */
  labels(): string[] {
    return this.names.slice();
  }

  /** The column as an Arrow dictionary vector over its codes (no string per row; null for rows without a label). */
  toVector(): Vector<Dictionary<Utf8, Int32>> {
    const codes = this.codes.view();
    const indices = new Int32Array(codes.length);
    const validity = new Uint8Array((codes.length + 7) >> 3);
    let nullCount = 0;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] < 0) nullCount++;
      else {
        indices[i] = codes[i];
        validity[i >> 3] |= 1 << (i & 7);
      }
    }
    const dictionary = vectorFromArray(this.names, new Utf8());
    const type = new Dictionary(new Utf8(), new Int32());
    return makeVector(makeData({ type, length: codes.length, nullCount, nullBitmap: nullCount === 0 ? null : validity, data: indices, dictionary }));
  }
}

/** The JavaScript kind of a column's values. */
type Kind = 'string' | 'number' | 'bigint' | 'boolean' | 'other';

interface PropertyColumn {
  /** Rows 0 .. base.length - 1, as read from a table (never copied). */
  base: Vector | null;
  /** The rows after the base. */
  extra: PropertyValue[];
  kind: Kind | undefined;
}

function kindOfType(type: DataType): Kind {
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isDictionary(type)) return 'string';
  if (DataType.isBool(type)) return 'boolean';
  if (DataType.isInt(type)) return type.bitWidth === 64 ? 'bigint' : 'number';
  if (DataType.isFloat(type) || DataType.isDecimal(type)) return 'number';
  return 'other';
}

const TYPE_OF_KIND: Record<Exclude<Kind, 'other'>, () => DataType> = {
  string: () => new Utf8(),
  number: () => new Float64(),
  bigint: () => new Int64(),
  boolean: () => new Bool(),
};

/** Named property columns over a growing number of rows (see the module comment). */
export class PropertyColumns {
  private rows = 0;
  private readonly columns = new Map<string, PropertyColumn>();
  private cache: Map<string, Vector> | undefined;

  /**
   * @param reserved - names taken by the graph's own columns (id, label, src, ...): refused as property names
   * @param what - 'node' or 'edge', for error messages
   */
  constructor(private readonly reserved: readonly string[], private readonly what: string) {}

  /** Rows held. */
  get length(): number {
    return this.rows;
  }

  /** The property names, in order of first use. */
  get names(): string[] {
    return [...this.columns.keys()];
  }

  /**
   * Adopts columns of a table as the first rows (no copy); must be called while empty.
   * @param vectors - name to column, all of one length
   * @param rows - that length
   */
  adopt(vectors: Map<string, Vector>, rows: number): void {
    for (const [name, vector] of vectors) {
      this.checkName(name);
      this.columns.set(name, { base: vector, extra: [], kind: kindOfType(vector.type) });
    }
    this.rows = rows;
    this.cache = undefined;
  }

  /**
   * Appends one row.
   * @param props - its values (missing names are null)
   * @param name - what the row is, for error messages (e.g. "properties of node 'a'")
   * @throws TypeError for a value that is not a string, number, bigint, boolean or null, or whose type differs
   *   from the column's; RangeError for a reserved name
   */
  push(props: Properties | undefined, name: string): void {
    const entries = props === undefined ? [] : Object.entries(props).filter(([, v]) => v !== undefined);
    for (const [key, value] of entries) this.check(key, value as PropertyValue, name);
    for (const [key] of entries) {
      if (!this.columns.has(key)) this.columns.set(key, { base: null, extra: new Array(this.rows).fill(null), kind: undefined });
    }
    const given = new Map(entries);
    for (const [key, column] of this.columns) {
      let value = (given.get(key) ?? null) as PropertyValue;
      if (column.kind === 'bigint' && typeof value === 'number') value = BigInt(value);
      if (value !== null && column.kind === undefined) column.kind = typeof value as Kind;
      column.extra.push(value);
    }
    this.rows++;
    this.cache = undefined;
  }

  /** Appends `count` rows with every property null. */
  pushEmpty(count: number): void {
    for (const column of this.columns.values()) for (let i = 0; i < count; i++) column.extra.push(null);
    this.rows += count;
    this.cache = undefined;
  }

  /** The value of one row's property (null when unset). */
  get(row: number, name: string): PropertyValue {
    const column = this.columns.get(name);
    if (column === undefined) return null;
    const baseRows = column.base?.length ?? 0;
    return row < baseRows ? (column.base!.get(row) as PropertyValue) ?? null : column.extra[row - baseRows];
  }

  /** One row as an object (every property, null when unset). */
  row(row: number): Record<string, PropertyValue> {
    const out: Record<string, PropertyValue> = {};
    for (const name of this.columns.keys()) out[name] = this.get(row, name);
    return out;
  }

  /** Each property as one Arrow vector over all rows (cached until the next push). */
  vectors(): Map<string, Vector> {
    if (this.cache !== undefined) return this.cache;
    const out = new Map<string, Vector>();
    for (const [name, column] of this.columns) {
      if (column.extra.length === 0 && column.base !== null) {
        out.set(name, column.base);
        continue;
      }
      const type = column.base?.type ?? (column.kind === undefined || column.kind === 'other' ? new Utf8() : TYPE_OF_KIND[column.kind]());
      const tail = vectorFromArray(column.extra as never[], type as DataType);
      out.set(name, column.base === null ? tail : column.base.concat(tail));
    }
    this.cache = out;
    return out;
  }

  private checkName(key: string): void {
    if (this.reserved.includes(key)) {
      throw rangeError(`Expected a ${this.what} property name other than ${this.reserved.map((r) => `'${r}'`).join(', ')} but received '${key}'`);
    }
  }

  private check(key: string, value: PropertyValue, name: string): void {
    this.checkName(key);
    const kind = typeof value;
    if (value !== null && kind !== 'string' && kind !== 'number' && kind !== 'bigint' && kind !== 'boolean') {
      throw typeError(`Expected a string, number, bigint, boolean or null for ${name}.${key} but received ${describe(value)}`);
    }
    const column = this.columns.get(key);
    if (value === null || column?.kind === undefined) return;
    if (column.kind === 'other') {
      throw typeError(`Expected no new values for ${name}.${key} (its column has Arrow type ${column.base?.type}) but received ${describe(value)}`);
    }
    if (column.kind === 'bigint' && kind === 'number') {
      if (!Number.isSafeInteger(value)) throw rangeError(`Expected an integer for ${name}.${key} (an Int64 column) but received ${describe(value)}`);
      return;
    }
    if (kind !== column.kind) throw typeError(`Expected a ${column.kind} for ${name}.${key} (the column's type) but received ${describe(value)}`);
  }
}
