/** The registry's per-kernel fallback: a backend that lacks kernels takes each from the next backend of the chain. */
import type * as Registry from '../../lib/trueno/backend/registry';
import type * as JsBackend from '../../lib/trueno/backend/register-js';
import { referenceKernels } from '../../lib/trueno/backend/register-js';

/** A fresh registry (module state) with the js backend and a 'wasm' backend that has only `binary` and `fill`. */
function freshRegistry(): typeof Registry {
  let registry!: typeof Registry;
  jest.isolateModules(() => {
    registry = require('../../lib/trueno/backend/registry');
    (require('../../lib/trueno/backend/register-js') as typeof JsBackend).registerJsBackend();
  });
  const controls = { isa: () => 'scalar' as const, detectedIsa: () => 'scalar' as const, setIsa() {}, threads: () => 1, setThreads() {}, version: 'partial' };
  registry.registerBackend('wasm', { binary: referenceKernels.binary, fill: referenceKernels.fill }, controls);
  return registry;
}

test('missing kernels come from the next backend and are listed', () => {
  const registry = freshRegistry();
  const { kernels, fallbacks } = registry.kernelTable('wasm');
  expect(kernels.binary).toBe(referenceKernels.binary);
  expect(fallbacks.binary).toBeUndefined();
  expect(fallbacks.gemm).toBe('js');
  expect(fallbacks.bincount).toBe('js');
  expect(fallbacks.gemmAsync).toBe('js');
  expect(typeof kernels.gemm).toBe('function');
  expect(registry.missingKernels('wasm')).toContain('reduceAxis');
  expect(registry.missingKernels('js')).toEqual([]);
});

test('a kernel no registered backend has is an error naming it', () => {
  let registry!: typeof Registry;
  jest.isolateModules(() => {
    registry = require('../../lib/trueno/backend/registry');
  });
  registry.registerBackend('wasm', { fill: referenceKernels.fill }, {
    isa: () => 'scalar', detectedIsa: () => 'scalar', setIsa() {}, threads: () => 1, setThreads() {}, version: 'partial',
  });
  expect(() => registry.kernelTable('wasm')).toThrow(/no registered backend of wasm has the kernel 'binary'/);
  expect(() => registry.kernelTable('js')).toThrow(/backend 'js' is not registered/);
});

test('the active backend reports no fallbacks when it has every kernel', () => {
  const { backendInfo } = require('../../lib/trueno') as typeof import('../../lib/trueno');
  expect(backendInfo().fallbacks).toEqual({});
});
