/**
 * The JS peers of `npm run bench -- ml`: installed packages doing the same job as a case, each timed on the same data
 * (@tensorflow/tfjs on its cpu and wasm backends, ml-matrix). Only what is installed is used; a case without a peer
 * that does its job (LogisticRegression, KMeans, GaussianNB: nothing installed implements them) has none.
 * ml-matrix builds a JS array per row and runs plain JS loops, so it runs on the first rows of the data and its time
 * is scaled to the full row count (its work is linear in the rows); the note of each line says so.
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix, covariance, solve } from 'ml-matrix';
import * as aprender from '../lib/aprender';
import { tfjsOn, type TfModule } from './_baselines';
import type { MlWorkloads } from './_workloads';

/** A timed call and the quality of what it returned (the same measures as the case's own). */
export interface Timed {
  run(): unknown;
  quality(returned: unknown): Record<string, number>;
}

/** A JS peer of one case. */
export interface Peer {
  label: string;
  /** Builds its timed call from the data (outside the timing). */
  setup(data: MlWorkloads): Promise<Timed>;
  /** Seconds of one measured call -> seconds on the case's full data (for peers run on a prefix of the rows). */
  scale?(data: MlWorkloads): number;
  note?: string;
}

/** Rows ml-matrix runs on (a prefix of the data; its time is scaled by rows). */
const ML_MATRIX_ROWS = { reg: 100_000, pca: 10_000 } as const;

/** Row i of a row-major n x d matrix, for ml-matrix (which stores rows as arrays). */
function rowsOf(X: Float64Array, n: number, d: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) => X.subarray(i * d, (i + 1) * d));
}

/** R² of y against intercept + X.coef on the full reg data (outside the timing), with aprender's r2Score. */
function regR2(reg: NonNullable<MlWorkloads['reg']>, coef: ArrayLike<number>, intercept: number): number {
  const { X, n, d } = reg;
  const pred = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = intercept;
    for (let j = 0; j < d; j++) s += X[i * d + j] * coef[j];
    pred[i] = s;
  }
  return aprender.metrics.r2Score(reg.y, pred);
}

/** Keeps only the latest result of a tfjs call alive (each call frees the previous one). */
function keepingLast(tf: TfModule, make: () => import('@tensorflow/tfjs').Tensor): () => import('@tensorflow/tfjs').Tensor {
  let last: import('@tensorflow/tfjs').Tensor | undefined;
  return () => {
    last?.dispose();
    last = tf.tidy(make);
    return last;
  };
}

/** A tfjs peer on each of its backends (wasm: XNNPACK, single-threaded like our WASM build). */
function tfjsPeers(build: (tf: TfModule, data: MlWorkloads) => Timed, note?: string): Peer[] {
  return (['cpu', 'wasm'] as const).map((backend) => ({
    label: backend === 'cpu' ? 'tfjs-cpu' : 'tfjs-wasm (XNNPACK, 1T)',
    setup: async (data: MlWorkloads) => build(await tfjsOn(backend), data),
    note,
  }));
}

/** LinearRegression by the normal equations in tfjs (f32: tfjs has no f64), the 50 x 50 system solved by ml-matrix. */
function tfjsLinearRegression(tf: TfModule, data: MlWorkloads): Timed {
  const reg = data.reg!;
  const X = tf.tensor2d(Float32Array.from(reg.X), [reg.n, reg.d]), y = tf.tensor2d(Float32Array.from(reg.y), [reg.n, 1]);
  return {
    run: () => {
      const [G, b, mx, my] = tf.tidy(() => {
        const mx = X.mean(0), my = y.mean(0);
        const Xc = X.sub(mx), yc = y.sub(my);
        return [tf.matMul(Xc, Xc, true, false), tf.matMul(Xc, yc, true, false), mx, my];
      });
      const gram = G.dataSync(), xty = b.dataSync(), means = mx.dataSync(), ymean = my.dataSync()[0];
      tf.dispose([G, b, mx, my]);
      const coef = new CholeskyDecomposition(new Matrix(rowsOf(Float64Array.from(gram), reg.d, reg.d)))
        .solve(Matrix.columnVector(Array.from(xty))).getColumn(0);
      return { coef, intercept: ymean - coef.reduce((s, c, j) => s + c * means[j], 0) };
    },
    quality: (r) => {
      const { coef, intercept } = r as { coef: number[]; intercept: number };
      return { r2: regR2(reg, coef, intercept) };
    },
  };
}

/** StandardScaler in tfjs: moments over the rows, then (X - mean) / sqrt(var), f32. */
function tfjsScaler(tf: TfModule, data: MlWorkloads): Timed {
  const reg = data.reg!;
  const X = tf.tensor2d(Float32Array.from(reg.X), [reg.n, reg.d]);
  return {
    run: keepingLast(tf, () => {
      const { mean, variance } = tf.moments(X, 0);
      return X.sub(mean).div(variance.sqrt());
    }),
    quality: (Z) => tf.tidy(() => {
      const { mean, variance } = tf.moments(Z as import('@tensorflow/tfjs').Tensor, 0);
      return { sum_mean: mean.sum().dataSync()[0], sum_std: variance.sqrt().sum().dataSync()[0] };
    }),
  };
}

