/**
 * LSQR (Paige and Saunders 1982), the damped least-squares iteration of scipy.sparse.linalg.lsqr, step for step, so
 * Ridge(solver='lsqr') stops where scikit-learn's does. Each iteration is one X v and one X^T u (trueno matvec, native).
 */
import { matvec } from '../../trueno/ops/matrix';
import { Tensor } from '../../trueno/tensor';

/** What {@link lsqr} returns. */
export interface LsqrResult {
  x: Float64Array;
  /** Iterations run. */
  iterations: number;
}

const norm = (v: Float64Array) => Math.hypot(...v);

/** scipy's _sym_ortho: a stable Givens rotation [c, s, r] with r = sqrt(a^2 + b^2). */
function symOrtho(a: number, b: number): [number, number, number] {
  if (b === 0) return [Math.sign(a), 0, Math.abs(a)];
  if (a === 0) return [0, Math.sign(b), Math.abs(b)];
  if (Math.abs(b) > Math.abs(a)) {
    const tau = a / b;
    const s = Math.sign(b) / Math.sqrt(1 + tau * tau);
    return [s * tau, s, b / s];
  }
  const tau = b / a;
  const c = Math.sign(a) / Math.sqrt(1 + tau * tau);
  return [c, c * tau, a / c];
}

/**
 * Minimizes ||A x - b||^2 + damp^2 ||x||^2.
 * @param A - m x n float64
 * @param b - m values
 * @param damp - the damping (sqrt of Ridge's alpha)
 * @param tol - scipy's atol and btol
 * @param iterLimit - the most iterations (scipy's default: 2n)
 * @returns the solution and the iterations run
 */
export function lsqr(A: Tensor<'float64'>, b: Float64Array, damp: number, tol: number, iterLimit: number): LsqrResult {
  const n = A.shape[1];
  const eps = Number.EPSILON;
  const ctol = 1e-8; // 1 / scipy's conlim
  const dampsq = damp * damp;
  const x = new Float64Array(n);
  let u: Float64Array = Float64Array.from(b);
  const bnorm = norm(u);
  let beta = bnorm;
  let v: Float64Array = new Float64Array(n);
  let alfa = 0;
  const scaled = (a: Float64Array, k: number) => Float64Array.from(a, (e) => e * k);
  if (beta > 0) {
    u = scaled(u, 1 / beta);
    v = matvec(A, Tensor.from(u), { trans: true }).data as Float64Array;
    alfa = norm(v);
  }
  if (alfa > 0) v = scaled(v, 1 / alfa);
  let w = Float64Array.from(v);
  let rhobar = alfa;
  let phibar = beta;
  if (alfa * beta === 0) return { x, iterations: 0 };
  let anorm = 0;
  let ddnorm = 0;
  let res2 = 0;
  let xxnorm = 0;
  let z = 0;
  let cs2 = -1;
  let sn2 = 0;
  let itn = 0;
  while (itn < iterLimit) {
    itn++;
    const av = matvec(A, Tensor.from(v)).data as Float64Array;
    for (let i = 0; i < u.length; i++) u[i] = av[i] - alfa * u[i];
    beta = norm(u);
    if (beta > 0) {
      for (let i = 0; i < u.length; i++) u[i] /= beta;
      anorm = Math.sqrt(anorm * anorm + alfa * alfa + beta * beta + dampsq);
      const atu = matvec(A, Tensor.from(u), { trans: true }).data as Float64Array;
      for (let i = 0; i < n; i++) v[i] = atu[i] - beta * v[i];
      alfa = norm(v);
      if (alfa > 0) for (let i = 0; i < n; i++) v[i] /= alfa;
    }
    let rhobar1 = rhobar;
    let psi = 0;
    if (damp > 0) {
      rhobar1 = Math.sqrt(rhobar * rhobar + dampsq);
      const cs1 = rhobar / rhobar1;
      const sn1 = damp / rhobar1;
      psi = sn1 * phibar;
      phibar = cs1 * phibar;
    }
    const [cs, sn, rho] = symOrtho(rhobar1, beta);
    const theta = sn * alfa;
    rhobar = -cs * alfa;
    const phi = cs * phibar;
    phibar = sn * phibar;
    const tau = sn * phi;
    const t1 = phi / rho;
    const t2 = -theta / rho;
    let dk2 = 0;
    for (let i = 0; i < n; i++) {
      dk2 += (w[i] / rho) ** 2;
      x[i] += t1 * w[i];
      w[i] = v[i] + t2 * w[i];
    }
    ddnorm += dk2;
    const delta = sn2 * rho;
    const gambar = -cs2 * rho;
    const rhs = phi - delta * z;
    const zbar = rhs / gambar;
    const xnorm = Math.sqrt(xxnorm + zbar * zbar);
    const gamma = Math.sqrt(gambar * gambar + theta * theta);
    cs2 = gambar / gamma;
    sn2 = theta / gamma;
    z = rhs / gamma;
    xxnorm += z * z;
    const acond = anorm * Math.sqrt(ddnorm);
    res2 += psi * psi;
    const rnorm = Math.sqrt(phibar * phibar + res2);
    const arnorm = alfa * Math.abs(tau);
    const test1 = rnorm / bnorm;
    const test2 = arnorm / (anorm * rnorm + eps);
    const test3 = 1 / (acond + eps);
    const tt1 = test1 / (1 + (anorm * xnorm) / bnorm);
    const rtol = tol + (tol * anorm * xnorm) / bnorm;
    const stop = 1 + test3 <= 1 || 1 + test2 <= 1 || 1 + tt1 <= 1 || test3 <= ctol || test2 <= tol || test1 <= rtol;
    if (stop) break;
  }
  return { x, iterations: itn };
}
