/**
 * The JS peers of `npm run bench -- ml`: installed packages doing the same job as a case, each timed on the same data
 * (@tensorflow/tfjs on its cpu and wasm backends, ml-matrix). Only what is installed is used; a case without a peer
 * that does its job (LogisticRegression, KMeans, GaussianNB: nothing installed implements them) has none.
 * The slow ones (plain-JS loops: tfjs-cpu, ml-matrix) run on the first rows of the data (or the first queries) and
 * their time is scaled to the full count, their work being linear in it; each line's note says so.
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix, covariance, solve } from 'ml-matrix';
import * as aprender from '../lib/aprender';
import { tfjsOn, type TfModule } from './_baselines';
import type { Matrix as Rows, MlWorkloads } from './_workloads';

type TfTensor = import('@tensorflow/tfjs').Tensor;
type Reg = NonNullable<MlWorkloads['reg']>;

/** A timed call and the quality of what it returned (the same measures as the case's own). */
export interface Timed {
  run(): unknown;
  quality(returned: unknown): Record<string, number>;
  /** Frees what setup allocated outside the JS heap (tfjs tensors), once the peer is measured. */
  close?(): void;
}

/** A JS peer of one case. */
export interface Peer {
  label: string;
  /** The most rows (queries for knn) it runs on; its time is then scaled to the case's count. Default: all. */
  rows?: number;
  /** Builds its timed call from the data and the rows to use (outside the timing). */
  setup(data: MlWorkloads, rows: number): Promise<Timed>;
  note?: string;
}

/** The first n rows of a row-major matrix (a view, no copy). */
function head<M extends Rows>(m: M, n: number): Rows {
  return { X: m.X.subarray(0, n * m.d), n, d: m.d };
}

/** Rows of a row-major matrix as the arrays ml-matrix stores (views). */
function rowsOf({ X, n, d }: Rows): Float64Array[] {
  return Array.from({ length: n }, (_, i) => X.subarray(i * d, (i + 1) * d));
}

