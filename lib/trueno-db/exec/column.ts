/**
 * Column building blocks of the executor: allocation by type, gathers through a selection, constants, conversion to
 * and from JS values, concatenation with dictionary merging. A column of length 1 flagged `scalar` stands for a
 * constant broadcast over any number of rows, so literals never become full columns inside expressions.
 */
import type { LiteralValue } from '../plan/ir';
import type { Column, ColumnValues, SqlType } from '../types';
import { ExecError } from '../errors';

/** A column, or (with `scalar`) a one-row constant broadcast over every row. */
export interface Vec extends Column {
  scalar?: boolean;
}

/** Whether values of this type are strings (dictionary codes). */
export function isString(t: SqlType): boolean {
  return t.id === 'varchar';
}

/** Whether a type is an integer type with exact integer arithmetic (tinyint..bigint). */
export function isInteger(t: SqlType): boolean {
  return t.id === 'tinyint' || t.id === 'smallint' || t.id === 'integer' || t.id === 'bigint';
}

/** The DuckDB name of a type, for messages. */
export function typeName(t: SqlType): string {
  if (t.id === 'decimal') return `DECIMAL(${t.precision},${t.scale})`;
  if (t.id === 'list') return `${typeName(t.child)}[${t.size ?? ''}]`;
  return t.id.toUpperCase();
}

/** A zeroed value array of `n` rows for a type. */
export function allocValues(t: SqlType, n: number): ColumnValues {
  switch (t.id) {
    case 'boolean': case 'null': return new Uint8Array(n);
    case 'tinyint': return new Int8Array(n);
    case 'smallint': return new Int16Array(n);
    case 'integer': case 'date': case 'varchar': return new Int32Array(n);
    case 'bigint': return new BigInt64Array(n);
    case 'float': return new Float32Array(n);
    case 'double': case 'decimal': case 'timestamp': return new Float64Array(n);
    case 'list': return new Uint8Array(0);
    default: throw new ExecError(`Unsupported type ${typeName(t)}`);
  }
}

/** The JS value of row i: null, boolean, number, bigint or string; lists as arrays. */
export function valueAt(c: Column, i: number): LiteralValue | LiteralValue[] {
  if (c.valid !== undefined && c.valid[i] === 0) return null;
  switch (c.type.id) {
    case 'null': return null;
    case 'boolean': return c.values[i] === 1;
    case 'varchar': return c.dict![c.values[i] as number];
    case 'list': {
      const child = c.child!;
      const from = c.offsets !== undefined ? c.offsets[i] : i * (c.type.size ?? 0);
      const to = c.offsets !== undefined ? c.offsets[i + 1] : from + (c.type.size ?? 0);
      const out: LiteralValue[] = [];
      for (let j = from; j < to; j++) out.push(valueAt(child, j) as LiteralValue);
      return out;
    }
    default: return c.values[i] as number | bigint;
  }
}

/**
 * A column from JS values (null for NULL): numbers for numeric, date (days), timestamp (µs) and decimal; bigint or
 * number for bigint; boolean; string.
 * @example
 * fromValues({ id: 'integer' }, [1, null, 3]); // Int32Array [1, 0, 3], valid [1, 0, 1]
 */
export function fromValues(t: SqlType, values: readonly unknown[]): Column {
  const n = values.length;
  const vals = allocValues(t, n);
  const valid = new Uint8Array(n);
  let nulls = 0;
  const dict: string[] = [];
  const codes = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) { nulls++; continue; }
    valid[i] = 1;
    if (t.id === 'varchar') {
      const s = String(v);
      let code = codes.get(s);
      if (code === undefined) { code = dict.length; dict.push(s); codes.set(s, code); }
      vals[i] = code;
    } else if (vals instanceof BigInt64Array) {
      vals[i] = typeof v === 'bigint' ? v : BigInt(v as number);
    } else if (t.id === 'boolean') {
      vals[i] = v ? 1 : 0;
    } else {
      vals[i] = Number(v);
    }
  }
  const c: Column = { type: t, length: n, values: vals };
  if (nulls > 0 || t.id === 'null') c.valid = valid;
  if (t.id === 'varchar') c.dict = dict;
  return c;
}

