/** Turns the tokens of one CSV column into an Arrow column: type inference and conversion straight from the bytes. */
import { Data, DataType, makeData, Type } from 'apache-arrow';
import { CsvParseError } from '../../errors';
import { toArrowType, type ColumnType } from '../../types';
import { asciiText, parseBigIntBytes, parseFloatBytes, parseIntBytes, parsed } from './numbers';
import type { Tokens } from './tokenize';

/** One column of a tokenized chunk. */
export interface ColumnSource {
  bytes: Uint8Array;
  tokens: Tokens;
  /** Column index within a row. */
  col: number;
  /** Column name, for error messages. */
  name: string;
  /** Null markers (unquoted fields equal to one of these are null). */
  nulls: Uint8Array[];
  quote: number;
}

function isNull(src: ColumnSource, k: number): boolean {
  const { tokens, bytes, nulls } = src;
  if (tokens.quoting[k] !== 0) return false;
  const s = tokens.starts[k];
  const len = tokens.ends[k] - s;
  for (const m of nulls) {
    if (m.length !== len) continue;
    let j = 0;
    while (j < len && bytes[s + j] === m[j]) j++;
    if (j === len) return true;
  }
  return false;
}

function isBool(b: Uint8Array, s: number, e: number): boolean {
  const len = e - s;
  if (len !== 4 && len !== 5) return false;
  const t = String.fromCharCode(...b.subarray(s, e)).toLowerCase();
  return t === 'true' || t === 'false';
}

/** Rows looked at for type inference: like pyarrow.csv, which infers from its first block (1 MB), not the whole file. */
export const INFER_ROWS = 65536;

/**
 * Infers a column's type from its first {@link INFER_ROWS} values, as pyarrow.csv does: int64 if every value is an
 * integer, float64 if every value is a number, bool if every value is true/false, else utf8. Only nulls: utf8.
 * @param src - the column
 * @returns the type name
 */
export function inferColumnType(src: ColumnSource): ColumnType {
  const { tokens, bytes, col } = src;
  const rows = Math.min(tokens.rows, INFER_ROWS);
  let canInt = true;
  let canFloat = true;
  let canBool = true;
  let seen = false;
  for (let r = 0; r < rows; r++) {
    const k = r * tokens.width + col;
    if (isNull(src, k)) continue;
    seen = true;
    const s = tokens.starts[k];
    const e = tokens.ends[k];
    if (canInt) {
      parseIntBytes(bytes, s, e);
      if (!parsed.ok) {
        const big = parseBigIntBytes(bytes, s, e);
        canInt = big !== undefined && BigInt.asIntN(64, big) === big;
      }
    }
    if (!canInt && canFloat) {
      parseFloatBytes(bytes, s, e, true);
      canFloat = parsed.ok;
    }
    if (canBool) canBool = isBool(bytes, s, e);
    if (!canInt && !canFloat && !canBool) return 'utf8';
  }
  if (!seen) return 'utf8';
  if (canInt) return 'int64';
  if (canFloat) return 'float64';
  return canBool ? 'bool' : 'utf8';
}

/**
 * A value that does not fit its column's type (inferred from the first rows, or given). A whole-file read widens an
 * inferred column and reads again (see readCsv); the stream reader cannot take back the batches it handed out.
 */
export class CsvTypeMismatchError extends CsvParseError {
  /**
   * @param message - the problem
   * @param line - 1-based line number
   * @param column - the column's name
   * @param type - the type the value did not fit
   * @param numeric - whether the value is a number (an integer column then widens to float64, else to utf8)
   */
  constructor(message: string, line: number, readonly column: string, readonly type: string, readonly numeric: boolean) {
    super(message, line);
    this.name = 'CsvParseError'; // what callers have always seen for this error
  }
}

function fail(src: ColumnSource, r: number, k: number, type: string): never {
  const s = src.tokens.starts[k];
  const e = src.tokens.ends[k];
  const text = asciiText(src.bytes, s, e);
  parseFloatBytes(src.bytes, s, e, true);
  throw new CsvTypeMismatchError(`Expected a ${type} value for column '${src.name}' but received '${text}'`, src.tokens.rowLines[r], src.name, type, parsed.ok);
}

/**
 * Makes column names unique as pandas.read_csv does: a repeated name gets `.1`, `.2`, … (skipping names already
 * taken), so `a,a,b` gives `a`, `a.1`, `b` and no column hides another.
 * @param names - the header's names
 * @returns the unique names, in order
 */
export function uniqueColumnNames(names: string[]): string[] {
  const counts = new Map<string, number>();
  return names.map((name) => {
    let col = name;
    let count = counts.get(col) ?? 0;
    while (count > 0) {
      counts.set(col, count + 1);
      col = `${col}.${count}`;
      count = counts.get(col) ?? 0;
    }
    counts.set(col, count + 1);
    return col;
  });
}

const INT_RANGES: Partial<Record<Type | string, [number, number]>> = {
  int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647],
  uint8: [0, 255], uint16: [0, 65535], uint32: [0, 4294967295],
};

