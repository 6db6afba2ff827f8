/**
 * Every estimator class by name, so a fitted model can be rebuilt from its class name: in the worker of fitAsync,
 * for estimators nested in another's parameters (a Pipeline's steps), and by the model-file loader. Each estimator
 * module registers its classes when it loads; the aprender index loads them all.
 */
import { typeError } from '../errors';
import type { Estimator } from './estimator';

/** An estimator class: constructible from an options object. */
// `any`: each class takes its own options type, which a registry of all classes cannot name
export type EstimatorClass<E extends Estimator = Estimator> = (new (options?: any) => E) & {
  readonly name: string;
};

const classes = new Map<string, EstimatorClass>();
/** The library's own classes: those a fresh worker rebuilds by loading the aprender index. */
const builtIn = new Set<EstimatorClass>();

/**
 * Registers estimator classes under their class names.
 * @param list - the classes
 * @throws TypeError when another class already holds a name
 * @example registerEstimators(KMeans, MiniBatchKMeans);
 */
export function registerEstimators(...list: EstimatorClass[]): void {
  for (const cls of list) {
    const held = classes.get(cls.name);
    if (held !== undefined && held !== cls) throw typeError(`Expected a unique estimator class name but ${cls.name} is registered twice`);
    classes.set(cls.name, cls);
  }
}

/**
 * The class registered under a name.
 * @param name - the class name
 * @returns the class
 * @throws TypeError for an unknown name
 */
export function estimatorClass(name: string): EstimatorClass {
  const cls = classes.get(name);
  if (cls === undefined) throw typeError(`Expected a registered estimator class name but received '${name}'`);
  return cls;
}

/**
 * Marks every class registered so far as the library's own (the aprender index calls it once, last): fitAsync sends
 * only these to a worker, which has nothing but the library loaded.
 * @internal
 */
export function sealBuiltInEstimators(): void {
  for (const cls of classes.values()) builtIn.add(cls);
}

/**
 * Whether a class is one of the library's own.
 * @param cls - the class
 * @returns true when a worker that loads the aprender index can rebuild it
 */
export function isBuiltInEstimator(cls: unknown): boolean {
  return builtIn.has(cls as EstimatorClass);
}

/**
 * Whether a class is registered under a name (the model-file loader asks before it constructs anything).
 * @param name - the class name
 * @returns true when {@link estimatorClass} would find it
 */
export function isRegisteredEstimator(name: string): boolean {
  return classes.has(name);
}

/** The names of every registered class. */
export function registeredEstimators(): string[] {
  return [...classes.keys()].sort();
}
