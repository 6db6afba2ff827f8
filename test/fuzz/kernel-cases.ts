/**
 * Every raw-kernel fuzz entry (kernel-abuse.test.ts), one per kernel: a new kernel is one entry in the table of its
 * family (kernel-cases-graph.ts, kernel-cases-tensor.ts, kernel-cases-csv.ts, kernel-cases-json-rows.ts,
 * kernel-cases-forest.ts) or a new family's table added here.
 */
import type { KernelCase } from './kernel-case';
import { CSV_CASES } from './kernel-cases-csv';
import { FOREST_CASES } from './kernel-cases-forest';
import { GRAPH_CASES } from './kernel-cases-graph';
import { JSON_ROWS_CASES } from './kernel-cases-json-rows';
import { TENSOR_CASES } from './kernel-cases-tensor';

export const KERNEL_CASES: readonly KernelCase[] = [...GRAPH_CASES, ...TENSOR_CASES, ...CSV_CASES, ...JSON_ROWS_CASES, ...FOREST_CASES];
