/**
 * Plain-JS references of the linear-model kernels (native/core/ml): the same algorithms as the C ports of scikit-learn's
 * coordinate descent, logistic loss, SAG/SAGA and SGD, written for clarity (plain loops, float64, sums in index
 * order). The js backend runs them and the conformance tests check the native and WASM kernels against them.
 * Arguments are validated by the callers (the aprender estimators and their kernel wrappers).
 */
import type { SyncKernels } from './kernels';
import { EnetStateCode, SagaParamCode, SGD_NSCALARS, SvmStateCode, SgdLossCode, SgdParamCode, SgdPenaltyCode, SgdScheduleCode, SgdStateCode } from './ops.generated';

const dot = (a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[ao + i] * b[bo + i];
  return s;
};

const binomialLoss = (y: number, r: number): number =>
  r <= 0 ? (r < -37 ? Math.exp(r) : Math.log1p(Math.exp(r))) - y * r : (r <= 18 ? Math.log1p(Math.exp(-r)) : Math.exp(-r)) + (1 - y) * r;

function binomialGradient(y: number, r: number): number {
  if (r > -37) {
    const e = Math.exp(-r);
    return ((1 - y) - y * e) / (1 + e);
  }
  return Math.exp(r) - y;
}

const expit = (r: number): number => (r >= 0 ? 1 / (1 + Math.exp(-r)) : Math.exp(r) / (1 + Math.exp(r)));

/** Softmax of raw into prob; returns log(sum(exp(raw))). */
function softmax(raw: Float64Array, prob: Float64Array): number {
  let max = raw[0];
  for (let c = 1; c < raw.length; c++) if (raw[c] > max) max = raw[c];
  let sum = 0;
  for (let c = 0; c < raw.length; c++) sum += (prob[c] = Math.exp(raw[c] - max));
  for (let c = 0; c < raw.length; c++) prob[c] /= sum;
  return max + Math.log(sum);
}

const sign = (v: number) => (v === 0 ? 0 : v > 0 ? 1 : -1);

/** scikit-learn's our_rand_r. */
function randR31(state: Uint32Array): number {
  if (state[0] === 0) state[0] = 1;
  state[0] ^= state[0] << 13;
  state[0] ^= state[0] >>> 17;
  state[0] ^= state[0] << 5;
  return state[0] % 2147483648;
}

