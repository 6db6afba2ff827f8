/**
 * Argument checks shared by every part's public entry points. Each throws "Expected X for Y but received Z": a
 * TypeError for a value of the wrong type, a RangeError for a value of the right type outside what is allowed, with
 * the part's own `.code` (see {@link argumentErrors}). A part makes its set once with {@link validators}.
 */
import { argumentErrors, describe, type ArgumentErrors } from './errors';

/**
 * Every key an options type allows, as an object literal (`{ batchSize: true, shuffle: true }`), so the compiler
 * checks the list against the type: a key added to the type and not here, or misspelled here, fails to compile.
 */
export type OptionKeys<T> = { readonly [K in keyof Required<T>]: true };

/**
 * The message of an unknown key in an options object (a misspelt option would otherwise be ignored silently).
 * @param allowed - the keys allowed
 * @param what - the options' owner, e.g. 'DataLoader options'
 * @param key - the key received
 * @returns "Expected one of batchSize, shuffle for DataLoader options but received 'batch_size'"
 * @example unknownKeyMessage(['batchSize'], 'DataLoader options', 'batch_size')
 */
export function unknownKeyMessage(allowed: readonly string[], what: string, key: string): string {
  return `Expected one of ${allowed.join(', ') || 'no options'} for ${what} but received '${key}'`;
}

/**
 * The first own enumerable key of `value` that `allowed` lacks (keys whose value is undefined count too: a typo
 * is a typo).
 * @param value - an options object
 * @param allowed - the keys allowed
 * @returns the key, or undefined when every key is allowed
 * @example unknownKey({ batch_size: 1 }, ['batchSize']) // 'batch_size'
 */
export function unknownKey(value: object, allowed: readonly string[]): string | undefined {
  return Object.keys(value).find((k) => !allowed.includes(k));
}

/** The argument checks of one part, bound to its error codes. */
export interface Validators {
  /**
   * Undefined (giving `{}`) or a plain object of options whose every key is one of `keys`: an unknown key is a
   * TypeError naming the keys allowed ("Expected one of batchSize, shuffle for DataLoader options but received
   * 'batch_size'"), not silently ignored.
   */
  expectOptions<T extends object>(value: unknown, name: string, keys: OptionKeys<T>): Partial<T>;
  /** Undefined (giving `{}`) or a plain object used as a map (column name to type, ...): any keys. */
  expectRecord<T>(value: unknown, name: string): Record<string, T>;
  /** A number that is an integer in [min, max] (TypeError for a non-number, RangeError otherwise). */
  expectInteger(value: unknown, name: string, min?: number, max?: number): number;
  /** An integer count >= min (TypeError for a non-integer, RangeError below min): sizes, counts, seeds. */
  expectCount(value: unknown, name: string, min?: number): number;
  /** Any number, NaN and infinities included. */
  expectNumber(value: unknown, name: string): number;
  /** A finite number. */
  expectFinite(value: unknown, name: string): number;
  /** A number strictly between 0 and 1. */
  expectFraction(value: unknown, name: string): number;
  /** A boolean. */
  expectBoolean(value: unknown, name: string): boolean;
  /** A non-empty string. */
  expectString(value: unknown, name: string): string;
  /** An array of non-empty strings (column names). */
  expectStrings(value: unknown, name: string): string[];
  /** One of a fixed set of strings. */
  expectOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T;
  /** A function. */
  expectFunction<F extends (...args: never[]) => unknown>(value: unknown, name: string): F;
}

/**
 * The argument checks of a part whose error codes are `ERR_<PREFIX>_TYPE` / `ERR_<PREFIX>_RANGE`.
 * @param errors - the part's factories from {@link argumentErrors}, or its code prefix
 * @returns the bound checks
 * @example
 * export const { expectOptions, expectInteger } = validators('TRUENO');
 * expectInteger(3.5, 'axis'); // RangeError 'Expected an integer in [0, ...] for axis but received 3.5'
 */
export function validators(errors: ArgumentErrors | string): Validators {
  const { typeError, rangeError } = typeof errors === 'string' ? argumentErrors(errors) : errors;

  const expectNumber = (value: unknown, name: string): number => {
    if (typeof value !== 'number') throw typeError(`Expected a number for ${name} but received ${describe(value)}`);
    return value;
  };

  const expectString = (value: unknown, name: string): string => {
    if (typeof value !== 'string' || value.length === 0) {
      throw typeError(`Expected a non-empty string for ${name} but received ${describe(value)}`);
    }
    return value;
  };

  const expectRecord = <T>(value: unknown, name: string, what = 'an object'): Record<string, T> => {
    if (value === undefined) return {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw typeError(`Expected ${what} for ${name} but received ${describe(value)}`);
    }
    return value as Record<string, T>;
  };

  return {
    expectOptions<T extends object>(value: unknown, name: string, keys: OptionKeys<T>): Partial<T> {
      const options = expectRecord<unknown>(value, name, 'an options object');
      const allowed = Object.keys(keys);
      const bad = unknownKey(options, allowed);
      if (bad !== undefined) throw typeError(unknownKeyMessage(allowed, name, bad));
      return options as Partial<T>;
    },
    expectRecord: (value, name) => expectRecord(value, name),
    expectInteger(value, name, min = 0, max = Number.MAX_SAFE_INTEGER) {
      if (typeof value !== 'number') throw typeError(`Expected an integer for ${name} but received ${describe(value)}`);
      if (!Number.isInteger(value) || value < min || value > max) {
        throw rangeError(`Expected an integer in [${min}, ${max}] for ${name} but received ${describe(value)}`);
      }
      return value;
    },
    expectCount(value, name, min = 0) {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw typeError(`Expected an integer for ${name} but received ${describe(value)}`);
      }
      if (value < min) throw rangeError(`Expected an integer >= ${min} for ${name} but received ${value}`);
      return value;
    },
    expectNumber,
    expectFinite(value, name) {
      if (!Number.isFinite(expectNumber(value, name))) {
        throw rangeError(`Expected a finite number for ${name} but received ${describe(value)}`);
      }
      return value as number;
    },
    expectFraction(value, name) {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw typeError(`Expected a number for ${name} but received ${describe(value)}`);
      if (value <= 0 || value >= 1) throw rangeError(`Expected a number in (0, 1) for ${name} but received ${value}`);
      return value;
    },
    expectBoolean(value, name) {
      if (typeof value !== 'boolean') throw typeError(`Expected a boolean for ${name} but received ${describe(value)}`);
      return value;
    },
    expectString,
    expectStrings(value, name) {
      if (!Array.isArray(value)) throw typeError(`Expected an array of column names for ${name} but received ${describe(value)}`);
      value.forEach((v, i) => expectString(v, `${name}[${i}]`));
      return value as string[];
    },
    expectOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
      if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
        throw typeError(`Expected one of ${allowed.map((a) => `'${a}'`).join(', ')} for ${name} but received ${describe(value)}`);
      }
      return value as T;
    },
    expectFunction<F extends (...args: never[]) => unknown>(value: unknown, name: string): F {
      if (typeof value !== 'function') throw typeError(`Expected a function for ${name} but received ${describe(value)}`);
      return value as F;
    },
  };
}
