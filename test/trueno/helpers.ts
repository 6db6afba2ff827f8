/** Shared helpers of the trueno tests: deterministic data, the backend/ISA/thread configurations, closeness checks. */
import { backendInfo, setBackend, setIsa, setThreads, type BackendName, type IsaName } from '../../lib/trueno';
import { backendControls } from '../../lib/trueno/backend/registry';

/** The WORKLOADS generator: sym(seed, n)[i] in [-1, 1), bit-exact across languages. */
export function sym(seed: number, n: number, scale = 1): Float64Array {
  const lowbias32 = (x: number) => {
    x ^= x >>> 16; x = Math.imul(x, 0x7feb352d); x ^= x >>> 15; x = Math.imul(x, 0x846ca68b); x ^= x >>> 16;
    return x >>> 0;
  };
  const key = lowbias32((seed ^ 0x9e3779b9) >>> 0);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = scale * (2 * ((lowbias32((lowbias32(i) ^ key) >>> 0) >>> 8) / 16777216) - 1);
  return out;
}

/** One configuration the conformance suite runs in. */
export interface Config {
  backend: BackendName;
  isa: IsaName;
  threads: number;
  label: string;
}

/**
 * Every backend, at every ISA level of its chain, with 1 and 2 threads where it has threads. All three must load
 * (CI builds them); SOVEREIGN_TEST_BACKENDS=js,wasm narrows the set while developing a single backend.
 */
export function configurations(): Config[] {
  const out: Config[] = [];
  for (const backend of wantedBackends()) {
    setBackend(backend);
    const detected = backendInfo().detectedIsa;
    const chain: IsaName[] =
      detected === 'avx512' ? ['avx512', 'avx2', 'scalar'] : detected === 'avx2' ? ['avx2', 'scalar'] :
      detected === 'neon' ? ['neon', 'scalar'] : detected === 'simd128' ? ['simd128', 'scalar'] : ['scalar'];
    for (const isa of chain) {
      for (const threads of backend === 'native' ? [1, 2] : [1]) {
        out.push({ backend, isa, threads, label: `${backend}/${isa}/${threads}t` });
      }
    }
  }
  return out;
}

function wantedBackends(): BackendName[] {
  return (process.env.SOVEREIGN_TEST_BACKENDS ?? 'native,wasm,js').split(',') as BackendName[];
}

/** Makes a configuration active. */
export function activate(c: Config): void {
  setBackend(c.backend);
  setIsa(c.isa);
  setThreads(c.threads);
}

/** Restores each backend to its best ISA level and default threads. */
export function resetBackends(): void {
  for (const backend of wantedBackends().reverse()) {
    setBackend(backend);
    const controls = backendControls(backend);
    controls.setIsa(controls.detectedIsa());
  }
}

/** Index and values of the first element where got and want differ by more than atol + rtol * scale[i]. */
export function firstMismatch(
  got: ArrayLike<number | bigint>, want: ArrayLike<number>, rtol: number, atol: number, scale?: ArrayLike<number>,
): string | undefined {
  if (got.length !== want.length) return `length ${got.length} != ${want.length}`;
  for (let i = 0; i < got.length; i++) {
    const g = Number(got[i]);
    const w = want[i];
    if (Number.isNaN(w)) {
      if (!Number.isNaN(g)) return `[${i}] got ${g}, want NaN`;
      continue;
    }
    if (!Number.isFinite(w)) {
      if (g !== w) return `[${i}] got ${g}, want ${w}`;
      continue;
    }
    const s = scale ? scale[i] : Math.abs(w);
    if (!(Math.abs(g - w) <= atol + rtol * s)) return `[${i}] got ${g}, want ${w} (|diff| ${Math.abs(g - w)})`;
  }
  return undefined;
}