export const enetCd: SyncKernels['enetCd'] = (n, p, xt, y, alpha, beta, maxIter, tol, positive, random, seed, screening, state) => {
  const w = state;
  const norm2 = new Float64Array(p);
  for (let j = 0; j < p; j++) norm2[j] = dot(xt, j * n, xt, j * n, n);
  const r = Float64Array.from(y);
  for (let j = 0; j < p; j++) if (w[j] !== 0) for (let i = 0; i < n; i++) r[i] -= w[j] * xt[j * n + i];
  const xta = new Float64Array(p);
  const gapOf = (): [number, number] => {
    const wl2 = beta > 0 ? dot(w, 0, w, 0, p) : 0;
    const rn2 = dot(r, 0, r, 0, n);
    const ry = alpha === 0 && beta === 0 ? 0 : dot(r, 0, y, 0, n);
    let norm = 0;
    if (alpha === 0) {
      for (let j = 0; j < p; j++) {
        xta[j] = dot(xt, j * n, r, 0, n);
        norm += xta[j] * xta[j];
      }
      return [beta === 0 ? norm : rn2 + 0.5 * beta * wl2 - ry + (1 / (2 * beta)) * norm, norm];
    }
    let wl1 = 0;
    for (let j = 0; j < p; j++) {
      xta[j] = dot(xt, j * n, r, 0, n) - beta * w[j];
      const v = positive ? xta[j] : Math.abs(xta[j]);
      if (j === 0 || v > norm) norm = v;
      wl1 += Math.abs(w[j]);
    }
    const primal = 0.5 * (rn2 + beta * wl2) + alpha * wl1;
    const scale = norm > alpha ? alpha / norm : 1;
    return [primal - (-0.5 * scale * scale * (rn2 + beta * wl2) + scale * ry), norm];
  };
  const doScreening = screening !== 0 && alpha !== 0;
  const excluded = new Uint8Array(p);
  const active = new Uint32Array(p);
  const screen = (gap: number, dualNorm: number): number => {
    let count = 0;
    const radius = Math.sqrt(2 * gap) / alpha, denom = Math.max(alpha, dualNorm);
    for (let j = 0; j < p; j++) {
      if (excluded[j]) continue;
      if ((1 - Math.abs(xta[j] / denom)) / Math.sqrt(norm2[j] + beta) <= radius) active[count++] = j;
      else {
        if (w[j] !== 0) {
          for (let i = 0; i < n; i++) r[i] += w[j] * xt[j * n + i];
          w[j] = 0;
        }
        excluded[j] = 1;
      }
    }
    return count;
  };
  const dTol = tol;
  const tolScaled = tol * dot(y, 0, y, 0, n);
  let [gap, dualNorm] = gapOf();
  let sweeps = 0;
  if (gap > tolScaled) {
    let nActive = p;
    if (doScreening) {
      for (let j = 0; j < p; j++) if (norm2[j] === 0) { w[j] = 0; excluded[j] = 1; }
      nActive = screen(gap, dualNorm);
    }
    const rng = new Uint32Array([seed]);
    for (let iter = 0; iter < maxIter; iter++) {
      sweeps = iter + 1;
      let wMax = 0, dwMax = 0;
      for (let f = 0; f < nActive; f++) {
        let j = random ? randR31(rng) % nActive : f;
        if (doScreening) j = active[j];
        if (norm2[j] === 0) continue;
        const wj = w[j];
        const tmp = dot(xt, j * n, r, 0, n) + wj * norm2[j];
        w[j] = positive && tmp < 0 ? 0 : (sign(tmp) * Math.max(Math.abs(tmp) - alpha, 0)) / (norm2[j] + beta);
        if (w[j] !== wj) for (let i = 0; i < n; i++) r[i] += (wj - w[j]) * xt[j * n + i];
        dwMax = Math.max(dwMax, Math.abs(w[j] - wj));
        wMax = Math.max(wMax, Math.abs(w[j]));
      }
      if (wMax === 0 || dwMax / wMax <= dTol || iter === maxIter - 1) {
        [gap, dualNorm] = gapOf();
        if (gap <= tolScaled) break;
        if (doScreening) nActive = screen(gap, dualNorm);
      }
    }
  }
  state[p + EnetStateCode.GAP] = gap;
  state[p + EnetStateCode.TOL_SCALED] = tolScaled;
  state[p + EnetStateCode.SWEEPS] = sweeps;
};

/** Raw predictions x_i . w_c + b_c of row i for every class into raw. */
function rawRow(x: Float64Array, i: number, p: number, coef: Float64Array, stride: number, fi: number, raw: Float64Array): void {
  for (let c = 0; c < raw.length; c++) raw[c] = dot(x, i * p, coef, c * stride, p) + (fi ? coef[c * stride + p] : 0);
}

/** acc_c += g[c] * (x_i, 1) for every class. */
function accumulateRow(x: Float64Array, i: number, p: number, g: Float64Array, stride: number, fi: number, acc: Float64Array, at: number): void {
  for (let c = 0; c < g.length; c++) {
    if (g[c] === 0) continue;
    for (let j = 0; j < p; j++) acc[at + c * stride + j] += g[c] * x[i * p + j];
    if (fi) acc[at + c * stride + p] += g[c];
  }
}

export const logisticGrad: SyncKernels['logisticGrad'] = (n, p, k, x, y, sw, coef, fitIntercept, out) => {
  const stride = p + (fitIntercept ? 1 : 0);
  const raw = new Float64Array(k), g = new Float64Array(k);
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const wi = sw.length ? sw[i] : 1;
    rawRow(x, i, p, coef, stride, fitIntercept, raw);
    if (k === 1) {
      out[0] += wi * binomialLoss(y[i], raw[0]);
      g[0] = wi * binomialGradient(y[i], raw[0]);
    } else {
      const label = y[i];
      out[0] += wi * (softmax(raw, g) - raw[label]);
      g[label] -= 1;
      for (let c = 0; c < k; c++) g[c] *= wi;
    }
    accumulateRow(x, i, p, g, stride, fitIntercept, out, 1);
  }
};

