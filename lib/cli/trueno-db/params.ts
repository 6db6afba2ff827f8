/**
 * `--param key=value`: the values of a statement's parameters from the command line, the same `key=value` form as
 * aprender's `--param`. A number key is a position (`--param 1=42` is `$1`, and the first `?`); a name key is a
 * named parameter (`--param city=Lyon` is `$city`). Values are read as JSON where they parse (numbers, true/false,
 * null, "quoted text"), integers beyond 2^53 as bigint, and as text otherwise, so `--param 1=Lyon` is the string
 * 'Lyon' and `--param 1='"42"'` the string '42'.
 */
import { usageError } from '../shared/program';

/** Parameter values as the database takes them: by position ($1 first) or by name. */
export type ParamValues = unknown[] | Record<string, unknown>;

const INTEGER = /^-?\d+$/;

/**
 * One value's JS form (see the module comment).
 * @param text - the text after `=`
 * @returns a number, bigint, boolean, null, string, or (for JSON arrays and objects) what JSON.parse gives
 */
export function parseParamValue(text: string): unknown {
  const trimmed = text.trim();
  if (INTEGER.test(trimmed) && !Number.isSafeInteger(Number(trimmed))) return BigInt(trimmed);
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}

/**
 * Parses the `--param` arguments.
 * @param items - each `key=value`
 * @returns undefined when there are none; an array when the keys are positions 1..n (all of them, each once); a
 *   record when they are names
 * @throws a usage error for an item without `=`, a bad key, positions with a gap or a repeat, or positions mixed
 *   with names
 * @example parseParams(['1=42', '2=Lyon']); // [42, 'Lyon']
 * @example parseParams(['city=Lyon']);      // { city: 'Lyon' }
 */
export function parseParams(items: readonly string[]): ParamValues | undefined {
  if (items.length === 0) return undefined;
  const positional = new Map<number, unknown>();
  const named: Record<string, unknown> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? '' : item.slice(0, eq).trim().replace(/^\$/, '');
    const value = parseParamValue(item.slice(eq + 1));
    if (/^[1-9]\d*$/.test(key)) {
      if (positional.has(Number(key))) throw usageError(`Expected each position once in --param but received $${key} twice`);
      positional.set(Number(key), value);
    } else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      if (Object.hasOwn(named, key)) throw usageError(`Expected each name once in --param but received $${key} twice`);
      named[key] = value;
    } else {
      throw usageError(`Expected key=value for --param (a position, --param 1=42, or a name, --param city=Lyon) but received '${item}'`);
    }
  }
  const names = Object.keys(named);
  if (positional.size > 0 && names.length > 0) {
    throw usageError(`Expected --param keys that are all positions or all names but received both ($${[...positional.keys()][0]} and $${names[0]})`);
  }
  if (names.length > 0) return named;
  const values: unknown[] = [];
  for (let i = 1; i <= positional.size; i++) {
    if (!positional.has(i)) throw usageError(`Expected --param positions 1 to ${positional.size} but $${i} is missing`);
    values.push(positional.get(i));
  }
  return values;
}
