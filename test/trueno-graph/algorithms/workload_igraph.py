"""igraph's answers on WORKLOADS.md's graph (100k nodes, 1M candidate edges, directed) for workload.test.ts: the
edge-list checksums (so both sides hold the same graph), strong and weak component sizes, BFS distances from node 0
and PageRank (PRPACK, an exact solve, damping 0.85)."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "bench", "_python"))
import igraph as ig  # noqa: E402
import workloads as w  # noqa: E402
from graph import graph_workload  # noqa: E402

n, src, dst = graph_workload(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
g = ig.Graph(n=n, edges=list(zip(src.tolist(), dst.tolist())), directed=True)
dist = g.distances(source=0, mode="out")[0]
print(json.dumps({
    "checksums": [w.checksum(src), w.checksum(dst)],
    "scc": sorted(g.connected_components(mode="strong").sizes()),
    "wcc": sorted(g.connected_components(mode="weak").sizes()),
    "bfs": [d if d != float("inf") else -1 for d in dist],
    "pagerank": g.pagerank(damping=0.85, directed=True),
}))
