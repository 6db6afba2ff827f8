/**
 * The small deterministic data sets the common checks fit on, by estimator kind: three Gaussian blobs with labels
 * (classifiers, clusterers, transformers) and a noisy linear target (regressors). Seeded, so every run and every
 * backend sees the same numbers.
 */
import { Random } from '../../common/random';
import { Tensor } from '../../trueno/tensor';
import type { EstimatorTags } from './estimator';

/** One check data set. */
export interface CheckData {
  X: Tensor<'float64'>;
  y: Float64Array | undefined;
}

/**
 * The data for an estimator's tags.
 * @param tags - kind, nonNegative, input, multiOutput
 * @param rows - samples (default 60)
 * @param cols - features (default 4)
 * @returns X (and y for supervised kinds)
 */
export function checkData(tags: EstimatorTags, rows = 60, cols = 4): CheckData {
  const rng = new Random(42);
  const X = new Float64Array(rows * cols);
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % 3;
    labels[i] = c;
    for (let j = 0; j < cols; j++) {
      const v = (j % 3 === c ? 3 : 0) + rng.normal();
      X[i * cols + j] = tags.input === 'categorical' ? Math.round(Math.abs(v)) : tags.nonNegative ? Math.abs(v) : v;
    }
  }
  let y: Float64Array | undefined;
  if (tags.kind === 'regressor') {
    y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = 0.5;
      for (let j = 0; j < cols; j++) s += (j + 1) * 0.3 * X[i * cols + j];
      y[i] = s + 0.1 * rng.normal();
    }
  } else if (tags.kind === 'classifier' || tags.requiresY || tags.input === 'labels') y = labels;
  return { X: Tensor.from(X, [rows, cols]) as Tensor<'float64'>, y };
}
