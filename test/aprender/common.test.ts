/**
 * The common suite: every exported estimator passes every contract check (checkEstimator's checks, one test each),
 * comparing the native, WASM and JS backends. A new estimator is covered by being exported and registered.
 */
import * as aprender from '../../lib/aprender';
import { estimatorChecks, Estimator, registeredEstimators, type CheckOptions, type EstimatorClass } from '../../lib/aprender';

/** Constructor options the checks need for estimators that cannot be built from defaults (meta-estimators). */
const OPTIONS: Record<string, CheckOptions> = {
  Pipeline: { params: { steps: [['impute', new aprender.SimpleImputer()], ['scale', new aprender.StandardScaler()], ['range', new aprender.MinMaxScaler()]] } },
  ColumnTransformer: { params: { transformers: [['std', new aprender.StandardScaler(), [0, 1]], ['robust', new aprender.RobustScaler(), [-1]]], remainder: 'passthrough' } },
  ...searchOptions(),
  // predictProba exists only for the probabilistic losses (scikit-learn hides it otherwise)
  SGDClassifier: { params: { loss: 'log_loss' } },
  // a few stages keep the checks fast (every check fits several times, on every backend)
  GradientBoostingClassifier: { params: { nEstimators: 8 } },
  GradientBoostingRegressor: { params: { nEstimators: 8 } },
};

/**
 * The searches with a small grid: GridSearchCV over k-NN (plain data, so fitAsync runs it in one worker);
 * RandomizedSearchCV over GaussianNB with a distribution (a plain object too).
 */
function searchOptions(): Record<string, CheckOptions> {
  return {
    GridSearchCV: { params: { estimator: new aprender.KNeighborsClassifier(), paramGrid: { nNeighbors: [1, 5], weights: ['uniform', 'distance'] }, cv: 3 } },
    RandomizedSearchCV: { params: { estimator: new aprender.GaussianNB(), paramDistributions: { varSmoothing: aprender.loguniform(1e-10, 1e-2) }, nIter: 3, cv: 3 } },
  };
}

const exported = (Object.values(aprender) as unknown[]).filter(
  (v): v is EstimatorClass => typeof v === 'function' && v.prototype instanceof Estimator && registeredEstimators().includes(v.name),
);

test('every exported concrete estimator is registered, so fitAsync and model files can rebuild it', () => {
  const classes = Object.entries(aprender).filter(([, v]) => typeof v === 'function' && v.prototype instanceof Estimator);
  const abstract = ['Classifier', 'Regressor', 'Transformer', 'Clusterer'];
  for (const [name] of classes) if (!abstract.includes(name)) expect(registeredEstimators()).toContain(name);
  expect(exported.length).toBeGreaterThan(0);
});

describe.each(exported.map((cls) => [cls.name, cls] as const))('%s', (_name, cls) => {
  for (const check of estimatorChecks(cls, OPTIONS[cls.name])) {
    test(check.name, async () => {
      await check.run();
    });
  }
});
