/**
 * Breakages of a text argument shared by the text kernels' fuzz entries (kernel-cases-csv.ts,
 * kernel-cases-json-rows.ts): the text is argument 0 of the call, as bytes.
 */
import type { Breakage } from './kernel-case';
import type { Rng } from './mutate';

const encoder = new TextEncoder();

/**
 * A breakage that replaces the text (argument 0) by f(text).
 * @param name - the breakage's name
 * @param f - the new text from the old one
 * @returns the breakage
 */
export function text(name: string, f: (b: Uint8Array, rng: Rng) => Uint8Array): Breakage {
  return { name, apply: (args, rng) => void (args[0] = f(args[0] as Uint8Array, rng)) };
}

/**
 * b with `remove` bytes at `at` replaced by `insert`.
 * @param b - the bytes
 * @param at - where
 * @param remove - how many bytes go
 * @param insert - what comes in (a string is UTF-8)
 * @returns a new array
 */
export function splice(b: Uint8Array, at: number, remove: number, insert: string | Uint8Array): Uint8Array {
  const ins = typeof insert === 'string' ? encoder.encode(insert) : insert;
  const out = new Uint8Array(b.length - remove + ins.length);
  out.set(b.subarray(0, at));
  out.set(ins, at);
  out.set(b.subarray(at + remove), at + ins.length);
  return out;
}

/** A random place in b, its end included. */
export const anywhere = (b: Uint8Array, rng: Rng): number => rng.below(b.length + 1);
