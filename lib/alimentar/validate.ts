/** Argument checks shared by alimentar's public entry points ("Expected X for Y but received Z"). */
import { describe, rangeError, typeError } from './errors';

/** Checks a non-negative integer (counts, sizes, seeds). */
export function expectCount(value: unknown, name: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw typeError(`Expected an integer for ${name} but received ${describe(value)}`);
  }
  if (value < min) throw rangeError(`Expected an integer >= ${min} for ${name} but received ${value}`);
  return value;
}

/** Checks a non-empty string. */
export function expectString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw typeError(`Expected a non-empty string for ${name} but received ${describe(value)}`);
  }
  return value;
}

/** Checks an array of non-empty strings. */
export function expectStrings(value: unknown, name: string): string[] {
  if (!Array.isArray(value)) throw typeError(`Expected an array of column names for ${name} but received ${describe(value)}`);
  value.forEach((v, i) => expectString(v, `${name}[${i}]`));
  return value as string[];
}

/** Checks an optional plain object of options. */
export function expectOptions<T extends object>(value: unknown, name: string): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw typeError(`Expected an options object for ${name} but received ${describe(value)}`);
  }
  return value as Partial<T>;
}

/** Checks one of a fixed set of string values. */
export function expectOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw typeError(`Expected one of ${allowed.map((a) => `'${a}'`).join(', ')} for ${name} but received ${describe(value)}`);
  }
  return value as T;
}

/** Checks a fraction strictly between 0 and 1. */
export function expectFraction(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw typeError(`Expected a number for ${name} but received ${describe(value)}`);
  if (value <= 0 || value >= 1) throw rangeError(`Expected a number in (0, 1) for ${name} but received ${value}`);
  return value;
}
