/**
 * Deterministic mutators for the file fuzz harness. A mutant is named by its seed file and index
 * (`diabetes.arrow#121`); the same name always gives the same bytes and description, so any failure reproduces from
 * its id alone. Generic mutations (bit flips, byte changes, insertions, deletions, truncations, chunk duplication) apply
 * to every format; targeted ones aim at the structure a reader trusts: Parquet's magic, footer length and Thrift footer,
 * Arrow IPC's magic, footer length, footer block offsets, message continuation markers, metadata lengths and the
 * flatbuffer offsets and body lengths inside message metadata; the delimiters, quotes and field lengths of CSV and
 * JSON; and the header fields and payload framing of `.apr` model files.
 */

/** The fixed seed of every run; changing it changes every mutant. */
export const FUZZ_SEED = 0x5eed_2026;

/** A mutant: its bytes, what was done, and whether it is a strict prefix of its seed (a truncated file). */
export interface Mutant {
  id: string;
  bytes: Uint8Array;
  description: string;
  truncated: boolean;
}

/** splitmix32: small, fast and good enough to pick mutations; seeded from the mutant's id. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    let z = (this.state = (this.state + 0x9e3779b9) >>> 0);
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : Math.floor((this.next() / 2 ** 32) * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const INTERESTING_32 = [0, 1, -1, 0x7fffffff, -0x80000000, 0xffff, 0x10000, 8, 0x7ffffff8];

/** Writes `value` as a little-endian int32 (or int64 when `wide`) at `at`, clamped to the buffer. */
function putInt(bytes: Uint8Array, at: number, value: number, wide = false): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (wide && at + 8 <= bytes.length) view.setBigInt64(at, BigInt(value), true);
  else if (at + 4 <= bytes.length) view.setInt32(at, value | 0, true);
}

function readInt32(bytes: Uint8Array, at: number): number {
  return at >= 0 && at + 4 <= bytes.length ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(at, true) : -1;
}

/** A value near `current` or an extreme, to change a length or offset field. */
function nearOrExtreme(rng: Rng, current: number): number {
  return rng.below(2) === 0 ? current + rng.pick([-1, 1, -8, 8, -64, 64, -4096, 4096]) : rng.pick(INTERESTING_32);
}

type Mutation = (rng: Rng, bytes: Uint8Array) => { bytes: Uint8Array; description: string };

// ---- generic mutations ------------------------------------------------------------------------------------------

const flipBits: Mutation = (rng, src) => {
  const bytes = src.slice();
  const n = 1 + rng.below(8);
  const at: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = rng.below(bytes.length);
    bytes[i] ^= 1 << rng.below(8);
    at.push(i);
  }
  return { bytes, description: `flip ${n} bit(s) at ${at.join(',')}` };
};

const setBytes: Mutation = (rng, src) => {
  const bytes = src.slice();
  const n = 1 + rng.below(4);
  const at: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = rng.below(bytes.length);
    bytes[i] = rng.pick([0, 0xff, 0x7f, 0x80, rng.below(256)]);
    at.push(i);
  }
  return { bytes, description: `set ${n} byte(s) at ${at.join(',')}` };
};

const insertBytes: Mutation = (rng, src) => {
  const at = rng.below(src.length + 1);
  const n = 1 + rng.below(64);
  const junk = Uint8Array.from({ length: n }, () => rng.below(256));
  return { bytes: concat(src.subarray(0, at), junk, src.subarray(at)), description: `insert ${n} random byte(s) at ${at}` };
};

const deleteBytes: Mutation = (rng, src) => {
  const at = rng.below(src.length);
  const n = Math.min(src.length - at, 1 + rng.below(256));
  return { bytes: concat(src.subarray(0, at), src.subarray(at + n)), description: `delete ${n} byte(s) at ${at}` };
};

const duplicateChunk: Mutation = (rng, src) => {
  const from = rng.below(src.length);
  const n = Math.min(src.length - from, 1 + rng.below(512));
  const to = rng.below(src.length + 1);
  return {
    bytes: concat(src.subarray(0, to), src.subarray(from, from + n), src.subarray(to)),
    description: `duplicate ${n} byte(s) from ${from} at ${to}`,
  };
};

/** Truncation: mostly anywhere, sometimes to the first few bytes (the 0-8 byte files that once opened as empty). */
const truncate: Mutation = (rng, src) => {
  const length = rng.below(4) === 0 ? rng.below(9) : rng.below(src.length);
  return { bytes: src.slice(0, length), description: `truncate to ${length} byte(s)` };
};

