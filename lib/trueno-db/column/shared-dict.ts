/**
 * The dictionary of a stored string column, shared with query workers without copying its strings on every query.
 *
 * A stored column's dictionary only grows (codes never change). Besides the JS strings it keeps their UTF-8 bytes in
 * SharedArrayBuffers, encoded when a query first needs them; a query job carries a reference (id, entry count and the
 * shared bytes), and each worker keeps the strings it decoded per dictionary, decoding only entries added since its
 * last query. A result column that still uses the worker's copy of the dictionary comes back as a reference too, and
 * the calling thread puts its own array back. Structured clone would otherwise copy every string both ways: seconds
 * for a column of millions of distinct strings.
 */

import { storedBuffer } from './shared-memory';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A dictionary reference as it crosses to a worker. */
export interface DictRef {
  id: number;
  length: number;
  bytes: Uint8Array;
  offsets: Int32Array;
}

/** Dictionaries by their strings array (the array a column view hands out). */
const owners = new WeakMap<string[], SharedDict>();
let nextId = 1;

function sharedBytes(n: number): Uint8Array {
  return new Uint8Array(storedBuffer(n));
}

/** A growable dictionary of distinct strings; see the module comment. */
export class SharedDict {
  /** The strings, by code. */
  strings: string[] = [];
  /** String to code, built when a second chunk arrives (a table filled by one insert never needs it). */
  private index: Map<string, number> | undefined;
  /** Identifies the dictionary to the workers (unique in the process, across databases). */
  readonly id = nextId++ + Math.floor(Math.random() * 2 ** 20) * 2 ** 32;
  private bytes = sharedBytes(0);
  private offsets = new Int32Array(storedBuffer(4 * 1));
  private encoded = 0;

  constructor() {
    owners.set(this.strings, this);
  }

  /**
   * Codes of a chunk's distinct strings in this dictionary, adding those it lacks.
   * @param dict - the chunk's distinct strings
   * @returns code of each, by position
   */
  merge(dict: string[]): Int32Array {
    const map = new Int32Array(dict.length);
    if (this.strings.length === 0) {
      // the first chunk: its strings are distinct (the Column contract), so they become the dictionary as they are
      for (let k = 0; k < dict.length; k++) {
        this.strings.push(dict[k]);
        map[k] = k;
      }
      return map;
    }
    if (this.index === undefined) {
      this.index = new Map();
      for (let k = 0; k < this.strings.length; k++) this.index.set(this.strings[k], k);
    }
    for (let k = 0; k < dict.length; k++) {
      let code = this.index.get(dict[k]);
      if (code === undefined) {
        code = this.strings.length;
        this.strings.push(dict[k]);
        this.index.set(dict[k], code);
      }
      map[k] = code;
    }
    return map;
  }

  /**
   * The reference a worker job carries, the first `length` entries encoded as UTF-8 in shared memory.
   * @param length - entries the job may use
   * @returns the reference
   */
  ref(length: number): DictRef {
    if (this.encoded < length) {
      const parts: Uint8Array[] = [];
      let total = this.offsets[this.encoded];
      for (let k = this.encoded; k < length; k++) {
        const e = encoder.encode(this.strings[k]);
        parts.push(e);
        total += e.length;
      }
      if (total > this.bytes.length) {
        const next = sharedBytes(Math.max(total, this.bytes.length * 2));
        next.set(this.bytes.subarray(0, this.offsets[this.encoded]));
        this.bytes = next;
      }
      if (length + 1 > this.offsets.length) {
        const next = new Int32Array(storedBuffer(4 * Math.max(length + 1, this.offsets.length * 2)));
        next.set(this.offsets.subarray(0, this.encoded + 1));
        this.offsets = next;
      }
      let at = this.offsets[this.encoded];
      parts.forEach((e, j) => {
        this.bytes.set(e, at);
        at += e.length;
        this.offsets[this.encoded + j + 1] = at;
      });
      this.encoded = length;
    }
    return { id: this.id, length, bytes: this.bytes, offsets: this.offsets };
  }
}

/**
 * The shared dictionary whose strings array this is, if any.
 * @param dict - a column's dict
 * @returns the owner or undefined (a dictionary made by a query, not stored)
 */
export function sharedDictOf(dict: string[] | undefined): SharedDict | undefined {
  return dict === undefined ? undefined : owners.get(dict);
}

// ---- the worker's side ----

interface Decoded {
  strings: string[];
}

const MAX_DECODED = 256;
const decoded = new Map<number, Decoded>();

/**
 * The worker's strings of a referenced dictionary, decoding entries it has not seen (cached per dictionary id; the
 * least recently used dropped past a few hundred dictionaries).
 * @param ref - the reference
 * @returns the strings (at least ref.length of them)
 */
export function stringsOf(ref: DictRef): string[] {
  let d = decoded.get(ref.id);
  if (d === undefined) {
    d = { strings: [] };
    if (decoded.size >= MAX_DECODED) decoded.delete(decoded.keys().next().value!);
  } else {
    decoded.delete(ref.id);
  }
  decoded.set(ref.id, d);
  const have = d.strings.length;
  if (have < ref.length) {
    const start = ref.offsets[have];
    const end = ref.offsets[ref.length];
    // one decode of the new entries' bytes; cut per entry when every byte is one char (ASCII)
    const copy = ref.bytes.slice(start, end);
    const text = decoder.decode(copy);
    const ascii = text.length === end - start;
    for (let k = have; k < ref.length; k++) {
      const a = ref.offsets[k] - start;
      const b = ref.offsets[k + 1] - start;
      d.strings.push(ascii ? text.substring(a, b) : decoder.decode(copy.subarray(a, b)));
    }
  }
  return d.strings;
}

/**
 * The id of the referenced dictionary whose worker-side strings array this is (for a result column passing a source
 * dictionary through), or undefined.
 * @param dict - a result column's dict
 * @returns the id
 */
export function decodedIdOf(dict: string[] | undefined): number | undefined {
  if (dict === undefined) return undefined;
  for (const [id, d] of decoded) if (d.strings === dict) return id;
  return undefined;
}

