/**
 * A tidy() scope around fit or partialFit must not release the estimator's fitted state: state made of op results
 * (result-memory.ts) would read as zero elements once released. Estimators fit with no scope open (untracked), so
 * the state is the same as a fit made outside any scope. The built-in estimators keep kernel outputs of their own
 * today; an Estimator subclass written by a user (the base class is public) keeps op results, and shows the rule.
 */
import { Estimator, KMeans, LinearRegression, MiniBatchKMeans, PCA, StandardScaler } from '../../lib/aprender';
import { tidy, Tensor } from '../../lib/trueno';

const ROWS = 20_000;
const COLS = 6;

function data(): { X: Tensor; y: Float64Array } {
  const x = new Float64Array(ROWS * COLS);
  let s = 12345;
  for (let i = 0; i < x.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    x[i] = (s / 2 ** 32) * 10 + (i % COLS);
  }
  const y = new Float64Array(ROWS);
  for (let r = 0; r < ROWS; r++) y[r] = x[r * COLS] * 2 - x[r * COLS + 1] + 0.5;
  return { X: Tensor.from(x, [ROWS, COLS]), y };
}

const arrayOf = (t: Tensor | ArrayLike<number>) => Array.from(t instanceof Tensor ? (t.data as ArrayLike<number>) : t);

/** An estimator whose fitted state is an op result: the centred training rows. */
class Centred extends Estimator {
  centred_?: Tensor;

  protected fitImpl(X: unknown): void {
    const x = X as Tensor;
    this.centred_ = x.sub(x.mean({ axis: 0 }));
  }
}

describe('fitting inside tidy() keeps the fitted state', () => {
  const { X, y } = data();

  it('an Estimator subclass whose state is an op result', () => {
    const outside = new Centred().fit(X);
    const inside = tidy(() => {
      add1(X);
      return new Centred().fit(X);
    });
    const fitted = new Centred();
    tidy(() => {
      fitted.fit(X);
    });
    expect(outside.centred_?.data.length).toBe(ROWS * COLS);
    expect(arrayOf(inside.centred_ ?? [])).toEqual(arrayOf(outside.centred_ ?? []));
    expect(arrayOf(fitted.centred_ ?? [])).toEqual(arrayOf(outside.centred_ ?? []));
  });

  it.each([
    ['KMeans', () => new KMeans({ nClusters: 4, randomState: 0, nInit: 1 }), (m: KMeans) => arrayOf(m.predict(X))],
    ['PCA', () => new PCA({ nComponents: 3 }), (m: PCA) => arrayOf(m.transform(X))],
    ['LinearRegression', () => new LinearRegression(), (m: LinearRegression) => arrayOf(m.predict(X))],
    ['StandardScaler', () => new StandardScaler(), (m: StandardScaler) => arrayOf(m.transform(X))],
  ] as const)('%s.fit', (_name, make, use) => {
    const outside = (make() as { fit: (x: Tensor, y: Float64Array) => unknown });
    outside.fit(X, y);
    const inside = make() as { fit: (x: Tensor, y: Float64Array) => unknown };
    tidy(() => {
      inside.fit(X, y);
      // scratch results of this scope are released here, as a user's loop would do
      add1(X);
    });
    expect((use as (m: unknown) => number[])(inside)).toEqual((use as (m: unknown) => number[])(outside));
  });

  it('partialFit (StandardScaler, MiniBatchKMeans)', () => {
    const a = new StandardScaler();
    const b = new StandardScaler();
    const ka = new MiniBatchKMeans({ nClusters: 3, randomState: 1, computeLabels: true });
    const kb = new MiniBatchKMeans({ nClusters: 3, randomState: 1, computeLabels: true });
    a.partialFit(X);
    ka.partialFit(X);
    tidy(() => {
      b.partialFit(X);
      kb.partialFit(X);
    });
    expect(arrayOf(b.transform(X))).toEqual(arrayOf(a.transform(X)));
    expect(arrayOf(kb.labels_ as Int32Array)).toEqual(arrayOf(ka.labels_ as Int32Array));
    expect(arrayOf(kb.predict(X))).toEqual(arrayOf(ka.predict(X)));
  });
});

/** A large result made in the scope and not returned: released when the scope ends. */
function add1(x: Tensor): Tensor {
  return x.add(1);
}
