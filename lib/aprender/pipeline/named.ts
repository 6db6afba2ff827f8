/**
 * What Pipeline and ColumnTransformer share: a parameter that is a list of named estimators, whose estimators are
 * reached by name in getParams / setParams (scikit-learn's _BaseComposition: `scale`, `scale__withMean`).
 */
import type { Estimator } from '../base/estimator';
import { isEstimator } from '../base/state';
import { ParamError } from '../errors';

/** A list entry: its name first, the estimator (or a string such as 'passthrough') second, then anything else. */
export type NamedEntry = readonly [string, unknown, ...unknown[]];

/**
 * Whether a value is a list of entries with unique names free of '__', each holding an estimator or one of the
 * allowed words.
 * @param value - the parameter value
 * @param words - the strings allowed in place of an estimator
 * @param arity - how many elements each entry has
 * @returns whether it is valid
 */
export function isNamedList(value: unknown, words: readonly string[], arity: number): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  const names = new Set<string>();
  for (const e of value) {
    if (!Array.isArray(e) || e.length !== arity || typeof e[0] !== 'string' || e[0] === '' || e[0].includes('__') || names.has(e[0])) return false;
    if (!isEstimator(e[1]) && !words.includes(e[1] as string)) return false;
    names.add(e[0]);
  }
  return true;
}

/**
 * The deep parameters of a named list: each name gives its estimator, each `name__param` that estimator's parameter.
 * @param entries - the list
 * @returns the extra getParams entries
 */
export function namedParams(entries: readonly NamedEntry[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, est] of entries) {
    out[name] = est;
    if (isEstimator(est)) for (const [k, v] of Object.entries(est.getParams(true))) out[`${name}__${k}`] = v;
  }
  return out;
}

/**
 * Applies the setParams entries that address a named list: `name` replaces an entry's estimator, `name__param` sets
 * a parameter of it.
 * @param entries - the list (not changed)
 * @param params - the setParams argument
 * @param owner - the class name for messages
 * @returns the new list, and the params left for the base class
 * @throws ParamError when `name__param` addresses an entry that holds no estimator
 */
export function setNamedParams(entries: readonly NamedEntry[], params: Record<string, unknown>, owner: string): { entries: NamedEntry[]; rest: Record<string, unknown> } {
  const out = entries.map((e) => [...e] as unknown as NamedEntry);
  const byName = new Map(out.map((e) => [e[0], e as unknown as unknown[]]));
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    const cut = k.indexOf('__');
    const entry = byName.get(cut < 0 ? k : k.slice(0, cut));
    if (entry === undefined) {
      rest[k] = v;
    } else if (cut < 0) {
      entry[1] = v;
    } else {
      const est = entry[1];
      if (!isEstimator(est)) throw new ParamError(`Expected an estimator in the step '${entry[0]}' of ${owner} to set '${k}' but it holds ${String(est)}`, k);
      entry[1] = (est as Estimator).clone().setParams({ [k.slice(cut + 2)]: v });
    }
  }
  return { entries: out, rest };
}
