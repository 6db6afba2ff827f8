/**
 * The native backend: the N-API addon built from native/ (prebuilds/<platform>-<arch> or build/Release). Its exports
 * are the kernel set itself (native/addon/addon.cc keeps the names 1:1), so registering is a lookup per name.
 */
import { ISA_NAMES, type IsaName, type KernelName, type Kernels } from './kernels';
import { registerBackend } from './registry';

/** What the addon exports besides the kernels. */
export interface NativeAddon {
  isaDetected(): number;
  isaActive(): number;
  setIsa(isa: number): void;
  threads(): number;
  setThreads(n: number): void;
  version: string;
}

const KERNEL_NAMES: readonly KernelName[] = [
  'binary', 'binaryScalar', 'binaryRows', 'axpy', 'fill', 'copy', 'cast', 'unary', 'clip', 'reduce', 'reduceAxis',
  'dot', 'gemm', 'matvec', 'transpose', 'outer', 'softmaxRows', 'pdist2',
  'gemmAsync', 'matvecAsync', 'softmaxRowsAsync', 'pdist2Async', 'unaryAsync',
];

/** Registers a loaded addon as the 'native' backend; throws if it lacks a kernel (a stale or foreign binary). */
export function registerNativeBackend(addon: NativeAddon & Record<string, unknown>): void {
  const kernels: Record<string, unknown> = {};
  for (const name of KERNEL_NAMES) {
    if (typeof addon[name] !== 'function') throw new Error(`the addon does not export the kernel '${name}'`);
    kernels[name] = addon[name];
  }
  registerBackend('native', kernels as unknown as Kernels, {
    isa: () => ISA_NAMES[addon.isaActive()],
    detectedIsa: () => ISA_NAMES[addon.isaDetected()],
    setIsa: (isa: IsaName) => addon.setIsa(ISA_NAMES.indexOf(isa)),
    threads: () => addon.threads(),
    setThreads: (n: number) => addon.setThreads(n),
    version: addon.version,
  });
}
