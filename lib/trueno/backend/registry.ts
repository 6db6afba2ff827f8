/**
 * The backend registry: a kernel is data, `{ name, backend, fn }`, registered from one place per backend
 * (register-native.ts, register-wasm.ts, register-js.ts). The ops layer asks for kernels of the active backend only;
 * which backend is active is decided in one place, loader.ts.
 */
import type { BackendControls, KernelName, Kernels } from './kernels';

export type BackendName = 'native' | 'wasm' | 'js';

/** One registered kernel implementation. */
export interface KernelEntry<K extends KernelName = KernelName> {
  name: K;
  backend: BackendName;
  fn: Kernels[K];
}

const entries = new Map<BackendName, Map<KernelName, KernelEntry>>();
const controls = new Map<BackendName, BackendControls>();

/** Registers one kernel implementation (replacing an earlier one of the same name and backend). */
export function registerKernel<K extends KernelName>(entry: KernelEntry<K>): void {
  let table = entries.get(entry.backend);
  if (!table) entries.set(entry.backend, (table = new Map()));
  table.set(entry.name, entry as unknown as KernelEntry);
}

/** Registers a backend's whole kernel set and its runtime controls. */
export function registerBackend(backend: BackendName, kernels: Kernels, backendControls: BackendControls): void {
  for (const name of Object.keys(kernels) as KernelName[]) {
    registerKernel({ name, backend, fn: kernels[name] } as KernelEntry);
  }
  controls.set(backend, backendControls);
}

/** Whether every kernel of the set is registered for `backend`. */
export function isRegistered(backend: BackendName): boolean {
  return controls.has(backend);
}

/** The kernels of one backend as a plain object (a hot-path lookup table). */
export function kernelTable(backend: BackendName): Kernels {
  const table = entries.get(backend);
  if (!table) throw new Error(`backend '${backend}' has no kernels registered`);
  const out: Record<string, unknown> = {};
  for (const [name, entry] of table) out[name] = entry.fn;
  return out as unknown as Kernels;
}

/** The runtime controls of one backend. */
export function backendControls(backend: BackendName): BackendControls {
  const c = controls.get(backend);
  if (!c) throw new Error(`backend '${backend}' is not registered`);
  return c;
}
