/** The backends the parity tests run on, and the datasets each is checked on. */
import { backendInfo, setBackend } from '../../../lib/trueno';
import type { DatasetName } from './data';

export type ParityBackend = 'native' | 'wasm' | 'js';

/**
 * The datasets a backend is checked on: all of them natively and in WASM; the plain-JS reference (a conformance
 * oracle, not a fast path, and ~40x slower under jest than under node) on the small ones.
 * @param backend - the backend
 * @param names - the datasets a case has figures for
 * @returns the ones to check
 */
export function datasetsFor(backend: ParityBackend, names: DatasetName[]): DatasetName[] {
  return backend === 'js' ? names.filter((n) => n === 'iris' || n === 'wine' || n === 'diabetes') : names;
}

/**
 * One describe block per backend, with that backend active inside it (restored afterwards).
 * @param body - the tests, given the backend
 */
export function describeEachBackend(body: (backend: ParityBackend) => void): void {
  describe.each(['native', 'wasm', 'js'] as const)('%s backend', (backend) => {
    const before = backendInfo().backend;
    beforeAll(() => setBackend(backend));
    afterAll(() => setBackend(before));
    body(backend);
  });
}
