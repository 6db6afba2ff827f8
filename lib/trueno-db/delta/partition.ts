/**
 * Partition values: Delta keeps them out of the data files, as strings in each `add` action (PROTOCOL.md, "Partition
 * Value Serialization"), and in Hive-style folder names (`k=v/`, `__HIVE_DEFAULT_PARTITION__` for NULL). A reader puts
 * them back as constant columns of the schema's type.
 */
import { Data, DataType, Decimal, makeData, Type, vectorFromArray, type Vector } from 'apache-arrow';
import { CorruptTableError } from '../errors';

/** The folder name Hive, Spark and delta-rs use for a NULL partition value. */
export const NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__';

const utf8 = new TextEncoder();
const MS_PER_DAY = 86_400_000;

/** A typed partition value: number, bigint (long, timestamp µs, decimal unscaled), boolean, string, Uint8Array, or null. */
export type PartitionValue = number | bigint | boolean | string | Uint8Array | null;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Days since the epoch of a `YYYY-MM-DD` date, or NaN. */
function parseDate(s: string): number {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 2021-02-30 over to March: such a text is no date
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return NaN;
  return date.getTime() / MS_PER_DAY;
}

/** Microseconds since the epoch (UTC) of `YYYY-MM-DD HH:MM:SS[.ffffff]` or an ISO-8601 text, or undefined. */
function parseTimestamp(s: string): bigint | undefined {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return undefined;
  const days = parseDate(`${m[1]}-${m[2]}-${m[3]}`);
  const [h, mi, sec] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (!Number.isInteger(days) || h > 23 || mi > 59 || sec > 59) return undefined;
  const ms = days * MS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1000;
  const frac = BigInt(((m[7] ?? '') + '000000').slice(0, 6));
  let offsetUs = 0n;
  if (m[8] && m[8] !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(m[8])!;
    offsetUs = BigInt((Number(z[2]) * 60 + Number(z[3])) * 60_000_000) * (z[1] === '-' ? -1n : 1n);
  }
  return BigInt(ms) * 1000n + frac - offsetUs;
}

/** The unscaled integer of a decimal text at `scale`, or undefined. */
function parseDecimal(s: string, scale: number): bigint | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const frac = (m[3] ?? '').padEnd(scale, '0');
  if (frac.length > scale && /[^0]/.test(frac.slice(scale))) return undefined;
  const v = BigInt((m[2] || '0') + frac.slice(0, scale));
  return m[1] === '-' ? -v : v;
}

/**
 * Parses a partition value of the log into the value of its column.
 * @param text - the value as the log holds it; null or '' is NULL
 * @param type - the column's Arrow type
 * @param column - the column, for errors
 * @param file - the log file, for errors
 * @throws CorruptTableError when the text is not a value of the type
 */
export function parsePartitionValue(text: string | null | undefined, type: DataType, column: string, file: string): PartitionValue {
  if (text === null || text === undefined || text === '') return null;
  const bad = () => new CorruptTableError(file, `Expected a ${String(type)} partition value for column '${column}' in ${file} but received '${text}'`);
  switch (type.typeId) {
    case Type.Utf8: return text;
    case Type.Binary: return utf8.encode(text);
    case Type.Bool:
      if (text === 'true' || text === 'false') return text === 'true';
      throw bad();
    case Type.Int: {
      if (!/^[+-]?\d+$/.test(text)) throw bad();
      const big = BigInt(text);
      const bits = (type as unknown as { bitWidth: number }).bitWidth;
      if (big < -(1n << BigInt(bits - 1)) || big >= 1n << BigInt(bits - 1)) throw bad();
      return bits === 64 ? big : Number(big);
    }
    case Type.Float: {
      const v = text === 'NaN' ? NaN : text === 'Infinity' ? Infinity : text === '-Infinity' ? -Infinity : Number(text);
      if (Number.isNaN(v) && text !== 'NaN') throw bad();
      return v;
    }
    case Type.Date: {
      const d = parseDate(text);
      if (!Number.isInteger(d)) throw bad();
      return d;
    }
    case Type.Timestamp: {
      const t = parseTimestamp(text);
      if (t === undefined) throw bad();
      return t;
    }
    case Type.Decimal: {
      const d = parseDecimal(text, (type as Decimal).scale);
      if (d === undefined) throw bad();
      return d;
    }
  }
  throw new CorruptTableError(file, `Expected a partition column of a primitive type but column '${column}' in ${file} is ${String(type)}`);
}

/**
 * The log's text of a partition value (PROTOCOL.md's serialization), or null for NULL.
 * @param value - the value as a column of `type` gives it (Vector.get)
 * @param type - the column's Arrow type
 */
