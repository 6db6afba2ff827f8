/**
 * L-BFGS as scipy's L-BFGS-B runs it on an unconstrained problem (what scikit-learn's LogisticRegression calls with
 * maxiter, maxls = 50, gtol = tol, ftol = 64 eps): the direction of the limited-memory BFGS matrix (m pairs, initial
 * scaling theta = y.y / s.y, a pair skipped when s.y <= eps * |g.d| stp), a first step of 1 / ||d|| then 1, the
 * Moré-Thuente search with ftol 1e-3, gtol 0.9, xtol 0.1, a restart from steepest descent when the search fails, and
 * the stopping rules in scipy's order: iteration limit, max |g| <= gtol, then (f_old - f) <= ftol max(|f_old|, |f|, 1).
 * The minimizer is a generator of points to evaluate (the caller owns the objective and its progress reporting).
 */
import { MoreThuente } from './line-search';

/** Settings of {@link lbfgs}; defaults are scipy's. */
export interface LbfgsOptions {
  /** Iteration limit (default 15000, scipy's maxiter). */
  maxIter?: number;
  /** Stop when max |g_i| <= gtol (default 1e-5). */
  gtol?: number;
  /** Stop when the relative reduction of f is <= ftol (default 2.22e-9, factr 1e7). */
  ftol?: number;
  /** Memory pairs (default 10). */
  m?: number;
  /** Function evaluations allowed per line search (default 20; scikit-learn passes 50). */
  maxls?: number;
  /** Function evaluations allowed in all (default 15000). */
  maxFun?: number;
}

/** Why the minimizer stopped (scipy's messages, shortened). */
export type LbfgsStop = 'gtol' | 'ftol' | 'maxIter' | 'maxFun' | 'lineSearch';

/** The result of {@link lbfgs}. */
export interface LbfgsResult {
  x: Float64Array;
  f: number;
  g: Float64Array;
  nIter: number;
  nFev: number;
  stop: LbfgsStop;
}

/** A value and gradient at a point. */
export type Evaluation = { f: number; g: Float64Array };

/** One iteration's report (after the line search accepted a point). */
export interface LbfgsIteration {
  iteration: number;
  f: number;
  gradientNorm: number;
}

const EPS = 2.220446049250313e-16;
const STPMAX = 1e10;

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const normInf = (g: Float64Array) => {
  let m = 0;
  for (let i = 0; i < g.length; i++) m = Math.max(m, Math.abs(g[i]));
  return m;
};

/** d = -H g by the two-loop recursion over the stored pairs (oldest first), H0 = 1 / theta. */
function direction(g: Float64Array, ss: Float64Array[], ys: Float64Array[], theta: number): Float64Array {
  const q = Float64Array.from(g);
  const alphas = new Float64Array(ss.length);
  for (let i = ss.length - 1; i >= 0; i--) {
    alphas[i] = dot(ss[i], q) / dot(ys[i], ss[i]);
    for (let j = 0; j < q.length; j++) q[j] -= alphas[i] * ys[i][j];
  }
  for (let j = 0; j < q.length; j++) q[j] /= theta;
  for (let i = 0; i < ss.length; i++) {
    const beta = dot(ys[i], q) / dot(ys[i], ss[i]);
    for (let j = 0; j < q.length; j++) q[j] += ss[i][j] * (alphas[i] - beta);
  }
  for (let j = 0; j < q.length; j++) q[j] = -q[j];
  return q;
}

/**
 * Minimizes f from x0. Yields each point to evaluate and expects its value and gradient back; returns the result.
 * @param x0 - the start (not modified)
 * @param options - stopping rules and memory
 * @param onIteration - called after every accepted step
 */
export function* lbfgs(x0: Float64Array, options: LbfgsOptions = {},
  onIteration?: (it: LbfgsIteration) => void): Generator<Float64Array, LbfgsResult, Evaluation> {
  const maxIter = options.maxIter ?? 15000, gtol = options.gtol ?? 1e-5, ftol = options.ftol ?? 1e7 * EPS;
  const m = options.m ?? 10, maxls = options.maxls ?? 20, maxFun = options.maxFun ?? 15000;
  let x = Float64Array.from(x0);
  let { f, g } = yield x;
  let nFev = 1, nIter = 0;
  const done = (stop: LbfgsStop): LbfgsResult => ({ x, f, g, nIter, nFev, stop });
  if (normInf(g) <= gtol) return done('gtol');
  let ss: Float64Array[] = [], ys: Float64Array[] = [];
  let theta = 1;
  for (;;) {
    const d = direction(g, ss, ys, theta);
    const gd = dot(g, d);
    if (!(gd < 0)) {
      // not a descent direction: restart from steepest descent (L-BFGS-B's info = -4 path)
      if (ss.length === 0) return done('lineSearch');
      ss = [];
      ys = [];
      theta = 1;
      continue;
    }
    const stp0 = nIter === 0 ? Math.min(1 / Math.sqrt(dot(d, d)), STPMAX) : 1;
    const search = new MoreThuente(stp0, f, gd, { ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax: STPMAX });
    const xOld = x, fOld = f, gOld = g;
    let evaluations = 0, accepted = false;
    for (;;) {
      const trial = new Float64Array(x.length);
      for (let j = 0; j < trial.length; j++) trial[j] = xOld[j] + search.stp * d[j];
      ({ f, g } = yield trial);
      nFev++;
      evaluations++;
      x = trial;
      const status = Number.isFinite(f) ? search.next(f, dot(g, d)) : 'evaluate';
      if (status !== 'evaluate') {
        accepted = true;
        break;
      }
      if (!Number.isFinite(f)) search.stp /= 10; // an overflow: shorten instead of interpolating on Infinity
      if (evaluations >= maxls || nFev >= maxFun) break;
    }
    if (!accepted) {
      x = xOld;
      f = fOld;
      g = gOld;
      if (nFev >= maxFun) return done('maxFun');
      if (ss.length === 0) return done('lineSearch');
      ss = [];
      ys = [];
      theta = 1;
      continue;
    }
    nIter++;
    const gNorm = normInf(g);
    onIteration?.({ iteration: nIter, f, gradientNorm: gNorm });
    if (nIter >= maxIter) return done('maxIter');
    if (nFev >= maxFun) return done('maxFun');
    if (gNorm <= gtol) return done('gtol');
    if (fOld - f <= ftol * Math.max(Math.abs(fOld), Math.abs(f), 1)) return done('ftol');
    const s = new Float64Array(x.length), y = new Float64Array(x.length);
    for (let j = 0; j < s.length; j++) {
      s[j] = x[j] - xOld[j];
      y[j] = g[j] - gOld[j];
    }
    const sy = dot(s, y);
    if (sy > EPS * -gd * search.stp) {
      if (ss.length === m) {
        ss.shift();
        ys.shift();
      }
      ss.push(s);
      ys.push(y);
      theta = dot(y, y) / sy;
    }
  }
}

/** Runs {@link lbfgs} with a synchronous objective. */
export function minimizeLbfgs(fun: (x: Float64Array) => Evaluation, x0: Float64Array, options?: LbfgsOptions,
  onIteration?: (it: LbfgsIteration) => void): LbfgsResult {
  const steps = lbfgs(x0, options, onIteration);
  let next = steps.next();
  while (!next.done) next = steps.next(fun(next.value));
  return next.value;
}