/** A one-row broadcast constant. */
export function scalarVec(t: SqlType, value: LiteralValue): Vec {
  if (t.id === 'list') throw new ExecError('List literals are not supported');
  const c: Vec = fromValues(t, [value]);
  c.scalar = true;
  return c;
}

/** A broadcast constant expanded to `n` rows (or the column itself when not a constant). */
export function materialize(v: Vec, n: number): Column {
  if (!v.scalar) return v;
  const out: Column = { type: v.type, length: n, values: allocValues(v.type, n) };
  const valid = v.valid !== undefined && v.valid[0] === 0;
  if (valid) out.valid = new Uint8Array(n);
  else (out.values as { fill(x: unknown): unknown }).fill(v.values[0]);
  if (v.dict !== undefined) out.dict = v.dict.slice();
  return out;
}

/**
 * Rows `idx[0..count)` of a column; an index of -1 gives NULL (outer joins).
 * @param count - entries of idx to use (default: all)
 */
export function gather(c: Column, idx: Int32Array, count = idx.length): Column {
  if (c.type.id === 'list') return gatherList(c, idx, count);
  const src = c.values;
  const vals = allocValues(c.type, count);
  let valid: Uint8Array | undefined;
  const cv = c.valid;
  let hasNeg = false;
  if (src instanceof BigInt64Array) {
    const d = vals as BigInt64Array;
    for (let k = 0; k < count; k++) { const i = idx[k]; if (i >= 0) d[k] = src[i]; else hasNeg = true; }
  } else {
    const d = vals as Exclude<ColumnValues, BigInt64Array>;
    const s = src as Exclude<ColumnValues, BigInt64Array>;
    for (let k = 0; k < count; k++) { const i = idx[k]; if (i >= 0) d[k] = s[i]; else hasNeg = true; }
  }
  if (cv !== undefined || hasNeg) {
    valid = new Uint8Array(count);
    for (let k = 0; k < count; k++) {
      const i = idx[k];
      valid[k] = i < 0 ? 0 : cv === undefined ? 1 : cv[i];
    }
  }
  const out: Column = { type: c.type, length: count, values: vals };
  if (valid !== undefined) out.valid = valid;
  if (c.dict !== undefined) out.dict = c.dict;
  return out;
}

/** Gather for list columns: rebuilds offsets (or keeps the fixed size) and gathers the child rows. */
function gatherList(c: Column, idx: Int32Array, count: number): Column {
  const size = c.type.id === 'list' ? c.type.size : undefined;
  const childIdx: number[] = [];
  const offsets = new Int32Array(count + 1);
  const valid = new Uint8Array(count);
  for (let k = 0; k < count; k++) {
    const i = idx[k];
    const ok = i >= 0 && (c.valid === undefined || c.valid[i] === 1);
    valid[k] = ok ? 1 : 0;
    const from = c.offsets !== undefined ? c.offsets[i] : i * (size ?? 0);
    const to = c.offsets !== undefined ? c.offsets[i + 1] : from + (size ?? 0);
    if (i >= 0) for (let j = from; j < to; j++) childIdx.push(j);
    else if (size !== undefined) for (let j = 0; j < size; j++) childIdx.push(-1);
    offsets[k + 1] = childIdx.length;
  }
  const out: Column = { type: c.type, length: count, values: new Uint8Array(0),
    child: gather(c.child!, Int32Array.from(childIdx)) };
  if (size === undefined) out.offsets = offsets;
  if (valid.includes(0)) out.valid = valid;
  return out;
}

/** Rows [from, to) of a column. */
export function slice(c: Column, from: number, to: number): Column {
  const idx = new Int32Array(Math.max(0, to - from));
  for (let k = 0; k < idx.length; k++) idx[k] = from + k;
  return gather(c, idx);
}

/** The row indices where mask[i] is 1, in order. */
export function selection(mask: Uint8Array, n: number): Int32Array {
  let count = 0;
  for (let i = 0; i < n; i++) count += mask[i];
  const idx = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) if (mask[i] !== 0) idx[k++] = i;
  return idx;
}

/**
 * Maps string codes of `c` through `remap` (old code -> new code, or -1 for NULL) onto a new dictionary.
 * @returns a varchar column over `dict`
 */