export const logisticHessp: SyncKernels['logisticHessp'] = (n, p, k, x, sw, coef, fitIntercept, s, out) => {
  const stride = p + (fitIntercept ? 1 : 0);
  const raw = new Float64Array(k), xs = new Float64Array(k), t = new Float64Array(k);
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const wi = sw.length ? sw[i] : 1;
    rawRow(x, i, p, coef, stride, fitIntercept, raw);
    rawRow(x, i, p, s, stride, fitIntercept, xs);
    if (k === 1) {
      const pr = expit(raw[0]);
      t[0] = wi * pr * (1 - pr) * xs[0];
    } else {
      softmax(raw, t);
      let mean = 0;
      for (let c = 0; c < k; c++) mean += t[c] * xs[c];
      for (let c = 0; c < k; c++) t[c] = wi * t[c] * (xs[c] - mean);
    }
    accumulateRow(x, i, p, t, stride, fitIntercept, out, 0);
  }
};

const softThreshold = (v: number, shrink: number) => Math.max(v - shrink, 0) - Math.max(-v - shrink, 0);

export const sagaEpoch: SyncKernels['sagaEpoch'] = (n, p, k, x, y, sw, order, params, state) => {
  const step = params[SagaParamCode.STEP], alpha = params[SagaParamCode.ALPHA], beta = params[SagaParamCode.BETA];
  const fitIntercept = params[SagaParamCode.FIT_INTERCEPT], saga = params[SagaParamCode.IS_SAGA];
  const m = order.length, pk = p * k;
  const w = state.subarray(0, pk), intercept = state.subarray(pk, pk + k);
  const sumGradient = state.subarray(pk + k, 2 * pk + k), interceptSum = state.subarray(2 * pk + k, 2 * pk + 2 * k);
  const memory = state.subarray(2 * pk + 2 * k, 2 * pk + 2 * k + n * k);
  const seen = state.subarray(2 * pk + 2 * k + n * k, 2 * pk + 2 * k + n * k + n);
  const at = 2 * pk + 2 * k + n * k + n; // num_seen, then status
  const prox = beta > 0 && saga !== 0;
  const cum = new Float64Array(m), cumProx = new Float64Array(m), hist = new Float64Array(p);
  const pred = new Float64Array(k), g = new Float64Array(k);
  const lagged = (wscale: number, s: number, reset: boolean): boolean => {
    for (let f = 0; f < p; f++) {
      let cs = cum[s - 1], csp = prox ? cumProx[s - 1] : 0;
      if (hist[f] !== 0) {
        cs -= cum[hist[f] - 1];
        if (prox) csp -= cumProx[hist[f] - 1];
      }
      for (let c = 0; c < k; c++) {
        const idx = f * k + c;
        if (!prox) w[idx] -= cs * sumGradient[idx];
        else if (Math.abs(sumGradient[idx] * cs) < csp) w[idx] = softThreshold(w[idx] - cs * sumGradient[idx], csp);
        else {
          for (let lag = s - 1; lag >= hist[f]; lag--) {
            const gs = lag > 0 ? cum[lag] - cum[lag - 1] : cum[lag];
            const ps = lag > 0 ? cumProx[lag] - cumProx[lag - 1] : cumProx[lag];
            w[idx] = softThreshold(w[idx] - sumGradient[idx] * gs, ps);
          }
        }
        if (reset) {
          w[idx] *= wscale;
          if (!Number.isFinite(w[idx])) return false;
        }
      }
      hist[f] = reset ? s % m : s;
    }
    if (reset) {
      cum[s - 1] = 0;
      if (prox) cumProx[s - 1] = 0;
    }
    return true;
  };
  const wscaleUpdate = 1 - step * alpha;
  let wscale = 1;
  let ok = true;
  for (let s = 0; s < m && ok; s++) {
    const i = order[s];
    if (seen[i] === 0) {
      state[at] += 1;
      seen[i] = 1;
    }
    const numSeen = state[at];
    if (s > 0 && !lagged(wscale, s, false)) { ok = false; break; }
    for (let c = 0; c < k; c++) {
      let d = 0;
      for (let f = 0; f < p; f++) d += w[f * k + c] * x[i * p + f];
      pred[c] = wscale * d + intercept[c];
    }
    const wi = sw.length ? sw[i] : 1;
    if (k === 1) g[0] = binomialGradient(y[i], pred[0]) * wi;
    else {
      softmax(pred, g);
      g[y[i]] -= 1;
      for (let c = 0; c < k; c++) g[c] *= wi;
    }
    wscale *= wscaleUpdate;
    for (let f = 0; f < p; f++) {
      for (let c = 0; c < k; c++) {
        const correction = x[i * p + f] * (g[c] - memory[i * k + c]);
        if (saga) w[f * k + c] -= (correction * step * (1 - 1 / numSeen)) / wscale;
        sumGradient[f * k + c] += correction;
      }
    }
    if (fitIntercept) {
      for (let c = 0; c < k; c++) {
        let correction = g[c] - memory[i * k + c];
        interceptSum[c] += correction;
        correction *= step * (1 - 1 / numSeen);
        intercept[c] -= (step * interceptSum[c]) / numSeen + (saga ? correction : 0);
        if (!Number.isFinite(intercept[c])) ok = false;
      }
      if (!ok) break;
    }
    memory.set(g, i * k);
    cum[s] = (s > 0 ? cum[s - 1] : 0) + step / (wscale * numSeen);
    if (prox) cumProx[s] = (s > 0 ? cumProx[s - 1] : 0) + (step * beta) / wscale;
    if (wscale < 1e-9) {
      ok = lagged(wscale, s + 1, true);
      wscale = 1;
    }
  }
  if (ok) ok = lagged(wscale, m, true);
  state[at + 1] = ok ? 0 : 1;
};

