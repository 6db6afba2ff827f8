/**
 * PCA and TruncatedSVD against scikit-learn 1.9 on the real datasets (test/aprender/reference/decomposition.json,
 * written by cases_decomposition.py), on every backend. The exact solvers ('full', 'covariance_eigh', 'auto', 'arpack')
 * match the learned arrays within 1e-6 relative (to each array's largest entry); the randomized ones cannot repeat
 * numpy's random draws, so they are held to the converged subspace: singular values and explained variances within
 * 1e-4 relative and every component within 1e-3 of scikit-learn's (the datasets' top-3 spectra are well separated).
 */
import { PCA, TruncatedSVD } from '../../../lib/aprender';
import { Tensor } from '../../../lib/trueno/tensor';
import { datasetsFor, describeEachBackend } from '../reference/backends';
import { loadSplit, reference, type DatasetName } from '../reference/data';
import { expectClose } from '../reference/close';

const ref = reference('decomposition');
const values = (t: Tensor | number | undefined) => (t instanceof Tensor ? Array.from(t.data as Float64Array) : [t as number]);

/** The first `cols` columns of the first 5 rows, of a Tensor or of stored rows. */
function firstColumns(m: Tensor | number[][], cols: number): number[] {
  const rows = m instanceof Tensor ? Array.from({ length: 5 }, (_, i) => values(m).slice(i * m.shape[1], (i + 1) * m.shape[1])) : m;
  return rows.slice(0, 5).flatMap((r) => r.slice(0, cols));
}

type Make = () => PCA | TruncatedSVD;
const CASES: Array<[string, Make, boolean]> = [
  ['PCA.full', () => new PCA({ svdSolver: 'full' }), true],
  ['PCA.auto', () => new PCA(), true],
  ['PCA.covariance_eigh.3', () => new PCA({ nComponents: 3, svdSolver: 'covariance_eigh' }), true],
  ['PCA.fraction', () => new PCA({ nComponents: 0.9, svdSolver: 'full' }), true],
  ['PCA.mle', () => new PCA({ nComponents: 'mle', svdSolver: 'full' }), true],
  ['PCA.whiten', () => new PCA({ nComponents: 3, whiten: true, svdSolver: 'full' }), true],
  ['PCA.randomized', () => new PCA({ nComponents: 3, svdSolver: 'randomized', randomState: 0 }), false],
  ['TruncatedSVD.arpack', () => new TruncatedSVD({ nComponents: 3, algorithm: 'arpack', randomState: 0 }), true],
  ['TruncatedSVD.randomized', () => new TruncatedSVD({ nComponents: 3, randomState: 0 }), false],
];

describeEachBackend((backend) => {
  for (const [id, make, exact] of CASES) {
    test.each(datasetsFor(backend, Object.keys(ref[id]) as DatasetName[]))(`${id} on %s matches scikit-learn`, (name) => {
      const want = ref[id][name];
      const s = loadSplit(name);
      const est = make();
      const z = est.fitTransform(s.XTrain);
      const tol = exact ? 1e-6 : 1e-4;
      const components = exact ? 1e-6 : 1e-3;
      expectClose(values(est.singularValues_), want.singular_values_, `${id} ${name} singularValues_`, tol);
      expectClose(values(est.explainedVariance_), want.explained_variance_, `${id} ${name} explainedVariance_`, tol);
      expectClose(values(est.explainedVarianceRatio_), want.explained_variance_ratio_, `${id} ${name} explainedVarianceRatio_`, tol);
      // components of zero variance (digits has constant pixels) span a null space in which any basis is right
      const ev = want.explained_variance_ as number[];
      const unique = ev.filter((v) => v > 1e-15 * ev[0]).length;
      const d = s.XTrain.shape[1];
      expectClose(values(est.components_).slice(0, unique * d), (want.components_ as number[][]).slice(0, unique), `${id} ${name} components_`, components);
      expectClose(firstColumns(z, unique), firstColumns(want.fit_transform_head as number[][], unique), `${id} ${name} fitTransform`, components);
      expectClose(firstColumns(est.transform(s.XTest), unique), firstColumns(want.transform_head as number[][], unique), `${id} ${name} transform`, components);
      const back = est.inverseTransform(est.transform(Tensor.from((s.XTest.data as Float64Array).slice(0, 5 * s.XTest.shape[1]), [5, s.XTest.shape[1]])));
      expectClose(values(back), want.inverse_head, `${id} ${name} inverseTransform`, components);
      if (est instanceof PCA) {
        expectClose(values(est.mean_), want.mean_, `${id} ${name} mean_`);
        // the discarded variances are exact only to about eps times the largest one (digits: 0 here, 1e-31 there)
        expectClose([est.noiseVariance_!, ev[0]], [want.noise_variance_, ev[0]], `${id} ${name} noiseVariance_`, tol);
        expect(est.nComponents_).toBe(want.n_components_);
        expect(est.svdSolver_).toBe(want.solver);
        // a model that keeps zero-variance directions, or discards only them (noise variance 0), has a singular
        // covariance: scikit-learn then fails or inverts rounding noise, and no score is meaningful; we refuse it
        const singular = want.score === null || unique < est.nComponents_! || (est.nComponents_! < d && (want.noise_variance_ as number) <= 1e-15 * ev[0]);
        if (singular) expect(() => est.score(s.XTest)).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_NUMERIC' }));
        else expect(Math.abs(est.score(s.XTest) - (want.score as number))).toBeLessThan(exact ? 1e-6 * Math.abs(want.score as number) : 1e-2);
      }
    });
  }
});

