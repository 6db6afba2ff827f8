/**
 * The Moré-Thuente line search (MINPACK-2's dcsrch and dcstep), the one scipy's L-BFGS-B runs: it finds a step
 * satisfying the strong Wolfe conditions f(stp) <= f(0) + ftol stp f'(0) and |f'(stp)| <= gtol |f'(0)| by safeguarded
 * cubic and quadratic interpolation. Written as a state machine: start() and next(f, g) return the next step to
 * evaluate, or a finished status.
 */

/** What the search wants next. */
export type SearchStatus = 'evaluate' | 'converged' | 'warning';

const XTRAPL = 1.1;
const XTRAPU = 4.0;

/** One bracket end: step, function value and derivative. */
interface End {
  st: number;
  f: number;
  g: number;
}

/** Moré-Thuente's safeguarded step (dcstep): updates the interval [x, y] and returns the new trial step. */
function cstep(x: End, y: End, stp: number, fp: number, dp: number, brackt: { value: boolean }, stpmin: number, stpmax: number): number {
  const sgnd = dp * Math.sign(x.g);
  let stpf: number;
  if (fp > x.f) {
    const theta = (3 * (x.f - fp)) / (stp - x.st) + x.g + dp;
    const s = Math.max(Math.abs(theta), Math.abs(x.g), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (x.g / s) * (dp / s));
    if (stp < x.st) gamma = -gamma;
    const r = ((gamma - x.g) + theta) / (((gamma - x.g) + gamma) + dp);
    const stpc = x.st + r * (stp - x.st);
    const stpq = x.st + (x.g / ((x.f - fp) / (stp - x.st) + x.g) / 2) * (stp - x.st);
    stpf = Math.abs(stpc - x.st) < Math.abs(stpq - x.st) ? stpc : stpc + (stpq - stpc) / 2;
    brackt.value = true;
  } else if (sgnd < 0) {
    const theta = (3 * (x.f - fp)) / (stp - x.st) + x.g + dp;
    const s = Math.max(Math.abs(theta), Math.abs(x.g), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (x.g / s) * (dp / s));
    if (stp > x.st) gamma = -gamma;
    const r = ((gamma - dp) + theta) / (((gamma - dp) + gamma) + x.g);
    const stpc = stp + r * (x.st - stp);
    const stpq = stp + (dp / (dp - x.g)) * (x.st - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    brackt.value = true;
  } else if (Math.abs(dp) < Math.abs(x.g)) {
    const theta = (3 * (x.f - fp)) / (stp - x.st) + x.g + dp;
    const s = Math.max(Math.abs(theta), Math.abs(x.g), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (x.g / s) * (dp / s)));
    if (stp > x.st) gamma = -gamma;
    const r = ((gamma - dp) + theta) / ((gamma + (x.g - dp)) + gamma);
    const stpc = r < 0 && gamma !== 0 ? stp + r * (x.st - stp) : stp > x.st ? stpmax : stpmin;
    const stpq = stp + (dp / (dp - x.g)) * (x.st - stp);
    if (brackt.value) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > x.st ? Math.min(stp + 0.66 * (y.st - stp), stpf) : Math.max(stp + 0.66 * (y.st - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else if (brackt.value) {
    const theta = (3 * (fp - y.f)) / (y.st - stp) + y.g + dp;
    const s = Math.max(Math.abs(theta), Math.abs(y.g), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (y.g / s) * (dp / s));
    if (stp > y.st) gamma = -gamma;
    const r = ((gamma - dp) + theta) / (((gamma - dp) + gamma) + y.g);
    stpf = stp + r * (y.st - stp);
  } else {
    stpf = stp > x.st ? stpmax : stpmin;
  }
  if (fp > x.f) {
    Object.assign(y, { st: stp, f: fp, g: dp });
  } else {
    if (sgnd < 0) Object.assign(y, { st: x.st, f: x.f, g: x.g });
    Object.assign(x, { st: stp, f: fp, g: dp });
  }
  return stpf;
}

/** One line search along a descent direction: f(0) = finit, f'(0) = ginit < 0. */
export class MoreThuente {
  stp: number;
  private readonly gtest: number;
  private readonly x: End;
  private readonly y: End;
  private brackt = { value: false };
  private stage = 1;
  private width: number;
  private width1: number;
  private stmin = 0;
  private stmax: number;

  /**
   * @param stp - the first trial step
   * @param finit - f at step 0
   * @param ginit - the directional derivative at step 0 (negative)
   * @param options - ftol, gtol, xtol and the step bounds (scipy's L-BFGS-B: 1e-3, 0.9, 0.1, [0, 1e10])
   */
  constructor(stp: number, private readonly finit: number, private readonly ginit: number,
    private readonly options: { ftol: number; gtol: number; xtol: number; stpmin: number; stpmax: number }) {
    this.stp = stp;
    this.gtest = options.ftol * ginit;
    this.width = options.stpmax - options.stpmin;
    this.width1 = this.width / 0.5;
    this.x = { st: 0, f: finit, g: ginit };
    this.y = { st: 0, f: finit, g: ginit };
    this.stmax = stp + XTRAPU * stp;
  }

  /** Takes f and its directional derivative g at the current step; sets the next step unless finished. */
  next(f: number, g: number): SearchStatus {
    const { gtol, xtol, stpmin, stpmax } = this.options;
    const { x, y, brackt } = this;
    const ftest = this.finit + this.stp * this.gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;
    if (brackt.value && (this.stp <= this.stmin || this.stp >= this.stmax)) return 'warning';
    if (brackt.value && this.stmax - this.stmin <= xtol * this.stmax) return 'warning';
    if (this.stp === stpmax && f <= ftest && g <= this.gtest) return 'warning';
    if (this.stp === stpmin && (f > ftest || g >= this.gtest)) return 'warning';
    if (f <= ftest && Math.abs(g) <= gtol * -this.ginit) return 'converged';
    let stp: number;
    if (this.stage === 1 && f <= x.f && f > ftest) {
      const gt = this.gtest;
      const xm = { st: x.st, f: x.f - x.st * gt, g: x.g - gt };
      const ym = { st: y.st, f: y.f - y.st * gt, g: y.g - gt };
      stp = cstep(xm, ym, this.stp, f - this.stp * gt, g - gt, brackt, this.stmin, this.stmax);
      Object.assign(x, { st: xm.st, f: xm.f + xm.st * gt, g: xm.g + gt });
      Object.assign(y, { st: ym.st, f: ym.f + ym.st * gt, g: ym.g + gt });
    } else {
      stp = cstep(x, y, this.stp, f, g, brackt, this.stmin, this.stmax);
    }
    if (brackt.value) {
      if (Math.abs(y.st - x.st) >= 0.66 * this.width1) stp = x.st + 0.5 * (y.st - x.st);
      this.width1 = this.width;
      this.width = Math.abs(y.st - x.st);
      this.stmin = Math.min(x.st, y.st);
      this.stmax = Math.max(x.st, y.st);
    } else {
      this.stmin = stp + XTRAPL * (stp - x.st);
      this.stmax = stp + XTRAPU * (stp - x.st);
    }
    stp = Math.min(Math.max(stp, stpmin), stpmax);
    if (brackt.value && (stp <= this.stmin || stp >= this.stmax || this.stmax - this.stmin <= xtol * this.stmax)) stp = x.st;
    this.stp = stp;
    return 'evaluate';
  }
}
