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
};

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