/** scikit-learn's SGD losses (SgdLossCode: TRUENO_SGD_* in trueno_ops.def): [loss, gradient] at prediction p for target y. */
function sgdLoss(loss: number, a: number, y: number, p: number): [number, number] {
  switch (loss) {
    case SgdLossCode.HINGE: return p * y <= a ? [a - p * y, -y] : [0, 0];
    case SgdLossCode.SQUARED_HINGE: { const z = a - p * y; return z > 0 ? [z * z, -2 * y * z] : [0, 0]; }
    case SgdLossCode.LOG: return [binomialLoss(y, p), binomialGradient(y, p)];
    case SgdLossCode.MODIFIED_HUBER: { const z = p * y; return z >= 1 ? [0, 0] : z >= -1 ? [(1 - z) * (1 - z), 2 * (1 - z) * -y] : [-4 * z, -4 * y]; }
    case SgdLossCode.SQUARED_ERROR: return [0.5 * (p - y) * (p - y), p - y];
    case SgdLossCode.HUBER: { const e = Math.abs(y - p), r = p - y; return [e <= a ? 0.5 * e * e : a * (e - 0.5 * a), Math.abs(r) <= a ? r : r >= 0 ? a : -a]; }
    case SgdLossCode.EPSILON_INSENSITIVE: return [Math.max(Math.abs(y - p) - a, 0), y - p > a ? -1 : p - y > a ? 1 : 0];
    default: { // SQUARED_EPSILON_INSENSITIVE
      const e = Math.abs(y - p) - a, z = y - p;
      return [e > 0 ? e * e : 0, z > a ? -2 * (z - a) : z < -a ? 2 * (-z - a) : 0];
    }
  }
}

