/**
 * Minka's maximum-likelihood choice of the number of components (PCA's nComponents: 'mle'), as scikit-learn's
 * _assess_dimension / _infer_dimension: T. P. Minka, Automatic Choice of Dimensionality for PCA, NIPS 2000.
 */

/** ln Gamma(x) for x > 0 (Lanczos, g = 7, 9 terms: ~15 significant digits). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The log-likelihood of keeping `rank` components of a spectrum (explained variances, descending). */
function assessDimension(spectrum: Float64Array, rank: number, n: number): number {
  const d = spectrum.length;
  const eps = 1e-15;
  if (spectrum[rank - 1] < eps) return -Infinity;
  let pu = -rank * Math.log(2);
  for (let i = 1; i <= rank; i++) pu += logGamma((d - i + 1) / 2) - (Math.log(Math.PI) * (d - i + 1)) / 2;
  let pl = 0;
  for (let i = 0; i < rank; i++) pl += Math.log(spectrum[i]);
  pl = (-pl * n) / 2;
  let rest = 0;
  for (let i = rank; i < d; i++) rest += spectrum[i];
  const v = Math.max(eps, rest / (d - rank));
  const pv = (-Math.log(v) * n * (d - rank)) / 2;
  const m = d * rank - (rank * (rank + 1)) / 2;
  const pp = (Math.log(2 * Math.PI) * (m + rank)) / 2;
  let pa = 0;
  const capped = (j: number) => (j < rank ? spectrum[j] : v);
  for (let i = 0; i < rank; i++) {
    for (let j = i + 1; j < d; j++) pa += Math.log((spectrum[i] - spectrum[j]) * (1 / capped(j) - 1 / capped(i))) + Math.log(n);
  }
  return pu + pl + pv + pp - pa / 2 - (rank * Math.log(n)) / 2;
}

/**
 * The number of components Minka's criterion picks, in [1, n_features - 1] (numpy's argmax: the first maximum, a NaN
 * counting as the maximum).
 * @param spectrum - the explained variances, descending
 * @param n - the number of samples
 * @returns the number of components
 */
export function mleDimension(spectrum: Float64Array, n: number): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let rank = 1; rank < spectrum.length; rank++) {
    const ll = assessDimension(spectrum, rank, n);
    if (Number.isNaN(ll)) return rank;
    if (ll > bestValue) {
      best = rank;
      bestValue = ll;
    }
  }
  return best;
}