export function formatPartitionValue(value: unknown, type: DataType): string | null {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case Type.Date: {
      const ms = typeof value === 'number' ? value : (value as Date).getTime();
      const d = new Date(ms);
      return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    }
    case Type.Timestamp: {
      const us = value as bigint;
      const ms = Number(us / 1000n) - (us % 1000n < 0n ? 1 : 0);
      const d = new Date(ms);
      const micro = ((us % 1_000_000n) + 1_000_000n) % 1_000_000n;
      return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(Number(micro), 6)}`;
    }
    case Type.Decimal: {
      const unscaled = decimalBigInt(value as Uint32Array);
      const scale = (type as Decimal).scale;
      const neg = unscaled < 0n;
      const digits = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
      return `${neg ? '-' : ''}${scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits}`;
    }
    case Type.Float: {
      const v = value as number;
      return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : String(v);
    }
    case Type.Binary: return Buffer.from(value as Uint8Array).toString('latin1');
  }
  return String(value);
}

/** A signed 128-bit decimal's unscaled value from its four little-endian 32-bit words. */
export function decimalBigInt(words: Uint32Array): bigint {
  let v = 0n;
  for (let i = 3; i >= 0; i--) v = (v << 32n) | BigInt(words[i]);
  return BigInt.asIntN(128, v);
}

/**
 * The Hive folder segment of a partition value: `name=value`, with the characters Hive escapes percent-encoded.
 * @param name - the column
 * @param text - the log's text of the value, or null
 */
export function partitionSegment(name: string, text: string | null): string {
  const escape = (s: string) => s.replace(/[\x00-\x1f"#%'*/:=?\\\x7f{[\]^]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `${escape(name)}=${text === null ? NULL_PARTITION : escape(text)}`;
}

/**
 * A column of `length` copies of one value (a partition value, or the NULLs of a column a file predates).
 * @param type - the column's Arrow type (a primitive type, or any type for NULL)
 * @param value - the value (see {@link PartitionValue}), or null
 * @param length - rows
 */
export function constantColumn(type: DataType, value: PartitionValue, length: number): Data {
  const isNull = value === null;
  const base = { type, length, nullCount: isNull ? length : 0, nullBitmap: isNull ? new Uint8Array((length + 7) >> 3) : undefined };
  switch (type.typeId) {
    case Type.Utf8:
    case Type.Binary: {
      const bytes = isNull ? new Uint8Array(0) : typeof value === 'string' ? utf8.encode(value) : (value as Uint8Array);
      const data = new Uint8Array(bytes.length * length);
      for (let i = 0; i < length; i++) data.set(bytes, i * bytes.length);
      const valueOffsets = new Int32Array(length + 1);
      for (let i = 0; i <= length; i++) valueOffsets[i] = i * bytes.length;
      return makeData({ ...base, valueOffsets, data } as never);
    }
    case Type.Bool: {
      const data = new Uint8Array((length + 7) >> 3);
      if (value === true) data.fill(0xff);
      return makeData({ ...base, data } as never);
    }
    case Type.Decimal: {
      const data = new Uint32Array(4 * length);
      if (!isNull) {
        const v = BigInt.asUintN(128, value as bigint);
        const words = [0, 1, 2, 3].map((w) => Number((v >> BigInt(32 * w)) & 0xffffffffn));
        for (let i = 0; i < length; i++) data.set(words, 4 * i);
      }
      return makeData({ ...base, data } as never);
    }
    case Type.Int:
    case Type.Float:
    case Type.Date:
    case Type.Timestamp: {
      const data = new (type as unknown as { ArrayType: new (n: number) => Float64Array | BigInt64Array }).ArrayType(length);
      if (!isNull) {
        if (data instanceof BigInt64Array) data.fill(typeof value === 'bigint' ? value : BigInt(value as number));
        else data.fill(Number(value));
      }
      return makeData({ ...base, data } as never);
    }
  }
  if (isNull) return vectorFromArray(new Array(length).fill(null), type).data[0];
  throw new RangeError(`Expected a primitive partition column type but received ${String(type)}`);
}

/** The value of row `i` of a partition column, as {@link formatPartitionValue} takes it (raw words for decimals). */
export function rawValue(vector: Vector, i: number): unknown {
  if (!vector.isValid(i)) return null;
  if (vector.type.typeId === Type.Decimal || vector.type.typeId === Type.Timestamp || vector.type.typeId === Type.Date) {
    let at = i;
    for (const d of vector.data) {
      if (at < d.length) {
        const idx = d.offset + at;
        if (vector.type.typeId === Type.Decimal) return (d.values as Uint32Array).subarray(4 * idx, 4 * idx + 4);
        if (vector.type.typeId === Type.Timestamp) return timestampMicros(d.values[idx] as bigint | number, (d.type as unknown as { unit: number }).unit);
        return (d.type as unknown as { unit: number }).unit === 0 ? (d.values[idx] as number) * MS_PER_DAY : Number(d.values[idx]);
      }
      at -= d.length;
    }
  }
  return vector.get(i);
}

/** A timestamp value of any unit (0 s, 1 ms, 2 µs, 3 ns) in microseconds. */
export function timestampMicros(v: bigint | number, unit: number): bigint {
  const b = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  return unit === 0 ? b * 1_000_000n : unit === 1 ? b * 1000n : unit === 2 ? b : b / 1000n;
}