/** kNN predict in tfjs: squared distances by one matmul, the 5 nearest by topk, then a majority vote in JS. */
function tfjsKnn(tf: TfModule, data: MlWorkloads): Timed {
  const knn = data.knn!, d = 32, k = 5;
  const Q = tf.tensor2d(Float32Array.from(knn.queries), [knn.queries.length / d, d]);
  const T = tf.tensor2d(Float32Array.from(knn.train), [knn.train.length / d, d]);
  const tNorm = tf.sum(tf.square(T), 1).expandDims(0);
  return {
    run: () => {
      const idx = tf.tidy(() => {
        const dist = tf.sum(tf.square(Q), 1).expandDims(1).add(tNorm).sub(tf.matMul(Q, T, false, true).mul(2));
        return tf.topk(dist.neg(), k).indices;
      });
      const nearest = idx.dataSync();
      idx.dispose();
      const pred = new Int32Array(nearest.length / k);
      for (let q = 0; q < pred.length; q++) {
        const votes = [0, 0, 0, 0];
        for (let j = 0; j < k; j++) votes[knn.trainLabels[nearest[q * k + j]]]++;
        pred[q] = votes.indexOf(Math.max(...votes));
      }
      return pred;
    },
    quality: (p) => ({ accuracy: aprender.metrics.accuracyScore(knn.queryLabels, p) }),
  };
}

/** Peers by case name. */
export const ML_PEERS: Record<string, Peer[]> = {
  reg: [
    ...tfjsPeers(tfjsLinearRegression, 'normal equations in f32 (tfjs has no f64); 50 x 50 solve by ml-matrix'),
    {
      label: `ml-matrix solve (QR least squares, ${ML_MATRIX_ROWS.reg} rows, time scaled to all rows)`,
      scale: (data) => data.reg!.n / Math.min(ML_MATRIX_ROWS.reg, data.reg!.n),
      setup: async (data) => {
        const reg = data.reg!, n = Math.min(ML_MATRIX_ROWS.reg, reg.n);
        const A = new Matrix(Array.from({ length: n }, (_, i) => [...reg.X.subarray(i * reg.d, (i + 1) * reg.d), 1]));
        const y = Matrix.columnVector(Array.from(reg.y.subarray(0, n)));
        return {
          run: () => solve(A, y).getColumn(0),
          quality: (w) => ({ r2: regR2(reg, (w as number[]).slice(0, reg.d), (w as number[])[reg.d]) }),
        };
      },
    },
  ],
  scaler: [
    ...tfjsPeers(tfjsScaler, 'f32 (tfjs has no f64)'),
    {
      label: `ml-matrix center + scale by column (${ML_MATRIX_ROWS.reg} rows, time scaled to all rows)`,
      scale: (data) => data.reg!.n / Math.min(ML_MATRIX_ROWS.reg, data.reg!.n),
      note: 'ml-matrix divides by the sample standard deviation (n - 1)',
      setup: async (data) => {
        const reg = data.reg!, X = new Matrix(rowsOf(reg.X, Math.min(ML_MATRIX_ROWS.reg, reg.n), reg.d));
        return {
          run: () => X.clone().center('column').scale('column'),
          quality: (Z) => ({
            sum_mean: (Z as Matrix).mean('column').reduce((s, v) => s + v, 0),
            sum_std: (Z as Matrix).standardDeviation('column', { unbiased: false }).reduce((s, v) => s + v, 0),
          }),
        };
      },
    },
  ],
  knn: tfjsPeers(tfjsKnn, 'f32 distances by matmul + topk, majority vote in JS'),
  pca: [
    {
      label: `ml-matrix covariance + EigenvalueDecomposition (${ML_MATRIX_ROWS.pca} rows, time scaled to all rows)`,
      scale: (data) => data.pca!.n / Math.min(ML_MATRIX_ROWS.pca, data.pca!.n),
      setup: async (data) => {
        const pca = data.pca!, X = new Matrix(rowsOf(pca.X, Math.min(ML_MATRIX_ROWS.pca, pca.n), pca.d));
        return {
          run: () => new EigenvalueDecomposition(covariance(X), { assumeSymmetric: true }).realEigenvalues,
          quality: (values) => {
            const v = [...(values as number[])].sort((a, b) => b - a);
            return { explained_variance_ratio_sum: v.slice(0, 10).reduce((s, x) => s + x, 0) / v.reduce((s, x) => s + x, 0) };
          },
        };
      },
    },
  ],
};
