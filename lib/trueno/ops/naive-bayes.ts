/**
 * The hot loops of Gaussian naive Bayes: per-class weighted moments (its fit, and any per-class mean / variance) and
 * the joint log-likelihood of every row under every class (its predict).
 */
import { kernels } from '../backend/loader';
import { rangeError, typeError } from '../errors';
import { expectTensor, trustedTensor, type Tensor } from '../tensor';
import { expectInteger, expectOptions, MAX_ELEMENTS } from '../validate';
import { allocateOutput, dataAs, floatData, formatShape } from './operands';
import { max, min } from './reduce';

const EMPTY = new Float64Array(0);

/** Options of {@link classMoments}. */
export interface ClassMomentsOptions {
  /** One weight per row (default: all 1). */
  sampleWeight?: Tensor;
}

/** Per-class moments: row j describes class j. */
export interface ClassMoments {
  /** c, the weight (count when unweighted) of each class. */
  weights: Tensor<'float64'>;
  /** c x d weighted means (0 for a class of weight 0). */
  means: Tensor<'float64'>;
  /** c x d weighted biased variances, sum(w (x - mean)^2) / sum(w) (0 for a class of weight 0). */
  variances: Tensor<'float64'>;
}

function expectMatrix(x: unknown, name: string): Tensor {
  const t = expectTensor(x, name);
  if (t.ndim !== 2) throw rangeError(`Expected a 2-d tensor for ${name} but received shape ${formatShape(t.shape)}`);
  return t;
}

function expectVector(t: unknown, length: number, name: string): Tensor {
  const v = expectTensor(t, name);
  if (v.ndim !== 1 || v.size !== length) throw rangeError(`Expected shape [${length}] for ${name} but received ${formatShape(v.shape)}`);
  return v;
}

/**
 * The weight, mean and (biased) variance of each class's rows, as numpy.average / numpy.var compute them: two passes
 * over fixed blocks of rows, so the bits are the same for every thread count.
 * @param x - n x d rows (any numeric dtype; computed in float64)
 * @param y - n class numbers in [0, nClasses) (an integer tensor)
 * @param nClasses - the number of classes c (at least 1)
 * @param options - `sampleWeight` (n weights)
 * @returns `weights` (c), `means` and `variances` (c x d), float64
 * @throws TypeError for non-tensors, a float y or bad option types; RangeError for mismatched lengths, x not 2-d,
 *   or a label outside [0, nClasses)
 * @example classMoments(Tensor.from([[1], [3], [10]]), Tensor.from([0, 0, 1], undefined, 'int32'), 2).means.toArray() // [[2], [10]]
 */
export function classMoments(x: Tensor, y: Tensor, nClasses: number, options?: ClassMomentsOptions): ClassMoments {
  const opts = expectOptions<ClassMomentsOptions>(options, 'classMoments options', { sampleWeight: true });
  const X = expectMatrix(x, 'classMoments argument x');
  const [n, d] = X.shape;
  const labels = expectVector(y, n, 'classMoments argument y');
  if (labels.dtype === 'float32' || labels.dtype === 'float64') {
    throw typeError(`Expected an integer tensor for classMoments argument y but received ${labels.dtype}`);
  }
  const c = expectInteger(nClasses, 'classMoments argument nClasses', 1, MAX_ELEMENTS);
  if (c * (1 + 2 * d) > MAX_ELEMENTS) throw rangeError(`Expected at most ${MAX_ELEMENTS} moments for classMoments but received ${c * (1 + 2 * d)}`);
  if (n > 0 && (min(labels) < 0 || max(labels) >= c)) {
    throw rangeError(`Expected labels in [0, ${c}) for classMoments argument y but received values in [${min(labels)}, ${max(labels)}]`);
  }
  const weights = opts.sampleWeight === undefined ? EMPTY : floatData(expectVector(opts.sampleWeight, n, 'classMoments options.sampleWeight'), 'float64') as Float64Array;
  const out = new Float64Array(c * (1 + 2 * d));
  kernels().classMoments(n, d, c, floatData(X, 'float64') as Float64Array, dataAs(labels, 'int32') as Int32Array, weights,
    opts.sampleWeight === undefined ? 0 : 1, out);
  const w = new Float64Array(c);
  const means = new Float64Array(c * d);
  const variances = new Float64Array(c * d);
  for (let j = 0; j < c; j++) {
    const row = j * (1 + 2 * d);
    w[j] = out[row];
    means.set(out.subarray(row + 1, row + 1 + d), j * d);
    variances.set(out.subarray(row + 1 + d, row + 1 + 2 * d), j * d);
  }
  return {
    weights: trustedTensor(w, [c], 'float64'),
    means: trustedTensor(means, [c, d], 'float64'),
    variances: trustedTensor(variances, [c, d], 'float64'),
  };
}

/**
 * Gaussian naive Bayes joint log-likelihood (scikit-learn's GaussianNB._joint_log_likelihood): entry (i, j) is
 * logPrior[j] - 0.5 sum_f log(2 pi var[j, f]) - 0.5 sum_f (x[i, f] - theta[j, f])^2 / var[j, f].
 * @param x - n x d rows (any numeric dtype; computed in float64)
 * @param theta - c x d class means
 * @param variance - c x d class variances (positive)
 * @param logPrior - c log class priors
 * @returns an n x c float64 tensor
 * @throws TypeError for non-tensors; RangeError for mismatched shapes or no classes
 * @example gaussianLogLikelihood(Tensor.from([[0]]), Tensor.from([[0]]), Tensor.from([[1]]), Tensor.from([0])) // [[-0.9189...]]
 */
export function gaussianLogLikelihood(x: Tensor, theta: Tensor, variance: Tensor, logPrior: Tensor): Tensor<'float64'> {
  const X = expectMatrix(x, 'gaussianLogLikelihood argument x');
  const T = expectMatrix(theta, 'gaussianLogLikelihood argument theta');
  const V = expectMatrix(variance, 'gaussianLogLikelihood argument variance');
  const [n, d] = X.shape;
  const c = T.shape[0];
  if (c < 1 || T.shape[1] !== d || V.shape[0] !== c || V.shape[1] !== d) {
    throw rangeError(`Expected theta and variance of shape [c >= 1, ${d}] for gaussianLogLikelihood but received ${formatShape(T.shape)} and ${formatShape(V.shape)}`);
  }
  const prior = expectVector(logPrior, c, 'gaussianLogLikelihood argument logPrior');
  const out = allocateOutput('float64', n * c);
  kernels().gaussianNbJll(n, d, c, floatData(X, 'float64') as Float64Array, floatData(T, 'float64') as Float64Array,
    floatData(V, 'float64') as Float64Array, floatData(prior, 'float64') as Float64Array, out);
  return trustedTensor(out, [n, c], 'float64');
}
