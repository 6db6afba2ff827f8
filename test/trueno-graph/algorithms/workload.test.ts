/**
 * WORKLOADS.md's graph (100k nodes, 1M candidate edges, directed) against igraph run by the baseline Python in this
 * test (workload_igraph.py): the same edge list (checksums), identical strong/weak component sizes and BFS distances,
 * and PageRank within 1e-9 of igraph's exact (PRPACK) solution (ours stops at an L1 change < 1e-12).
 */
import { join } from 'node:path';
import { checksum, graphWorkload } from '../../../bench/_workloads';
import { buildCsr } from '../../../lib/trueno-graph/csr';
import * as g from '../../../lib/trueno-graph/algorithms';
import { interopIt, python } from '../../helpers/baseline-python';

interface IgraphAnswers {
  checksums: [string, string];
  scc: number[];
  wcc: number[];
  bfs: number[];
  pagerank: number[];
}

const script = join(__dirname, 'workload_igraph.py');

interopIt('the WORKLOADS graph: components, BFS and PageRank as igraph', () => {
  const expected = python(`import runpy, sys; sys.argv = ['workload_igraph.py']; runpy.run_path(${JSON.stringify(script)})`) as IgraphAnswers;
  const { n, src, dst } = graphWorkload();
  expect([checksum(src), checksum(dst)]).toEqual(expected.checksums);
  const csr = buildCsr(n, src, dst, null, true);
  const sorted = (sizes: Int32Array) => Array.from(sizes).sort((a, b) => a - b);
  expect(sorted(g.stronglyConnectedComponents(csr).sizes)).toEqual(expected.scc);
  expect(sorted(g.connectedComponents(csr).sizes)).toEqual(expected.wcc);
  const { distances } = g.bfs(csr, 0);
  let firstDiff = -1;
  for (let v = 0; v < n && firstDiff < 0; v++) if (distances[v] !== expected.bfs[v]) firstDiff = v;
  expect(firstDiff).toBe(-1);
  const rank = g.pagerank(csr, { tol: 1e-12, maxIter: 1000 });
  let worst = 0;
  for (let v = 0; v < n; v++) worst = Math.max(worst, Math.abs(rank[v] - expected.pagerank[v]));
  expect(worst).toBeLessThan(1e-9);
}, 180_000);
