/**
 * The DFS, betweenness and triangle kernels of the WASM backend (trueno.h "graph"): the arguments are checked as the
 * addon checks them (checkGraphAnalysis), copied into the module's memory, and an optional array left empty is passed
 * as NULL.
 */
import type { SyncKernels } from './kernels';
import { checkGraphAnalysis } from './reference-graph-analysis';
import type { WasmCore } from './register-wasm';

type WasmFn = (...args: number[]) => number;

/** NULL for an empty (absent) optional array, else its address. */
const opt = (a: ArrayLike<number>, ptr: number) => (a.length ? ptr : 0);

/** The WASM forms of the DFS, betweenness and triangle kernels over module `w` (fns: its exports by kernel name). */
export function graphAnalysisWasmKernels(w: WasmCore, fns: Record<string, WasmFn>): Pick<SyncKernels, 'graphDfs' | 'graphBetweenness' | 'graphTriangles'> {
  const { graphDfs, graphBetweenness, graphTriangles } = fns;
  const int64 = (extra: number) => Number(w.view().getBigInt64(extra, true));
  return {
    graphDfs: (n, off1, adj1, off2, adj2, source, order, parents, discovery, finish) => {
      checkGraphAnalysis.graphDfs(n, off1, adj1, off2, adj2, source, order, parents, discovery, finish);
      return w.call([[off1, 'in'], [adj1, 'in'], [off2, 'in'], [adj2, 'in'], [order, 'out'], [parents, 'out'], [discovery, 'out'],
        [finish, 'out']], 8, ([po1, pa1, po2, pa2, pord, ppar, pdis, pfin], extra) => {
        w.check(graphDfs(n, po1, pa1, opt(off2, po2), opt(adj2, pa2), source, pord, ppar, pdis, pfin, extra), 'graphDfs');
        return int64(extra);
      });
    },
    graphBetweenness: (n, off, adj, weights, sources, out) => {
      checkGraphAnalysis.graphBetweenness(n, off, adj, weights, sources, out);
      w.call([[off, 'in'], [adj, 'in'], [weights, 'in'], [sources, 'in'], [out, 'out']], 0, ([po, pa, pw, ps, pout]) =>
        w.check(graphBetweenness(n, po, pa, opt(weights, pw), sources.length, ps, pout), 'graphBetweenness'));
    },
    graphTriangles: (n, off1, adj1, off2, adj2, triangles, degrees) => {
      checkGraphAnalysis.graphTriangles(n, off1, adj1, off2, adj2, triangles, degrees);
      return w.call([[off1, 'in'], [adj1, 'in'], [off2, 'in'], [adj2, 'in'], [triangles, 'out'], [degrees, 'out']], 8,
        ([po1, pa1, po2, pa2, pt, pd], extra) => {
          w.check(graphTriangles(n, po1, pa1, opt(off2, po2), opt(adj2, pa2), pt, pd, extra), 'graphTriangles');
          return int64(extra);
        });
    },
  };
}
