/**
 * What `aprender train --model <name>` accepts: kebab-case model families, each naming its classifier and its
 * regressor class. The table is data only; a family whose classes aprender does not export (yet) drops out by itself,
 * so the CLI offers exactly what this build can fit.
 */
import * as aprender from '../../aprender/index';
import type { Estimator } from '../../aprender/base/estimator';
import type { ParamTable } from '../../aprender/base/params';
import { usageError } from '../shared/program';

/** Classification or regression. */
export type Task = 'classification' | 'regression';

/** One `--model` name and the classes behind it. */
export interface Family {
  /** The kebab-case name given to `--model`. */
  readonly name: string;
  /** One line for `list-models`. */
  readonly description: string;
  /** The class fitted for classification, when the family has one. */
  readonly classifier?: string;
  /** The class fitted for regression, when the family has one. */
  readonly regressor?: string;
}

/** The default `--model`. */
export const DEFAULT_MODEL = 'random-forest';

const FAMILIES: readonly Family[] = [
  { name: 'random-forest', description: 'bagged decision trees', classifier: 'RandomForestClassifier', regressor: 'RandomForestRegressor' },
  { name: 'extra-trees', description: 'extremely randomized trees', classifier: 'ExtraTreesClassifier', regressor: 'ExtraTreesRegressor' },
  { name: 'decision-tree', description: 'one CART decision tree', classifier: 'DecisionTreeClassifier', regressor: 'DecisionTreeRegressor' },
  { name: 'gradient-boosting', description: 'gradient-boosted trees', classifier: 'GradientBoostingClassifier', regressor: 'GradientBoostingRegressor' },
  {
    name: 'hist-gradient-boosting', description: 'histogram gradient boosting (fast on large data, takes missing values)',
    classifier: 'HistGradientBoostingClassifier', regressor: 'HistGradientBoostingRegressor',
  },
  { name: 'logistic-regression', description: 'linear model of the class log-odds', classifier: 'LogisticRegression' },
  { name: 'linear-regression', description: 'ordinary least squares', regressor: 'LinearRegression' },
  { name: 'ridge', description: 'least squares with an L2 penalty', classifier: 'RidgeClassifier', regressor: 'Ridge' },
  { name: 'lasso', description: 'least squares with an L1 penalty', regressor: 'Lasso' },
  { name: 'elastic-net', description: 'least squares with L1 and L2 penalties', regressor: 'ElasticNet' },
  { name: 'knn', description: 'k nearest neighbours', classifier: 'KNeighborsClassifier', regressor: 'KNeighborsRegressor' },
  { name: 'gaussian-nb', description: 'Gaussian naive Bayes', classifier: 'GaussianNB' },
  { name: 'multinomial-nb', description: 'multinomial naive Bayes (counts)', classifier: 'MultinomialNB' },
  { name: 'complement-nb', description: 'complement naive Bayes (counts, unbalanced classes)', classifier: 'ComplementNB' },
  { name: 'bernoulli-nb', description: 'Bernoulli naive Bayes (binary features)', classifier: 'BernoulliNB' },
  { name: 'sgd', description: 'linear model fitted by stochastic gradient descent', classifier: 'SGDClassifier', regressor: 'SGDRegressor' },
  { name: 'linear-svc', description: 'linear support vector classifier', classifier: 'LinearSVC' },
  { name: 'linear-svr', description: 'linear support vector regressor', regressor: 'LinearSVR' },
];

/** An estimator class as the CLI uses it: constructible from options, with its parameter table. */
export type ModelClass = (new (options?: Record<string, unknown>) => Estimator) & { readonly name: string; readonly params: ParamTable<Record<string, unknown>> };

/** The class aprender exports under a name, if any. */
function exported(className: string | undefined): ModelClass | undefined {
  if (className === undefined) return undefined;
  const value = (aprender as Record<string, unknown>)[className];
  return typeof value === 'function' ? (value as ModelClass) : undefined;
}

/**
 * The families this build can fit: those with at least one class that aprender exports, and only those classes.
 * @returns the families, in table order
 */
export function availableFamilies(): Family[] {
  return FAMILIES.flatMap((f) => {
    const classifier = exported(f.classifier) ? f.classifier : undefined;
    const regressor = exported(f.regressor) ? f.regressor : undefined;
    return classifier || regressor ? [{ name: f.name, description: f.description, classifier, regressor }] : [];
  });
}

/**
 * Checks a `--model` name.
 * @param name - the name given
 * @returns its family
 * @throws a usage error naming the models this build has
 */
export function familyOf(name: string): Family {
  const families = availableFamilies();
  const family = families.find((f) => f.name === name);
  if (family === undefined) {
    const known = FAMILIES.some((f) => f.name === name) ? ` ('${name}' is not in this build)` : '';
    throw usageError(`Expected one of the models ${families.map((f) => f.name).join(', ')} for --model but received '${name}'${known} (see aprender list-models)`);
  }
  return family;
}

/**
 * The class a family fits for a task.
 * @param family - from {@link familyOf}
 * @param task - classification or regression
 * @returns the class
 * @throws a usage error when the family has no class for the task, naming the families that do
 */
export function modelClass(family: Family, task: Task): ModelClass {
  const cls = exported(task === 'classification' ? family.classifier : family.regressor);
  if (cls === undefined) {
    const other = availableFamilies().filter((f) => (task === 'classification' ? f.classifier : f.regressor) !== undefined).map((f) => f.name);
    throw usageError(`Expected a model for ${task} but ${family.name} only does ${task === 'classification' ? 'regression' : 'classification'} (${task} models: ${other.join(', ')}; or set --task)`);
  }
  return cls;
}

/** One parameter as `list-models` shows it. */
export interface ParamInfo {
  name: string;
  default: unknown;
  allowed: string;
}

/** One family as `list-models` shows it. */
export interface ModelInfo {
  name: string;
  description: string;
  classifier?: { class: string; params: ParamInfo[] };
  regressor?: { class: string; params: ParamInfo[] };
}

function paramsOf(cls: ModelClass): ParamInfo[] {
  return Object.entries(cls.params).map(([name, [spec, dflt]]) => ({ name, default: dflt, allowed: spec.allowed }));
}

/**
 * Every available family with its classes' parameters (from the classes' static params tables).
 * @returns what `list-models` prints
 */
export function listModels(): ModelInfo[] {
  return availableFamilies().map((f) => {
    const info: ModelInfo = { name: f.name, description: f.description };
    const c = exported(f.classifier);
    const r = exported(f.regressor);
    if (c) info.classifier = { class: c.name, params: paramsOf(c) };
    if (r) info.regressor = { class: r.name, params: paramsOf(r) };
    return info;
  });
}