/** R² of y against intercept + X.coef on the full reg data (outside the timing), with aprender's r2Score. */
function regR2(reg: Reg, coef: ArrayLike<number>, intercept: number): number {
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
function keepingLast(tf: TfModule, make: () => TfTensor): () => TfTensor {
  let last: TfTensor | undefined;
  return () => {
    last?.dispose();
    last = tf.tidy(make);
    return last;
  };
}

/** Rows tfjs-cpu (plain JS kernels) runs on: a tenth of the reg rows, of the kNN queries. */
const TFJS_CPU_ROWS = { reg: 100_000, knn: 200 } as const;
/** Rows ml-matrix runs on. */
const ML_MATRIX_ROWS = { reg: 10_000, scaler: 50_000, pca: 10_000 } as const;

/** A tfjs peer on each of its backends (wasm: XNNPACK, single-threaded like our WASM build). */
function tfjsPeers(build: (tf: TfModule, data: MlWorkloads, rows: number) => Timed, cpuRows: number | undefined, note: string): Peer[] {
  return [
    { label: 'tfjs-cpu', rows: cpuRows, note, setup: async (data, rows) => build(await tfjsOn('cpu'), data, rows) },
    { label: 'tfjs-wasm (XNNPACK, 1T)', note, setup: async (data, rows) => build(await tfjsOn('wasm'), data, rows) },
  ];
}

/** LinearRegression by the normal equations in tfjs (f32: tfjs has no f64), the 50 x 50 system solved by ml-matrix. */
function tfjsLinearRegression(tf: TfModule, data: MlWorkloads, rows: number): Timed {
  const reg = data.reg!, d = reg.d;
  const X = tf.tensor2d(Float32Array.from(head(reg, rows).X), [rows, d]);
  const y = tf.tensor2d(Float32Array.from(reg.y.subarray(0, rows)), [rows, 1]);
  return {
    run: () => {
      const [G, b, mx, my] = tf.tidy(() => {
        const mx = X.mean(0), my = y.mean(0);
        const Xc = X.sub(mx), yc = y.sub(my);
        return [tf.matMul(Xc, Xc, true, false), tf.matMul(Xc, yc, true, false), mx, my];
      });
      const gram = G.dataSync(), xty = b.dataSync(), means = mx.dataSync(), ymean = my.dataSync()[0];
      tf.dispose([G, b, mx, my]);
      const coef = new CholeskyDecomposition(new Matrix(rowsOf({ X: Float64Array.from(gram), n: d, d })))
        .solve(Matrix.columnVector(Array.from(xty))).getColumn(0);
      return { coef, intercept: ymean - coef.reduce((s, c, j) => s + c * means[j], 0) };
    },
    quality: (r) => {
      const { coef, intercept } = r as { coef: number[]; intercept: number };
      return { r2: regR2(reg, coef, intercept) };
    },
    close: () => tf.dispose([X, y]),
  };
}

/** StandardScaler in tfjs: moments over the rows, then (X - mean) / sqrt(var), f32. */
function tfjsScaler(tf: TfModule, data: MlWorkloads, rows: number): Timed {
  const X = tf.tensor2d(Float32Array.from(head(data.reg!, rows).X), [rows, data.reg!.d]);
  const run = keepingLast(tf, () => {
    const { mean, variance } = tf.moments(X, 0);
    return X.sub(mean).div(variance.sqrt());
  });
  return {
    run,
    quality: (Z) => tf.tidy(() => {
      const { mean, variance } = tf.moments(Z as TfTensor, 0);
      return { sum_mean: mean.sum().dataSync()[0], sum_std: variance.sqrt().sum().dataSync()[0] };
    }),
    close: () => tf.dispose([X, run()]),
  };
}

/** kNN predict in tfjs: squared distances by one matmul, the 5 nearest by topk, then a majority vote in JS. */
function tfjsKnn(tf: TfModule, data: MlWorkloads, queries: number): Timed {
  const knn = data.knn!, d = 32, k = 5;
  const Q = tf.tensor2d(Float32Array.from(knn.queries.subarray(0, queries * d)), [queries, d]);
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
      const pred = new Int32Array(queries);
      for (let q = 0; q < queries; q++) {
        const votes = [0, 0, 0, 0];
        for (let j = 0; j < k; j++) votes[knn.trainLabels[nearest[q * k + j]]]++;
        pred[q] = votes.indexOf(Math.max(...votes));
      }
      return pred;
    },
    quality: (p) => ({ accuracy: aprender.metrics.accuracyScore(knn.queryLabels.subarray(0, queries), p) }),
    close: () => tf.dispose([Q, T, tNorm]),
  };
}

/** Peers by case name. */
export const ML_PEERS: Record<string, Peer[]> = {
  reg: [
    ...tfjsPeers(tfjsLinearRegression, TFJS_CPU_ROWS.reg, 'normal equations in f32 (tfjs has no f64), the 50 x 50 solve by ml-matrix'),
    {
      label: 'ml-matrix solve (QR least squares)',
      rows: ML_MATRIX_ROWS.reg,
      setup: async (data, rows) => {
        const reg = data.reg!;
        const A = new Matrix(rowsOf(head(reg, rows)).map((r) => [...r, 1]));
        const y = Matrix.columnVector(Array.from(reg.y.subarray(0, rows)));
        return {
          run: () => solve(A, y).getColumn(0),
          quality: (w) => ({ r2: regR2(reg, (w as number[]).slice(0, reg.d), (w as number[])[reg.d]) }),
        };
      },
    },
  ],
  scaler: [
    ...tfjsPeers(tfjsScaler, TFJS_CPU_ROWS.reg, 'f32 (tfjs has no f64)'),
    {
      label: 'ml-matrix center + scale by column',
      rows: ML_MATRIX_ROWS.scaler,
      note: 'ml-matrix divides by the sample standard deviation (n - 1)',
      setup: async (data, rows) => {
        const X = new Matrix(rowsOf(head(data.reg!, rows)));
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
  knn: tfjsPeers(tfjsKnn, TFJS_CPU_ROWS.knn, 'f32 distances by matmul + topk, majority vote in JS'),
  pca: [
    {
      label: 'ml-matrix covariance + EigenvalueDecomposition',
      rows: ML_MATRIX_ROWS.pca,
      setup: async (data, rows) => {
        const X = new Matrix(rowsOf(head(data.pca!, rows)));
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