/**
 * Converts a column to Arrow data of the given type.
 * @param src - the column
 * @param typeName - the target type
 * @returns the column's data
 * @throws CsvParseError naming the column and line for a value that does not fit the type
 */
export function buildColumn(src: ColumnSource, typeName: ColumnType): Data {
  const { tokens } = src;
  const n = tokens.rows;
  const type = toArrowType(typeName, 'type');
  let validity: Uint8Array | undefined;
  let nullCount = 0;
  const present = (r: number, k: number): boolean => {
    if (!isNull(src, k)) return true;
    if (!validity) validity = new Uint8Array((n + 7) >> 3).fill(0xff);
    validity[r >> 3] &= ~(1 << (r & 7));
    nullCount++;
    return false;
  };
  if (typeName === 'utf8') return buildUtf8(src, type, present, () => ({ validity, nullCount }));
  if (typeName === 'bool') {
    const bits = new Uint8Array((n + 7) >> 3);
    for (let r = 0; r < n; r++) {
      const k = r * tokens.width + src.col;
      if (!present(r, k)) continue;
      const s = tokens.starts[k];
      if (!isBool(src.bytes, s, tokens.ends[k])) fail(src, r, k, 'bool');
      if ((src.bytes[s] | 0x20) === 0x74) bits[r >> 3] |= 1 << (r & 7);
    }
    return makeData({ type, length: n, nullCount, nullBitmap: validity, data: bits } as never);
  }
  const values = new (type.ArrayType as new (n: number) => Float64Array | Float32Array | Int32Array | BigInt64Array)(n);
  if (typeName === 'float64' || typeName === 'float32') {
    const out = values as Float64Array;
    for (let r = 0; r < n; r++) {
      const k = r * tokens.width + src.col;
      if (!present(r, k)) continue;
      out[r] = parseFloatBytes(src.bytes, tokens.starts[k], tokens.ends[k]);
      if (!parsed.ok) fail(src, r, k, typeName);
    }
  } else if (typeName === 'int64' || typeName === 'uint64') {
    fillInt64(src, values as BigInt64Array, present, typeName);
  } else {
    const [lo, hi] = INT_RANGES[typeName]!;
    const out = values as Int32Array;
    for (let r = 0; r < n; r++) {
      const k = r * tokens.width + src.col;
      if (!present(r, k)) continue;
      const v = parseIntBytes(src.bytes, tokens.starts[k], tokens.ends[k]);
      if (!parsed.ok || v < lo || v > hi) fail(src, r, k, typeName);
      out[r] = v;
    }
  }
  return makeData({ type, length: n, nullCount, nullBitmap: validity, data: values } as never);
}

/** int64 values go in as two 32-bit halves, which avoids a BigInt per value on the common (|v| <= 2^53) path. */
function fillInt64(src: ColumnSource, values: BigInt64Array, present: (r: number, k: number) => boolean, typeName: string): void {
  const { tokens } = src;
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  for (let r = 0; r < tokens.rows; r++) {
    const k = r * tokens.width + src.col;
    if (!present(r, k)) continue;
    const s = tokens.starts[k];
    const e = tokens.ends[k];
    const v = parseIntBytes(src.bytes, s, e);
    if (parsed.ok && v >= 0 && v <= 0x7fffffff) {
      words[2 * r] = v;
      continue;
    }
    if (parsed.ok && (v >= 0 || typeName === 'int64')) {
      const hi = Math.floor(v / 4294967296);
      words[2 * r] = v - hi * 4294967296;
      words[2 * r + 1] = hi >>> 0;
      continue;
    }
    const big = parseBigIntBytes(src.bytes, s, e);
    if (big === undefined) fail(src, r, k, typeName);
    const wrapped = typeName === 'int64' ? BigInt.asIntN(64, big) : BigInt.asUintN(64, big);
    if (wrapped !== big) fail(src, r, k, typeName);
    values[r] = wrapped;
  }
}

function buildUtf8(
  src: ColumnSource, type: DataType, present: (r: number, k: number) => boolean,
  nulls: () => { validity: Uint8Array | undefined; nullCount: number },
): Data {
  const { tokens, bytes, quote } = src;
  const n = tokens.rows;
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let r = 0; r < n; r++) {
    const k = r * tokens.width + src.col;
    total += tokens.ends[k] - tokens.starts[k];
  }
  const data = new Uint8Array(total);
  let at = 0;
  for (let r = 0; r < n; r++) {
    const k = r * tokens.width + src.col;
    if (present(r, k)) {
      const s = tokens.starts[k];
      const e = tokens.ends[k];
      if (tokens.quoting[k] === 2) {
        for (let i = s; i < e; i++) {
          data[at++] = bytes[i];
          if (bytes[i] === quote) i++;
        }
      } else {
        data.set(bytes.subarray(s, e), at);
        at += e - s;
      }
    }
    offsets[r + 1] = at;
  }
  const { validity, nullCount } = nulls();
  return makeData({ type, length: n, nullCount, nullBitmap: validity, valueOffsets: offsets, data: data.subarray(0, at) } as never);
}
