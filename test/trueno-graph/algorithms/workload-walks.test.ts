/**
 * WORKLOADS.md's graph (100k nodes, 1M candidate edges, directed) against igraph run by the baseline Python in this
 * test (workload_walks_igraph.py): triangles and clustering of its simple undirected view, and betweenness from 16
 * sources (igraph's subset betweenness), both native and parallel here.
 */
import { join } from 'node:path';
import { checksum, graphWorkload } from '../../../bench/_workloads';
import { buildCsr } from '../../../lib/trueno-graph/csr';
import * as g from '../../../lib/trueno-graph/algorithms';
import { kernels } from '../../../lib/trueno/backend/loader';
import { interopIt, python } from '../../helpers/baseline-python';

interface IgraphAnswers {
  checksums: [string, string];
  triangles: number;
  local: number[];
  transitivity: number;
  average: number;
  sources: number[];
  betweenness: number[];
}

const script = join(__dirname, 'workload_walks_igraph.py');

interopIt('the WORKLOADS graph: triangles, clustering and betweenness from 16 sources as igraph', async () => {
  const expected = python(`import runpy, sys; sys.argv = ['workload_walks_igraph.py']; runpy.run_path(${JSON.stringify(script)})`) as IgraphAnswers;
  const { n, src, dst } = graphWorkload();
  expect([checksum(src), checksum(dst)]).toEqual(expected.checksums);
  const csr = buildCsr(n, src, dst, null, true);
  const t = await g.trianglesAsync(csr);
  expect(t.total).toBe(expected.triangles);
  const cl = g.clustering(csr);
  let worst = 0;
  for (let v = 0; v < n; v++) worst = Math.max(worst, Math.abs(cl.local[v] - expected.local[v]));
  expect(worst).toBeLessThan(1e-12);
  expect(cl.transitivity).toBeCloseTo(expected.transitivity, 12);
  expect(cl.average).toBeCloseTo(expected.average, 12);
  const bc = new Float64Array(n);
  await kernels().graphBetweennessAsync(n, csr.outOffsets, csr.outTargets, new Float64Array(0), Int32Array.from(expected.sources), bc);
  let largest = 0;
  worst = 0;
  for (let v = 0; v < n; v++) {
    largest = Math.max(largest, expected.betweenness[v]);
    worst = Math.max(worst, Math.abs(bc[v] - expected.betweenness[v]));
  }
  expect(largest).toBeGreaterThan(1000);
  expect(worst).toBeLessThan(1e-9 * largest);
}, 180_000);
