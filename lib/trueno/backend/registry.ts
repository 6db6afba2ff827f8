/**
 * The backend registry: a kernel is data, `{ name, backend, fn }`, registered from one place per backend
 * (register-native.ts, register-wasm.ts, register-js.ts). A backend may leave kernels out (an older binary, a kernel
 * not ported yet); the table of a backend then takes each missing kernel from the next backend of the chain
 * native -> wasm -> js, and says which ones it took. Which backend is active is decided in one place, loader.ts.
 */
import { KERNEL_NAMES, type BackendControls, type KernelName, type Kernels } from './kernels';

export type BackendName = 'native' | 'wasm' | 'js';

/** The fallback chain: a kernel missing from a backend comes from the first later one that has it. */
export const BACKEND_CHAIN: readonly BackendName[] = ['native', 'wasm', 'js'];

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

/** Registers the kernels a backend has (any subset of the set) and its runtime controls. */
export function registerBackend(backend: BackendName, kernels: Partial<Kernels>, backendControls: BackendControls): void {
  for (const name of Object.keys(kernels) as KernelName[]) {
    if (kernels[name]) registerKernel({ name, backend, fn: kernels[name] } as KernelEntry);
  }
  controls.set(backend, backendControls);
}

/** Whether `backend` is registered. */
export function isRegistered(backend: BackendName): boolean {
  return controls.has(backend);
}

/** The kernels a registered backend lacks. */
export function missingKernels(backend: BackendName): KernelName[] {
  const table = entries.get(backend);
  return KERNEL_NAMES.filter((name) => !table?.has(name));
}

/** A backend's kernel table (a hot-path lookup object) and, per kernel taken from a later backend, that backend. */
export interface KernelTable {
  kernels: Kernels;
  fallbacks: Partial<Record<KernelName, BackendName>>;
}

/**
 * The kernels of `backend`, each missing one taken from the first later registered backend of BACKEND_CHAIN.
 * @throws Error when a kernel is in no registered backend of the chain (the js backend has every kernel)
 */
export function kernelTable(backend: BackendName): KernelTable {
  if (!isRegistered(backend)) throw new Error(`backend '${backend}' is not registered`);
  const chain = BACKEND_CHAIN.slice(BACKEND_CHAIN.indexOf(backend)).filter(isRegistered);
  const out: Record<string, unknown> = {};
  const fallbacks: Partial<Record<KernelName, BackendName>> = {};
  for (const name of KERNEL_NAMES) {
    const from = chain.find((b) => entries.get(b)?.has(name));
    if (!from) throw new Error(`no registered backend of ${chain.join(', ')} has the kernel '${name}'`);
    out[name] = entries.get(from)!.get(name)!.fn;
    if (from !== backend) fallbacks[name] = from;
  }
  return { kernels: out as unknown as Kernels, fallbacks };
}

/** The runtime controls of one backend. */
export function backendControls(backend: BackendName): BackendControls {
  const c = controls.get(backend);
  if (!c) throw new Error(`backend '${backend}' is not registered`);
  return c;
}