const GENERIC: Mutation[] = [flipBits, setBytes, insertBytes, deleteBytes, duplicateChunk, truncate];

// ---- Parquet: PAR1 <data> <thrift footer> <int32 footer length> PAR1 -----------------------------------------------

const parquetMagic: Mutation = (rng, src) => {
  const bytes = src.slice();
  const at = rng.pick([0, bytes.length - 4]) + rng.below(4);
  bytes[at] ^= 1 + rng.below(255);
  return { bytes, description: `Parquet magic byte ${at} changed` };
};

const parquetFooterLength: Mutation = (rng, src) => {
  const bytes = src.slice();
  const at = bytes.length - 8;
  const value = nearOrExtreme(rng, readInt32(bytes, at));
  putInt(bytes, at, value);
  return { bytes, description: `Parquet footer length set to ${value}` };
};

const parquetFooterBytes: Mutation = (rng, src) => {
  const bytes = src.slice();
  const length = readInt32(bytes, bytes.length - 8);
  const start = Math.max(0, bytes.length - 8 - Math.max(0, length));
  const n = 1 + rng.below(6);
  const at: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = start + rng.below(bytes.length - 8 - start);
    // Thrift compact varints and field headers: an extreme byte makes lengths and counts huge or negative
    bytes[i] = rng.pick([0xff, 0x7f, 0x00, 0x80, bytes[i] ^ (1 << rng.below(8)), rng.below(256)]);
    at.push(i);
  }
  return { bytes, description: `Parquet footer byte(s) at ${at.join(',')} changed` };
};

const parquetFooterCut: Mutation = (rng, src) => {
  const length = readInt32(src, src.length - 8);
  const start = Math.max(0, src.length - 8 - Math.max(0, length));
  const at = start + rng.below(Math.max(1, src.length - 8 - start));
  const n = 1 + rng.below(32);
  return { bytes: concat(src.subarray(0, at), src.subarray(Math.min(src.length, at + n))), description: `delete ${n} byte(s) in the Parquet footer at ${at}` };
};

const PARQUET: Mutation[] = [parquetMagic, parquetFooterLength, parquetFooterBytes, parquetFooterBytes, parquetFooterCut];

// ---- Arrow IPC file: ARROW1\0\0 <messages: FFFFFFFF int32 metaLen, flatbuffer, body> <footer> int32 ARROW1 --------

/** Offsets of message continuation markers (0xFFFFFFFF followed by a plausible metadata length). */
function messageStarts(bytes: Uint8Array): number[] {
  const starts: number[] = [];
  for (let i = 0; i + 8 <= bytes.length; i += 8) {
    if (readInt32(bytes, i) === -1) {
      const len = readInt32(bytes, i + 4);
      if (len > 0 && len < 1 << 20) starts.push(i);
    }
  }
  return starts;
}

function isArrowFile(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 6)) === 'ARROW1';
}

const arrowMagic: Mutation = (rng, src) => {
  const bytes = src.slice();
  const at = rng.pick([0, bytes.length - 6]) + rng.below(6);
  bytes[at] ^= 1 + rng.below(255);
  return { bytes, description: `Arrow magic byte ${at} changed` };
};

const arrowFooterLength: Mutation = (rng, src) => {
  if (!isArrowFile(src)) return setBytes(rng, src);
  const bytes = src.slice();
  const at = bytes.length - 10;
  const value = nearOrExtreme(rng, readInt32(bytes, at));
  putInt(bytes, at, value);
  return { bytes, description: `Arrow footer length set to ${value}` };
};

/** Footer bytes: the schema, and the Block structs (int64 offset, int32 metadata length, int64 body length). */
const arrowFooterBytes: Mutation = (rng, src) => {
  if (!isArrowFile(src)) return setBytes(rng, src);
  const bytes = src.slice();
  const length = Math.max(0, readInt32(bytes, bytes.length - 10));
  const start = Math.max(0, bytes.length - 10 - length);
  const span = Math.max(1, bytes.length - 10 - start);
  if (rng.below(2) === 0) {
    const at = start + 8 * rng.below(Math.ceil(span / 8));
    const value = rng.pick([0, -1, 0x7fffffff, 1 << 30, readInt32(bytes, at) + rng.pick([-8, 8, 64, -64])]);
    putInt(bytes, at, value, true);
    return { bytes, description: `Arrow footer int64 slot at ${at} set to ${value}` };
  }
  const n = 1 + rng.below(6);
  const at: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = start + rng.below(span);
    bytes[i] = rng.pick([0xff, 0x7f, 0x00, 0x80, rng.below(256)]);
    at.push(i);
  }
  return { bytes, description: `Arrow footer byte(s) at ${at.join(',')} changed` };
};

