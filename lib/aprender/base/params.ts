/**
 * Hyperparameter declarations. Each estimator class declares, once, every parameter's allowed values and default
 * (`static readonly params`); the base class fills defaults in the constructor and checks every value at `fit`, with
 * one message form: "Expected <allowed> for the <name> parameter of <Class> but received <value>". The specs mirror
 * scikit-learn's `_parameter_constraints` (Interval, StrOptions, None, callables, estimators).
 */
import { describe } from '../errors';

/** One parameter's allowed values. */
export interface ParamSpec {
  /** Whether the value is allowed. */
  accepts(value: unknown): boolean;
  /** The allowed values in words, e.g. "an integer >= 1" or "'uniform' or 'distance'". */
  readonly allowed: string;
}

/** A class's parameter table: each name's spec and default. */
export type ParamTable<P> = { readonly [K in keyof P]: readonly [ParamSpec, P[K]] };

/** Bounds of a numeric parameter. */
export interface Bounds {
  min?: number;
  max?: number;
  /** Which bounds are included (default 'both'), as scikit-learn's Interval `closed`. */
  closed?: 'both' | 'left' | 'right' | 'neither';
}

function bounds(b: Bounds): { ok: (x: number) => boolean; text: string } {
  const closed = b.closed ?? 'both';
  const loIn = closed === 'both' || closed === 'left';
  const hiIn = closed === 'both' || closed === 'right';
  const parts: string[] = [];
  if (b.min !== undefined) parts.push(`${loIn ? '>=' : '>'} ${b.min}`);
  if (b.max !== undefined) parts.push(`${hiIn ? '<=' : '<'} ${b.max}`);
  return {
    ok: (x) => (b.min === undefined || (loIn ? x >= b.min : x > b.min)) && (b.max === undefined || (hiIn ? x <= b.max : x < b.max)),
    text: parts.length === 0 ? '' : ` ${parts.join(' and ')}`,
  };
}

/** An integer within bounds (default: any integer). */
export function integer(b: Bounds = {}): ParamSpec {
  const { ok, text } = bounds(b);
  return { accepts: (v) => typeof v === 'number' && Number.isInteger(v) && ok(v), allowed: `an integer${text}` };
}

/** A finite number within bounds (default: any finite number). */
export function real(b: Bounds = {}): ParamSpec {
  const { ok, text } = bounds(b);
  return { accepts: (v) => typeof v === 'number' && Number.isFinite(v) && ok(v), allowed: `a number${text}` };
}

/** One of fixed values (strings, booleans or null), compared with ===. */
export function oneOf(...values: readonly (string | boolean | null)[]): ParamSpec {
  return {
    accepts: (v) => values.includes(v as string | boolean | null),
    allowed: values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', '),
  };
}

/** true or false. */
export function boolean(): ParamSpec {
  return oneOf(true, false);
}

/** Any of several specs. */
export function anyOf(...specs: ParamSpec[]): ParamSpec {
  return { accepts: (v) => specs.some((s) => s.accepts(v)), allowed: specs.map((s) => s.allowed).join(' or ') };
}

/** A spec or null. */
export function nullable(spec: ParamSpec): ParamSpec {
  return anyOf(spec, oneOf(null));
}

/** A seed for `randomState`: an integer in [0, 2^32) for reproducible results, or null for a fresh seed per fit. */
export function seed(): ParamSpec {
  return nullable(integer({ min: 0, max: 4294967295 }));
}

/** A function (a user callback: a metric, a weighting). */
export function callable(): ParamSpec {
  return { accepts: (v) => typeof v === 'function', allowed: 'a function' };
}

/** A value checked by a predicate, described in words (arrays of numbers, objects of class weights, ...). */
export function custom(allowed: string, accepts: (value: unknown) => boolean): ParamSpec {
  return { accepts, allowed };
}

/** A finite number array (e.g. priors), optionally of a fixed length, non-negative. */
export function numbers(options: { min?: number } = {}): ParamSpec {
  const { ok, text } = bounds({ min: options.min });
  return custom(`an array of numbers${text}`, (v) =>
    (Array.isArray(v) || ArrayBuffer.isView(v)) && Array.from(v as ArrayLike<unknown>).every((x) => typeof x === 'number' && Number.isFinite(x) && ok(x)));
}

/**
 * The message of a value a spec refuses.
 * @param cls - the estimator's class name
 * @param name - the parameter
 * @param spec - its spec
 * @param value - what was given
 * @returns "Expected ... for the <name> parameter of <cls> but received ..."
 */
export function paramMessage(cls: string, name: string, spec: ParamSpec, value: unknown): string {
  return `Expected ${spec.allowed} for the ${name} parameter of ${cls} but received ${describe(value)}`;
}