export const sgdEpoch: SyncKernels['sgdEpoch'] = (n, p, x, y, sw, order, params, state) => {
  const setting = (slot: number) => params[slot];
  const loss = setting(SgdParamCode.LOSS), a = setting(SgdParamCode.LOSS_PARAM), penalty = setting(SgdParamCode.PENALTY);
  const alpha = setting(SgdParamCode.ALPHA), l1RatioIn = setting(SgdParamCode.L1_RATIO);
  const schedule = setting(SgdParamCode.SCHEDULE), eta0 = setting(SgdParamCode.ETA0), powerT = setting(SgdParamCode.POWER_T);
  const fitIntercept = setting(SgdParamCode.FIT_INTERCEPT), average = setting(SgdParamCode.AVERAGE);
  const weightPos = setting(SgdParamCode.WEIGHT_POS), weightNeg = setting(SgdParamCode.WEIGHT_NEG);
  const l1Ratio = penalty === SgdPenaltyCode.L2 ? 0 : penalty === SgdPenaltyCode.L1 ? 1 : l1RatioIn;
  const w = state.subarray(0, p), aw = state.subarray(p + SGD_NSCALARS, 2 * p + SGD_NSCALARS);
  const q = state.subarray(2 * p + SGD_NSCALARS, 3 * p + SGD_NSCALARS);
  const at = (slot: number) => state[p + slot];
  let intercept = at(SgdStateCode.INTERCEPT), avgIntercept = at(SgdStateCode.AVG_INTERCEPT), t = at(SgdStateCode.T), u = at(SgdStateCode.U);
  let wscale = 1, avgA = 0, avgB = 1, objective = 0;
  let sqNorm = dot(w, 0, w, 0, p), l1Norm = 0;
  for (let j = 0; j < p; j++) l1Norm += Math.abs(w[j]);
  const resetWscale = () => {
    if (average > 0) {
      for (let j = 0; j < p; j++) aw[j] = (aw[j] + avgA * w[j]) * (1 / avgB);
      avgA = 0;
      avgB = 1;
    }
    for (let j = 0; j < p; j++) w[j] *= wscale;
    wscale = 1;
  };
  let optimalInit = 0;
  if (schedule === SgdScheduleCode.OPTIMAL) {
    const typw = Math.sqrt(1 / Math.sqrt(alpha));
    optimalInit = 1 / ((typw / Math.max(1, sgdLoss(loss, a, 1, -typw)[1])) * alpha);
  }
  for (let s = 0; s < order.length; s++) {
    const i = order[s], yi = y[i], xo = i * p;
    const pred = dot(w, 0, x, xo, p) * wscale + intercept;
    const eta = schedule === SgdScheduleCode.OPTIMAL ? 1 / (alpha * (optimalInit + t - 1)) : schedule === SgdScheduleCode.INVSCALING ? eta0 / t ** powerT : eta0;
    const [value, gradient] = sgdLoss(loss, a, yi, pred);
    objective += value;
    if (penalty !== SgdPenaltyCode.NO_PENALTY) objective += alpha * ((1 - l1Ratio) * 0.5 * Math.sqrt(sqNorm) ** 2 + l1Ratio * l1Norm);
    const dloss = Math.min(Math.max(gradient, -1e12), 1e12);
    const update = -eta * dloss * (yi > 0 ? weightPos : weightNeg) * (sw.length ? sw[i] : 1);
    if (penalty === SgdPenaltyCode.L2 || penalty === SgdPenaltyCode.ELASTICNET) {
      const c = Math.max(0, 1 - (1 - l1Ratio) * eta * alpha);
      wscale *= c;
      sqNorm *= c * c;
      l1Norm *= Math.abs(c);
      if (wscale < 1e-9) resetWscale();
    }
    if (update !== 0) {
      let l2 = 0, l1 = 0;
      const stepW = update / wscale;
      for (let j = 0; j < p; j++) {
        w[j] += x[xo + j] * stepW;
        l2 += w[j] * w[j];
        l1 += Math.abs(w[j]);
      }
      sqNorm = l2 * (wscale * wscale);
      l1Norm = l1 * wscale;
      if (fitIntercept) intercept += update;
    }
    if (average > 0 && average <= t) {
      const numIter = t - average + 1, mu = 1 / numIter, stepA = avgA * (-update / wscale);
      for (let j = 0; j < p; j++) aw[j] += stepA * x[xo + j];
      if (numIter > 1) avgB /= 1 - mu;
      avgA += mu * avgB * wscale;
      avgIntercept += (intercept - avgIntercept) / numIter;
    }
    if (penalty === SgdPenaltyCode.L1 || penalty === SgdPenaltyCode.ELASTICNET) {
      u += l1Ratio * eta * alpha;
      for (let j = 0; j < p; j++) {
        const z = w[j];
        if (wscale * z > 0) w[j] = Math.max(0, w[j] - (u + q[j]) / wscale);
        else if (wscale * z < 0) w[j] = Math.min(0, w[j] + (u - q[j]) / wscale);
        q[j] += wscale * (w[j] - z);
      }
    }
    t += 1;
  }
  resetWscale();
  let finite = Number.isFinite(intercept);
  for (let j = 0; j < p && finite; j++) finite = Number.isFinite(w[j]);
  const put = (slot: number, v: number) => { state[p + slot] = v; };
  put(SgdStateCode.INTERCEPT, intercept);
  put(SgdStateCode.AVG_INTERCEPT, avgIntercept);
  put(SgdStateCode.T, t);
  put(SgdStateCode.U, u);
  put(SgdStateCode.OBJECTIVE, objective);
  put(SgdStateCode.STATUS, finite ? 0 : 1);
};

