/**
 * `--param key=value`: hyperparameters from the command line. Values are read as JSON where they parse (numbers,
 * true/false, null, arrays), Infinity and -Infinity as numbers, and as text otherwise, so `nEstimators=100`, `maxDepth=null` and `criterion=gini` all mean
 * what they say. Names are the estimators' camelCase names; scikit-learn's snake_case is accepted too.
 */
import { paramMessage } from '../../aprender/base/params';
import { usageError } from '../shared/program';
import { unknownKeyMessage } from '../../common/validate';
import type { ModelClass } from './models';

/** Parameters as given: name (camelCase) to value. */
export type ParamValues = Record<string, unknown>;

function camelCase(name: string): string {
  return name.replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

function parseValue(text: string): unknown {
  // JSON has no infinities; some parameters take them (LogisticRegression's C)
  if (text === 'Infinity' || text === '-Infinity') return Number(text);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Parses the `--param` arguments.
 * @param items - each `key=value`
 * @returns the values by camelCase name (a later repeat wins)
 * @throws a usage error for an item without `=` or with an empty name
 * @example parseParams(['nEstimators=100', 'max_depth=null']); // { nEstimators: 100, maxDepth: null }
 */
export function parseParams(items: readonly string[]): ParamValues {
  const out: ParamValues = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? '' : item.slice(0, eq).trim();
    if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw usageError(`Expected key=value for --param (e.g. --param nEstimators=100) but received '${item}'`);
    }
    out[camelCase(key)] = parseValue(item.slice(eq + 1).trim());
  }
  return out;
}

/**
 * Checks parameters against a class's table, before any data is read or any fit starts.
 * @param cls - the estimator class
 * @param values - from {@link parseParams}
 * @throws a usage error naming the class's parameters for an unknown name, or the allowed values for a bad value
 */
export function checkParams(cls: ModelClass, values: ParamValues): void {
  for (const [name, value] of Object.entries(values)) {
    const entry = Object.hasOwn(cls.params, name) ? cls.params[name] : undefined;
    if (entry === undefined) {
      throw usageError(`${unknownKeyMessage(Object.keys(cls.params), `the parameters of ${cls.name}`, name)} (see aprender list-models)`);
    }
    if (!entry[0].accepts(value)) throw usageError(paramMessage(cls.name, name, entry[0], value));
  }
}
