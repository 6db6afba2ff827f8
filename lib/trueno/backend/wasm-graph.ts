/**
 * The graph kernels of the WASM backend (trueno.h "graph"): the arguments are checked as the addon checks them
 * (checkGraph), copied into the module's memory, and an optional array left empty is passed as NULL.
 */
import type { SyncKernels } from './kernels';
import { checkGraph } from './reference-graph';
import type { WasmCore } from './register-wasm';

type WasmFn = (...args: number[]) => number;
type GraphKernels = Pick<SyncKernels, 'graphCsr' | 'graphBfs' | 'graphDijkstra' | 'graphPagerank' | 'graphWcc' | 'graphScc'>;

/** NULL for an empty (absent) optional array, else its address. */
const opt = (a: ArrayLike<number>, ptr: number) => (a.length ? ptr : 0);

/** The WASM forms of the graph kernels over module `w` (fns: its exports by kernel name). */
export function graphWasmKernels(w: WasmCore, fns: Record<string, WasmFn>): GraphKernels {
  const { graphCsr, graphBfs, graphDijkstra, graphPagerank, graphWcc, graphScc } = fns;
  const int64 = (extra: number) => Number(w.view().getBigInt64(extra, true));
  const components = (fn: WasmFn, name: 'graphWcc' | 'graphScc') =>
    (n: number, off: Int32Array, adj: Int32Array, labels: Int32Array, sizes: Int32Array): number => {
      checkGraph[name](n, off, adj, labels, sizes);
      return w.call([[off, 'in'], [adj, 'in'], [labels, 'out'], [sizes, 'out']], 8, ([po, pa, pl, ps], extra) => {
        w.check(fn(n, po, pa, pl, ps, extra), name);
        return int64(extra);
      });
    };
  return {
    graphCsr: (n, from, to, weights, symmetric, offsets, neighbours, edgeIds, weightsOut) => {
      checkGraph.graphCsr(n, from, to, weights, symmetric, offsets, neighbours, edgeIds, weightsOut);
      w.call([[from, 'in'], [to, 'in'], [weights, 'in'], [offsets, 'out'], [neighbours, 'out'], [edgeIds, 'out'], [weightsOut, 'out']], 0,
        ([pf, pt, pw, po, pn, pe, pwo]) => w.check(graphCsr(n, from.length, pf, pt, opt(weights, pw), symmetric ? 1 : 0, po, pn, pe,
          opt(weights, pwo)), 'graphCsr'));
    },
    graphBfs: (n, off1, adj1, off2, adj2, sources, maxDepth, distances, parents, order) => {
      checkGraph.graphBfs(n, off1, adj1, off2, adj2, sources, maxDepth, distances, parents, order);
      return w.call([[off1, 'in'], [adj1, 'in'], [off2, 'in'], [adj2, 'in'], [sources, 'in'], [distances, 'out'], [parents, 'out'],
        [order, 'out']], 8, ([po1, pa1, po2, pa2, ps, pd, pp, pord], extra) => {
        w.check(graphBfs(n, po1, pa1, opt(off2, po2), opt(adj2, pa2), sources.length, ps, maxDepth, pd, pp, pord, extra), 'graphBfs');
        return int64(extra);
      });
    },
    graphDijkstra: (n, off1, adj1, w1, off2, adj2, w2, source, target, distances, parents) => {
      checkGraph.graphDijkstra(n, off1, adj1, w1, off2, adj2, w2, source, target, distances, parents);
      w.call([[off1, 'in'], [adj1, 'in'], [w1, 'in'], [off2, 'in'], [adj2, 'in'], [w2, 'in'], [distances, 'out'], [parents, 'out']], 0,
        ([po1, pa1, pw1, po2, pa2, pw2, pd, pp]) => w.check(graphDijkstra(n, po1, pa1, pw1, opt(off2, po2), opt(adj2, pa2),
          opt(off2, pw2), source, target, pd, pp), 'graphDijkstra'));
    },
    graphPagerank: (n, off, src, weights, damping, personalization, tol, maxIter, rank) => {
      checkGraph.graphPagerank(n, off, src, weights, damping, personalization, tol, maxIter, rank);
      return w.call([[off, 'in'], [src, 'in'], [weights, 'in'], [personalization, 'in'], [rank, 'out']], 8, ([po, ps, pw, pp, pr], extra) => {
        w.check(graphPagerank(n, po, ps, opt(weights, pw), damping, opt(personalization, pp), tol, maxIter, pr, extra), 'graphPagerank');
        return int64(extra);
      });
    },
    graphWcc: components(graphWcc, 'graphWcc'),
    graphScc: components(graphScc, 'graphScc'),
  };
}