export const svmDualCd: SyncKernels['svmDualCd'] = (n, p, x, y, c, bias, l1Loss, maxIter, tol, seed, state) => {
  const alpha = new Float64Array(n), qd = new Float64Array(n);
  const index = Int32Array.from({ length: n }, (_, i) => i);
  const w = state;
  w.fill(0, 0, p + 1);
  for (let i = 0; i < n; i++) qd[i] = (l1Loss ? 0 : 0.5 / c[i]) + dot(x, i * p, x, i * p, p) + bias * bias;
  const rng = new Uint32Array([seed]);
  let active = n, iter = 0, pgMaxOld = Infinity, pgMinOld = -Infinity;
  while (iter < maxIter) {
    let pgMaxNew = -Infinity, pgMinNew = Infinity;
    for (let s = 0; s < active; s++) {
      const j = s + (randR31(rng) % (active - s));
      [index[s], index[j]] = [index[j], index[s]];
    }
    for (let s = 0; s < active; s++) {
      const i = index[s], yi = y[i], diag = l1Loss ? 0 : 0.5 / c[i], upper = l1Loss ? c[i] : Infinity;
      const g = yi * (dot(w, 0, x, i * p, p) + w[p] * bias) - 1 + alpha[i] * diag;
      let pg = 0;
      if (alpha[i] === 0) {
        if (g > pgMaxOld) {
          active--;
          [index[s], index[active]] = [index[active], i];
          s--;
          continue;
        }
        if (g < 0) pg = g;
      } else if (alpha[i] === upper) {
        if (g < pgMinOld) {
          active--;
          [index[s], index[active]] = [index[active], i];
          s--;
          continue;
        }
        if (g > 0) pg = g;
      } else pg = g;
      pgMaxNew = Math.max(pgMaxNew, pg);
      pgMinNew = Math.min(pgMinNew, pg);
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i];
        alpha[i] = Math.min(Math.max(alpha[i] - g / qd[i], 0), upper);
        const d = (alpha[i] - old) * yi;
        for (let j = 0; j < p; j++) w[j] += d * x[i * p + j];
        w[p] += d * bias;
      }
    }
    iter++;
    if (pgMaxNew - pgMinNew <= tol) {
      if (active === n) break;
      active = n;
      pgMaxOld = Infinity;
      pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMaxNew <= 0 ? Infinity : pgMaxNew;
    pgMinOld = pgMinNew >= 0 ? -Infinity : pgMinNew;
  }
  state[p + SvmStateCode.ITERATIONS] = iter;
};
