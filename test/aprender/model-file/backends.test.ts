/**
 * The same bytes load on every backend: a file written under one backend (native, WASM, plain JS) loads under each
 * of them and predicts there exactly as the original model does on that backend (the file holds data, not
 * backend objects), and a model loaded on the backend that wrote it is bit-identical to the one saved.
 */
import { GaussianMixture, KMeans, KNeighborsRegressor, load, LogisticRegression, PCA, makePipeline, StandardScaler, type Estimator } from '../../../lib/aprender';
import { backendInfo, setBackend, Tensor } from '../../../lib/trueno';
import { loadSplit } from '../reference/data';

const wine = loadSplit('wine');
const BACKENDS = ['native', 'wasm', 'js'] as const;

type Model = Estimator & Record<string, (X: unknown) => Tensor>;
const MODELS: [string, () => Model][] = [
  ['LogisticRegression in a Pipeline', () => makePipeline(new StandardScaler(), new LogisticRegression()).fit(wine.XTrain, wine.yTrain) as unknown as Model],
  ['KMeans', () => new KMeans({ nClusters: 3, randomState: 0, nInit: 2 }).fit(wine.XTrain) as unknown as Model],
  ['PCA', () => new PCA({ nComponents: 4 }).fit(wine.XTrain) as unknown as Model],
  ['KNeighborsRegressor', () => new KNeighborsRegressor({ nNeighbors: 4 }).fit(wine.XTrain, Float64Array.from(wine.yTrain)) as unknown as Model],
  ['GaussianMixture', () => new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(wine.XTrain) as unknown as Model],
];

function outputsOf(m: Model): Float64Array[] {
  return ['predict', 'predictProba', 'transform', 'scoreSamples'].filter((k) => typeof m[k] === 'function').map((k) => {
    const out: unknown = m[k](wine.XTest);
    return Float64Array.from((out instanceof Tensor ? out.data : out) as ArrayLike<number>);
  });
}

const before = backendInfo().backend;
afterAll(() => setBackend(before));

describe.each(MODELS)('%s', (_name, fit) => {
  test.each(BACKENDS)('written under %s, loads under every backend with that backend\'s exact predictions', (writer) => {
    setBackend(writer);
    const model = fit();
    const bytes = model.toBytes();
    for (const reader of BACKENDS) {
      setBackend(reader);
      const loaded = load(bytes) as Model;
      const want = outputsOf(model);
      const got = outputsOf(loaded);
      expect(got.length).toBe(want.length);
      want.forEach((w, i) => expect(Buffer.from(got[i].buffer).equals(Buffer.from(w.buffer))).toBe(true));
    }
  });
});