describe('PCA', () => {
  test('the same randomState gives the same randomized result; another seed the same subspace', () => {
    const s = loadSplit('digits');
    const a = new PCA({ nComponents: 5, svdSolver: 'randomized', randomState: 1 }).fit(s.XTrain);
    const b = new PCA({ nComponents: 5, svdSolver: 'randomized', randomState: 1 }).fit(s.XTrain);
    const c = new PCA({ nComponents: 5, svdSolver: 'randomized', randomState: 2 }).fit(s.XTrain);
    expect(values(a.components_)).toEqual(values(b.components_));
    expectClose(values(c.singularValues_), values(a.singularValues_), 'seed 2 vs 1', 1e-4);
  });

  test("'arpack' keeps fewer than min(n_samples, n_features) components, as scikit-learn", () => {
    const s = loadSplit('iris');
    expect(new PCA({ svdSolver: 'arpack' }).fit(s.XTrain).nComponents_).toBe(3);
    expect(() => new PCA({ nComponents: 4, svdSolver: 'arpack' }).fit(s.XTrain)).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_PARAM' }));
  });

  test('bad parameters and inputs give coded errors', () => {
    const s = loadSplit('iris');
    expect(() => new PCA({ nComponents: 5 }).fit(s.XTrain)).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_PARAM' }));
    expect(() => new PCA({ nComponents: 1.5 }).fit(s.XTrain)).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_PARAM' }));
    expect(() => new PCA({ nComponents: 0.5, svdSolver: 'randomized' }).fit(s.XTrain)).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_PARAM' }));
    expect(() => new PCA({ svdSolver: 'lapack' as never }).fit(s.XTrain)).toThrow(/'auto', 'full', 'covariance_eigh', 'randomized', 'arpack'/);
    const pca = new PCA({ nComponents: 2 }).fit(s.XTrain);
    expect(() => pca.inverseTransform([[1, 2, 3]])).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_FEATURES' }));
    expect(() => new PCA().inverseTransform([[1, 2]])).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_NOT_FITTED' }));
  });
});

describe('TruncatedSVD', () => {
  test('bad parameters give coded errors', () => {
    const s = loadSplit('iris');
    expect(() => new TruncatedSVD({ nComponents: 5 }).fit(s.XTrain)).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_PARAM' }));
    expect(() => new TruncatedSVD({ nComponents: 4, algorithm: 'arpack' }).fit(s.XTrain)).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_PARAM' }));
    expect(() => new TruncatedSVD({ nComponents: 1 }).fit([[1], [2], [3]])).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_PARAM' }));
    const t = new TruncatedSVD({ randomState: 0 }).fit(s.XTrain);
    expect(() => t.inverseTransform([[1, 2, 3]])).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_FEATURES' }));
  });
});
