/**
 * The native backend: the N-API addon built from native/ (prebuilds/<platform>-<arch> or build/Release). Its exports
 * are the kernel set itself (native/addon/addon.cc exports every kernel of trueno_ops.def under its name), so
 * registering is a lookup per name; a kernel an older binary lacks falls back to the next backend (registry.ts).
 */
import { ISA_NAMES, KERNEL_NAMES, type IsaName, type Kernels } from './kernels';
import { setLargeOutputAdvice } from './memory-advice';
import { registerBackend } from './registry';

/** What the addon exports besides the kernels. */
export interface NativeAddon {
  isaDetected(): number;
  isaActive(): number;
  setIsa(isa: number): void;
  threads(): number;
  setThreads(n: number): void;
  /** Huge-page advice for a fresh output buffer (absent from binaries built before it). */
  adviseHugePages?(buffer: ArrayBuffer): void;
  version: string;
}

/**
 * Registers a loaded addon as the 'native' backend with the kernels it exports; throws when it exports none (a
 * foreign binary, not this package's addon).
 */
export function registerNativeBackend(addon: NativeAddon & Record<string, unknown>): void {
  const kernels: Record<string, unknown> = {};
  for (const name of KERNEL_NAMES) if (typeof addon[name] === 'function') kernels[name] = addon[name];
  if (Object.keys(kernels).length === 0) throw new Error('the addon exports none of the trueno kernels');
  if (typeof addon.adviseHugePages === 'function') setLargeOutputAdvice(addon.adviseHugePages);
  registerBackend('native', kernels as Partial<Kernels>, {
    isa: () => ISA_NAMES[addon.isaActive()],
    detectedIsa: () => ISA_NAMES[addon.isaDetected()],
    setIsa: (isa: IsaName) => addon.setIsa(ISA_NAMES.indexOf(isa)),
    threads: () => addon.threads(),
    setThreads: (n: number) => addon.setThreads(n),
    version: addon.version,
  });
}
