/**
 * Two small estimators for the model-selection tests, written on the contract as scikit-learn defines them, so a
 * search over them can be compared with scikit-learn's search over KNeighborsClassifier(algorithm='brute') and Ridge:
 * brute-force k nearest neighbours (uniform or distance weights) and ridge regression by the normal equations.
 */
import { Tensor } from '../../../lib/trueno/tensor';
import { Classifier, Regressor, params, registerEstimators, type MatrixLike } from '../../../lib/aprender';
import { toTargets } from '../../../lib/aprender/base/input';
import { decodeLabels, encodeLabels, labelDType } from '../../../lib/aprender/base/labels';
import type { DType } from '../../../lib/trueno/dtype';

interface KnnParams {
  nNeighbors: number;
  weights: 'uniform' | 'distance';
}

/** k nearest neighbours by exact Euclidean distance; votes uniform or 1/distance (exact matches take all the weight). */
export class TestKnn extends Classifier<KnnParams> {
  static override readonly params = {
    nNeighbors: [params.integer({ min: 1 }), 5],
    weights: [params.oneOf('uniform', 'distance'), 'uniform'],
  } as const;

  X_?: Float64Array;
  codes_?: Int32Array;
  dtype_?: string;

  protected fitImpl(X: unknown, y: unknown): void {
    const m = this.checkX(X, true);
    const t = toTargets(y, m.rows);
    const { classes, codes } = encodeLabels(t, 2, 'TestKnn');
    this.classes_ = classes;
    this.codes_ = codes;
    this.X_ = Float64Array.from(m.data);
    this.dtype_ = labelDType(t);
  }

  predictProba(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    const d = m.cols;
    const train = this.X_ as Float64Array;
    const codes = this.codes_ as Int32Array;
    const k = (this.classes_ as unknown[]).length;
    const n = codes.length;
    const nn = Math.min(this.params.nNeighbors, n);
    const out = new Float64Array(m.rows * k);
    const dist = new Float64Array(n);
    for (let q = 0; q < m.rows; q++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (m.data[q * d + j] - train[i * d + j]) ** 2;
        dist[i] = Math.sqrt(s);
      }
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => dist[a] - dist[b] || a - b).slice(0, nn);
      const exact = order.some((i) => dist[i] === 0);
      let total = 0;
      for (const i of order) {
        const w = this.params.weights === 'uniform' ? 1 : exact ? (dist[i] === 0 ? 1 : 0) : 1 / dist[i];
        out[q * k + codes[i]] += w;
        total += w;
      }
      for (let c = 0; c < k; c++) out[q * k + c] /= total;
    }
    return Tensor.from(out, [m.rows, k]);
  }

  predict(X: MatrixLike): Tensor | string[] {
    const p = this.predictProba(X);
    const [rows, k] = p.shape;
    const data = p.data as Float64Array;
    const codes = Int32Array.from({ length: rows }, (_, q) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (data[q * k + c] > data[q * k + best]) best = c;
      return best;
    });
    return decodeLabels(this.classes_ as number[], codes, this.dtype_ as DType);
  }
}

interface RidgeParams {
  alpha: number;
}

/** Ridge regression with an intercept: (XcᵀXc + αI) w = Xcᵀ yc on centred data, solved by Cholesky. */
export class TestRidge extends Regressor<RidgeParams> {
  static override readonly params = { alpha: [params.real({ min: 0 }), 1] } as const;

  coef_?: Float64Array;
  intercept_?: number;

  protected fitImpl(X: unknown, y: unknown): void {
    const m = this.checkX(X, true);
    const t = toTargets(y, m.rows).values as Float64Array;
    const d = m.cols;
    const xm = new Float64Array(d);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < d; j++) xm[j] += m.data[i * d + j] / m.rows;
    const ym = t.reduce((a, b) => a + b, 0) / m.rows;
    const A = new Float64Array(d * d);
    const b = new Float64Array(d);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < d; j++) {
        const xj = m.data[i * d + j] - xm[j];
        b[j] += xj * (t[i] - ym);
        for (let l = 0; l < d; l++) A[j * d + l] += xj * (m.data[i * d + l] - xm[l]);
      }
    }
    for (let j = 0; j < d; j++) A[j * d + j] += this.params.alpha;
    const L = new Float64Array(d * d);
    for (let j = 0; j < d; j++) {
      for (let l = 0; l <= j; l++) {
        let s = A[j * d + l];
        for (let p = 0; p < l; p++) s -= L[j * d + p] * L[l * d + p];
        L[j * d + l] = j === l ? Math.sqrt(s) : s / L[l * d + l];
      }
    }
    const z = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      let s = b[j];
      for (let p = 0; p < j; p++) s -= L[j * d + p] * z[p];
      z[j] = s / L[j * d + j];
    }
    const w = new Float64Array(d);
    for (let j = d - 1; j >= 0; j--) {
      let s = z[j];
      for (let p = j + 1; p < d; p++) s -= L[p * d + j] * w[p];
      w[j] = s / L[j * d + j];
    }
    this.coef_ = w;
    this.intercept_ = ym - w.reduce((a, v, j) => a + v * xm[j], 0);
  }

  predict(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    const w = this.coef_ as Float64Array;
    return Tensor.from(Float64Array.from({ length: m.rows }, (_, i) => w.reduce((a, v, j) => a + v * m.data[i * m.cols + j], this.intercept_ as number)));
  }
}

registerEstimators(TestKnn, TestRidge);
