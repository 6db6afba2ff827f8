/**
 * Candidate parameter settings for the searches: every combination of a grid (scikit-learn's ParameterGrid order:
 * keys sorted, the last key varying fastest), or random draws from lists and distributions (ParameterSampler).
 * Distributions are plain objects, so a search's options cross to a worker thread as data.
 */
import { Random } from '../../common/random';
import { describe, rangeError, typeError } from '../errors';

/** A distribution to draw a parameter from (scipy.stats' uniform, loguniform and randint). */
export interface Distribution {
  /** 'uniform' on [low, high], 'loguniform' (log-uniform on [low, high]) or 'randint' (integers in [low, high)). */
  distribution: 'uniform' | 'loguniform' | 'randint';
  low: number;
  high: number;
}

/** Parameter values to search: for each name, a list of values (or, for a randomized search, a distribution). */
export type ParamGrid = Readonly<Record<string, readonly unknown[] | Distribution>>;

function expectRange(low: unknown, high: unknown, what: string, positive = false): void {
  if (typeof low !== 'number' || typeof high !== 'number' || !Number.isFinite(low) || !Number.isFinite(high) || !(low < high) || (positive && !(low > 0))) {
    throw rangeError(`Expected finite bounds ${positive ? '0 < ' : ''}low < high for ${what} but received ${describe(low)} and ${describe(high)}`);
  }
}

/**
 * The uniform distribution on [loc, loc + scale] (scipy.stats.uniform(loc, scale)).
 * @param loc - the lower bound (default 0)
 * @param scale - the width (default 1)
 * @returns the distribution
 * @throws RangeError for a non-positive width
 * @example new RandomizedSearchCV({ estimator, paramDistributions: { alpha: uniform(0, 10) } });
 */
export function uniform(loc = 0, scale = 1): Distribution {
  expectRange(loc, loc + scale, 'uniform(loc, scale)');
  return { distribution: 'uniform', low: loc, high: loc + scale };
}

/**
 * The log-uniform distribution on [a, b] (scipy.stats.loguniform(a, b)): every decade equally likely.
 * @param a - the lower bound (> 0)
 * @param b - the upper bound
 * @returns the distribution
 * @throws RangeError unless 0 < a < b
 * @example paramDistributions: { C: loguniform(1e-3, 1e3) }
 */
export function loguniform(a: number, b: number): Distribution {
  expectRange(a, b, 'loguniform(a, b)', true);
  return { distribution: 'loguniform', low: a, high: b };
}

/**
 * Uniform integers in [low, high) (scipy.stats.randint(low, high)).
 * @param low - the smallest value
 * @param high - one past the largest
 * @returns the distribution
 * @throws RangeError unless low < high, both integers
 * @example paramDistributions: { nNeighbors: randint(1, 30) }
 */
export function randint(low: number, high: number): Distribution {
  expectRange(low, high, 'randint(low, high)');
  if (!Number.isInteger(low) || !Number.isInteger(high)) throw rangeError(`Expected integer bounds for randint but received ${low} and ${high}`);
  return { distribution: 'randint', low, high };
}

/** Whether a value is a {@link Distribution}. */
export function isDistribution(v: unknown): v is Distribution {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && ['uniform', 'loguniform', 'randint'].includes((v as Distribution).distribution);
}

function draw(d: Distribution, rng: Random): number {
  const u = rng.next();
  if (d.distribution === 'uniform') return d.low + u * (d.high - d.low);
  if (d.distribution === 'loguniform') return Math.exp(Math.log(d.low) + u * (Math.log(d.high) - Math.log(d.low)));
  return d.low + Math.floor(u * (d.high - d.low));
}

/**
 * Checks a grid (or a list of grids) and returns it as a list.
 * @param grid - one grid or several
 * @param name - the option's name
 * @param allowDistributions - randomized searches take distributions too
 * @returns the grids
 * @throws TypeError / RangeError for another shape or an empty value list
 */
export function gridList(grid: unknown, name: string, allowDistributions: boolean): ParamGrid[] {
  const list = Array.isArray(grid) ? grid : [grid];
  if (list.length === 0) throw rangeError(`Expected at least one grid in ${name} but received an empty array`);
  for (const g of list) {
    if (g === null || typeof g !== 'object' || Array.isArray(g)) throw typeError(`Expected an object of parameter values (or an array of them) for ${name} but received ${describe(g)}`);
    for (const [k, v] of Object.entries(g)) {
      if (allowDistributions && isDistribution(v)) continue;
      if (!Array.isArray(v) || v.length === 0) {
        throw typeError(`Expected a non-empty array of values${allowDistributions ? ' or a distribution' : ''} for '${k}' in ${name} but received ${describe(v)}`);
      }
    }
  }
  return list as ParamGrid[];
}

function sortedKeys(g: ParamGrid): string[] {
  return Object.keys(g).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Every combination of the grids, in scikit-learn's order.
 * @param grids - value lists per parameter
 * @returns the settings
 */
export function parameterGrid(grids: readonly ParamGrid[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const g of grids) {
    const keys = sortedKeys(g);
    let combos: Record<string, unknown>[] = [{}];
    for (const k of keys) combos = combos.flatMap((c) => (g[k] as readonly unknown[]).map((v) => ({ ...c, [k]: v })));
    out.push(...combos);
  }
  return out;
}

/**
 * nIter random settings: draws without replacement from the grid when every value is a list (fewer when the grid is
 * smaller), else independent draws (a random grid of a list, then each parameter from its list or distribution).
 * @param grids - value lists / distributions per parameter
 * @param nIter - settings wanted
 * @param rng - the generator
 * @returns the settings
 */
export function parameterSample(grids: readonly ParamGrid[], nIter: number, rng: Random): Record<string, unknown>[] {
  if (grids.every((g) => Object.values(g).every((v) => !isDistribution(v)))) {
    const all = parameterGrid(grids);
    return Array.from(rng.permutation(all.length).subarray(0, Math.min(nIter, all.length)), (i) => all[i]);
  }
  return Array.from({ length: nIter }, () => {
    const g = grids[rng.int(grids.length)];
    const setting: Record<string, unknown> = {};
    for (const k of sortedKeys(g)) {
      const v = g[k];
      setting[k] = isDistribution(v) ? draw(v, rng) : (v as readonly unknown[])[rng.int((v as readonly unknown[]).length)];
    }
    return setting;
  });
}
