/** The backend variants a bench runs its cases on, and the switch between them (shared by the bench areas). */
import { setBackend, setThreads, type BackendName } from '../lib/trueno';

/** A backend at a thread count (threads apply to the native addon; WASM is single-threaded). */
export interface Variant {
  backend: BackendName;
  threads: number;
}

/** The default variants: the native addon at 1 and 2 threads, and the WASM build. */
export const VARIANTS: readonly Variant[] = [
  { backend: 'native', threads: 1 },
  { backend: 'native', threads: 2 },
  { backend: 'wasm', threads: 1 },
];

/**
 * Switches to a backend variant.
 * @param v - the variant
 * @returns false (with a note on stderr) when that backend does not load here
 */
export function useVariant(v: Variant): boolean {
  try {
    setBackend(v.backend);
    if (v.backend === 'native') setThreads(v.threads);
  } catch (e) {
    process.stderr.write(`note: skipping ${v.backend}: ${(e as Error).message.split('\n')[0]}\n`);
    return false;
  }
  return true;
}