/** A message's framing: its metadata length, or the flatbuffer offsets and int64 body length inside its metadata. */
const arrowMessage: Mutation = (rng, src) => {
  const starts = messageStarts(src);
  if (starts.length === 0) return flipBits(rng, src);
  const bytes = src.slice();
  const start = rng.pick(starts);
  const metaLength = readInt32(bytes, start + 4);
  switch (rng.below(4)) {
    case 0: {
      const value = nearOrExtreme(rng, metaLength);
      putInt(bytes, start + 4, value);
      return { bytes, description: `Arrow message at ${start}: metadata length ${metaLength} -> ${value}` };
    }
    case 1: {
      bytes[start + rng.below(4)] = rng.below(256);
      return { bytes, description: `Arrow message at ${start}: continuation marker changed` };
    }
    case 2: {
      // flatbuffer uoffset/soffset fields are int32 at 4-byte alignment
      const at = start + 8 + 4 * rng.below(Math.max(1, metaLength >> 2));
      const value = nearOrExtreme(rng, readInt32(bytes, at));
      putInt(bytes, at, value);
      return { bytes, description: `Arrow message at ${start}: metadata int32 at ${at} set to ${value}` };
    }
    default: {
      // bodyLength, buffer offsets and lengths, row counts: int64 fields at 8-byte alignment
      const at = start + 8 + 8 * rng.below(Math.max(1, metaLength >> 3));
      const value = rng.pick([0, -1, 0x7fffffff, 1 << 30, readInt32(bytes, at) + rng.pick([-8, 8, 1024, -1024])]);
      putInt(bytes, at, value, true);
      return { bytes, description: `Arrow message at ${start}: metadata int64 at ${at} set to ${value}` };
    }
  }
};

const ARROW: Mutation[] = [arrowMagic, arrowFooterLength, arrowFooterBytes, arrowFooterBytes, arrowMessage, arrowMessage, arrowMessage];

// ---- text formats: CSV, JSON, JSON Lines ---------------------------------------------------------------------------

const TEXT_TOKENS = ['"', ',', '\n', '\r\n', '\r', '""', '{', '}', '[', ']', ':', '\\', '\0', '\xff\xfe', 'NaN', '1e999', '-', 'null', '\t', ' ', '\u2028'];

const insertToken: Mutation = (rng, src) => {
  const at = rng.below(src.length + 1);
  const token = rng.pick(TEXT_TOKENS);
  const raw = Uint8Array.from(token, (c) => c.charCodeAt(0) & 0xff);
  return { bytes: concat(src.subarray(0, at), raw, src.subarray(at)), description: `insert ${JSON.stringify(token)} at ${at}` };
};

/** One very long field (the class where a cell of >= 125,000 characters overflowed the stack). */
const longField: Mutation = (rng, src) => {
  const at = rng.below(src.length + 1);
  const n = rng.pick([70_000, 130_000, 300_000]);
  const fill = new Uint8Array(n).fill(rng.pick([0x61, 0x31, 0x20]));
  return { bytes: concat(src.subarray(0, at), fill, src.subarray(at)), description: `insert a ${n}-byte run at ${at}` };
};

/** Cut at a line boundary: a shorter file that is still well-formed (must decode, with fewer rows). */
const cutAtLine: Mutation = (rng, src) => {
  const lines: number[] = [];
  for (let i = 0; i < src.length; i++) if (src[i] === 0x0a) lines.push(i + 1);
  const length = lines.length === 0 ? 0 : rng.pick(lines);
  return { bytes: src.slice(0, length), description: `truncate at a line end, to ${length} byte(s)` };
};

const TEXT: Mutation[] = [insertToken, insertToken, insertToken, cutAtLine, longField];

/** The formats the harness fuzzes, by seed file extension. */
export type FuzzFormat = 'csv' | 'parquet' | 'arrow' | 'json' | 'jsonl';

const TARGETED: Record<FuzzFormat, Mutation[]> = { csv: TEXT, json: TEXT, jsonl: TEXT, parquet: PARQUET, arrow: ARROW };

// ---- .apr model files: 64-byte header of lengths, JSON metadata, payload (JSON skeleton + array table + data) -----

/** The header's fields: offset and width in bytes (docs/model-file-format.md). */
const APR_FIELDS: [number, 1 | 2 | 4 | 8][] = [[8, 2], [10, 2], [12, 2], [14, 1], [15, 1], [16, 4], [20, 4], [24, 8], [32, 8], [40, 2], [42, 2], [44, 4]];

