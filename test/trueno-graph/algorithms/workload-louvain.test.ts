/**
 * Louvain on WORKLOADS.md's graph (at scale 0.1: 10k nodes, 100k candidate edges, directed, made undirected; igraph
 * takes minutes on the full graph) against igraph's community_multilevel run by the baseline Python in this test
 * (workload_louvain_igraph.py): every seed of ours lands within 0.01 of the best of igraph's three seeded runs.
 */
import { join } from 'node:path';
import { checksum, graphWorkload } from '../../../bench/_workloads';
import { buildCsr } from '../../../lib/trueno-graph/csr';
import * as g from '../../../lib/trueno-graph/algorithms';
import { interopIt, python } from '../../helpers/baseline-python';

const script = join(__dirname, 'workload_louvain_igraph.py');

interopIt('the WORKLOADS graph (scale 0.1): Louvain modularity within 0.01 of igraph for every seed', () => {
  const expected = python(`import runpy, sys; sys.argv = ['x', '0.1']; runpy.run_path(${JSON.stringify(script)})`) as { checksums: [string, string]; modularity: number[] };
  const { n, src, dst } = graphWorkload(0.1);
  expect([checksum(src), checksum(dst)]).toEqual(expected.checksums);
  const csr = buildCsr(n, src, dst, null, true);
  const igraphBest = Math.max(...expected.modularity);
  for (const randomState of [0, 1]) {
    const r = g.louvain(csr, { randomState });
    expect(r.modularity).toBeGreaterThan(igraphBest - 0.01);
    expect(r.modularity).toBeCloseTo(g.modularity(csr, r.labels), 10);
  }
}, 120_000);
