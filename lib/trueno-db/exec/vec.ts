/**
 * Helpers for writing whole-column operators over `Vec`s (columns or broadcast constants): result sizing, validity
 * combination, numeric views, and assembling an output from rows picked out of several inputs.
 */
import type { Column, ColumnValues, SqlType } from '../types';
import { allocValues, isString, type Vec } from './column';
import { sharedCodes } from './keys';

/** Rows of the result of an operator over `args` in a context of n rows: 1 when every arg is a constant. */
export function outRows(args: Vec[], n: number): number {
  return args.length > 0 && args.every((a) => a.scalar) ? 1 : n;
}

/** A result Vec; `scalar` when every arg was a constant. */
export function makeVec(type: SqlType, values: ColumnValues, valid: Uint8Array | undefined, args: Vec[],
  dict?: string[]): Vec {
  const v: Vec = { type, length: values.length, values };
  if (valid !== undefined) v.valid = valid;
  if (dict !== undefined) v.dict = dict;
  if (args.length > 0 && args.every((a) => a.scalar)) v.scalar = true;
  if (type.id === 'list') v.length = args[0]?.length ?? 0;
  return v;
}

/** The stride to read a Vec with: 0 for a broadcast constant, 1 for a column. */
export function stride(v: Vec): number {
  return v.scalar ? 0 : 1;
}

/** AND of the args' validity over m rows (undefined when none has NULLs). */
export function andValid(args: Vec[], m: number): Uint8Array | undefined {
  const withNulls = args.filter((a) => a.valid !== undefined);
  if (withNulls.length === 0) return undefined;
  const out = new Uint8Array(m).fill(1);
  for (const a of withNulls) {
    const v = a.valid!;
    if (a.scalar) { if (v[0] === 0) out.fill(0); continue; }
    for (let i = 0; i < m; i++) out[i] &= v[i];
  }
  return out;
}

/** The values of a numeric Vec as float64 (a view when already float64). */
export function f64Of(v: Vec): Float64Array {
  const x = v.values;
  if (x instanceof Float64Array) return x;
  const out = new Float64Array(x.length);
  if (x instanceof BigInt64Array) for (let i = 0; i < x.length; i++) out[i] = Number(x[i]);
  else out.set(x);
  return out;
}

/** The values of an integer Vec as a number array (bigint converted; exact below 2^53). */
export function numOf(v: Vec): Exclude<ColumnValues, BigInt64Array> {
  const x = v.values;
  return x instanceof BigInt64Array ? f64Of(v) : x;
}

/** The values of an integer Vec as BigInt64Array. */
export function bigOf(v: Vec): BigInt64Array {
  const x = v.values;
  if (x instanceof BigInt64Array) return x;
  const out = new BigInt64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = BigInt(Math.trunc(x[i]));
  return out;
}

/**
 * The output of `m` rows where row i is row `pos[i]` of `vecs[choice[i]]` (choice -1: NULL). Strings of different
 * dictionaries are merged into one distinct dictionary.
 */
export function assemble(type: SqlType, m: number, vecs: Vec[], choice: Int32Array, pos: Int32Array,
  args: Vec[]): Vec {
  const values = allocValues(type, m);
  const valid = new Uint8Array(m);
  let anyNull = false;
  let dict: string[] | undefined;
  let maps: Int32Array[] | undefined;
  if (isString(type)) {
    // A NULL-typed input (an untyped NULL literal) has no dictionary.
    const withDict = vecs.map((v) => (v.dict === undefined ? { ...v, dict: [] } : v));
    maps = sharedCodes(withDict as Column[]);
    const index = new Map<string, number>();
    withDict.forEach((v, k) => v.dict!.forEach((s, c) => index.set(s, maps![k][c])));
    dict = new Array<string>(index.size);
    for (const [s, c] of index) dict[c] = s;
  }
  for (let i = 0; i < m; i++) {
    const k = choice[i];
    if (k < 0) { anyNull = true; continue; }
    const v = vecs[k];
    const p = v.scalar ? 0 : pos[i];
    if (v.valid !== undefined && v.valid[p] === 0) { anyNull = true; continue; }
    valid[i] = 1;
    if (maps !== undefined) (values as Int32Array)[i] = maps[k][v.values[p] as number];
    else (values as { [j: number]: number | bigint })[i] = v.values[p];
  }
  return makeVec(type, values, anyNull ? valid : undefined, args, dict);
}
