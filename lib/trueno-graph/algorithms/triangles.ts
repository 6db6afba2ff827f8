/**
 * Triangles and clustering coefficients on the simple undirected view of the graph (direction, self-loops and
 * repeated edges ignored: networkx's triangles / clustering / transitivity on nx.Graph(G.to_undirected())). Native:
 * degree-ordered forward intersection, parallel over nodes, exact integer counts on every backend.
 */
import { kernels } from '../../trueno/backend/loader';
import type { Csr } from '../csr';
import { expectCsr, sidesOf } from './validate';

/** Triangles through each node, and in all. */
export interface Triangles {
  perNode: Int32Array;
  total: number;
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

type TrianglesCall = [number, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];

/** Both sides of a directed graph (its undirected view), the one side of an undirected one. */
function prepareTriangles(csr: Csr): TrianglesCall {
  const c = expectCsr(csr);
  const [off1, adj1, , off2, adj2] = sidesOf(c, 'both');
  return [c.numNodes, off1, adj1, off2, adj2, new Int32Array(c.numNodes), new Int32Array(c.numNodes)];
}

function clusteringOf(perNode: Int32Array, degrees: Int32Array, total: number): Clustering {
  const n = perNode.length;
  const local = new Float64Array(n);
  let triples = 0, sum = 0;
  for (let v = 0; v < n; v++) {
    const d = degrees[v];
    triples += (d * (d - 1)) / 2;
    local[v] = d < 2 ? 0 : (2 * perNode[v]) / (d * (d - 1));
    sum += local[v];
  }
  return { local, average: n === 0 ? NaN : sum / n, transitivity: triples === 0 ? 0 : (3 * total) / triples };
}

/**
 * Triangle counts (native, parallel; exact integers).
 * @param csr - the graph
 * @returns triangles per node and the number of triangles
 * @throws TypeError for a bad CSR
 * @example triangles(csr).total;
 */
export function triangles(csr: Csr): Triangles {
  const call = prepareTriangles(csr);
  const total = kernels().graphTriangles(...call);
  return { perNode: call[5], total };
}

/**
 * {@link triangles} off the event loop (native: the libuv pool).
 * @param csr - the graph
 * @returns a Promise of the counts
 * @throws TypeError for a bad CSR (the Promise rejects)
 * @example const { total } = await trianglesAsync(csr);
 */
export async function trianglesAsync(csr: Csr): Promise<Triangles> {
  const call = prepareTriangles(csr);
  const total = await kernels().graphTrianglesAsync(...call);
  return { perNode: call[5], total };
}

/**
 * Local, average and global clustering coefficients (from the native triangle counts).
 * @param csr - the graph
 * @returns local coefficients, their mean and the transitivity
 * @throws TypeError for a bad CSR
 * @example clustering(csr).average;
 */
export function clustering(csr: Csr): Clustering {
  const call = prepareTriangles(csr);
  const total = kernels().graphTriangles(...call);
  return clusteringOf(call[5], call[6], total);
}

/**
 * {@link clustering} off the event loop (native: the libuv pool).
 * @param csr - the graph
 * @returns a Promise of the coefficients
 * @throws TypeError for a bad CSR (the Promise rejects)
 * @example const { transitivity } = await clusteringAsync(csr);
 */
export async function clusteringAsync(csr: Csr): Promise<Clustering> {
  const call = prepareTriangles(csr);
  const total = await kernels().graphTrianglesAsync(...call);
  return clusteringOf(call[5], call[6], total);
}
