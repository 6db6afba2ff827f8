/**
 * Triangles and clustering coefficients on the simple undirected view of the graph (direction, self-loops and
 * repeated edges ignored: networkx's triangles / clustering / transitivity on nx.Graph(G.to_undirected())).
 */
import type { Csr } from '../csr';
import { simpleNeighbours } from './undirected';
import { expectCsr } from './validate';

/** Triangles through each node, and in all. */
export interface Triangles {
  perNode: Int32Array;
  total: number;
}

/**
 * Triangle counts (sorted-adjacency intersection over node pairs u < v < w, O(m^1.5)).
 * @param csr - the graph
 * @returns triangles per node and the number of triangles
 * @throws TypeError for a bad CSR
 * @example triangles(csr).total;
 */
export function triangles(csr: Csr): Triangles {
  const { offsets, neighbours } = simpleNeighbours(expectCsr(csr));
  const n = offsets.length - 1;
  const perNode = new Int32Array(n);
  let total = 0;
  for (let u = 0; u < n; u++) {
    for (let e = offsets[u]; e < offsets[u + 1]; e++) {
      const v = neighbours[e];
      if (v <= u) continue;
      // common neighbours w > v of u and v
      let i = offsets[u], j = offsets[v];
      const iEnd = offsets[u + 1], jEnd = offsets[v + 1];
      while (i < iEnd && neighbours[i] <= v) i++;
      while (j < jEnd && neighbours[j] <= v) j++;
      while (i < iEnd && j < jEnd) {
        const a = neighbours[i], b = neighbours[j];
        if (a < b) i++;
        else if (b < a) j++;
        else {
          perNode[u]++;
          perNode[v]++;
          perNode[a]++;
          total++;
          i++;
          j++;
        }
      }
    }
  }
  return { perNode, total };
}

/** Clustering coefficients. */
export interface Clustering {
  /** 2 T(v) / (d(v) (d(v) - 1)), 0 when d(v) < 2. */
  local: Float64Array;
  /** Mean of local over all nodes (networkx's average_clustering; NaN for an empty graph). */
  average: number;
  /** 3 triangles / connected triples (networkx's transitivity; 0 without triples). */
  transitivity: number;
}

/**
 * Local, average and global clustering coefficients.
 * @param csr - the graph
 * @returns local coefficients, their mean and the transitivity
 * @throws TypeError for a bad CSR
 * @example clustering(csr).average;
 */
export function clustering(csr: Csr): Clustering {
  const c = expectCsr(csr);
  const { perNode, total } = triangles(c);
  const { offsets } = simpleNeighbours(c);
  const n = c.numNodes;
  const local = new Float64Array(n);
  let triples = 0, sum = 0;
  for (let v = 0; v < n; v++) {
    const d = offsets[v + 1] - offsets[v];
    triples += (d * (d - 1)) / 2;
    local[v] = d < 2 ? 0 : (2 * perNode[v]) / (d * (d - 1));
    sum += local[v];
  }
  return { local, average: n === 0 ? NaN : sum / n, transitivity: triples === 0 ? 0 : (3 * total) / triples };
}
