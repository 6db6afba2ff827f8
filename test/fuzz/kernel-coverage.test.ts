/**
 * The raw-kernel fuzz (kernel-abuse.test.ts) covers every kernel of the op list (trueno_ops.def, through
 * ops.generated.ts KERNELS), so that a new kernel cannot be added without its fuzz entry. Until this check, nothing
 * compared the two lists: the sweep only checked that the kernels it had entries for were not fallbacks on a backend,
 * so the graph kernels added after it (DFS, betweenness, triangles, Louvain, MST, topological sort), the packed forest
 * pair and csvFormat went unfuzzed without anything failing.
 */
import { KERNELS } from '../../lib/trueno/backend/ops.generated';
import { KERNEL_CASES } from './kernel-cases';

/**
 * Kernels that predate the raw-kernel fuzz and have no entry yet (the elementwise, linear-algebra, neighbours, model
 * and columnar kernels): reached only through their ops (test/fuzz/tensor-abuse.test.ts for the Tensor ones, each
 * module's bad-input tests for the rest), whose checks stand in front of them. The list may only shrink: a kernel
 * given an entry must leave it, and a kernel added to the op list must come with an entry, never join it.
 */
const AWAITING_AN_ENTRY = [
  'binary', 'binaryScalar', 'binaryRows', 'axpy', 'fill', 'copy', 'cast', 'unary', 'clip', 'reduce', 'reduceAxis', 'dot',
  'gemm', 'matvec', 'transpose', 'outer', 'softmaxRows', 'pdist2', 'bincount', 'knnBrute', 'radiusCount', 'radiusFill',
  'kdtreeBuild', 'kdtreeKnn', 'kdtreeRadiusCount', 'kdtreeRadiusFill', 'classMoments', 'gaussianNbJll', 'kmeansLloyd',
  'kmeansElkan', 'kmeansPpStep', 'linkage', 'enetCd', 'logisticGrad', 'logisticHessp', 'sagaEpoch', 'sgdEpoch', 'svmDualCd',
  'gram', 'cholesky', 'choleskySolve', 'qr', 'eigh', 'svd', 'treeGrow', 'histBin', 'hgbGrow',
  'histThresholds', 'filterCompare', 'groupAggregate', 'hashGroup', 'hashJoin', 'topK', 'sortIndices',
];

describe('the raw-kernel fuzz covers the op list', () => {
  const kernels: string[] = KERNELS.map((k) => k.name);
  const entries: string[] = KERNEL_CASES.map((c) => c.kernel);

  it('has an entry for every kernel added since the fuzz began', () => {
    expect(kernels.filter((k) => !entries.includes(k) && !AWAITING_AN_ENTRY.includes(k))).toEqual([]);
  });

  it('lists as awaiting only kernels of the op list that have no entry', () => {
    expect(AWAITING_AN_ENTRY.filter((k) => !kernels.includes(k) || entries.includes(k))).toEqual([]);
  });

  it('has one entry per kernel, each a kernel of the op list', () => {
    expect(entries.filter((k, i) => !kernels.includes(k) || entries.indexOf(k) !== i)).toEqual([]);
  });
});
