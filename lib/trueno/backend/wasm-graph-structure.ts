/**
 * The WASM forms of the graph structure kernels (trueno.h "graph": Louvain, minimum spanning tree, topological
 * sort): the arguments are checked as the addon checks them (checkGraphStructure), copied into the module's memory,
 * and an optional array left empty is passed as NULL.
 */
import type { SyncKernels } from './kernels';
import { checkGraphStructure } from './reference-graph-structure';
import type { WasmCore } from './register-wasm';

type WasmFn = (...args: number[]) => number;
type StructureKernels = Pick<SyncKernels, 'graphLouvain' | 'graphMst' | 'graphToposort'>;

/** NULL for an empty (absent) optional array, else its address. */
const opt = (a: ArrayLike<number>, ptr: number) => (a.length ? ptr : 0);

/** The WASM forms of the structure kernels over module `w` (fns: its exports by kernel name). */
export function graphStructureWasmKernels(w: WasmCore, fns: Record<string, WasmFn>): StructureKernels {
  const { graphLouvain, graphMst, graphToposort } = fns;
  const int64 = (extra: number) => Number(w.view().getBigInt64(extra, true));
  return {
    graphLouvain: (n, offsets, neighbours, weights, resolution, seed, maxLevels, trials, labels) => {
      checkGraphStructure.graphLouvain(n, offsets, neighbours, weights, resolution, seed, maxLevels, trials, labels);
      return w.call([[offsets, 'in'], [neighbours, 'in'], [weights, 'in'], [labels, 'out']], 8, ([po, pn, pw, pl], extra) => {
        // seed travels as an i32: the C reads its bits as the uint32 it was
        w.check(graphLouvain(n, po, pn, opt(weights, pw), resolution, seed | 0, maxLevels, trials, pl, extra), 'graphLouvain');
        return w.view().getFloat64(extra, true);
      });
    },
    graphMst: (n, from, to, weights, edgeIds) => {
      checkGraphStructure.graphMst(n, from, to, weights, edgeIds);
      return w.call([[from, 'in'], [to, 'in'], [weights, 'in'], [edgeIds, 'out']], 8, ([pf, pt, pw, pe], extra) => {
        w.check(graphMst(n, from.length, pf, pt, opt(weights, pw), pe, extra), 'graphMst');
        return int64(extra);
      });
    },
    graphToposort: (n, outOff, outAdj, inOff, inAdj, order) => {
      checkGraphStructure.graphToposort(n, outOff, outAdj, inOff, inAdj, order);
      return w.call([[outOff, 'in'], [outAdj, 'in'], [inOff, 'in'], [inAdj, 'in'], [order, 'out']], 8, ([po, pa, pi, ps, pord], extra) => {
        w.check(graphToposort(n, po, pa, pi, ps, pord, extra), 'graphToposort');
        return int64(extra);
      });
    },
  };
}
