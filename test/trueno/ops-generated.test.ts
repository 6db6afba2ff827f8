/** The one op list: lib/trueno/backend/ops.generated.ts is what scripts/gen-ops.js makes of trueno_ops.def today. */
import * as fs from 'node:fs';
import { KERNEL_NAMES } from '../../lib/trueno/backend/kernels';

const { generate, kernelExports, OUT } = require('../../scripts/gen-ops') as {
  generate(): string;
  kernelExports(): string[];
  OUT: string;
};

test('ops.generated.ts is fresh (run node scripts/gen-ops.js after editing trueno_ops.def)', () => {
  expect(fs.readFileSync(OUT, 'utf8')).toBe(generate());
});

test('every kernel of the def is exported by the WASM build and registered under one name', () => {
  const exports = kernelExports();
  expect(exports).toContain('trueno_reduce_axis');
  expect(new Set(KERNEL_NAMES).size).toBe(KERNEL_NAMES.length);
  expect(KERNEL_NAMES).toEqual(expect.arrayContaining(['binaryScalar', 'gemmAsync', 'softmaxRowsAsync']));
});
