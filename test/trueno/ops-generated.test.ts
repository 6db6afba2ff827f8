/** The one op list: lib/trueno/backend/ops.generated.ts is what scripts/gen-ops.js makes of trueno_ops.def today. */
import * as fs from 'node:fs';
import { KERNEL_NAMES } from '../../lib/trueno/backend/kernels';

import {
  CMP_COUNT, CmpCode, ISA_NAMES, SGD_NSCALARS, SgdLossCode, SgdScheduleCode, STATUS_ERROR_CODES, StatusCode, TreeFlagCode,
} from '../../lib/trueno/backend/ops.generated';

const { generate, kernelExports, parseDef, OUT } = require('../../scripts/gen-ops') as {
  generate(): string;
  kernelExports(): string[];
  parseDef(text: string): {
    codeGroups: { group: string; codes: [string, number][]; count: { name: string; value: number } | null }[];
  };
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

test('setting codes keep the values model files and the C core use', () => {
  expect(CmpCode).toEqual({ EQ: 0, NE: 1, LT: 2, LE: 3, GT: 4, GE: 5 });
  expect(CMP_COUNT).toBe(6);
  expect(SgdLossCode.HUBER).toBe(5);
  expect(SgdScheduleCode).toEqual({ CONSTANT: 1, OPTIMAL: 2, INVSCALING: 3 });
  expect(SGD_NSCALARS).toBe(6);
  expect(TreeFlagCode).toEqual({ MISSING_LEFT: 1, CATEGORICAL: 2 });
  expect(StatusCode).toEqual({ OK: 0, EINVAL: 1, ENOMEM: 2, EUNSUPPORTED: 3 });
  expect(STATUS_ERROR_CODES[StatusCode.EUNSUPPORTED]).toBe('ERR_TRUENO_UNSUPPORTED');
  expect(ISA_NAMES).toEqual(['scalar', 'simd128', 'neon', 'avx2', 'avx512']);
});

test('status and ISA lines must run 0, 1, .. (TS indexes them by value)', () => {
  expect(() => parseDef('TRUENO_ISA(SCALAR, scalar, 1)')).toThrow(/TRUENO_ISA values must be 0, 1/);
  expect(() => parseDef('TRUENO_STATUS(OK, 0, ERR_OK, "ok")\nTRUENO_STATUS(BAD, 2, ERR_BAD, "bad")')).toThrow(/TRUENO_STATUS/);
});

describe('TRUENO_CODE lines that C would read differently are rejected', () => {
  const code = (group: string, name: string, value: string) => `TRUENO_CODE(${group}, G, ${name}, ${value})`;
  test('a well-formed group with its count, a trailing comment allowed', () => {
    const lines = [code('A', 'X', '0') + ' /* why */', code('A', 'Y', '1'), 'TRUENO_CODE_COUNT(A, G_COUNT)'];
    const groups = parseDef(lines.join('\n')).codeGroups;
    expect(groups).toEqual([{ group: 'A', prefix: 'G', codes: [['X', 0], ['Y', 1]], count: { name: 'G_COUNT', value: 2 } }]);
  });
  test.each([
    ['a count away from its group', [code('A', 'X', '0'), code('B', 'Y', '0'), 'TRUENO_CODE_COUNT(A, A_COUNT)'], /right after/],
    ['a count over values that do not run 0, 1, ..', [code('A', 'X', '1'), 'TRUENO_CODE_COUNT(A, A_COUNT)'], /0, 1/],
    ['a repeated value', [code('A', 'X', '0'), code('A', 'Y', '0')], /repeated/],
    ['a repeated name', [code('A', 'X', '0'), code('A', 'X', '1')], /repeated/],
    ['a group split in two', [code('A', 'X', '0'), code('B', 'Y', '0'), code('A', 'Z', '1')], /together/],
    ['a value that is not an integer', [code('A', 'X', '0.5')], /integer/],
    ['a missing argument', ['TRUENO_CODE(A, G, X)'], /integer/],
  ])('%s', (_, lines, message) => {
    expect(() => parseDef(lines.join('\n'))).toThrow(message);
  });
});