export function remapCodes(c: Column, remap: Int32Array, dict: string[]): Column {
  const n = c.length;
  const src = c.values as Int32Array;
  const codes = new Int32Array(n);
  const cv = c.valid;
  let valid: Uint8Array | undefined;
  let anyNull = false;
  for (let i = 0; i < n; i++) {
    const r = cv !== undefined && cv[i] === 0 ? -1 : remap[src[i]];
    if (r < 0) { anyNull = true; codes[i] = 0; } else codes[i] = r;
  }
  if (anyNull) {
    valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) valid[i] = (cv === undefined || cv[i] === 1) && remap[src[i]] >= 0 ? 1 : 0;
  }
  const out: Column = { type: { id: 'varchar' }, length: n, values: codes, dict };
  if (valid !== undefined) out.valid = valid;
  return out;
}

/**
 * Maps each dictionary entry through `f` (null: NULL) and re-interns the results so the new dictionary is distinct.
 * Runs `f` once per entry, not per row.
 */
export function mapDict(c: Column, f: (s: string) => string | null): Column {
  const dict = c.dict!;
  const out: string[] = [];
  const index = new Map<string, number>();
  const remap = new Int32Array(dict.length);
  for (let k = 0; k < dict.length; k++) {
    const s = f(dict[k]);
    if (s === null) { remap[k] = -1; continue; }
    let code = index.get(s);
    if (code === undefined) { code = out.length; out.push(s); index.set(s, code); }
    remap[k] = code;
  }
  return remapCodes(c, remap, out);
}

/** Concatenates columns of one type (dictionaries merged by string). */
export function concatColumns(t: SqlType, cols: Column[]): Column {
  const n = cols.reduce((a, c) => a + c.length, 0);
  if (t.id === 'list') return concatLists(t, cols, n);
  const vals = allocValues(t, n);
  const anyValid = cols.some((c) => c.valid !== undefined);
  const valid = anyValid ? new Uint8Array(n) : undefined;
  let off = 0;
  let dict: string[] | undefined;
  if (isString(t)) {
    dict = [];
    const index = new Map<string, number>();
    for (const c of cols) {
      const remap = new Int32Array(c.dict!.length);
      c.dict!.forEach((s, k) => {
        let code = index.get(s);
        if (code === undefined) { code = dict!.length; dict!.push(s); index.set(s, code); }
        remap[k] = code;
      });
      const src = c.values as Int32Array;
      for (let i = 0; i < c.length; i++) (vals as Int32Array)[off + i] = remap[src[i]];
      if (valid !== undefined) valid.set(c.valid ?? new Uint8Array(c.length).fill(1), off);
      off += c.length;
    }
  } else {
    for (const c of cols) {
      (vals as { set(a: ArrayLike<unknown>, o: number): void }).set(c.values as ArrayLike<unknown>, off);
      if (valid !== undefined) valid.set(c.valid ?? new Uint8Array(c.length).fill(1), off);
      off += c.length;
    }
  }
  const out: Column = { type: t, length: n, values: vals };
  if (valid !== undefined) out.valid = valid;
  if (dict !== undefined) out.dict = dict;
  return out;
}

/** Concatenates list columns: the children end to end, offsets shifted (fixed-size lists keep their size). */
function concatLists(t: Extract<SqlType, { id: 'list' }>, cols: Column[], n: number): Column {
  const size = t.size;
  const children: Column[] = [];
  const offsets = new Int32Array(n + 1);
  const valid = new Uint8Array(n);
  let row = 0;
  for (const c of cols) {
    const from = c.offsets !== undefined ? c.offsets[0] : 0;
    const to = c.offsets !== undefined ? c.offsets[c.length] : c.length * (size ?? 0);
    children.push(slice(c.child!, from, to));
    for (let i = 0; i < c.length; i++) {
      const len = c.offsets !== undefined ? c.offsets[i + 1] - c.offsets[i] : size ?? 0;
      offsets[row + 1] = offsets[row] + len;
      valid[row] = c.valid === undefined ? 1 : c.valid[i];
      row++;
    }
  }
  const out: Column = { type: t, length: n, values: new Uint8Array(0), child: concatColumns(t.child, children) };
  if (size === undefined) out.offsets = offsets;
  if (valid.includes(0)) out.valid = valid;
  return out;
}
