/**
 * The executor's hot loops, one function per columnar kernel (trueno.h, "columnar"): the executor calls the kernels
 * only through this file. Each runs on the backend the loader chose (the native addon, WASM, or the plain-JS
 * reference), so the executor is the same code in a query worker, in the calling thread and in a browser; a kernel's
 * status errors reach the caller as they are (aggregate.ts turns an integer sum's overflow into an ExecError).
 *
 * Shared rules: comparisons treat -0 as +0 and every NaN as one value greater than all numbers (DuckDB); an absent
 * optional array is passed with length 0.
 */
import { kernels } from '../../trueno/backend/loader';
import type { ColumnValues } from '../../trueno/backend/kernels';

/** A numeric value array a kernel reads. */
export type KernelValues = ColumnValues;

/**
 * Compares `x[i] op value` for every row into `mask` (or ANDs into it).
 * @param n - rows
 * @param x - the values
 * @param op - 0 `=`, 1 `<>`, 2 `<`, 3 `<=`, 4 `>`, 5 `>=`
 * @param value - the constant compared with (NaN: the NaN value, greater than all numbers)
 * @param valid - validity (length 0: all valid); a NULL row gives 0
 * @param and - 0: mask = result, 1: mask &= result
 * @param mask - the output, n bytes of 0/1
 */
export function filterCompare(n: number, x: KernelValues, op: number, value: number, valid: Uint8Array, and: number,
  mask: Uint8Array): void {
  kernels().filterCompare(n, x, op, value, valid, and, mask);
}

/**
 * Aggregates `x` into groups: counts the rows that pass mask, the fused predicate and validity (ADDED to `count`),
 * and writes `acc` with op 0 sum, 1 min, 2 max, 3 m2 (sum of (x - mean[g])^2).
 * @param n - rows
 * @param groups - group of each row plus `base` (length 0: every row in group 0)
 * @param base - subtracted from `groups[i]`
 * @param nGroups - groups
 * @param x - values (length 0: count rows only)
 * @param valid - validity of x (length 0: all valid)
 * @param mask - rows to use (length 0: all)
 * @param pred - fused filter values (length 0: none); a row counts only where `pred[i] predOp predValue`
 * @param predOp - as filterCompare's op
 * @param predValue - as filterCompare's value
 * @param op - 0 sum, 1 min, 2 max, 3 m2
 * @param mean - per-group mean for m2
 * @param count - per-group counts, added to
 * @param acc - per-group results (Float64Array, or BigInt64Array for the exact sum of integer x)
 */
export function groupAggregate(n: number, groups: Int32Array, base: number, nGroups: number, x: KernelValues,
  valid: Uint8Array, mask: Uint8Array, pred: KernelValues, predOp: number, predValue: number, op: number,
  mean: Float64Array, count: Float64Array, acc: Float64Array | BigInt64Array): void {
  kernels().groupAggregate(n, groups, base, nGroups, x, valid, mask, pred, predOp, predValue, op, mean, count, acc);
}

/**
 * Groups rows by m float64 keys (column-major); ids in order of first occurrence.
 * @returns the group count
 */
export function hashGroup(n: number, m: number, keys: Float64Array, groups: Int32Array, firstRow: Int32Array): number {
  return kernels().hashGroup(n, m, keys, groups, firstRow);
}

/**
 * Equi-join pairs (build, probe) ordered by probe row then build row; the first `capacity` are written.
 * @returns the total pair count
 */
export function hashJoin(nb: number, m: number, buildKeys: Float64Array, buildValid: Uint8Array, np: number,
  probeKeys: Float64Array, probeValid: Uint8Array, capacity: number, outBuild: Int32Array, outProbe: Int32Array): number {
  return kernels().hashJoin(nb, m, buildKeys, buildValid, np, probeKeys, probeValid, capacity, outBuild, outProbe);
}

/**
 * The first k rows of the order by x (ties by row ascending), NULLs first or last.
 * @returns rows written, min(k, n)
 */
export function topK(n: number, x: Float64Array, valid: Uint8Array, k: number, descending: number, nullsFirst: number,
  out: Int32Array): number {
  return kernels().topK(n, x, valid, k, descending, nullsFirst, out);
}

/** Stable argsort of n rows by m float64 keys (column-major), key j descending where descending[j] is 1. */
export function sortIndices(n: number, m: number, keys: Float64Array, descending: Uint8Array, out: Int32Array): void {
  kernels().sortIndices(n, m, keys, descending, out);
}

/** -1, 0, 1 ordering of two doubles, NaN greater than every number and equal to NaN. */
export function compareNum(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = a !== a;
  return an === (b !== b) ? 0 : an ? 1 : -1;
}