function putUint(bytes: Uint8Array, at: number, width: 1 | 2 | 4 | 8, value: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (at + width > bytes.length) return;
  if (width === 1) view.setUint8(at, value & 0xff);
  else if (width === 2) view.setUint16(at, value & 0xffff, true);
  else if (width === 4) view.setUint32(at, value >>> 0, true);
  else view.setBigUint64(at, BigInt.asUintN(64, BigInt(Math.trunc(value))), true);
}

function readUint(bytes: Uint8Array, at: number, width: 1 | 2 | 4 | 8): number {
  if (at + width > bytes.length) return 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return width === 1 ? view.getUint8(at) : width === 2 ? view.getUint16(at, true) : width === 4 ? view.getUint32(at, true) : Number(view.getBigUint64(at, true));
}

/** A header field set near its value or to an extreme (lengths, version, flags, codec). */
const aprHeaderField: Mutation = (rng, src) => {
  const bytes = src.slice();
  const [at, width] = rng.pick(APR_FIELDS);
  const current = readUint(bytes, at, width);
  const value = rng.below(2) === 0 ? Math.max(0, current + rng.pick([-1, 1, -8, 8, -64, 64, 4096])) : rng.pick([0, 1, 0xff, 0xffff, 0xffffffff, 2 ** 40, 2 ** 53, current * 1033]);
  putUint(bytes, at, width, value);
  return { bytes, description: `apr header field at ${at} (${width} bytes): ${current} -> ${value}` };
};

/** An integer in the payload's framing: skeleton length, array count, table entries (dtype, ndim, offset, dims). */
const aprPayloadInt: Mutation = (rng, src) => {
  const headerLength = readUint(src, 12, 2);
  const start = headerLength + readUint(src, 40, 2) + readUint(src, 20, 4);
  if (start >= src.length) return aprHeaderField(rng, src);
  const bytes = src.slice();
  const at = start + 8 * rng.below(Math.max(1, Math.min(64, (src.length - start) >> 3)));
  const width = rng.pick([1, 4, 8] as const);
  const value = rng.pick([0, 1, 7, 8, 9, 99, 255, 0xffffffff, 2 ** 40, readUint(bytes, at, width) + rng.pick([-8, 8, 1])]);
  putUint(bytes, at, width, value);
  return { bytes, description: `apr payload int at ${at} (${width} bytes) set to ${value}` };
};

const APR: Mutation[] = [aprHeaderField, aprHeaderField, aprPayloadInt, aprPayloadInt, insertToken];

/**
 * The mutant `index` of a seed file: one to three mutations, half of them targeted at the format's structure.
 * @param seedName - the seed's file name (part of the id and of the random seed)
 * @param format - the seed's format
 * @param seed - the seed's bytes
 * @param index - which mutant
 * @returns the mutant
 */
export function mutant(seedName: string, format: FuzzFormat, seed: Uint8Array, index: number): Mutant {
  return mutantWith(seedName, TARGETED[format], seed, index);
}

/**
 * The mutant `index` of an `.apr` model file (the same scheme; targeted mutations hit the header's fields and the
 * payload's framing integers).
 * @param seedName - the seed's name
 * @param seed - the file's bytes
 * @param index - which mutant
 * @returns the mutant
 */
export function aprMutant(seedName: string, seed: Uint8Array, index: number): Mutant {
  return mutantWith(seedName, APR, seed, index);
}

function mutantWith(seedName: string, targeted: Mutation[], seed: Uint8Array, index: number): Mutant {
  const id = `${seedName}#${index}`;
  const rng = new Rng(hashString(id) ^ FUZZ_SEED);
  let bytes = seed;
  const steps: string[] = [];
  const count = 1 + (rng.below(4) === 0 ? 1 + rng.below(2) : 0);
  for (let k = 0; k < count && bytes.length > 0; k++) {
    const pool = rng.below(2) === 0 ? targeted : GENERIC;
    const r = rng.pick(pool)(rng, bytes);
    bytes = r.bytes;
    steps.push(r.description);
  }
  const truncated = bytes.length < seed.length && seed.subarray(0, bytes.length).every((b, i) => b === bytes[i]);
  return { id, bytes, description: steps.join('; '), truncated };
}

/**
 * Parses a mutant id back into its seed name and index.
 * @param id - e.g. `diabetes.arrow#121`
 * @returns the parts, or undefined when `id` is not one
 */
export function parseMutantId(id: string): { seedName: string; index: number } | undefined {
  const m = /^(.+)#(\d+)$/.exec(id);
  return m === null ? undefined : { seedName: m[1], index: Number(m[2]) };
}
